import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local OpenAI-compatible server for tests: POST /v1/chat/completions answers from a script, in order.
 * Point the real openai SDK at `baseURL`.
 */
export type FakeAnswer =
  /** 200 with `content` = JSON.stringify(json). */
  | { json: unknown }
  /** 200 with this exact content, e.g. broken JSON. */
  | { content: string; finishReason?: 'stop' | 'length' | 'content_filter' }
  /** 200 with `message.refusal` set and `content` null. */
  | { refusal: string }
  /** An OpenAI-style error body with this HTTP status; `retryAfter` (seconds) sets the retry-after header. */
  | { status: number; retryAfter?: number; message?: string }
  /** Holds the request open for this long (longer than the client timeout), then gives the default answer. */
  | { stallMs: number };

export interface RecordedRequest {
  method: string;
  path: string;
  /** Parsed JSON body, or the raw text when it was not JSON. */
  body: unknown;
  /** Lowercased header names. `authorization` is replaced by "[present]" so tests never hold the key. */
  headers: Record<string, string>;
  hasAuthorization: boolean;
}

export interface FakeOpenAI {
  /** http://127.0.0.1:PORT/v1 */
  baseURL: string;
  requests: RecordedRequest[];
  /** Queues answers; each chat completion request takes the next one, then the default. */
  script(answers: FakeAnswer | FakeAnswer[]): void;
  /** How many scripted answers are still queued. */
  pending(): number;
  close(): Promise<void>;
}

export const FAKE_DRAFT = {
  context:
    'The orders service stores data in a single SQLite file that cannot handle concurrent writes from the new workers. Which database should the orders service use?',
  drivers: ['Must handle 500 writes per second', 'Team knows SQL well', 'Budget under $500 per month'],
  options: [
    {
      name: 'PostgreSQL',
      pros: ['Mature and well known by the team', 'Strong consistency'],
      cons: ['Needs operational care (backups, upgrades)'],
    },
    {
      name: 'DynamoDB',
      pros: ['Fully managed and scales automatically'],
      cons: ['Team has no experience with it', 'Harder to query ad hoc'],
    },
  ],
  suggestedOutcome: { option: 'PostgreSQL', justification: 'It meets the write load and the team already knows it.' },
  positiveConsequences: ['Concurrent writes are safe'],
  negativeConsequences: [
    { text: 'One more service to operate', mitigation: 'Use the managed offering with automated backups' },
  ],
};

export const FAKE_PROS_CONS = {
  pros: ['Mature ecosystem', 'The team knows it'],
  cons: ['Operational overhead'],
};

export const FAKE_REVIEW = {
  findings: [
    { section: 'Negative Consequences', severity: 'suggestion', message: 'Consider the cost of running a replica.' },
  ],
};

export const FAKE_DECISION_CHECK = { decided: true, reason: 'The team settled on one option and nobody objected.' };

/** Without a script the answer fits the requested response format, so Slack-level tests work unscripted. */
function defaultAnswerFor(body: unknown): FakeAnswer {
  const name = (body as { response_format?: { json_schema?: { name?: string } } } | null)?.response_format?.json_schema
    ?.name;
  if (name === 'adr_draft') return { json: FAKE_DRAFT };
  if (name === 'pros_cons') return { json: FAKE_PROS_CONS };
  if (name === 'adr_review') return { json: FAKE_REVIEW };
  if (name === 'decision_check') return { json: FAKE_DECISION_CHECK };
  return { json: {} };
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function sendJson(response: ServerResponse, status: number, payload: unknown, headers: Record<string, string> = {}) {
  if (response.destroyed || response.writableEnded) return;
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(payload));
}

let completionCounter = 0;

function completion(model: string, message: { content: string | null; refusal: string | null }, finishReason: string) {
  completionCounter += 1;
  return {
    id: `chatcmpl-fake-${completionCounter}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: message.content, refusal: message.refusal },
        logprobs: null,
        finish_reason: finishReason,
      },
    ],
    usage: { prompt_tokens: 100, completion_tokens: 50, total_tokens: 150 },
  };
}

const ERROR_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'invalid_request_error',
  403: 'permission_denied',
  404: 'not_found',
  429: 'rate_limit_exceeded',
};

export async function startFakeOpenAI(): Promise<FakeOpenAI> {
  const queue: FakeAnswer[] = [];
  const requests: RecordedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();

  function answer(response: ServerResponse, scripted: FakeAnswer, body: unknown): void {
    const model = String((body as { model?: unknown } | null)?.model ?? 'fake-model');
    if ('stallMs' in scripted) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        answer(response, defaultAnswerFor(body), body);
      }, scripted.stallMs);
      timers.add(timer);
      return;
    }
    if ('status' in scripted) {
      const headers: Record<string, string> = {};
      if (scripted.retryAfter !== undefined) headers['retry-after'] = String(scripted.retryAfter);
      sendJson(
        response,
        scripted.status,
        {
          error: {
            message: scripted.message ?? `Fake error with status ${scripted.status}`,
            type: ERROR_TYPES[scripted.status] ?? 'server_error',
            param: null,
            code: scripted.status === 429 ? 'rate_limit_exceeded' : null,
          },
        },
        headers,
      );
      return;
    }
    if ('refusal' in scripted) {
      sendJson(response, 200, completion(model, { content: null, refusal: scripted.refusal }, 'stop'));
      return;
    }
    if ('json' in scripted) {
      sendJson(response, 200, completion(model, { content: JSON.stringify(scripted.json), refusal: null }, 'stop'));
      return;
    }
    sendJson(
      response,
      200,
      completion(model, { content: scripted.content, refusal: null }, scripted.finishReason ?? 'stop'),
    );
  }

  const server = createServer((request, response) => {
    readBody(request).then(
      (raw) => {
        let body: unknown = raw;
        try {
          body = raw === '' ? null : JSON.parse(raw);
        } catch {
          // Recorded as raw text.
        }
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(request.headers)) {
          if (value === undefined) continue;
          headers[name] = name === 'authorization' ? '[present]' : Array.isArray(value) ? value.join(', ') : value;
        }
        const path = (request.url ?? '/').split('?')[0] ?? '/';
        requests.push({
          method: request.method ?? 'GET',
          path,
          body,
          headers,
          hasAuthorization: typeof request.headers.authorization === 'string' && request.headers.authorization !== '',
        });
        if (request.method !== 'POST' || path !== '/v1/chat/completions') {
          sendJson(response, 404, { error: { message: `No fake for ${request.method} ${path}`, type: 'not_found' } });
          return;
        }
        answer(response, queue.shift() ?? defaultAnswerFor(body), body);
      },
      () =>
        sendJson(response, 400, { error: { message: 'Could not read the request', type: 'invalid_request_error' } }),
    );
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    script(answers) {
      queue.push(...(Array.isArray(answers) ? answers : [answers]));
    },
    pending: () => queue.length,
    close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      server.closeAllConnections();
      return new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
