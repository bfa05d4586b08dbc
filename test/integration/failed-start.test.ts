import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_BOT_TOKEN, type FakeSlack, startFakeSlack } from '../support/fake-slack.js';

// A start that cannot serve stops with one sentence saying why, and leaves nothing on disk: Slack is asked about
// the token before the database is opened (src/app.ts), once, without the Web API client's retries or log lines.
// The compiled app, as `npm start` and the image run it (dist/ is rebuilt by the tests' global setup when stale).

const APP_ENTRY = join(import.meta.dirname, '../../dist/app.js');

interface Exit {
  code: number | null;
  /** Every non-empty line the process wrote, stdout and stderr together. */
  lines: string[];
}

function runApp(env: Record<string, string>): Promise<Exit> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [APP_ENTRY], {
      // Only these keys, so a developer's .env or shell cannot change what the app sees; cwd has no .env.
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', PORT: '0', SLACK_SIGNING_SECRET: 'secret', LOG_LEVEL: 'debug', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    child.once('close', (code) => resolve({ code, lines: output.split('\n').filter((line) => line.trim() !== '') }));
  });
}

let dir: string;
let databasePath: string;
let fake: FakeSlack;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'adr-failed-start-'));
  databasePath = join(dir, 'data', 'adr.sqlite');
  fake = await startFakeSlack();
});

afterEach(async () => {
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a start that fails before the app can serve', () => {
  it('says once that Slack refused an unknown token, and creates no database file or folder', async () => {
    const exit = await runApp({
      SLACK_BOT_TOKEN: 'xoxb-never-issued',
      SLACK_API_URL: fake.url,
      DATABASE_PATH: databasePath,
    });
    expect(exit.code).toBe(1);
    expect(exit.lines).toEqual([
      'ADR Assistant failed to start: Slack refused SLACK_BOT_TOKEN (invalid_auth): copy the Bot User OAuth Token again from OAuth & Permissions.',
    ]);
    expect(fake.calls.filter((call) => call.method === 'auth.test')).toHaveLength(1);
    expect(existsSync(join(dir, 'data'))).toBe(false);
  });

  it('says once that Slack refused a revoked token, and creates no database file', async () => {
    fake.revokeToken(DEFAULT_BOT_TOKEN);
    const exit = await runApp({
      SLACK_BOT_TOKEN: DEFAULT_BOT_TOKEN,
      SLACK_API_URL: fake.url,
      DATABASE_PATH: databasePath,
    });
    expect(exit.code).toBe(1);
    expect(exit.lines).toEqual([expect.stringContaining('Slack refused SLACK_BOT_TOKEN (token_revoked)')]);
    expect(exit.lines).toHaveLength(1);
    expect(existsSync(databasePath)).toBe(false);
  });

  describe('when the Slack Web API answers with an HTTP error', () => {
    let server: Server;
    let requests = 0;
    let url: string;

    beforeEach(async () => {
      requests = 0;
      server = createServer((_request, response) => {
        requests++;
        response.writeHead(503, { 'content-type': 'text/plain' });
        response.end('down for maintenance');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const address = server.address();
      url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/api/`;
    });

    afterEach(async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });

    it('asks once, says once that it could not check the token (no "http request failed" warnings), and creates nothing', async () => {
      const exit = await runApp({
        SLACK_BOT_TOKEN: DEFAULT_BOT_TOKEN,
        SLACK_API_URL: url,
        DATABASE_PATH: databasePath,
      });
      expect(exit.code).toBe(1);
      expect(exit.lines).toHaveLength(1);
      expect(exit.lines[0]).toMatch(
        new RegExp(
          `^ADR Assistant failed to start: Could not reach the Slack Web API at ${url} to check SLACK_BOT_TOKEN \\(.*503`,
        ),
      );
      expect(requests).toBe(1);
      expect(existsSync(join(dir, 'data'))).toBe(false);
    });
  });

  it('creates the database once Slack accepted the token (the check does not stop a good start)', async () => {
    const child = spawn(process.execPath, [APP_ENTRY], {
      cwd: dir,
      env: {
        PATH: process.env.PATH ?? '',
        PORT: '0',
        SLACK_SIGNING_SECRET: 'secret',
        SLACK_BOT_TOKEN: DEFAULT_BOT_TOKEN,
        SLACK_API_URL: fake.url,
        DATABASE_PATH: databasePath,
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // Exit code and signal: a SIGTERM the app did not handle would show as `null SIGTERM`.
    const exited = new Promise<string>((resolve) => child.once('exit', (code, signal) => resolve(`${code} ${signal}`)));
    await new Promise<void>((resolve, reject) => {
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString('utf8');
        if (output.includes('is listening on port')) resolve();
      });
      child.once('exit', () => reject(new Error(`the app exited before listening:\n${output}`)));
    });
    expect(existsSync(databasePath)).toBe(true);
    expect(fake.calls.filter((call) => call.method === 'auth.test')).toHaveLength(1);
    child.kill('SIGTERM');
    expect(await exited).toBe('0 null');
  });
});
