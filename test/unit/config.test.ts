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

const KEY_HEX = 'a'.repeat(64);
const oauthEnv = {
  SLACK_SIGNING_SECRET: 'secret',
  SLACK_CLIENT_ID: '123.456',
  SLACK_CLIENT_SECRET: 'client-secret',
  SLACK_STATE_SECRET: 'a-state-secret-of-some-length',
  TOKEN_ENCRYPTION_KEY: KEY_HEX,
};

function problemsOf(env: Record<string, string>): { key: string; message: string }[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('loadConfig: token mode and OAuth mode', () => {
  it('is token mode with SLACK_BOT_TOKEN, with no OAuth settings', () => {
    const config = loadConfig(valid);
    expect(config.slack.mode).toBe('token');
    expect(config.slack.oauth).toBeUndefined();
    expect(config.slack.apiTimeoutMs).toBe(10_000);
  });

  it('is OAuth mode with client id, secret, state secret and an encryption key', () => {
    const config = loadConfig(oauthEnv);
    expect(config.slack.mode).toBe('oauth');
    expect(config.slack.botToken).toBeUndefined();
    expect(config.slack.oauth).toEqual({
      clientId: '123.456',
      clientSecret: 'client-secret',
      stateSecret: 'a-state-secret-of-some-length',
    });
    expect(config.tokenEncryption?.current).toEqual(Buffer.from(KEY_HEX, 'hex'));
  });

  it('accepts a base64 key and older keys for rotation', () => {
    const current = Buffer.alloc(32, 7);
    const old = Buffer.alloc(32, 9);
    const config = loadConfig({
      ...oauthEnv,
      TOKEN_ENCRYPTION_KEY: current.toString('base64'),
      TOKEN_ENCRYPTION_OLD_KEYS: `${old.toString('hex')}, ${Buffer.alloc(32, 1).toString('base64')}`,
    });
    expect(config.tokenEncryption?.current).toEqual(current);
    expect(config.tokenEncryption?.previous).toHaveLength(2);
  });

  it('refuses both modes at once', () => {
    expect(problemsOf({ ...oauthEnv, SLACK_BOT_TOKEN: 'xoxb-1' }).map((p) => p.key)).toEqual(['SLACK_BOT_TOKEN']);
  });

  it('refuses to start in OAuth mode without a valid TOKEN_ENCRYPTION_KEY, listed with the other problems', () => {
    const { TOKEN_ENCRYPTION_KEY: _key, ...withoutKey } = oauthEnv;
    const missing = problemsOf({ ...withoutKey, PORT: 'abc' });
    expect(missing.map((p) => p.key).sort()).toEqual(['PORT', 'TOKEN_ENCRYPTION_KEY']);
    expect(problemsOf({ ...oauthEnv, TOKEN_ENCRYPTION_KEY: 'too-short' })).toEqual([
      { key: 'TOKEN_ENCRYPTION_KEY', message: expect.stringContaining('32 bytes') },
    ]);
    expect(problemsOf({ ...oauthEnv, TOKEN_ENCRYPTION_KEY: 'b'.repeat(62) }).map((p) => p.key)).toEqual([
      'TOKEN_ENCRYPTION_KEY',
    ]);
  });

  it('names every missing OAuth key when only the client id is set', () => {
    const keys = problemsOf({ SLACK_SIGNING_SECRET: 's', SLACK_CLIENT_ID: '1.2' }).map((p) => p.key);
    expect(keys.sort()).toEqual(['SLACK_CLIENT_SECRET', 'SLACK_STATE_SECRET', 'TOKEN_ENCRYPTION_KEY']);
  });

  it('puts how to make a key in the message', () => {
    const { TOKEN_ENCRYPTION_KEY: _key, ...withoutKey } = oauthEnv;
    expect(() => loadConfig(withoutKey)).toThrow(/openssl rand -hex 32/);
  });

  it('refuses a malformed old key', () => {
    expect(problemsOf({ ...oauthEnv, TOKEN_ENCRYPTION_OLD_KEYS: `${KEY_HEX},nope` }).map((p) => p.key)).toEqual([
      'TOKEN_ENCRYPTION_OLD_KEYS',
    ]);
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

  it('exits 1 in OAuth mode without TOKEN_ENCRYPTION_KEY, naming it', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'adr-config-'));
    const { TOKEN_ENCRYPTION_KEY: _key, ...withoutKey } = oauthEnv;
    const result = spawnSync(
      process.execPath,
      ['--import', import.meta.resolve('tsx'), join(import.meta.dirname, '../../src/app.ts')],
      { cwd, env: { PATH: process.env.PATH, ...withoutKey }, encoding: 'utf8' },
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('TOKEN_ENCRYPTION_KEY');
    expect(result.stderr).not.toContain('client-secret');
  });
});
