import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConsoleLogger, LogLevel } from '@slack/logger';
import { type AdrApp, createAdrApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { type FakeSlack, startFakeSlack } from './fake-slack.js';
import { SlackTestClient } from './slack-client.js';

export const SIGNING_SECRET = 'test-signing-secret';

export interface TestApp {
  adr: AdrApp;
  fake: FakeSlack;
  slack: SlackTestClient;
  baseUrl: string;
  databasePath: string;
  /** Waits until work started after an ack (card posts, AI drafts, notifications) has finished. */
  settle(): Promise<void>;
  stop(): Promise<void>;
}

export interface TestAppOptions {
  fake?: FakeSlack;
  env?: Record<string, string>;
  /** Reuse a database file (restart tests); a fresh temp file otherwise. */
  databasePath?: string;
  now?: () => Date;
}

/** The real Bolt app on a random port, talking to a fake Slack Web API, on a temporary database. */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const fake = options.fake ?? (await startFakeSlack());
  const dir = options.databasePath ? undefined : mkdtempSync(join(tmpdir(), 'adr-e2e-'));
  const databasePath = options.databasePath ?? join(dir as string, 'adr.sqlite');
  const config = loadConfig({
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_BOT_TOKEN: 'xoxb-test-token',
    SLACK_API_URL: fake.url,
    PORT: '0',
    DATABASE_PATH: databasePath,
    LOG_LEVEL: 'error',
    ...options.env,
  });
  const logger = new ConsoleLogger();
  logger.setLevel(LogLevel.ERROR);
  const adr = await createAdrApp(config, {
    logger,
    retryConfig: { retries: 0 },
    ...(options.now ? { now: options.now } : {}),
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
    settle: () => adr.deps.background.drain(),
    async stop() {
      await adr.stop();
      if (!options.fake) await fake.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
