import { sql } from 'kysely';
import type { MarkdownProfile } from '../domain/markdown/conventions.js';
import type { ProviderKind, PullRequest, PullRequestState } from '../integrations/git-provider.js';
import { failedRows, finish, nextDueAt, renewLease, requeueFailed, retryLater } from './leased-rows.js';
import type { DataStore } from './store.js';

/** A workspace's repository setting, with its token still sealed. */
export interface StoredRepositorySettings {
  teamId: string;
  provider: ProviderKind;
  repository: string;
  baseBranch: string;
  folder: string;
  profile: MarkdownProfile;
  apiUrl: string | null;
  tokenSealed: string;
  updatedBy: string;
  updatedAt: string;
}

export type PublishReason = 'accepted' | 'superseded' | 'deprecated';
export type PublishStatus = 'pending' | 'done' | 'failed';

export interface PublishJob {
  id: number;
  teamId: string;
  adrNumber: number;
  reason: PublishReason;
  adrNumbers: number[];
  branch: string;
  actorId: string;
  status: PublishStatus;
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  pullRequest: PullRequest | null;
  createdAt: string;
  updatedAt: string;
}

export interface NewPublishJob {
  teamId: string;
  adrNumber: number;
  reason: PublishReason;
  adrNumbers: number[];
  branch: string;
  actorId: string;
}

interface JobRow {
  id: number;
  team_id: string;
  adr_number: number;
  reason: PublishReason;
  adr_numbers_json: string;
  branch: string;
  actor_id: string;
  status: PublishStatus;
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  pr_number: number | null;
  pr_url: string | null;
  pr_state: PullRequestState | null;
  created_at: string;
  updated_at: string;
}

interface SettingsRow {
  team_id: string;
  provider: ProviderKind;
  repository: string;
  base_branch: string;
  folder: string;
  profile: MarkdownProfile;
  api_url: string | null;
  token_sealed: string;
  updated_by: string;
  updated_at: string;
}

/**
 * The repository a workspace publishes to, the publish jobs (a queue like the outbox: written in the status
 * change's transaction, leaving `pending` when the pull request is open or the job failed for good), and the
 * versions of each file the app wrote.
 */
export class PublishingRepository {
  constructor(private readonly store: DataStore) {}

  private get db() {
    return this.store.query();
  }

  async settings(teamId: string): Promise<StoredRepositorySettings | null> {
    const row = (await this.db
      .selectFrom('repository_settings')
      .selectAll()
      .where('team_id', '=', teamId)
      .executeTakeFirst()) as SettingsRow | undefined;
    if (!row) return null;
    return {
      teamId: row.team_id,
      provider: row.provider,
      repository: row.repository,
      baseBranch: row.base_branch,
      folder: row.folder,
      profile: row.profile,
      apiUrl: row.api_url,
      tokenSealed: row.token_sealed,
      updatedBy: row.updated_by,
      updatedAt: row.updated_at,
    };
  }

