import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, secretsOf } from '../../src/config.js';

const valid = { SLACK_SIGNING_SECRET: 'secret', SLACK_BOT_TOKEN: 'xoxb-123' };

describe('loadConfig: the database', () => {
  it('is SQLite at DATABASE_PATH without DATABASE_URL, as before', () => {
    expect(loadConfig(valid).database).toEqual({ engine: 'sqlite', path: './data/adr.sqlite' });
    expect(loadConfig({ ...valid, DATABASE_PATH: '/var/lib/adr.sqlite', DATABASE_URL: '' }).database).toEqual({
      engine: 'sqlite',
      path: '/var/lib/adr.sqlite',
    });
  });

  it('is PostgreSQL when DATABASE_URL is set, with a pool of DATABASE_POOL_SIZE (10 by default) and prepared statements unless turned off', () => {
    const url = 'postgres://adr:s3cret@db.internal:5432/adr?sslmode=require';
    expect(loadConfig({ ...valid, DATABASE_URL: url }).database).toEqual({
      engine: 'postgres',
      url,
      poolSize: 10,
      preparedStatements: true,
    });
    const socket = 'postgresql://adr@localhost/adr?host=/var/run/postgresql';
    expect(
      loadConfig({ ...valid, DATABASE_URL: socket, DATABASE_POOL_SIZE: '25', DATABASE_PREPARED_STATEMENTS: 'off' })
        .database,
    ).toEqual({ engine: 'postgres', url: socket, poolSize: 25, preparedStatements: false });
  });

  it('names DATABASE_URL, DATABASE_POOL_SIZE and DATABASE_PREPARED_STATEMENTS with how to fix them when they are wrong', () => {
    for (const [key, value] of [
      ['DATABASE_PREPARED_STATEMENTS', 'no'],
      ['DATABASE_URL', 'mysql://db/adr'],
      ['DATABASE_URL', 'not a url'],
      ['DATABASE_POOL_SIZE', '0'],
      ['DATABASE_POOL_SIZE', 'many'],
    ] as const) {
      let error: unknown;
      try {
        loadConfig({ ...valid, DATABASE_URL: 'postgres://db/adr', [key]: value });
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems.map((problem) => problem.key)).toEqual([key]);
      expect((error as Error).message).toMatch(new RegExp(`${key}: .*Fix: `));
    }
  });

  it('counts the URL and its password among the secrets the logger redacts', () => {
    const config = loadConfig({ ...valid, DATABASE_URL: 'postgres://adr:p%40ss-w0rd@db.internal/adr' });
    expect(secretsOf(config)).toEqual(
      expect.arrayContaining(['postgres://adr:p%40ss-w0rd@db.internal/adr', 'p@ss-w0rd']),
    );
  });
});

describe('compose', () => {
  it('serves from the PostgreSQL that DATABASE_URL names, and fails to start when it does not answer, never falling back to SQLite', async () => {
    const { compose } = await import('../../src/composition-root.js');
    const { ConsoleLogger, LogLevel } = await import('@slack/logger');
    const { existsSync } = await import('node:fs');
    const databasePath = `/tmp/adr-never-created-${process.pid}.sqlite`;
    const config = loadConfig({
      ...valid,
      DATABASE_PATH: databasePath,
      DATABASE_URL: 'postgres://adr@db.invalid/adr?connect_timeout=2',
    });
    expect(config.database.engine).toBe('postgres');
    await expect(compose(config, { logger: new ConsoleLogger(), logLevel: LogLevel.ERROR, ai: null })).rejects.toThrow(
      /db\.invalid|ENOTFOUND|EAI_AGAIN/,
    );
    expect(existsSync(databasePath)).toBe(false);
  });
});
