import type { Logger } from '@slack/logger';
import type { BackgroundTasks } from '../background.js';
import type { PublishingRepository, PublishJob } from '../db/publishing-repository.js';
import { formatAdrNumber } from '../domain/adr-number.js';
import { ProviderError } from '../integrations/git-provider.js';
import type { AppEvents } from '../services/app-events.js';
import type { PublishService, SlackFacts } from '../services/publish-service.js';
import type { Timers } from './outbox/dispatcher.js';
import { nameResolver } from './uploads.js';
import type { SlackClients } from './workspace-clients.js';

/** Renewed every third of it while the job runs, however long the SDKs' retries and rate-limit waits take. */
const DEFAULT_LEASE_MS = 60_000;

export interface PublishQueueOptions {
  store: PublishingRepository;
  publishing: PublishService;
  /** Each workspace's Slack client: the card's permalink and the deciders' names go into the pull request. */
  clients: SlackClients;
  events: AppEvents;
  logger: Logger;
  background: BackgroundTasks;
  now: () => Date;
  retryBaseMs: number;
  maxAttempts: number;
  maxDelayMs?: number;
  idlePollMs?: number;
  /** How long a claimed job stays with this instance before another may run it. */
  leaseMs?: number;
  timers?: Timers;
  onFailed?: (job: PublishJob) => void;
}

export interface PublishRun {
  done: number;
  retried: number;
  failed: number;
}

/**
 * Runs publish jobs like the outbox dispatcher sends messages: oldest first, one at a time; a retryable failure
 * (5xx, timeout, rate limit) waits for the host's Retry-After / reset time or an exponential backoff; a permanent
 * one (401, 403, 404, 422) or the last attempt marks the job failed, shown to the settings admins with *Retry*, and
 * the next job runs. Jobs survive restarts: `start()` resumes what is due.
 */
export class PublishQueue {
  private chain: Promise<unknown> = Promise.resolve();
  private timer: unknown;
  private started = false;
  private kickPending = false;
  private readonly timers: Timers;
  private readonly facts: SlackFacts;

  constructor(private readonly options: PublishQueueOptions) {
    this.timers = options.timers ?? {
      setTimeout: (fn, ms) => {
        const handle = setTimeout(fn, ms);
        handle.unref();
        return handle;
      },
      clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
    };
    this.facts = slackFacts(options.clients);
    options.events.on('publishQueued', () => this.kick());
  }

  start(): void {
    this.started = true;
    this.kick();
  }

  async stop(): Promise<void> {
    this.started = false;
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
    await this.chain;
  }

  kick(): void {
    if (!this.started || this.kickPending) return;
    this.kickPending = true;
    this.options.background.run('publish jobs', async () => {
      // Queued inside a transaction: let it commit first.
      await Promise.resolve();
      this.kickPending = false;
      await this.runOnce();
      await this.schedule();
    });
  }

  /** Runs every job due at `now` (default: the clock); tests pass a later time to skip a backoff. */
  runOnce(now?: Date): Promise<PublishRun> {
    const run = this.chain.then(() => this.drain(now));
    this.chain = run.catch((error: unknown) => this.options.logger.error('Publish run failed', error));
    return run;
  }

  private async schedule(): Promise<void> {
    if (!this.started) return;
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    const idle = this.options.idlePollMs ?? 60_000;
    const next = await this.options.store.nextDueAt();
    const delay = next ? Math.min(idle, Math.max(0, next.getTime() - this.options.now().getTime())) : idle;
    this.timer = this.timers.setTimeout(() => {
      this.timer = undefined;
      if (!this.started) return;
      this.options.background.run('publish jobs', async () => {
        await this.runOnce();
        await this.schedule();
      });
    }, delay);
  }

  private async drain(at: Date | undefined): Promise<PublishRun> {
    const clock = at ? () => at : this.options.now;
    const result: PublishRun = { done: 0, retried: 0, failed: 0 };
    const seen = new Set<number>();
    for (;;) {
      const now = clock();
      const leaseUntil = new Date(now.getTime() + (this.options.leaseMs ?? DEFAULT_LEASE_MS));
      const jobs = await this.options.store.claimDue(now, leaseUntil, 20, [...seen]);
      if (jobs.length === 0) return result;
      for (const job of jobs) {
        seen.add(job.id);
        result[await this.runJob(job, clock)] += 1;
      }
    }
  }

  private async runJob(job: PublishJob, clock: () => Date): Promise<keyof PublishRun> {
    const { store, publishing, logger } = this.options;
    const attempts = job.attempts + 1;
    const label = `Publish job #${job.id} (${formatAdrNumber(job.adrNumber)} ${job.reason}, team ${job.teamId})`;
    const leaseMs = this.options.leaseMs ?? DEFAULT_LEASE_MS;
    // Keeps the claim while the job runs, so no other instance starts it however long the provider makes it wait.
    const renewal = setInterval(() => {
      store
        .extendLease(job.id, new Date(this.options.now().getTime() + leaseMs), this.options.now())
        .catch((error: unknown) => logger.warn(`${label}: could not renew its claim`, error));
    }, leaseMs / 3);
    renewal.unref();
    try {
      const pull = await publishing.run(job, this.facts);
      await publishing.completed(job, pull, attempts);
      logger.info(`${label}: ${pull.url}`);
      return 'done';
    } catch (error) {
      const failure =
        error instanceof ProviderError
          ? error
          : new ProviderError(error instanceof Error ? error.message : String(error), null, true);
      if (failure.retryable && attempts < this.options.maxAttempts) {
        const delay = failure.retryAfterMs ?? this.backoff(attempts);
        await store.retryLater(job.id, attempts, new Date(clock().getTime() + delay), failure.message, clock());
        logger.warn(`${label} attempt ${attempts} failed: ${failure.message}; retrying in ${delay} ms`);
        return 'retried';
      }
      await store.markFailed(job.id, attempts, failure.message, clock());
      logger.error(`${label} failed after ${attempts} attempt(s): ${failure.message}`);
      try {
        this.options.onFailed?.(job);
      } catch (report) {
        logger.warn('Reporting a failed publish job failed', report);
      }
      return 'failed';
    } finally {
      clearInterval(renewal);
    }
  }

  private backoff(attempts: number): number {
    const max = this.options.maxDelayMs ?? 60 * 60_000;
    return Math.min(max, this.options.retryBaseMs * 2 ** (attempts - 1));
  }
}

/** The card's permalink and people's names, asked of each workspace's own client; neither is worth failing for. */
function slackFacts(clients: SlackClients): SlackFacts {
  return {
    async permalink(teamId, card) {
      const client = await clients.clientFor(teamId);
      if (!client) return null;
      try {
        return (await client.chat.getPermalink({ channel: card.channelId, message_ts: card.ts })).permalink ?? null;
      } catch {
        return null;
      }
    },
    async names(teamId, ids) {
      const client = await clients.clientFor(teamId);
      return client ? nameResolver(client)(ids) : (id: string) => id;
    },
  };
}
