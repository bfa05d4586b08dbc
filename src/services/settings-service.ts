import type { SettingsRepository } from '../db/settings-repository.js';
import type { Actor } from '../domain/actor.js';
import {
  isSettingsAdmin,
  MAX_WATCHED_CHANNELS,
  REMINDER_DAYS,
  REVIEW_PERIODS,
  type WorkspaceSettings,
} from '../domain/settings.js';
import { ok, type Result, refuse } from './result.js';

/** What a settings admin saves: every setting; the workspace and who saved it when come from the save. */
export type SettingsInput = Omit<WorkspaceSettings, 'teamId' | 'updatedBy' | 'updatedAt'>;

/**
 * Workspace settings. Anyone may configure a workspace nobody has configured; whoever saves first becomes
 * its first settings admin, and from then on only settings admins (who can name more) may change them.
 */
export class SettingsService {
  constructor(
    private readonly settings: SettingsRepository,
    private readonly now: () => Date,
  ) {}

  async get(teamId: string): Promise<WorkspaceSettings> {
    return await this.settings.get(teamId);
  }

  async mayConfigure(teamId: string, userId: string): Promise<boolean> {
    return isSettingsAdmin(await this.settings.get(teamId), userId);
  }

  async save(actor: Actor, input: SettingsInput): Promise<Result<WorkspaceSettings>> {
    const current = await this.settings.get(actor.teamId);
    if (!isSettingsAdmin(current, actor.userId)) {
      return refuse('Only the settings admins can change the workspace settings. Ask one of them (see /adr config).');
    }
    if (!(REVIEW_PERIODS as readonly number[]).includes(input.reviewPeriodMonths)) {
      return refuse('Pick one of the offered review periods.');
    }
    if (!(REMINDER_DAYS as readonly number[]).includes(input.approvalReminderDays)) {
      return refuse('Pick one of the offered reminder delays.');
    }
    const admins = [...new Set(input.adminIds)].slice(0, 20);
    const watched = [...new Set(input.watchedChannelIds)];
    if (watched.length > MAX_WATCHED_CHANNELS) {
      return refuse(`Pick at most ${MAX_WATCHED_CHANNELS} channels to watch for decisions.`);
    }
    const next: WorkspaceSettings = {
      ...current,
      decisionsChannelId: input.decisionsChannelId,
      acceptPolicy: input.acceptPolicy,
      approvalRule: input.approvalRule,
      reviewPeriodMonths: input.reviewPeriodMonths,
      approvalReminderDays: input.approvalReminderDays,
      // Somebody must stay in charge, or the settings would be open to everyone again.
      adminIds: admins.length > 0 ? admins : [actor.userId],
      watchedChannelIds: watched,
    };
    return ok(await this.settings.save(next, actor.userId, this.now()));
  }
}
