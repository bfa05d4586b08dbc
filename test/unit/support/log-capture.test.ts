import { LogLevel } from '@slack/logger';
import { describe, expect, it } from 'vitest';
import { CapturingLogger, drainUnclaimedErrors, expectErrorLogged } from '../../support/log-capture.js';

describe('strict test output', () => {
  it('captures console.error instead of printing it, and lets a test claim what it expects', () => {
    console.error('[ERROR] expected failure', new Error('boom'));
    const [line] = expectErrorLogged(/expected failure/);
    expect(line?.source).toBe('console.error');
    expect(line?.text).toContain('Error: boom');
    expect(drainUnclaimedErrors()).toEqual([]);
  });

  it('reports what was not claimed (the setup file fails the test with it)', () => {
    console.error('nobody asked for this');
    const unclaimed = drainUnclaimedErrors();
    expect(unclaimed.map((line) => line.text)).toEqual(['nobody asked for this']);
    expect(drainUnclaimedErrors()).toEqual([]);
  });

  it('fails a test that expects an error that never came, listing the error lines there were', () => {
    console.error('something else');
    expect(() => expectErrorLogged('never logged')).toThrow(/matching never logged.*\n {2}something else/s);
    drainUnclaimedErrors();
  });

  it('keeps a CapturingLogger’s lines in memory; its error lines count as error output', () => {
    const logger = new CapturingLogger();
    logger.info('started', { port: 3000 });
    logger.warn('slow');
    logger.error('failed', new Error('x'));
    expect(logger.texts(LogLevel.INFO)).toEqual(['started { port: 3000 }']);
    expect(logger.texts()).toHaveLength(3);
    expect(expectErrorLogged('failed')[0]?.source).toBe('logger');
  });
});
