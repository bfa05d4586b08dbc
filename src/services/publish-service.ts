import type { AdrRepository, StoredAdr } from '../db/adr-repository.js';
import type { ApprovalRepository } from '../db/approval-repository.js';
import type { PublishingRepository, PublishJob, PublishReason } from '../db/publishing-repository.js';
import { formatAdrNumber } from '../domain/adr-number.js';
import { branchName, commitMessage, gitBlobSha, pullRequestBody, pullRequestTitle } from '../domain/publishing.js';
import { isGitLab, ProviderError, type PullRequest } from '../integrations/git-provider.js';
import type { AppEvents } from './app-events.js';
import type { StatusChangeEvent } from './decision-service.js';
import type { ExportService } from './export-service.js';
import type { NotificationService } from './notification-service.js';
import type { RepositoryService } from './repository-service.js';

/** What only Slack knows, asked for by the job runner with the workspace's own client. */
export interface SlackFacts {
  permalink(teamId: string, card: { channelId: string; ts: string }): Promise<string | null>;
  names(teamId: string, ids: string[]): Promise<(id: string) => string>;
}

/** The pull request an ADR's file was last published in, as the card and `/adr show` show it. */
export interface Publication {
  url: string;
  number: number;
  state: PullRequest['state'];
  /** "pull request" on GitHub, "merge request" on GitLab. */
  noun: string;
}

export interface PublishServiceDeps {
  store: PublishingRepository;
  adrs: AdrRepository;
  approvals: ApprovalRepository;
  exporter: ExportService;
  repositories: RepositoryService;
  notifications: NotificationService;
  scoreLine: (adr: StoredAdr) => Promise<string | null>;
  /** Runs `work` in one database transaction (a unit of work: the repositories called inside join it). */
  transaction: <T>(work: () => Promise<T>) => Promise<T>;
  events: AppEvents;
  now: () => Date;
}

/**
 * Publishing decisions as pull requests. `recordStatusChange` writes a job in the status change's transaction;
 * `run` does one job, and may be run again after any crash: every step looks before it creates (the branch, the
 * commit's files, the pull request), so a change gets exactly one branch and one pull request.
 */
export class PublishService {
  constructor(private readonly deps: PublishServiceDeps) {}

  /** The job a status change owes, when the workspace has a repository; inside the change's transaction. */
  async recordStatusChange(event: StatusChangeEvent): Promise<void> {
    const { store, adrs } = this.deps;
    if (!(await store.settings(event.teamId))) return;
    const primaryChange = event.changes.find((c) => c.to === 'accepted') ?? event.changes.find(isRetirement);
    if (!primaryChange) return;
    const adr = await adrs.find(event.teamId, primaryChange.number);
    if (!adr) return;
    const reason = primaryChange.to as PublishReason;
    const numbers = new Set<number>();
    for (const change of event.changes) {
      if (change.to !== 'accepted' && !isRetirement(change)) continue;
      numbers.add(change.number);
      // The replacement's file lists what it supersedes, so it changes too.
      if (change.supersededBy !== null) numbers.add(change.supersededBy);
    }
    const queued = await store.enqueue(
      {
        teamId: event.teamId,
        adrNumber: adr.number,
        reason,
        adrNumbers: [...numbers].sort((a, b) => a - b),
        branch: branchName(adr, reason),
        actorId: event.actorId,
      },
      event.at,
    );
    if (queued) this.deps.events.emit('publishQueued');
  }

