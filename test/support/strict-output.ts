import { afterAll, afterEach } from 'vitest';
import { drainUnclaimedErrors, recordError } from './log-capture.js';

// vitest setup file: console.error is captured instead of printed, and a test that leaves an error line unclaimed
// (test/support/log-capture.ts: expectErrorLogged) fails, so a run prints nothing that nobody asserted on.
console.error = (...args: unknown[]) => recordError('console.error', args);

function failOnUnclaimed(when: string): void {
  const unclaimed = drainUnclaimedErrors();
  if (unclaimed.length === 0) return;
  const shown = unclaimed.map((line) => `[${line.source}] ${line.text.slice(0, 2_000)}`).join('\n---\n');
  throw new Error(
    `${unclaimed.length} unexpected error line(s) ${when} (claim expected ones with expectErrorLogged):\n${shown}`,
  );
}

// Registered first, so it runs after the test file's own afterEach hooks (an app's stop may still log).
afterEach(() => failOnUnclaimed('during this test'));
afterAll(() => failOnUnclaimed('after the last test of this file'));
