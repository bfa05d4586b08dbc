import type { Logger } from '@slack/logger';
import type { BackgroundTasks } from './background.js';

export interface Timers {
  setTimeout: (fn: () => void, ms: number) => unknown;
  clearTimeout: (handle: unknown) => void;
}

/** Node's timers, unref'd: a loop waiting for work never keeps the process alive. */
const NODE_TIMERS: Timers = {
  setTimeout: (fn, ms) => {
    const handle = setTimeout(fn, ms);
    handle.unref();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** Longer than one item takes (a render and a Slack call; a publish job renews its own). */
export const DEFAULT_LEASE_MS = 60_000;

/** How many of each outcome a run had. */
export type Tally<Outcome extends string> = Record<Outcome, number>;

/** Stored work with a due time and a lease: the outbox's rows, the publish jobs. */
export interface DueWork<Item extends { id: number }, Outcome extends string> {
  /** In background task names and the log line of a run that failed: 'outbox dispatch', 'publish jobs'. */
  name: string;
  /** Every outcome `handle` may give, each counted from 0 in a run's tally. */
  outcomes: readonly Outcome[];
  /** Items claimed at most per query. */
  batchSize: number;
  /** Items due at `now` and not leased, oldest first, now leased to this instance until `leaseUntil`. */
  claimDue(now: Date, leaseUntil: Date, limit: number, exclude: readonly number[]): Promise<Item[]>;
  /** When the next item comes due, or null when none waits. */
  nextDueAt(): Promise<Date | null>;
  /** Does one claimed item and stores what came of it (sent, retried later, failed). */
  handle(item: Item, clock: () => Date): Promise<Outcome>;
}

export interface DueWorkOptions {
  background: BackgroundTasks;
  logger: Logger;
  now: () => Date;
  /** How long a claimed item stays with this instance before another may take it. */
  leaseMs?: number;
  /** How long the loop sleeps when nothing is due (it is also woken by `kick`). */
  idlePollMs?: number;
  timers?: Timers;
}

/**
 * The loop of the outbox dispatcher and the publish queue: items go oldest first, one at a time, each claimed for
 * a lease (Locking.claimDue), so a loop of another instance skips it and one this instance dies holding comes due
 * again when the lease ends. `kick` runs it soon; otherwise it sleeps until the next item is due. Items survive a
 * restart: `start()` does whatever is due at once. Runs never overlap.
 *
 * Tests drive it without timers: `runOnce(now)` does what is due at `now` and resolves when done.
 */
export class DueWorkLoop<Item extends { id: number }, Outcome extends string> {
  private chain: Promise<unknown> = Promise.resolve();
  private timer: unknown;
  private started = false;
  private kickPending = false;
  private readonly timers: Timers;

  constructor(
    private readonly work: DueWork<Item, Outcome>,
    private readonly options: DueWorkOptions,
  ) {
    this.timers = options.timers ?? NODE_TIMERS;
  }

  /** Starts the loop: does what is due now (e.g. left over from before a restart), then keeps watching. */
  start(): void {
    this.started = true;
    this.kick();
  }

  /** Stops the loop and waits for the run in progress; what is pending stays stored for the next start. */
  async stop(): Promise<void> {
    this.started = false;
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
    await this.chain;
  }

  /** Something was queued: run soon. Several kicks before the run starts make one run. */
  kick(): void {
    if (!this.started || this.kickPending) return;
    this.kickPending = true;
    this.options.background.run(this.work.name, async () => {
      // Queued inside a transaction: let it commit before reading.
      await Promise.resolve();
      this.kickPending = false;
      await this.runOnce();
      await this.schedule();
    });
  }

  /** Does every item due at `now` (default: the clock), one run at a time, and counts the outcomes. */
  runOnce(now?: Date): Promise<Tally<Outcome>> {
    const run = this.chain.then(() => this.drain(now));
    this.chain = run.catch((error: unknown) => this.options.logger.error(`Run of ${this.work.name} failed`, error));
    return run;
  }

  private async schedule(): Promise<void> {
    if (!this.started) return;
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    const idle = this.options.idlePollMs ?? 60_000;
    const next = await this.work.nextDueAt();
    const delay = next ? Math.min(idle, Math.max(0, next.getTime() - this.options.now().getTime())) : idle;
    this.timer = this.timers.setTimeout(() => {
      this.timer = undefined;
      if (!this.started) return;
      this.options.background.run(this.work.name, async () => {
        await this.runOnce();
        await this.schedule();
      });
    }, delay);
  }

  private async drain(at: Date | undefined): Promise<Tally<Outcome>> {
    const clock = at ? () => at : this.options.now;
    const tally = Object.fromEntries(this.work.outcomes.map((outcome) => [outcome, 0])) as Tally<Outcome>;
    const seen = new Set<number>();
    for (;;) {
      const now = clock();
      const leaseUntil = new Date(now.getTime() + (this.options.leaseMs ?? DEFAULT_LEASE_MS));
      const items = await this.work.claimDue(now, leaseUntil, this.work.batchSize, [...seen]);
      if (items.length === 0) return tally;
      for (const item of items) {
        seen.add(item.id);
        tally[await this.work.handle(item, clock)] += 1;
      }
    }
  }
}

/** The wait before another attempt: `baseMs`, doubled for each further attempt, at most `maxMs`. */
export function backoffMs(attempts: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** (attempts - 1));
}
