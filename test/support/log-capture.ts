import { format } from 'node:util';
import { type Logger, LogLevel } from '@slack/logger';

/**
 * Error output during a test, from console.error (the harness's ConsoleLogger prints errors through it) or from a
 * CapturingLogger. The setup file (test/support/strict-output.ts) fails a test that leaves any of it unclaimed:
 * a test that expects an error claims it with expectErrorLogged and asserts on it, so nothing is printed.
 */
export interface CapturedError {
  source: 'console.error' | 'logger';
  text: string;
  args: unknown[];
}

const pending: (CapturedError & { claimed: boolean })[] = [];

export function recordError(source: CapturedError['source'], args: unknown[]): void {
  pending.push({ source, text: format(...args), args, claimed: false });
}

/**
 * Claims this test's error lines that match `pattern` and returns them; fails the test when none matches, so a
 * test that expects an error also checks that it happened.
 */
export function expectErrorLogged(pattern: RegExp | string): CapturedError[] {
  const matches = pending.filter(
    (line) => !line.claimed && (typeof pattern === 'string' ? line.text.includes(pattern) : pattern.test(line.text)),
  );
  if (matches.length === 0) {
    const seen = pending.map((line) => `  ${line.text.split('\n')[0]}`).join('\n') || '  (none)';
    throw new Error(`Expected an error line matching ${String(pattern)}; the error lines so far:\n${seen}`);
  }
  for (const line of matches) line.claimed = true;
  return matches.map(({ source, text, args }) => ({ source, text, args }));
}

/** Every error line not claimed since the last call; clears the record (the setup file calls it after each test). */
export function drainUnclaimedErrors(): CapturedError[] {
  const unclaimed = pending.filter((line) => !line.claimed).map(({ source, text, args }) => ({ source, text, args }));
  pending.length = 0;
  return unclaimed;
}

export interface CapturedLine {
  level: LogLevel;
  text: string;
  args: unknown[];
}

/**
 * A Bolt Logger that keeps every line in memory for the test to read (`lines`, `texts(level)`) and prints none;
 * error-level lines also go to the strict record above, so an unexpected one fails the test.
 */
export class CapturingLogger implements Logger {
  readonly lines: CapturedLine[] = [];
  private level: LogLevel = LogLevel.DEBUG;
  private name = 'test';

  debug(...args: unknown[]): void {
    this.keep(LogLevel.DEBUG, args);
  }
  info(...args: unknown[]): void {
    this.keep(LogLevel.INFO, args);
  }
  warn(...args: unknown[]): void {
    this.keep(LogLevel.WARN, args);
  }
  error(...args: unknown[]): void {
    this.keep(LogLevel.ERROR, args);
    recordError('logger', args);
  }
  setLevel(level: LogLevel): void {
    this.level = level;
  }
  getLevel(): LogLevel {
    return this.level;
  }
  setName(name: string): void {
    this.name = name;
  }
  getName(): string {
    return this.name;
  }

  /** The texts logged at `level` (every level when none is given). */
  texts(level?: LogLevel): string[] {
    return this.lines.filter((line) => level === undefined || line.level === level).map((line) => line.text);
  }

  private keep(level: LogLevel, args: unknown[]): void {
    this.lines.push({ level, text: format(...args), args });
  }
}
