import { ConsoleLogger, LogLevel } from '@slack/logger';
import { describe, expect, it } from 'vitest';
import { BackgroundTasks } from '../../src/background.js';
import { backoffMs, type DueWork, DueWorkLoop } from '../../src/due-work.js';
import { ManualTimers } from '../support/manual-timers.js';

class CapturingLogger extends ConsoleLogger {
  readonly errors: string[] = [];
  constructor() {
    super();
    this.setLevel(LogLevel.ERROR);
  }
  override error(...messages: unknown[]): void {
    this.errors.push(messages.map(String).join(' '));
  }
}

const T0 = new Date('2026-03-01T12:00:00.000Z');

interface Item {
  id: number;
  dueAt: Date;
  leasedUntil: Date | null;
  outcome: 'done' | 'again';
}

/** Work kept in memory the way the repositories keep it: due rows not under a lease, oldest first. */
class MemoryWork implements DueWork<Item, 'done' | 'again' | 'unused'> {
  readonly name = 'test work';
  readonly outcomes = ['done', 'again', 'unused'] as const;
  readonly batchSize = 2;
  readonly claims: { limit: number; exclude: readonly number[] }[] = [];
  readonly handled: number[] = [];
  failNextClaim = false;
  /** Resolves the handling of an item when the test says so (null: at once). */
  gate: Promise<void> | null = null;

  constructor(readonly items: Item[]) {}

  async claimDue(now: Date, leaseUntil: Date, limit: number, exclude: readonly number[]): Promise<Item[]> {
    if (this.failNextClaim) {
      this.failNextClaim = false;
      throw new Error('database is locked');
    }
    this.claims.push({ limit, exclude: [...exclude] });
    const due = this.items
      .filter((item) => item.dueAt <= now && (item.leasedUntil === null || item.leasedUntil <= now))
      .filter((item) => !exclude.includes(item.id))
      .slice(0, limit);
    for (const item of due) item.leasedUntil = leaseUntil;
    return due;
  }

  async nextDueAt(): Promise<Date | null> {
    const pending = this.items.filter((item) => item.leasedUntil === null).map((item) => item.dueAt.getTime());
    return pending.length > 0 ? new Date(Math.min(...pending)) : null;
  }

  async handle(item: Item): Promise<'done' | 'again'> {
    if (this.gate) await this.gate;
    this.handled.push(item.id);
    if (item.outcome === 'done') this.items.splice(this.items.indexOf(item), 1);
    return item.outcome;
  }
}

function item(id: number, outcome: Item['outcome'] = 'done', dueAt = T0): Item {
  return { id, dueAt, leasedUntil: null, outcome };
}

function loopOf(work: MemoryWork, timers = new ManualTimers()) {
  const logger = new CapturingLogger();
  const background = new BackgroundTasks(logger);
  const loop = new DueWorkLoop(work, {
    background,
    logger,
    now: () => T0,
    leaseMs: 60_000,
    idlePollMs: 30_000,
    timers,
  });
  return { loop, logger, background, timers };
}

describe('DueWorkLoop', () => {
  it('works through every due item in batches, each once, and counts every outcome from 0', async () => {
    // Item 2 stays due after its attempt (a retry due now): the run must not take it again.
    const work = new MemoryWork([item(1), item(2, 'again'), item(3), item(4, 'done', new Date(T0.getTime() + 1))]);
    const { loop } = loopOf(work);
    expect(await loop.runOnce()).toEqual({ done: 2, again: 1, unused: 0 });
    expect(work.handled).toEqual([1, 2, 3]);
    expect(work.claims).toEqual([
      { limit: 2, exclude: [] },
      { limit: 2, exclude: [1, 2] },
      { limit: 2, exclude: [1, 2, 3] },
    ]);
    expect(work.items.find((i) => i.id === 2)?.leasedUntil).toEqual(new Date(T0.getTime() + 60_000));
  });

  it('runs once for several kicks before its run starts, then sleeps until the next item is due', async () => {
    const work = new MemoryWork([item(1), item(2, 'done', new Date(T0.getTime() + 5_000))]);
    const { loop, background, timers } = loopOf(work);
    loop.start();
    loop.kick();
    loop.kick();
    await background.drain();
    expect(work.handled).toEqual([1]);
    // One run: a claim that found item 1, and the one that found nothing left.
    expect(work.claims).toEqual([
      { limit: 2, exclude: [] },
      { limit: 2, exclude: [1] },
    ]);
    expect(timers.requested).toEqual([5_000]);
    await loop.stop();
    expect(timers.armed).toBe(false);
  });

  it('sleeps for the idle poll when nothing waits, and does nothing when kicked before start or after stop', async () => {
    const work = new MemoryWork([]);
    const { loop, background, timers } = loopOf(work);
    loop.kick();
    await background.drain();
    expect(work.claims).toHaveLength(0);
    loop.start();
    await background.drain();
    expect(timers.requested).toEqual([30_000]);
    await loop.stop();
    loop.kick();
    await background.drain();
    expect(work.claims).toHaveLength(1);
  });

  it('stop waits for the item in hand', async () => {
    let open: () => void = () => undefined;
    const work = new MemoryWork([item(1)]);
    work.gate = new Promise((resolve) => {
      open = resolve;
    });
    const { loop, background } = loopOf(work);
    loop.start();
    await new Promise((resolve) => setImmediate(resolve));
    let stopped = false;
    const stopping = loop.stop().then(() => {
      stopped = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(stopped).toBe(false);
    open();
    await stopping;
    expect(work.handled).toEqual([1]);
    await background.drain();
  });

  it('logs a run that failed once, and the next run goes ahead', async () => {
    const work = new MemoryWork([item(1)]);
    const { loop, logger } = loopOf(work);
    work.failNextClaim = true;
    await expect(loop.runOnce()).rejects.toThrow('database is locked');
    expect(await loop.runOnce()).toEqual({ done: 1, again: 0, unused: 0 });
    expect(logger.errors).toHaveLength(1);
    expect(logger.errors[0]).toContain('Run of test work failed');
  });
});

describe('backoffMs', () => {
  it('doubles from the base for each further attempt, up to the maximum', () => {
    expect([1, 2, 3, 4, 5].map((attempts) => backoffMs(attempts, 1_000, 10_000))).toEqual([
      1_000, 2_000, 4_000, 8_000, 10_000,
    ]);
  });
});
