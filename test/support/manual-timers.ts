import type { Timers } from '../../src/due-work.js';

/** Timers that never fire on their own: a test reads the delay a loop asked for, and fires it when it likes. */
export class ManualTimers implements Timers {
  readonly requested: number[] = [];
  private pending: (() => void) | undefined;

  setTimeout = (fn: () => void, ms: number) => {
    this.requested.push(ms);
    this.pending = fn;
    return this.requested.length;
  };

  clearTimeout = () => {
    this.pending = undefined;
  };

  /** True while a timer is set and not cleared. */
  get armed(): boolean {
    return this.pending !== undefined;
  }

  fire(): void {
    const fn = this.pending;
    this.pending = undefined;
    fn?.();
  }
}
