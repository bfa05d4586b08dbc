import type { PublishingRepository, PublishJob } from '../db/publishing-repository.js';
import { formatAdrNumber } from '../domain/adr-number.js';
import { backoffMs, DEFAULT_LEASE_MS, DueWorkLoop, type DueWorkOptions, type Tally } from '../due-work.js';
import { ProviderError } from '../integrations/git-provider.js';
import type { AppEvents } from '../services/app-events.js';
import type { PublishService, SlackFacts } from '../services/publish-service.js';
import { nameResolver } from './uploads.js';
import type { SlackClients } from './workspace-clients.js';

/** The loop's own options (DueWorkOptions) and what running a job needs. */
export interface PublishQueueOptions extends DueWorkOptions {
  store: PublishingRepository;
  publishing: PublishService;
  /** Each workspace's Slack client: the card's permalink and the deciders' names go into the pull request. */
  clients: SlackClients;
  events: AppEvents;
  retryBaseMs: number;
  maxAttempts: number;
  maxDelayMs?: number;
  onFailed?: (job: PublishJob) => void;
}

const OUTCOMES = ['done', 'retried', 'failed'] as const;
type Outcome = (typeof OUTCOMES)[number];
export type PublishRun = Tally<Outcome>;

/**
 * Runs publish jobs like the outbox dispatcher sends messages (a DueWorkLoop: oldest first, one at a time, each job
 * leased, the lease renewed every third of it while the job runs, however long the SDKs' retries and rate-limit
 * waits take); a retryable failure (5xx, timeout, rate limit) waits for the host's Retry-After / reset time or an
 * exponential backoff; a permanent one (401, 403, 404, 422) or the last attempt marks the job failed, shown to the
 * settings admins with *Retry*, and the next job runs.
 */
export class PublishQueue {
  private readonly loop: DueWorkLoop<PublishJob, Outcome>;
  private readonly facts: SlackFacts;

  constructor(private readonly options: PublishQueueOptions) {
    const { store } = options;
    this.loop = new DueWorkLoop(
      {
        name: 'publish jobs',
        outcomes: OUTCOMES,
        batchSize: 20,
        claimDue: (now, leaseUntil, limit, exclude) => store.claimDue(now, leaseUntil, limit, exclude),
        nextDueAt: () => store.nextDueAt(),
        handle: (job, clock) => this.runJob(job, clock),
      },
      options,
    );
    this.facts = slackFacts(options.clients);
    options.events.on('publishQueued', () => this.kick());
  }

  start(): void {
    this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  kick(): void {
    this.loop.kick();
  }

  /** Runs every job due at `now` (default: the clock); tests pass a later time to skip a backoff. */
  runOnce(now?: Date): Promise<PublishRun> {
    return this.loop.runOnce(now);
  }

  private async runJob(job: PublishJob, clock: () => Date): Promise<Outcome> {
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
        const delay =
          failure.retryAfterMs ?? backoffMs(attempts, this.options.retryBaseMs, this.options.maxDelayMs ?? 60 * 60_000);
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
