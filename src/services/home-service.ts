import type { AdrRepository, AdrSummary } from '../db/adr-repository.js';
import type { ApprovalRepository } from '../db/approval-repository.js';
import type { Draft } from '../db/draft-repository.js';
import type { OutboxRepository, OutboxRow } from '../db/outbox-repository.js';
import type { PreferenceRepository } from '../db/preference-repository.js';
import type { PublishJob } from '../db/publishing-repository.js';
import type { SettingsRepository } from '../db/settings-repository.js';
import type { Actor } from '../domain/actor.js';
import type { AdrStatus } from '../domain/adr.js';
import { askableDeciders } from '../domain/approvals.js';
import { isSettingsAdmin } from '../domain/settings.js';
import { ok, type Result, refuse } from './result.js';
import type { WizardService } from './wizard-service.js';

export const HOME_LOG_SIZE = 15;

export interface HomeData {
  userId: string;
  filter: AdrStatus | null;
  log: { items: AdrSummary[]; total: number };
  waiting: AdrSummary[];
  drafts: Draft[];
  /** Failed notifications, for settings admins only (null for everyone else). */
  failed: OutboxRow[] | null;
  /** Pull requests that could not be opened, for settings admins only (null for everyone else). */
  failedPublishing?: PublishJob[] | null;
  decisionsChannelId: string | null;
}

/** The publish jobs that failed for good, and an admin's *Retry* of one (src/services/publish-service.ts). */
export interface FailedPublishing {
  failed(teamId: string): Promise<PublishJob[]>;
  retry(teamId: string, jobId: number): Promise<boolean>;
}

/** What a person's App Home shows, and who should see a fresh one after a change. */
export class HomeService {
  constructor(
    private readonly adrs: AdrRepository,
    private readonly approvals: ApprovalRepository,
    private readonly outbox: OutboxRepository,
    private readonly settings: SettingsRepository,
    private readonly preferences: PreferenceRepository,
    private readonly wizard: WizardService,
    private readonly now: () => Date,
    private readonly publishing?: FailedPublishing,
  ) {}

  async data(actor: Actor): Promise<HomeData> {
    const filter = await this.preferences.homeFilter(actor.teamId, actor.userId);
    const settings = await this.settings.get(actor.teamId);
    const asked = await Promise.all(
      (await this.approvals.waitingFor(actor.teamId, actor.userId, 10)).map((number) =>
        this.adrs.find(actor.teamId, number),
      ),
    );
    const waiting = asked
      // Someone taken off the deciders after being asked no longer decides.
      .flatMap((adr) => (adr && askableDeciders(adr.deciders).includes(actor.userId) ? [adr] : []))
      .map(
        (adr): AdrSummary => ({
          number: adr.number,
          title: adr.title,
          status: adr.status,
          supersededBy: adr.supersededBy,
          date: adr.date,
          authorId: adr.authorId,
        }),
      );
    return {
      userId: actor.userId,
      filter,
      log: await this.adrs.list(actor.teamId, { status: filter, limit: HOME_LOG_SIZE, offset: 0 }),
      waiting,
      drafts: (await this.wizard.list(actor)).slice(0, 5),
      failed: isSettingsAdmin(settings, actor.userId) ? await this.outbox.failed(actor.teamId, 10) : null,
      failedPublishing: isSettingsAdmin(settings, actor.userId)
        ? ((await this.publishing?.failed(actor.teamId)) ?? [])
        : null,
      decisionsChannelId: settings.decisionsChannelId,
    };
  }

  async setFilter(actor: Actor, status: AdrStatus | null): Promise<void> {
    await this.preferences.setHomeFilter(actor.teamId, actor.userId, status, this.now());
  }

  /** The author, the deciders and whoever acted: the people whose Home shows this ADR differently now. */
  async concerned(teamId: string, adrNumbers: number[], actorId: string): Promise<string[]> {
    const people = new Set<string>([actorId]);
    for (const number of adrNumbers) {
      const adr = await this.adrs.find(teamId, number);
      if (!adr) continue;
      people.add(adr.authorId);
      for (const decider of askableDeciders(adr.deciders)) people.add(decider);
    }
    return [...people];
  }

  /** Settings admins, who see failed notifications (nobody is named before the first /adr config). */
  async admins(teamId: string): Promise<string[]> {
    return (await this.settings.get(teamId)).adminIds;
  }

  /** An admin's Retry on a failed notification: it goes back in the queue with fresh attempts. */
  async retryNotification(actor: Actor, id: number): Promise<Result<void>> {
    if (!isSettingsAdmin(await this.settings.get(actor.teamId), actor.userId)) {
      return refuse('Only the settings admins can retry failed notifications.');
    }
    return (await this.outbox.retry(actor.teamId, id, this.now()))
      ? ok(undefined)
      : refuse('That notification is no longer waiting for a retry.');
  }

  /** An admin's Retry on a failed pull request: the job goes back in the queue with fresh attempts. */
  async retryPublish(actor: Actor, jobId: number): Promise<Result<void>> {
    if (!isSettingsAdmin(await this.settings.get(actor.teamId), actor.userId)) {
      return refuse('Only the settings admins can retry a pull request.');
    }
    return this.publishing?.retry(actor.teamId, jobId)
      ? ok(undefined)
      : refuse('That pull request is no longer waiting for a retry.');
  }
}
