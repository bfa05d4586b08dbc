import type { Logger } from '@slack/logger';
import type { BackgroundTasks } from '../../background.js';
import type { OutboxRepository, OutboxRow } from '../../db/outbox-repository.js';
import type { AppEvents } from '../../services/app-events.js';
import { classifySlackError } from '../slack-errors.js';
import type { SlackClients } from '../workspace-clients.js';
import type { OutboxRenderer } from './render.js';

export interface Timers {
  setTimeout: (fn: () => void, ms: number) => unknown;
  clearTimeout: (handle: unknown) => void;
}

/** Longer than rendering plus one Slack call (the clients time out after 15 s and never retry by themselves). */
const DEFAULT_LEASE_MS = 60_000;

export interface DispatcherOptions {
  outbox: OutboxRepository;
  /**
   * Each workspace's client, built to fail fast (no automatic retries, rate-limited calls rejected): the
   * retries are the dispatcher's own.
   */
  clients: SlackClients;
  /** Wakes the loop when something is queued (`queued`). */
  events?: AppEvents;
  render: OutboxRenderer;
  logger: Logger;
  background: BackgroundTasks;
  now: () => Date;
  /** First retry delay; each further retry doubles it (5xx, network errors, unknown failures). */
  retryBaseMs: number;
  /** Attempts before a row is marked failed and shown to the settings admins. */
  maxAttempts: number;
  maxDelayMs?: number;
  /** How long the loop sleeps when nothing is due (it is also woken by `kick`). */
  idlePollMs?: number;
  /** How long a claimed row stays with this dispatcher before another instance may send it. */
  leaseMs?: number;
  timers?: Timers;
  /** Called once a row has failed for good (after its last attempt, or at once for a permanent error). */
  onFailed?: (row: OutboxRow, error: string) => void;
}

export interface DrainResult {
  sent: number;
  retried: number;
  failed: number;
  skipped: number;
  deferred: number;
}

type Outcome = keyof DrainResult;

const NOT_INSTALLED = 'the app is no longer installed in this workspace';

/**
 * Sends the outbox. Rows go out oldest first, one at a time; each is marked sent (with the posted ts) right after
 * Slack answers, so a row is never posted twice by a running app. Transient failures are retried with exponential
 * backoff (or after Slack's Retry-After); after the last attempt the row is marked failed, logged and shown to the
 * settings admins. Pending rows survive a restart: `start()` sends whatever is due at once.
 *
 * Tests drive it without timers: `runOnce(now)` sends what is due at `now` and resolves when done.
 */
export class OutboxDispatcher {
  private chain: Promise<unknown> = Promise.resolve();
  private timer: unknown;
  private started = false;
  private kickPending = false;
  private readonly timers: Timers;

  constructor(private readonly options: DispatcherOptions) {
    this.timers = options.timers ?? {
      setTimeout: (fn, ms) => {
        const handle = setTimeout(fn, ms);
        handle.unref();
        return handle;
      },
      clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
    };
    options.events?.on('queued', () => this.kick());
  }

  /** Starts the loop: sends what is due now (e.g. left over from before a restart), then keeps watching. */
  start(): void {
    this.started = true;
    this.kick();
  }

