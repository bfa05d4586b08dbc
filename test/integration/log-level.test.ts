import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConsoleLogger, LogLevel } from '@slack/logger';
import { expect, it } from 'vitest';
import { createAdrApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { DEFAULT_BOT_TOKEN, startFakeSlack } from '../support/fake-slack.js';

it('keeps LOG_LEVEL: Bolt would otherwise reset the logger it is given to info', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'adr-log-'));
  const fake = await startFakeSlack();
  const logger = new ConsoleLogger();
  const adr = await createAdrApp(
    loadConfig({
      SLACK_SIGNING_SECRET: 'secret',
      SLACK_BOT_TOKEN: DEFAULT_BOT_TOKEN,
      SLACK_API_URL: fake.url,
      DATABASE_PATH: join(dir, 'adr.sqlite'),
      LOG_LEVEL: 'warn',
    }),
    { logger },
  );
  try {
    expect(logger.getLevel()).toBe(LogLevel.WARN);
    // Bolt checks the token when it is built; let that finish before the fake Slack goes away.
    await fake.waitFor('auth.test');
  } finally {
    await adr.stop();
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
