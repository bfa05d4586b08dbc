import { LogLevel } from '@slack/logger';
import { describe, expect, it } from 'vitest';
import { JsonLogger } from '../../../src/logging/json-logger.js';
import { REDACTED, redact } from '../../../src/logging/redact.js';
import { withRequestContext } from '../../../src/logging/request-context.js';

function capture(options: ConstructorParameters<typeof JsonLogger>[0] = {}) {
  const lines: string[] = [];
  const logger = new JsonLogger({ write: (line) => lines.push(line), now: () => new Date(0), ...options });
  return { logger, lines, entries: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe('redact', () => {
  it.each([
    'xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOp',
    'xoxp-1-2-3-abcdef',
    'xoxe.xoxp-1-Mi0yLTE2NjQ',
    'xoxe-1-My0xLTE2NjQ0ODAx',
    'xapp-1-A0123-456-abcdef0123',
    'sk-proj-AbCdEf0123456789',
    'sk-abcdefghijklmnop',
    'github_pat_11ABCDEFG0abcdefghijkl_mnopqrstuvwxyz0123456789',
    'ghp_abcdefghijklmnopqrstuvwxyz0123456789',
    'glpat-AbCdEf0123456789xyz',
  ])('removes %s wherever it appears', (secret) => {
    const text = redact(`calling https://x.test/?token=${secret}&a=1 with "${secret}"`);
    expect(text).not.toContain(secret);
    expect(text).toContain(REDACTED);
  });

  it('removes exact configured secrets, even in their JSON-escaped form', () => {
    const secret = 'sig"ning\\secret-42';
    expect(redact(`a ${secret} b`, [secret])).toBe(`a ${REDACTED} b`);
    expect(redact(JSON.stringify({ s: secret }), [secret])).toBe(`{"s":"${REDACTED}"}`);
  });

  it('leaves ordinary words alone', () => {
    const text = 'task-runner asked skeleton-key about xoxo and sk-8';
    expect(redact(text)).toBe(text);
  });
});

describe('JsonLogger', () => {
  it('writes one JSON object per line with time, level, name and msg', () => {
    const { logger, lines, entries } = capture();
    logger.info('hello', 'world');
    expect(lines).toHaveLength(1);
    expect(entries()[0]).toEqual({
      time: '1970-01-01T00:00:00.000Z',
      level: 'info',
      name: 'adr-assistant',
      msg: 'hello world',
    });
  });

  it('filters by level and reports it', () => {
    const { logger, entries } = capture({ level: LogLevel.WARN });
    logger.debug('d');
    logger.info('i');
    logger.warn('w');
    logger.error('e');
    expect(entries().map((entry) => entry.level)).toEqual(['warn', 'error']);
    expect(logger.getLevel()).toBe(LogLevel.WARN);
    logger.setLevel(LogLevel.DEBUG);
    logger.debug('now');
    expect(entries().at(-1)?.msg).toBe('now');
  });

  it('uses the name given by setName', () => {
    const { logger, entries } = capture();
    logger.setName('bolt-app');
    logger.info('x');
    expect(entries()[0]?.name).toBe('bolt-app');
  });

  it('carries the request id of the request being handled, across awaits', async () => {
    const { logger, entries } = capture();
    await withRequestContext({ requestId: 'req-1', type: 'command', teamId: 'T1' }, async () => {
      await new Promise((resolve) => setImmediate(resolve));
      logger.info('inside');
    });
    logger.info('outside');
    expect(entries()[0]).toMatchObject({ msg: 'inside', requestId: 'req-1', requestType: 'command', teamId: 'T1' });
    expect(entries()[1]).not.toHaveProperty('requestId');
  });

  it('serialises errors (name, message, Slack code) and redacts tokens in them', () => {
    const { logger, lines, entries } = capture();
    const error = Object.assign(new Error('invalid_auth for xoxb-111-222-secretvalue'), {
      code: 'slack_webapi_platform_error',
      data: { error: 'invalid_auth', response_metadata: { token: 'xoxb-111-222-secretvalue' } },
    });
    logger.error('call failed', error);
    expect(lines[0]).not.toContain('secretvalue');
    expect(entries()[0]).toMatchObject({
      level: 'error',
      msg: 'call failed',
      err: { name: 'Error', code: 'slack_webapi_platform_error', slackError: 'invalid_auth' },
    });
  });

  it('never prints configured secrets, whatever the argument type', () => {
    const { logger, lines } = capture({ secrets: ['s3cr3t-signing-value'] });
    logger.warn('config', { signingSecret: 's3cr3t-signing-value' }, 42);
    expect(lines[0]).not.toContain('s3cr3t-signing-value');
    expect(JSON.parse(lines[0] as string).msg).toContain('42');
  });

  it('does not throw when the sink fails', () => {
    const logger = new JsonLogger({
      write: () => {
        throw new Error('EPIPE');
      },
    });
    expect(() => logger.error('x')).not.toThrow();
  });
});
