import type { OutboxRepository, OutboxRow } from '../../db/outbox-repository.js';
import { backoffMs, DueWorkLoop, type DueWorkOptions, type Tally } from '../../due-work.js';
import type { AppEvents } from '../../services/app-events.js';
import { classifySlackError } from '../slack-errors.js';
import type { SlackClients } from '../workspace-clients.js';
import type { OutboxRenderer } from './render.js';

/** The loop's own options (DueWorkOptions: clock, logger, background tasks, lease, idle poll, timers) and the sending's. */
export interface DispatcherOptions extends DueWorkOptions {
  outbox: OutboxRepository;
  /**
   * Each workspace's client, built to fail fast (no automatic retries, rate-limited calls rejected): the
   * retries are the dispatcher's own.
   */
  clients: SlackClients;
  /** Wakes the loop when something is queued (`queued`). */
  events?: AppEvents;
  render: OutboxRenderer;
  /** First retry delay; each further retry doubles it (5xx, network errors, unknown failures). */
  retryBaseMs: number;
  /** Attempts before a row is marked failed and shown to the settings admins. */
  maxAttempts: number;
  maxDelayMs?: number;
  /** Called once a row has failed for good (after its last attempt, or at once for a permanent error). */
  onFailed?: (row: OutboxRow, error: string) => void;
}

const OUTCOMES = ['sent', 'retried', 'failed', 'skipped', 'deferred'] as const;
type Outcome = (typeof OUTCOMES)[number];
export type DrainResult = Tally<Outcome>;

const NOT_INSTALLED = 'the app is no longer installed in this workspace';

/**
 * Sends the outbox (a DueWorkLoop: oldest first, one at a time, each row leased). Each row is marked sent (with the
 * posted ts) right after Slack answers, so a row is never posted twice by a running app. Transient failures are
 * retried with exponential backoff (or after Slack's Retry-After); after the last attempt the row is marked failed,
 * logged and shown to the settings admins.
 */
export class OutboxDispatcher {
  private readonly loop: DueWorkLoop<OutboxRow, Outcome>;

  constructor(private readonly options: DispatcherOptions) {
    const { outbox } = options;
    this.loop = new DueWorkLoop(
      {
        name: 'outbox dispatch',
        outcomes: OUTCOMES,
        batchSize: 50,
        claimDue: (now, leaseUntil, limit, exclude) => outbox.claimDue(now, leaseUntil, limit, exclude),
        nextDueAt: () => outbox.nextDueAt(),
        handle: (row, clock) => this.deliver(row, clock),
      },
      options,
    );
    options.events?.on('queued', () => this.kick());
  }

  /** Starts sending: what is due now (e.g. left over from before a restart), then whatever comes due. */
  start(): void {
    this.loop.start();
  }

  /** Stops and waits for the run in progress; pending rows stay queued for the next start. */
  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** Something was queued: send soon. */
  kick(): void {
    this.loop.kick();
  }

  /** Sends every row due at `now` (default: the clock) and says what happened. */
  runOnce(now?: Date): Promise<DrainResult> {
    return this.loop.runOnce(now);
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
        const delay =
          verdict.retryAfterMs ?? backoffMs(attempts, this.options.retryBaseMs, this.options.maxDelayMs ?? 30 * 60_000);
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
}