  /** Does one job up to its open pull request; throws a ProviderError (or another error) when a step fails. */
  async run(job: PublishJob, facts: SlackFacts): Promise<PullRequest> {
    const { adrs, store, exporter, repositories } = this.deps;
    const found = await repositories.providerFor(job.teamId);
    if (!found.ok) throw new ProviderError(found.reason, null, false);
    const { provider, settings } = found.value;
    const adr = await adrs.find(job.teamId, job.adrNumber);
    if (!adr) throw new ProviderError(`${formatAdrNumber(job.adrNumber)} no longer exists`, null, false);

    const existing = await provider.findPullRequest(job.branch);
    if (existing) return existing;

    const changed = (await Promise.all(job.adrNumbers.map((n) => adrs.find(job.teamId, n)))).filter(
      (a): a is StoredAdr => a !== null,
    );
    const nameOf = await facts.names(
      job.teamId,
      changed.flatMap((a) => a.deciders),
    );
    const files: { path: string; content: string }[] = [];
    for (const a of changed) {
      const file = await exporter.one(a, { profile: settings.profile, displayName: nameOf });
      files.push({ path: `${settings.folder}/${file.filename}`, content: file.content });
    }
    files.push({ path: `${settings.folder}/README.md`, content: await exporter.index(job.teamId) });

    const baseHead = await provider.branchHead(settings.baseBranch);
    if (!baseHead) {
      throw new ProviderError(
        `the base branch ${settings.baseBranch} does not exist in ${settings.repository}`,
        404,
        false,
      );
    }
    const onBase = await Promise.all(files.map((file) => provider.readFile(settings.baseBranch, file.path)));
    const changedOutside: string[] = [];
    for (const [i, file] of files.entries()) {
      const current = onBase[i];
      if (!current || current.content === file.content) continue;
      if (!(await store.wrote(job.teamId, settings.repository, file.path, current.blobSha))) {
        changedOutside.push(file.path);
      }
    }

    let head = await provider.branchHead(job.branch);
    if (!head) {
      await provider.createBranch(job.branch, baseHead);
      head = baseHead;
    }
    const onBranch = await Promise.all(files.map((file) => provider.readFile(job.branch, file.path)));
    const toWrite = files.filter((file, i) => onBranch[i]?.content !== file.content);
    if (toWrite.length > 0) await provider.commit(job.branch, head, commitMessage(adr, job.reason), toWrite);
    const now = this.deps.now();
    for (const file of files)
      await store.recordWritten(job.teamId, settings.repository, file.path, gitBlobSha(file.content), now);

    const body = pullRequestBody({
      adr,
      reason: job.reason,
      changed,
      threadUrl: adr.card ? await facts.permalink(job.teamId, adr.card) : null,
      approvals: await this.deps.approvals.forAdr(job.teamId, adr.number),
      scoreLine: await this.deps.scoreLine(adr),
      nameOf,
      files: files.map((file, i) => ({ path: file.path, isNew: !onBase[i] })),
      changedOutside,
    });
    try {
      return await provider.openPullRequest({ branch: job.branch, title: pullRequestTitle(adr, job.reason), body });
    } catch (error) {
      // Opened by an earlier attempt whose answer was lost: find it instead of failing.
      const again = await provider.findPullRequest(job.branch);
      if (again) return again;
      throw error;
    }
  }

  /** Marks the job done and queues the thread reply, in one transaction. */
  async completed(job: PublishJob, pull: PullRequest, attempts: number): Promise<void> {
    const { store, adrs, notifications, transaction } = this.deps;
    const now = this.deps.now();
    const noun = await this.nounFor(job.teamId);
    await transaction(async () => {
      await store.markDone(job.id, attempts, pull, now);
      const adr = await adrs.find(job.teamId, job.adrNumber);
      if (adr?.card) await notifications.queuePublished(job.teamId, adr.number, adr.card, { ...pull, noun }, now);
    });
    this.deps.events.emit('publicationChanged', { teamId: job.teamId, adrNumbers: job.adrNumbers });
  }

  /** The latest pull request that changed this ADR's file, if any. */
  async publicationOf(teamId: string, adrNumber: number): Promise<Publication | null> {
    const job = await this.deps.store.latestFor(teamId, adrNumber);
    if (!job?.pullRequest) return null;
    return { ...job.pullRequest, noun: await this.nounFor(teamId) };
  }

  /** Looks up whether the ADR's open pull requests were merged or closed; true when one changed. */
  async syncAdr(teamId: string, adrNumber: number): Promise<boolean> {
    let changed = false;
    for (const job of await this.deps.store.openFor(teamId, adrNumber)) changed = (await this.sync(job)) || changed;
    return changed;
  }

  /** Looks up the open pull requests not looked at for `maxAgeMs` (the schedule); returns how many changed. */
  async syncStale(maxAgeMs: number): Promise<number> {
    const before = new Date(this.deps.now().getTime() - maxAgeMs);
    let changed = 0;
    for (const job of await this.deps.store.staleOpen(before))
      if (await this.sync(job).catch(() => false)) changed += 1;
    return changed;
  }

  private async sync(job: PublishJob): Promise<boolean> {
    if (!job.pullRequest) return false;
    const found = await this.deps.repositories.providerFor(job.teamId);
    if (!found.ok) return false;
    const pull = await found.value.provider.pullRequest(job.pullRequest.number);
    const state = pull?.state ?? 'closed';
    await this.deps.store.setState(job.id, state, this.deps.now());
    if (state === job.pullRequest.state) return false;
    this.deps.events.emit('publicationChanged', { teamId: job.teamId, adrNumbers: job.adrNumbers });
    return true;
  }

  async failed(teamId: string): Promise<PublishJob[]> {
    return await this.deps.store.failedJobs(teamId);
  }

  /** An admin's *Retry* of a failed job. */
  async retry(teamId: string, jobId: number): Promise<boolean> {
    const retried = await this.deps.store.retry(teamId, jobId, this.deps.now());
    if (retried) this.deps.events.emit('publishQueued');
    return retried;
  }

  private async nounFor(teamId: string): Promise<string> {
    const settings = await this.deps.repositories.get(teamId);
    return settings && isGitLab(settings.provider) ? 'merge request' : 'pull request';
  }
}

function isRetirement(change: StatusChangeEvent['changes'][number]): boolean {
  return change.to === 'superseded' || change.to === 'deprecated';
}
