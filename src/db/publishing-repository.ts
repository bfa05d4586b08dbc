import type { MarkdownProfile } from '../domain/markdown/conventions.js';
import type { ProviderKind, PullRequest, PullRequestState } from '../integrations/git-provider.js';
import type { Db } from './open.js';

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
  private readonly s;

  constructor(db: Db) {
    this.s = {
      getSettings: db.prepare('SELECT * FROM repository_settings WHERE team_id = ?'),
      sealedTokens: db.prepare('SELECT team_id, token_sealed FROM repository_settings ORDER BY team_id'),
      reseal: db.prepare('UPDATE repository_settings SET token_sealed = ? WHERE team_id = ? AND token_sealed = ?'),
      saveSettings: db.prepare(`INSERT INTO repository_settings
        (team_id, provider, repository, base_branch, folder, profile, api_url, token_sealed, updated_by, updated_at)
        VALUES (@teamId, @provider, @repository, @baseBranch, @folder, @profile, @apiUrl, @tokenSealed, @updatedBy,
          @updatedAt)
        ON CONFLICT (team_id) DO UPDATE SET provider = excluded.provider, repository = excluded.repository,
          base_branch = excluded.base_branch, folder = excluded.folder, profile = excluded.profile,
          api_url = excluded.api_url, token_sealed = excluded.token_sealed, updated_by = excluded.updated_by,
          updated_at = excluded.updated_at`),
      insertJob: db.prepare(`INSERT OR IGNORE INTO publish_jobs
        (team_id, adr_number, reason, adr_numbers_json, branch, actor_id, next_attempt_at, created_at, updated_at)
        VALUES (@teamId, @adrNumber, @reason, @adrNumbersJson, @branch, @actorId, @now, @now, @now)`),
      find: db.prepare('SELECT * FROM publish_jobs WHERE id = ?'),
      claimDue: db.prepare(`UPDATE publish_jobs SET next_attempt_at = @leaseUntil, updated_at = @now
        WHERE id IN (SELECT id FROM publish_jobs WHERE status = 'pending' AND next_attempt_at <= @now
          AND id NOT IN (SELECT value FROM json_each(@exclude)) ORDER BY id LIMIT @limit)
        RETURNING *`),
      nextDue: db.prepare("SELECT MIN(next_attempt_at) FROM publish_jobs WHERE status = 'pending'").pluck(),
      extendLease: db.prepare(`UPDATE publish_jobs SET next_attempt_at = ?, updated_at = ?
        WHERE id = ? AND status = 'pending'`),
      retryLater: db.prepare(`UPDATE publish_jobs SET attempts = ?, next_attempt_at = ?, last_error = ?,
        updated_at = ? WHERE id = ?`),
      failed: db.prepare(`UPDATE publish_jobs SET status = 'failed', attempts = ?, last_error = ?, updated_at = ?
        WHERE id = ?`),
      done: db.prepare(`UPDATE publish_jobs SET status = 'done', attempts = ?, last_error = NULL, pr_number = ?,
        pr_url = ?, pr_state = ?, pr_checked_at = ?, updated_at = ? WHERE id = ?`),
      state: db.prepare('UPDATE publish_jobs SET pr_state = ?, pr_checked_at = ?, updated_at = ? WHERE id = ?'),
      listFailed: db.prepare(`SELECT * FROM publish_jobs WHERE team_id = ? AND status = 'failed'
        ORDER BY id DESC LIMIT ?`),
      retry: db.prepare(`UPDATE publish_jobs SET status = 'pending', attempts = 0, next_attempt_at = ?,
        updated_at = ? WHERE id = ? AND team_id = ? AND status = 'failed'`),
      ofAdr: db.prepare(`SELECT * FROM publish_jobs WHERE team_id = ? AND status = 'done'
        AND EXISTS (SELECT 1 FROM json_each(adr_numbers_json) WHERE value = ?) ORDER BY id DESC LIMIT 1`),
      openOf: db.prepare(`SELECT * FROM publish_jobs WHERE team_id = ? AND adr_number = ? AND pr_state = 'open'`),
      stale: db.prepare(`SELECT * FROM publish_jobs WHERE pr_state = 'open' AND pr_checked_at <= ?
        ORDER BY pr_checked_at LIMIT ?`),
      recordFile: db.prepare(`INSERT OR IGNORE INTO published_files (team_id, repository, path, blob_sha, written_at)
        VALUES (?, ?, ?, ?, ?)`),
      wrote: db
        .prepare('SELECT 1 FROM published_files WHERE team_id = ? AND repository = ? AND path = ? AND blob_sha = ?')
        .pluck(),
    };
  }

  settings(teamId: string): StoredRepositorySettings | null {
    const row = this.s.getSettings.get(teamId) as SettingsRow | undefined;
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

  saveSettings(settings: StoredRepositorySettings): void {
    this.s.saveSettings.run(settings);
  }

  /** Every workspace's sealed token, for re-sealing with a new key. */
  sealedTokens(): { teamId: string; tokenSealed: string }[] {
    return (this.s.sealedTokens.all() as { team_id: string; token_sealed: string }[]).map((row) => ({
      teamId: row.team_id,
      tokenSealed: row.token_sealed,
    }));
  }

  /** Replaces a sealed token, unless it changed meanwhile. */
  reseal(teamId: string, from: string, to: string): void {
    this.s.reseal.run(to, teamId, from);
  }

  /** Queues a job; a second job for the same branch (the same change) is ignored. */
  enqueue(job: NewPublishJob, now: Date): boolean {
    const { adrNumbers, ...rest } = job;
    return (
      this.s.insertJob.run({ ...rest, adrNumbersJson: JSON.stringify(adrNumbers), now: now.toISOString() }).changes > 0
    );
  }

  find(id: number): PublishJob | null {
    const row = this.s.find.get(id) as JobRow | undefined;
    return row ? toJob(row) : null;
  }

  /**
   * Claims pending jobs due at `now` for one runner, oldest first, until `leaseUntil` (as OutboxRepository.claimDue):
   * two instances never run one job at once; a runner that died leaves its jobs to be claimed when the lease ends.
   */
  claimDue(now: Date, leaseUntil: Date, limit = 20, exclude: readonly number[] = []): PublishJob[] {
    const rows = this.s.claimDue.all({
      now: now.toISOString(),
      leaseUntil: leaseUntil.toISOString(),
      limit,
      exclude: JSON.stringify(exclude),
    }) as JobRow[];
    return rows.sort((a, b) => a.id - b.id).map(toJob);
  }

  nextDueAt(): Date | null {
    const value = this.s.nextDue.get() as string | null;
    return value ? new Date(value) : null;
  }

  /** Keeps a running job's claim until `leaseUntil`. */
  extendLease(id: number, leaseUntil: Date, now: Date): void {
    this.s.extendLease.run(leaseUntil.toISOString(), now.toISOString(), id);
  }

  retryLater(id: number, attempts: number, at: Date, error: string, now: Date): void {
    this.s.retryLater.run(attempts, at.toISOString(), error, now.toISOString(), id);
  }

  markFailed(id: number, attempts: number, error: string, now: Date): void {
    this.s.failed.run(attempts, error, now.toISOString(), id);
  }

  markDone(id: number, attempts: number, pull: PullRequest, now: Date): void {
    const at = now.toISOString();
    this.s.done.run(attempts, pull.number, pull.url, pull.state, at, at, id);
  }

  setState(id: number, state: PullRequestState, now: Date): void {
    this.s.state.run(state, now.toISOString(), now.toISOString(), id);
  }

  failedJobs(teamId: string, limit = 10): PublishJob[] {
    return (this.s.listFailed.all(teamId, limit) as JobRow[]).map(toJob);
  }

  retry(teamId: string, id: number, now: Date): boolean {
    return this.s.retry.run(now.toISOString(), now.toISOString(), id, teamId).changes > 0;
  }

  /** The latest pull request that changed this ADR's file. */
  latestFor(teamId: string, adrNumber: number): PublishJob | null {
    const row = this.s.ofAdr.get(teamId, adrNumber) as JobRow | undefined;
    return row ? toJob(row) : null;
  }

  openFor(teamId: string, adrNumber: number): PublishJob[] {
    return (this.s.openOf.all(teamId, adrNumber) as JobRow[]).map(toJob);
  }

  /** Open pull requests not looked at since `before`, oldest look first. */
  staleOpen(before: Date, limit = 50): PublishJob[] {
    return (this.s.stale.all(before.toISOString(), limit) as JobRow[]).map(toJob);
  }

  recordWritten(teamId: string, repository: string, path: string, blobSha: string, now: Date): void {
    this.s.recordFile.run(teamId, repository, path, blobSha, now.toISOString());
  }

  wrote(teamId: string, repository: string, path: string, blobSha: string): boolean {
    return this.s.wrote.get(teamId, repository, path, blobSha) !== undefined;
  }
}

/** Publish jobs by status: the pull-request backlog `/healthz` and `/metrics` report. */
export function publishJobState(db: Db): Record<PublishStatus, number> {
  const state: Record<PublishStatus, number> = { pending: 0, done: 0, failed: 0 };
  const rows = db.prepare('SELECT status, COUNT(*) AS n FROM publish_jobs GROUP BY status').all() as {
    status: PublishStatus;
    n: number;
  }[];
  for (const row of rows) state[row.status] = row.n;
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
