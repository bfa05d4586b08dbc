import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseForm } from 'node:querystring';
import type {
  App,
  HTTPReceiver as BoltHTTPReceiver,
  CustomRoute,
  HTTPReceiverOptions,
  InstallationStore,
  Logger,
} from '@slack/bolt';
import type { WebClientOptions } from '@slack/web-api';
import type { Metrics, RequestType } from '../ops/metrics.js';
import {
  defaultBodyLimit,
  HTTPModuleFunctions,
  HTTPReceiver,
  isRawBodyError,
  ReceiverMultipleAckError,
} from './bolt.js';

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
 * Bolt's HTTPReceiver for the install pages (/slack/install, /slack/oauth_redirect when OAuth is configured) and
 * the custom routes (/healthz, /metrics); Slack's requests to /slack/events are read here instead, in one pass:
 * the body is buffered, its signature checked and parsed once (HTTPReceiver decodes a form body twice, and the app
 * used to screen it a third time), a body of a shape Bolt would crash on gets a 400, and the request gets its id
 * and timing for /metrics. A request no listener answered is answered with an empty 200 when Bolt is done with it,
 * instead of Bolt's 404 after 3 seconds. See docs/adr/0008-read-slack-requests-in-one-pass.md.
 */
export function buildHttpReceiver(options: ReceiverOptions): BoltHTTPReceiver {
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
  });
  let app: App | undefined;
  const init = receiver.init.bind(receiver);
  receiver.init = (bolt) => {
    app = bolt;
    init(bolt);
  };
  const otherRoutes = receiver.requestListener;
  receiver.requestListener = (request, response) => {
    if (request.method !== 'POST' || pathOf(request.url) !== EVENTS_PATH) return otherRoutes(request, response);
    if (!app) throw new Error('The HTTP receiver got a request before Bolt initialised it');
    const meta: RequestMeta = { requestId: randomUUID(), type: 'unknown' };
    const started = process.hrtime.bigint();
    response.once('finish', () => {
      options.metrics.recordRequest(meta.type, response.statusCode, Number(process.hrtime.bigint() - started) / 1e9);
    });
    handleSlackRequest(app, request, response, meta, options).catch((error: unknown) => {
      options.logger.error('Could not read a Slack request', error);
      if (!response.headersSent) response.writeHead(400);
      response.end();
    });
  };
  return receiver;
}

