/**
 * A small HTTP load generator for Slack-style requests: N concurrent request loops over keep-alive connections,
 * every request freshly signed (v0 HMAC-SHA256 over `v0:${ts}:${body}`), for a fixed time after a warm-up or for
 * a fixed number of requests. It runs in the caller's process; the bench keeps the apps in child processes.
 */
import { createHmac } from 'node:crypto';
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { type Quantiles, quantiles } from './stats.js';

export interface SignedRequest {
  /** e.g. `/slack/events` */
  path: string;
  contentType: string;
  body: string;
}

export interface LoadOptions {
  /** Origin of the app, e.g. `http://127.0.0.1:3000`. */
  origin: string;
  signingSecret: string;
  /** Sent in turn, round robin across all loops. */
  requests: SignedRequest[];
  concurrency: number;
  /** Timed mode: measure for this long after `warmupMs`. */
  durationMs?: number;
  warmupMs?: number;
  /** Counted mode (smoke tests): send exactly this many requests, all measured. */
  totalRequests?: number;
  /** Give up after this many transport errors (connection refused or reset). */
  maxErrors?: number;
}

export interface LoadResult {
  /** Responses received inside the measured window (all of them in counted mode). */
  completed: number;
  /** Every response by status, warm-up included. */
  statuses: Record<number, number>;
  errors: number;
  firstError?: string;
  measuredMs: number;
  requestsPerSecond: number;
  latency: Quantiles;
}

export interface SentResponse {
  status: number;
  body: string;
}

export function slackSignature(signingSecret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

function headersFor(signingSecret: string, req: SignedRequest): Record<string, string | number> {
  const timestamp = Math.floor(Date.now() / 1000);
  return {
    'content-type': req.contentType,
    'content-length': Buffer.byteLength(req.body),
    'x-slack-request-timestamp': timestamp,
    'x-slack-signature': slackSignature(signingSecret, timestamp, req.body),
  };
}

function send(origin: URL, agent: Agent | undefined, signingSecret: string, req: SignedRequest, keepBody: boolean) {
  return new Promise<SentResponse>((resolve, reject) => {
    const outgoing = request(
      {
        host: origin.hostname,
        port: origin.port,
        path: req.path,
        method: 'POST',
        agent,
        headers: headersFor(signingSecret, req),
      },
      (response) => {
        const chunks: Buffer[] = [];
        if (keepBody) response.on('data', (chunk: Buffer) => chunks.push(chunk));
        else response.resume();
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        response.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(req.body);
  });
}

/** One signed request on a fresh connection, with the response body (setup and checks, not load). */
export function sendSigned(origin: string, signingSecret: string, req: SignedRequest): Promise<SentResponse> {
  return send(new URL(origin), undefined, signingSecret, req, true);
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const { requests, concurrency } = options;
  if (requests.length === 0) throw new Error('runLoad: no requests to send');
  const counted = options.totalRequests !== undefined;
  if (!counted && options.durationMs === undefined) throw new Error('runLoad: give durationMs or totalRequests');
  const origin = new URL(options.origin);
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency, maxFreeSockets: concurrency });
  const maxErrors = options.maxErrors ?? 50;

  const latencies: number[] = [];
  const statuses: Record<number, number> = {};
  let issued = 0;
  let completed = 0;
  let errors = 0;
  let firstError: string | undefined;
  let start = performance.now();
  let measureFrom = start;
  let stopAt = Number.POSITIVE_INFINITY;
  let lastEnd = start;

  const sendOne = async (measured: boolean) => {
    const req = requests[issued % requests.length] as SignedRequest;
    issued += 1;
    const sentAt = performance.now();
    try {
      const { status } = await send(origin, agent, options.signingSecret, req, false);
      const doneAt = performance.now();
      statuses[status] = (statuses[status] ?? 0) + 1;
      if (!measured) return;
      // Throughput counts completions inside the window; latency, requests both sent and answered inside it.
      if (doneAt >= measureFrom && doneAt <= stopAt) {
        completed += 1;
        lastEnd = doneAt;
        if (sentAt >= measureFrom) latencies.push(doneAt - sentAt);
      }
    } catch (error) {
      errors += 1;
      firstError ??= error instanceof Error ? error.message : String(error);
    }
  };
  const loop = async () => {
    while (errors < maxErrors) {
      if (counted ? issued >= (options.totalRequests as number) : performance.now() >= stopAt) return;
      await sendOne(true);
    }
  };
  try {
    if (!counted) {
      // Open every connection first, one request each with nothing else in flight: a server busy with
      // established connections accepts new ones slowly, which would otherwise land in the figures.
      await Promise.all(Array.from({ length: concurrency }, () => sendOne(false)));
      start = performance.now();
      measureFrom = start + (options.warmupMs ?? 0);
      stopAt = measureFrom + (options.durationMs ?? 0);
    }
    await Promise.all(Array.from({ length: concurrency }, loop));
  } finally {
    agent.destroy();
  }
  if (errors >= maxErrors) throw new Error(`load generator gave up after ${errors} errors; first: ${firstError}`);
  const measuredMs = counted ? lastEnd - start : (options.durationMs as number);
  return {
    completed,
    statuses,
    errors,
    ...(firstError === undefined ? {} : { firstError }),
    measuredMs,
    requestsPerSecond: measuredMs > 0 ? (completed * 1000) / measuredMs : 0,
    latency: quantiles(latencies),
  };
}