  async saveSettings(settings: StoredRepositorySettings): Promise<void> {
    await this.db
      .insertInto('repository_settings')
      .values({
        team_id: settings.teamId,
        provider: settings.provider,
        repository: settings.repository,
        base_branch: settings.baseBranch,
        folder: settings.folder,
        profile: settings.profile,
        api_url: settings.apiUrl,
        token_sealed: settings.tokenSealed,
        updated_by: settings.updatedBy,
        updated_at: settings.updatedAt,
      })
      .onConflict((conflict) =>
        conflict.column('team_id').doUpdateSet((eb) => ({
          provider: eb.ref('excluded.provider'),
          repository: eb.ref('excluded.repository'),
          base_branch: eb.ref('excluded.base_branch'),
          folder: eb.ref('excluded.folder'),
          profile: eb.ref('excluded.profile'),
          api_url: eb.ref('excluded.api_url'),
          token_sealed: eb.ref('excluded.token_sealed'),
          updated_by: eb.ref('excluded.updated_by'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
  }

  /** Every workspace's sealed token, for re-sealing with a new key. */
  async sealedTokens(): Promise<{ teamId: string; tokenSealed: string }[]> {
    const rows = await this.db
      .selectFrom('repository_settings')
      .select(['team_id', 'token_sealed'])
      .orderBy('team_id')
      .execute();
    return rows.map((row) => ({ teamId: row.team_id, tokenSealed: row.token_sealed }));
  }

  /** Replaces a sealed token, unless it changed meanwhile. */
  async reseal(teamId: string, from: string, to: string): Promise<void> {
    await this.db
      .updateTable('repository_settings')
      .set({ token_sealed: to })
      .where('team_id', '=', teamId)
      .where('token_sealed', '=', from)
      .execute();
  }

  /** Queues a job; a second job for the same branch (the same change) is ignored. */
  async enqueue(job: NewPublishJob, now: Date): Promise<boolean> {
    const at = now.toISOString();
    const result = await this.db
      .insertInto('publish_jobs')
      .values({
        team_id: job.teamId,
        adr_number: job.adrNumber,
        reason: job.reason,
        adr_numbers_json: JSON.stringify(job.adrNumbers),
        branch: job.branch,
        actor_id: job.actorId,
        next_attempt_at: at,
        created_at: at,
        updated_at: at,
      })
      .onConflict((conflict) => conflict.doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
  }

  async find(id: number): Promise<PublishJob | null> {
    const row = await this.db.selectFrom('publish_jobs').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toJob(row as JobRow) : null;
  }

  /**
   * Claims pending jobs due at `now` for one runner, oldest first, until `leaseUntil` (Locking.claimDue, as the outbox):
   * two instances never run one job at once; a runner that died leaves its jobs to be claimed when the lease ends.
   * PostgreSQL: FOR UPDATE SKIP LOCKED, so runners of several instances claim disjoint jobs without waiting.
   */
  async claimDue(now: Date, leaseUntil: Date, limit = 20, exclude: readonly number[] = []): Promise<PublishJob[]> {
    const rows = await this.store.locking.claimDue('publish_jobs', { now, leaseUntil, limit, exclude });
    return (rows as JobRow[]).map(toJob);
  }

  /** Keeps a running job's claim until `leaseUntil`. */
  async extendLease(id: number, leaseUntil: Date, now: Date): Promise<void> {
    await renewLease(this.db, 'publish_jobs', id, { now, leaseUntil });
  }

  async nextDueAt(): Promise<Date | null> {
    return await nextDueAt(this.db, 'publish_jobs');
  }

  async retryLater(id: number, attempts: number, at: Date, error: string, now: Date): Promise<void> {
    await retryLater(this.db, 'publish_jobs', id, { attempts, at, error, now });
  }

  async markFailed(id: number, attempts: number, error: string, now: Date): Promise<void> {
    await finish(this.db, 'publish_jobs', id, { status: 'failed', attempts, error, now });
  }

  async markDone(id: number, attempts: number, pull: PullRequest, now: Date): Promise<void> {
    const at = now.toISOString();
    await this.db
      .updateTable('publish_jobs')
      .set({
        status: 'done',
        attempts,
        last_error: null,
        pr_number: pull.number,
        pr_url: pull.url,
        pr_state: pull.state,
        pr_checked_at: at,
        updated_at: at,
      })
      .where('id', '=', id)
      .execute();
  }

  async setState(id: number, state: PullRequestState, now: Date): Promise<void> {
    const at = now.toISOString();
    await this.db
      .updateTable('publish_jobs')
      .set({ pr_state: state, pr_checked_at: at, updated_at: at })
      .where('id', '=', id)
      .execute();
  }

  /** The workspace's failed jobs, newest first (shown to the settings admins with *Retry*). */
  async failedJobs(teamId: string, limit = 10): Promise<PublishJob[]> {
    return (await failedRows(this.db, 'publish_jobs', teamId, limit)).map((row) => toJob(row as JobRow));
  }

  async retry(teamId: string, id: number, now: Date): Promise<boolean> {
    return await requeueFailed(this.db, 'publish_jobs', teamId, id, now);
  }

  /** The latest pull request that changed this ADR's file. */
  async latestFor(teamId: string, adrNumber: number): Promise<PublishJob | null> {
    // The job's ADR numbers are a JSON array of integers: each engine looks inside it its own way.
    const holds =
      this.store.engine === 'postgres'
        ? sql<boolean>`adr_numbers_json::jsonb @> jsonb_build_array(${adrNumber}::integer)`
        : sql<boolean>`EXISTS (SELECT 1 FROM json_each(adr_numbers_json) WHERE value = ${adrNumber})`;
    const row = await this.db
      .selectFrom('publish_jobs')
      .selectAll()
      .where('team_id', '=', teamId)
      .where('status', '=', 'done')
      .where(holds)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row ? toJob(row as JobRow) : null;
  }

  async openFor(teamId: string, adrNumber: number): Promise<PublishJob[]> {
    const rows = await this.db
      .selectFrom('publish_jobs')
      .selectAll()
      .where('team_id', '=', teamId)
      .where('adr_number', '=', adrNumber)
      .where('pr_state', '=', 'open')
      .execute();
    return (rows as JobRow[]).map(toJob);
  }

  /** Open pull requests not looked at since `before`, oldest look first. */
  async staleOpen(before: Date, limit = 50): Promise<PublishJob[]> {
    const rows = await this.db
      .selectFrom('publish_jobs')
      .selectAll()
      .where('pr_state', '=', 'open')
      .where('pr_checked_at', '<=', before.toISOString())
      .orderBy('pr_checked_at')
      .limit(limit)
      .execute();
    return (rows as JobRow[]).map(toJob);
  }

  async recordWritten(teamId: string, repository: string, path: string, blobSha: string, now: Date): Promise<void> {
    await this.db
      .insertInto('published_files')
      .values({ team_id: teamId, repository, path, blob_sha: blobSha, written_at: now.toISOString() })
      .onConflict((conflict) => conflict.doNothing())
      .execute();
  }

  async wrote(teamId: string, repository: string, path: string, blobSha: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('published_files')
      .select('blob_sha')
      .where('team_id', '=', teamId)
      .where('repository', '=', repository)
      .where('path', '=', path)
      .where('blob_sha', '=', blobSha)
      .executeTakeFirst();
    return row !== undefined;
  }
}

/** Publish jobs by status: the pull-request backlog `/healthz` and `/metrics` report. */
export async function publishJobState(store: DataStore): Promise<Record<PublishStatus, number>> {
  const state: Record<PublishStatus, number> = { pending: 0, done: 0, failed: 0 };
  const rows = await store
    .query()
    .selectFrom('publish_jobs')
    .select((eb) => ['status', eb.fn.countAll<number>().as('n')])
    .groupBy('status')
    .execute();
  for (const row of rows) state[row.status as PublishStatus] = Number(row.n);
  return state;
}

function toJob(row: JobRow): PublishJob {
  let adrNumbers: number[] = [row.adr_number];
  try {
    const parsed: unknown = JSON.parse(row.adr_numbers_json);
    if (Array.isArray(parsed)) adrNumbers = parsed.filter((n): n is number => Number.isInteger(n));
  } catch {
    // A damaged list publishes the job's own ADR.
  }
  return {
    id: row.id,
    teamId: row.team_id,
    adrNumber: row.adr_number,
    reason: row.reason,
    adrNumbers,
    branch: row.branch,
    actorId: row.actor_id,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error,
    pullRequest:
      row.pr_number !== null && row.pr_url !== null
        ? { number: row.pr_number, url: row.pr_url, state: row.pr_state ?? 'open' }
        : null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