function pathOf(url: string | undefined): string {
  if (url === undefined) return '/';
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

/** Slack's v0 signature: HMAC-SHA256 of `v0:<timestamp>:<body>`, at most five minutes old. */
export function isSignedBySlack(
  signingSecret: string,
  headers: IncomingHttpHeaders,
  rawBody: Buffer,
  nowMs: number,
): boolean {
  const signature = headers['x-slack-signature'];
  const timestamp = headers['x-slack-request-timestamp'];
  if (typeof signature !== 'string' || typeof timestamp !== 'string' || !/^\d{1,12}$/.test(timestamp)) return false;
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > 5 * 60) return false;
  const expected = Buffer.from(
    `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:`).update(rawBody).digest('hex')}`,
  );
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * A URL-encoded body's fields. Interactive payloads are one field, `payload=<JSON>`, up to tens of kilobytes for a
 * modal: it is percent-decoded byte by byte and read as UTF-8 in one pass, about three times faster than
 * decodeURIComponent and five times faster than querystring's general parser, which stays the way for everything
 * else (commands, and any value that is not valid percent-encoding of UTF-8, which it decodes as best it can).
 */
export function readForm(text: string): Record<string, string | string[] | undefined> {
  if (text.startsWith('payload=') && !text.includes('&')) {
    const payload = decodeFormValue(text, 'payload='.length);
    if (payload !== null) return { payload };
  }
  return parseForm(text);
}

const PAYLOAD_FIELD = Buffer.from('payload=');

/** readForm of a body as received: a lone `payload=` field is decoded from its bytes, without a string between. */
export function readFormBody(raw: Buffer): Record<string, string | string[] | undefined> {
  if (raw.length >= PAYLOAD_FIELD.length && raw.subarray(0, PAYLOAD_FIELD.length).equals(PAYLOAD_FIELD)) {
    if (raw.indexOf(0x26) === -1) {
      const payload = decodeFormBytes(raw, PAYLOAD_FIELD.length);
      if (payload !== null) return { payload };
    }
  }
  return readForm(raw.toString('utf8'));
}

const HEX_DIGIT = new Int8Array(128).fill(-1);
for (let digit = 0; digit < 16; digit++) HEX_DIGIT['0123456789abcdef'.charCodeAt(digit)] = digit;
for (let digit = 10; digit < 16; digit++) HEX_DIGIT['ABCDEF'.charCodeAt(digit - 10)] = digit;
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * What decodeURIComponent gives for a form value (`+` read as a space first), or null where it would throw: a `%`
 * without two hex digits, bytes that are not UTF-8. Also null for a character outside ASCII, which a form body
 * never holds; decodeURIComponent then decides.
 */
function decodeFormValue(text: string, from: number): string | null {
  const bytes = Buffer.allocUnsafe(text.length - from);
  let length = 0;
  for (let at = from; at < text.length; at++) {
    const code = text.charCodeAt(at);
    if (code === 0x25) {
      const high = HEX_DIGIT[text.charCodeAt(at + 1)] ?? -1;
      const low = HEX_DIGIT[text.charCodeAt(at + 2)] ?? -1;
      if (high < 0 || low < 0) return null;
      bytes[length++] = (high << 4) | low;
      at += 2;
    } else if (code < 0x80) {
      bytes[length++] = code === 0x2b ? 0x20 : code;
    } else {
      return decodeUriComponentOrNull(text.slice(from));
    }
  }
  try {
    return STRICT_UTF8.decode(bytes.subarray(0, length));
  } catch {
    return null;
  }
}

/** decodeFormValue over bytes; null also for a byte outside ASCII (readForm of the text then decides). */
function decodeFormBytes(raw: Buffer, from: number): string | null {
  const bytes = Buffer.allocUnsafe(raw.length - from);
  let length = 0;
  for (let at = from; at < raw.length; at++) {
    const byte = raw[at] as number;
    if (byte === 0x25) {
      const high = HEX_DIGIT[raw[at + 1] ?? 0x80] ?? -1;
      const low = HEX_DIGIT[raw[at + 2] ?? 0x80] ?? -1;
      if (high < 0 || low < 0) return null;
      bytes[length++] = (high << 4) | low;
      at += 2;
    } else if (byte < 0x80) {
      bytes[length++] = byte === 0x2b ? 0x20 : byte;
    } else {
      return null;
    }
  }
  try {
    return STRICT_UTF8.decode(bytes.subarray(0, length));
  } catch {
    return null;
  }
}

function decodeUriComponentOrNull(value: string): string | null {
  try {
    return decodeURIComponent(value.replaceAll('+', ' '));
  } catch {
    return null;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Bolt reads a payload's type, team and user before any middleware, and its matchers assume `actions` holds
 * objects and `view` is one: a body that breaks this (`payload=null`, `actions: [1]`) makes it throw outside its
 * error handling, leaving the request unanswered.
 */
function hasReadableShape(body: Record<string, unknown>): boolean {
  const actionsReadable =
    body.actions === undefined || (Array.isArray(body.actions) && body.actions.every(isPlainObject));
  return actionsReadable && (body.view === undefined || isPlainObject(body.view));
}

type Parsed = { ok: true; body: Record<string, unknown> } | { ok: false; status: 400 | 401 };

/** Checks and parses a buffered request: 401 when Slack did not sign it, 400 when it is not a payload Bolt can read. */
function parseSlackRequest(request: IncomingMessage, rawBody: Buffer, signingSecret: string): Parsed {
  const form = request.headers['content-type'] === 'application/x-www-form-urlencoded';
  const fields = form ? readFormBody(rawBody) : undefined;
  // Slack's SSL check is not signed; answer it before the signature check without reading anything else.
  if (fields?.ssl_check === '1') return { ok: true, body: { ssl_check: '1' } };
  if (!isSignedBySlack(signingSecret, request.headers, rawBody, Date.now())) return { ok: false, status: 401 };
  let body: unknown;
  try {
    body = fields
      ? typeof fields.payload === 'string'
        ? JSON.parse(fields.payload)
        : fields
      : JSON.parse(rawBody.toString('utf8'));
  } catch {
    return { ok: false, status: 400 };
  }
  return isPlainObject(body) && hasReadableShape(body) ? { ok: true, body } : { ok: false, status: 400 };
}

/** Answers given to many requests, each with its JSON once made (null until the first time it is sent). */
const sharedAnswers = new WeakMap<object, string | null>();

/**
 * Marks an answer that will be sent again and again unchanged (AnswerCache's, deeply frozen): the receiver then
 * serializes it once.
 */
export function markSharedAnswer(answer: object): void {
  if (!sharedAnswers.has(answer)) sharedAnswers.set(answer, null);
}

function sharedAnswerJson(answer: object): string | undefined {
  const json = sharedAnswers.get(answer);
  if (json === undefined) return undefined;
  if (json !== null) return json;
  const made = JSON.stringify(answer);
  sharedAnswers.set(answer, made);
  return made;
}

async function handleSlackRequest(
  app: App,
  request: IncomingMessage,
  response: ServerResponse,
  meta: RequestMeta,
  options: ReceiverOptions,
): Promise<void> {
  let rawBody: Buffer;
  try {
    rawBody = (await HTTPModuleFunctions.bufferIncomingMessage(request, defaultBodyLimit)).rawBody;
  } catch (error) {
    const tooLarge = isRawBodyError(error) && error.statusCode === 413;
    HTTPModuleFunctions.buildNoBodyResponse(response, tooLarge ? 413 : 400);
    return;
  }
  const parsed = parseSlackRequest(request, rawBody, options.signingSecret);
  if (!parsed.ok) {
    if (parsed.status === 401) options.logger.warn('Refused a request without a valid Slack signature');
    else options.logger.warn('Refused a signed Slack payload of an unexpected shape');
    HTTPModuleFunctions.buildNoBodyResponse(response, parsed.status);
    return;
  }
  const { body } = parsed;
  if (body.ssl_check === '1') return HTTPModuleFunctions.buildSSLCheckResponse(response);
  if (body.type === 'url_verification') return HTTPModuleFunctions.buildUrlVerificationResponse(response, body);

  let answered = false;
  const ack = async (answer?: unknown) => {
    if (answered) throw new ReceiverMultipleAckError();
    answered = true;
    const json = typeof answer === 'object' && answer !== null ? sharedAnswerJson(answer) : undefined;
    if (json === undefined) return HTTPModuleFunctions.buildContentResponse(response, answer);
    // What buildContentResponse writes for an object, with the JSON made once.
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(json);
  };
  try {
    await app.processEvent({
      body,
      ack,
      retryNum: HTTPModuleFunctions.extractRetryNumFromHTTPRequest(request),
      retryReason: HTTPModuleFunctions.extractRetryReasonFromHTTPRequest(request),
      customProperties: { requestMeta: meta },
    });
  } catch (error) {
    if (answered) {
      options.logger.error('A Slack request failed after it was answered', error);
      return;
    }
    // Bolt reads the payload's team, user and type before any middleware: a signed body it cannot read ends
    // here, and is the sender's mistake, not ours.
    options.logger.warn('Refused a Slack payload of an unexpected shape', error);
    answered = true;
    HTTPModuleFunctions.buildNoBodyResponse(response, 400);
    return;
  }
  // Bolt found no listener for it (an unknown payload type, say): nothing will answer it later.
  if (!answered) await ack();
}
