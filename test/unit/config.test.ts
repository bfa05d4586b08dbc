import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

const valid = { SLACK_SIGNING_SECRET: 'secret', SLACK_BOT_TOKEN: 'xoxb-123' };

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig(valid);
    expect(config.port).toBe(3000);
    expect(config.databasePath).toBe('./data/adr.sqlite');
    expect(config.slack.apiUrl).toBe('https://slack.com/api/');
    expect(config.slack.appToken).toBeUndefined();
    expect(config.ai.apiKey).toBeUndefined();
    expect(config.logLevel).toBe('info');
  });

  it('adds the trailing slash the WebClient needs to SLACK_API_URL', () => {
    expect(loadConfig({ ...valid, SLACK_API_URL: 'http://127.0.0.1:9/api' }).slack.apiUrl).toBe(
      'http://127.0.0.1:9/api/',
    );
  });

  it('treats empty values as unset, as a copied .env.example leaves them', () => {
    const config = loadConfig({ ...valid, SLACK_APP_TOKEN: '', OPENAI_API_KEY: '', PORT: '' });
    expect(config.slack.appToken).toBeUndefined();
    expect(config.ai.apiKey).toBeUndefined();
    expect(config.port).toBe(3000);
  });

  it('lists every bad key at once, each with how to fix it', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'abc', LOG_LEVEL: 'loud', SLACK_APP_TOKEN: 'nope', OPENAI_BASE_URL: 'not a url' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const keys = (error as ConfigError).problems.map((problem) => problem.key).sort();
    expect(keys).toEqual([
      'LOG_LEVEL',
      'OPENAI_BASE_URL',
      'PORT',
      'SLACK_APP_TOKEN',
      'SLACK_BOT_TOKEN',
      'SLACK_SIGNING_SECRET',
    ]);
    expect((error as ConfigError).message).toContain('Signing Secret');
  });

  it('refuses a bot token that is not one', () => {
    expect(() => loadConfig({ ...valid, SLACK_BOT_TOKEN: 'xapp-1' })).toThrow(/SLACK_BOT_TOKEN/);
  });
});

describe('starting the app with a bad configuration', () => {
  it('exits 1 naming SLACK_SIGNING_SECRET, with no stack trace', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'adr-config-'));
    const result = spawnSync(
      process.execPath,
      ['--import', import.meta.resolve('tsx'), join(import.meta.dirname, '../../src/app.ts')],
      {
        cwd,
        env: { PATH: process.env.PATH, SLACK_BOT_TOKEN: 'xoxb-1' },
        encoding: 'utf8',
      },
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('SLACK_SIGNING_SECRET');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
