import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConsoleLogger, type Logger, LogLevel } from '@slack/logger';
import type { RetryOptions } from '@slack/web-api';
import { type AdrApp, createAdrApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { ProviderOptions } from '../../src/integrations/git-provider.js';
import { DEFAULT_BOT_TOKEN, type FakeSlack, type RecordedCall, type SlackView, startFakeSlack } from './fake-slack.js';
import { createPostgresDatabase } from './postgres.js';
import { SlackTestClient } from './slack-client.js';
import { buildViewState } from './view-state.js';

export const SIGNING_SECRET = 'test-signing-secret';

/** The engine the test apps run on: TEST_DATABASE=postgres (the `postgres` vitest project), else SQLite. */
export function testEngine(): 'sqlite' | 'postgres' {
  return process.env.TEST_DATABASE === 'postgres' ? 'postgres' : 'sqlite';
}

export interface TestApp {
  adr: AdrApp;
  fake: FakeSlack;
  slack: SlackTestClient;
  baseUrl: string;
  databasePath: string;
  /** The PostgreSQL database the app runs on (TEST_DATABASE=postgres), else null: SQLite at databasePath. */
  databaseUrl: string | null;
  /**
   * Submits a modal as a person would: fills `inputs` (by action id) over the view's current values,
   * sends the view_submission, and applies the app's answer to the fake (update, push, clear, errors).
   */
  submit(
    view: SlackView,
    inputs: Record<string, unknown>,
    as?: { userId?: string; teamId?: string },
  ): Promise<Submitted>;
  /** Waits until work started after an ack (card posts, AI drafts, notifications) has finished. */
  settle(): Promise<void>;
  stop(): Promise<void>;
}

export interface Submitted {
  status: number;
  /** The app's ack body: `{ response_action, view | errors }`, or null for an empty ack. */
  body: { response_action?: string; errors?: Record<string, string>; view?: unknown } | null;
  /** The view Slack now shows in its place (same id after an update), if any. */
  next: SlackView | undefined;
}

export interface TestAppOptions {
  fake?: FakeSlack;
  env?: Record<string, string>;
  /** Reuse a database file (restart tests); a fresh temp file otherwise. */
  databasePath?: string;
  /** Reuse a PostgreSQL database (restart tests on TEST_DATABASE=postgres); a fresh one otherwise. */
  databaseUrl?: string;
  now?: () => Date;
  /** The app's logger (default: a console logger printing errors only). */
  logger?: Logger;
  /** Web API retry policy (default: no retries, so a scripted failure surfaces at once). */
  retryConfig?: RetryOptions;
  /** Database upkeep timing (default: the app's, whose worker starts after 2 s). */
  maintenance?: { intervalMs?: number; startDelayMs?: number };
  /** Retries and pacing inside the GitHub and GitLab SDKs (default: one quick retry, no pacing). */
  providers?: ProviderOptions;
}

/** GitHub and GitLab SDK tuning for tests: one quick in-request retry, no write pacing, rate limits to the queue. */
export const FAST_PROVIDERS: ProviderOptions = {
  retries: 1,
  retryBaseMs: 1,
  maxInlineWaitMs: 0,
  writeIntervalMs: 0,
  timeoutMs: 5_000,
};

/** What the fake answered to a recorded Web API call (e.g. `{ ok, ts }` for chat.postMessage). */
export function answerOf<T = Record<string, unknown>>(call: RecordedCall): T {
  return (call.response?.body ?? {}) as T;
}

/** The view a views.open / views.update / views.push call created, as the fake now holds it. */
export function viewOf(fake: FakeSlack, call: RecordedCall): SlackView {
  const id = answerOf<{ view?: { id?: string } }>(call).view?.id;
  const view = id ? fake.getView(id) : undefined;
  if (!view) throw new Error(`${call.method} did not create a view: ${JSON.stringify(call.response?.body)}`);
  return view;
}

/** Options that start another app on `t`'s database (a restart): its SQLite file, or its PostgreSQL database. */
export function sameDatabaseAs(t: TestApp): Pick<TestAppOptions, 'databasePath' | 'databaseUrl'> {
  return { databasePath: t.databasePath, ...(t.databaseUrl ? { databaseUrl: t.databaseUrl } : {}) };
}

/** The real Bolt app on a random port, talking to a fake Slack Web API, on a temporary database. */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const fake = options.fake ?? (await startFakeSlack());
  const dir = options.databasePath ? undefined : mkdtempSync(join(tmpdir(), 'adr-e2e-'));
  const databasePath = options.databasePath ?? join(dir as string, 'adr.sqlite');
  const oauth = options.env?.SLACK_CLIENT_ID !== undefined;
  const databaseUrl =
    options.databaseUrl ??
    (testEngine() === 'postgres' && !options.databasePath ? await createPostgresDatabase() : undefined);
  const config = loadConfig({
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    ...(oauth ? {} : { SLACK_BOT_TOKEN: DEFAULT_BOT_TOKEN }),
    SLACK_API_URL: fake.url,
    PORT: '0',
    DATABASE_PATH: databasePath,
    DATABASE_URL: databaseUrl ?? '',
    LOG_LEVEL: 'error',
    ...options.env,
  });
  const logger = options.logger ?? new ConsoleLogger();
  if (!options.logger) logger.setLevel(LogLevel.ERROR);
  const adr = await createAdrApp(config, {
    logger,
    retryConfig: options.retryConfig ?? { retries: 0 },
    ...(options.now ? { now: options.now } : {}),
    ...(options.maintenance ? { maintenance: options.maintenance } : {}),
    providers: options.providers ?? FAST_PROVIDERS,
  });
  const port = await adr.start(0);
  const baseUrl = `http://127.0.0.1:${port}`;
  const slack = new SlackTestClient({ baseUrl, signingSecret: SIGNING_SECRET, fake });
  return {
    adr,
    fake,
    slack,
    baseUrl,
    databasePath,
    databaseUrl: databaseUrl ?? null,
    settle: () => adr.slack.background.drain(),
    async submit(view, inputs, as = {}) {
      const current = fake.getView(view.id) ?? view;
      const state = buildViewState(current, inputs);
      const response = await slack.viewSubmission(current, state, as);
      const body = response.body.trim() ? (response.json() as Submitted['body']) : null;
      return { status: response.status, body, next: fake.applySubmissionResponse(current.id, body) };
    },
    async stop() {
      await adr.stop();
      if (!options.fake) await fake.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
