import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  type BufferedIncomingMessage,
  type CustomRoute,
  defaultBodyLimit,
  ErrorCode,
  HTTPModuleFunctions,
  HTTPReceiver,
  type HTTPReceiverOptions,
  type InstallationStore,
  isRawBodyError,
  isValidSlackRequest,
  type Logger,
} from '@slack/bolt';
import type { WebClientOptions } from '@slack/web-api';
import type { Metrics, RequestType } from '../ops/metrics.js';

export const EVENTS_PATH = '/slack/events';

/** Per request, shared by the HTTP layer (timing) and the global middleware (which knows the payload type). */
export interface RequestMeta {
  requestId: string;
  type: RequestType;
}

export interface OAuthReceiverOptions {
  clientId: string;
  clientSecret: string;
  stateSecret: string;
  scopes: string[];
  installationStore: InstallationStore;
}

export interface ReceiverOptions {
  signingSecret: string;
  logger: Logger;
  customRoutes: CustomRoute[];
  metrics: Metrics;
  clientOptions: WebClientOptions;
  oauth?: OAuthReceiverOptions;
}

/**
 * Bolt's HTTPReceiver, plus: request timing for /metrics, a request id handed to the middleware through
 * Bolt's custom properties, OAuth install pages at /slack/install and /slack/oauth_redirect when configured,
 * and 400 (not 500) for a signed payload whose shape Bolt cannot read.
 */
export function buildHttpReceiver(options: ReceiverOptions): HTTPReceiver {
  const metas = new WeakMap<IncomingMessage, RequestMeta>();
  const oauth: Partial<HTTPReceiverOptions> = options.oauth
    ? {
        clientId: options.oauth.clientId,
        clientSecret: options.oauth.clientSecret,
        stateSecret: options.oauth.stateSecret,
        scopes: options.oauth.scopes,
        installationStore: options.oauth.installationStore,
        // The installer's own WebClient (oauth.v2.access, auth.test) must reach the same API URL as the app's.
        installerOptions: { clientOptions: options.clientOptions, stateVerification: true },
      }
    : {};
  const receiver = new HTTPReceiver({
    signingSecret: options.signingSecret,
    endpoints: [EVENTS_PATH],
    logger: options.logger,
    customRoutes: options.customRoutes,
    ...oauth,
    customPropertiesExtractor: (request) => {
      const meta = metas.get(request);
      return meta ? { requestMeta: meta } : {};
    },
    processEventErrorHandler: async ({ error, logger, response }) => {
      if (response.headersSent) {
        logger.error('A Slack request failed after it was answered', error);
        return false;
      }
      const code = (error as { code?: unknown }).code;
      if (code === ErrorCode.AuthorizationError) {
        logger.warn('A Slack request came from a workspace without an installation', error);
        response.writeHead(401);
      } else {
        // Bolt reads a payload's team, user and type before any middleware: a signed body of a shape it
        // cannot read ends here, and is the sender's mistake, not ours.
        logger.warn('Refused a Slack payload of an unexpected shape', error);
        response.writeHead(400);
      }
      response.end();
      return true;
    },
  });
  const listener = receiver.requestListener;
  receiver.requestListener = (request, response) => {
    if (new URL(request.url ?? '/', 'http://localhost').pathname !== EVENTS_PATH || request.method !== 'POST') {
      return listener(request, response);
    }
    const meta: RequestMeta = { requestId: randomUUID(), type: 'unknown' };
    metas.set(request, meta);
    const started = process.hrtime.bigint();
    response.once('finish', () => {
      options.metrics.recordRequest(meta.type, response.statusCode, Number(process.hrtime.bigint() - started) / 1e9);
    });
    screen(request, response, options.signingSecret).then(
      (forward) => {
        if (forward) listener(request, response);
      },
      (error: unknown) => {
        options.logger.error('Could not read a Slack request', error);
        if (!response.headersSent) response.writeHead(400);
        response.end();
      },
    );
  };
  return receiver;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Bolt's listener matching assumes `actions` holds objects and `view` is one; anything else makes it throw. */
function hasReadableShape(body: Record<string, unknown>): boolean {
  const actionsReadable =
    body.actions === undefined || (Array.isArray(body.actions) && body.actions.every(isPlainObject));
  return actionsReadable && (body.view === undefined || isPlainObject(body.view));
}

/**
 * Reads the body ahead of Bolt (which then reuses it) and answers a body Bolt would crash on: a payload that
 * is JSON but not an object (`payload=null`) makes Bolt throw outside its error handling, leaving the request
 * unanswered and an unhandled rejection behind; `actions` that are not objects make its matchers throw.
 * True when Bolt should take the request.
 */
async function screen(request: IncomingMessage, response: ServerResponse, signingSecret: string): Promise<boolean> {
  try {
    await HTTPModuleFunctions.bufferIncomingMessage(request, defaultBodyLimit);
  } catch (error) {
    response.writeHead(isRawBodyError(error) && (error as { statusCode?: number }).statusCode === 413 ? 413 : 400);
    response.end();
    return false;
  }
  const buffered = request as BufferedIncomingMessage;
  let body: unknown;
  try {
    body = HTTPModuleFunctions.parseHTTPRequestBody(buffered);
  } catch {
    return true; // Bolt answers unparseable bodies itself (401 unsigned, 400 malformed).
  }
  if (isPlainObject(body) && hasReadableShape(body)) return true;
  const signed = isValidSlackRequest({
    signingSecret,
    body: buffered.rawBody.toString(),
    headers: {
      'x-slack-signature': String(request.headers['x-slack-signature'] ?? ''),
      'x-slack-request-timestamp': Number(request.headers['x-slack-request-timestamp']),
    },
  });
  response.writeHead(signed ? 400 : 401);
  response.end();
  return false;
}