  /** Stops the loop and waits for the run in progress; pending rows stay queued for the next start. */
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
    this.options.background.run('outbox dispatch', async () => {
      // Queued inside a transaction: let it commit before reading the outbox.
      await Promise.resolve();
      this.kickPending = false;
      await this.runOnce();
      await this.schedule();
    });
  }

  /** Sends every row due at `now` (default: the clock), one run at a time, and says what happened. */
  runOnce(now?: Date): Promise<DrainResult> {
    const run = this.chain.then(() => this.drain(now));
    this.chain = run.catch((error: unknown) => this.options.logger.error('Outbox run failed', error));
    return run;
  }

  private async schedule(): Promise<void> {
    if (!this.started) return;
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    const idle = this.options.idlePollMs ?? 60_000;
    const next = await this.options.outbox.nextDueAt();
    const delay = next ? Math.min(idle, Math.max(0, next.getTime() - this.options.now().getTime())) : idle;
    this.timer = this.timers.setTimeout(() => {
      this.timer = undefined;
      if (!this.started) return;
      this.options.background.run('outbox dispatch', async () => {
        await this.runOnce();
        await this.schedule();
      });
    }, delay);
  }

  private async drain(at: Date | undefined): Promise<DrainResult> {
    const clock = at ? () => at : this.options.now;
    const result: DrainResult = { sent: 0, retried: 0, failed: 0, skipped: 0, deferred: 0 };
    const seen = new Set<number>();
    for (;;) {
      // Claimed for a lease (Locking.claimDue): a dispatcher of another instance skips these rows, and one
      // this instance dies holding come due again when the lease ends.
      const now = clock();
      const leaseUntil = new Date(now.getTime() + (this.options.leaseMs ?? DEFAULT_LEASE_MS));
      const rows = await this.options.outbox.claimDue(now, leaseUntil, 50, [...seen]);
      if (rows.length === 0) return result;
      for (const row of rows) {
        seen.add(row.id);
        result[await this.deliver(row, clock)] += 1;
      }
    }
  }

  private async deliver(row: OutboxRow, clock: () => Date): Promise<Outcome> {
    const { outbox, clients, logger } = this.options;
    const attempts = row.attempts + 1;
    let delivery: Awaited<ReturnType<OutboxRenderer>>;
    try {
      delivery = await this.options.render(row, clock());
    } catch (error) {
      return this.fail(
        row,
        attempts,
        `could not render: ${error instanceof Error ? error.message : String(error)}`,
        clock,
      );
    }
    if (delivery.kind === 'skip') {
      await outbox.markSkipped(row.id, row.attempts, delivery.reason, clock());
      return 'skipped';
    }
    if (delivery.kind === 'defer') {
      const until = new Date(Math.max(delivery.until.getTime(), clock().getTime()));
      await outbox.retryLater(row.id, row.attempts, until, 'waiting for an earlier message', clock());
      return 'deferred';
    }
    const client = await clients.clientFor(row.teamId);
    if (!client) {
      await outbox.markSkipped(row.id, row.attempts, NOT_INSTALLED, clock());
      logger.info(`Outbox #${row.id} (${row.kind}) skipped: ${NOT_INSTALLED} (${row.teamId})`);
      return 'skipped';
    }
    try {
      const { text, blocks } = delivery.message;
      const answer =
        delivery.kind === 'post'
          ? await client.chat.postMessage({
              channel: delivery.channel,
              text,
              blocks,
              ...(delivery.threadTs ? { thread_ts: delivery.threadTs } : {}),
              unfurl_links: false,
              unfurl_media: false,
            })
          : await client.chat.update({ channel: delivery.channel, ts: delivery.ts, text, blocks });
      const ts = answer.ts ?? (delivery.kind === 'update' ? delivery.ts : '');
      await outbox.markSent(row.id, attempts, { channelId: answer.channel ?? delivery.channel, ts }, clock());
      return 'sent';
    } catch (error) {
      const verdict = classifySlackError(error);
      if (verdict.workspaceGone) {
        clients.forget(row.teamId);
        const reason = `${NOT_INSTALLED} (Slack answered ${verdict.message})`;
        await outbox.markSkipped(row.id, attempts, reason, clock());
        logger.warn(`Outbox #${row.id} (${row.kind}) skipped: ${reason} (${row.teamId})`);
        return 'skipped';
      }
      if (verdict.gone) {
        await outbox.markSkipped(row.id, attempts, `the message to update is gone (${verdict.message})`, clock());
        logger.warn(`Outbox #${row.id} (${row.kind}): ${verdict.message}; nothing to update`);
        return 'skipped';
      }
      if (verdict.retryable && attempts < this.options.maxAttempts) {
        const delay = verdict.retryAfterMs ?? this.backoff(attempts);
        await outbox.retryLater(row.id, attempts, new Date(clock().getTime() + delay), verdict.message, clock());
        logger.warn(
          `Outbox #${row.id} (${row.kind}) attempt ${attempts} failed: ${verdict.message}; retrying in ${delay} ms`,
        );
        return 'retried';
      }
      return this.fail(row, attempts, verdict.message, clock);
    }
  }

  private async fail(row: OutboxRow, attempts: number, message: string, clock: () => Date): Promise<Outcome> {
    await this.options.outbox.markFailed(row.id, attempts, message, clock());
    this.options.logger.error(
      `Notification #${row.id} (${row.kind}${row.adrNumber === null ? '' : ` of ADR ${row.adrNumber}`}, team ${row.teamId}) failed after ${attempts} attempt(s): ${message}`,
    );
    try {
      this.options.onFailed?.(row, message);
    } catch (error) {
      this.options.logger.warn('Reporting a failed notification failed', error);
    }
    return 'failed';
  }

  private backoff(attempts: number): number {
    const max = this.options.maxDelayMs ?? 30 * 60_000;
    return Math.min(max, this.options.retryBaseMs * 2 ** (attempts - 1));
  }
}
