import type { SettingsRepository } from '../db/settings-repository.js';
import type { Actor } from '../domain/actor.js';
import {
  type AcceptPolicy,
  type ApprovalRule,
  isSettingsAdmin,
  REMINDER_DAYS,
  REVIEW_PERIODS,
  type WorkspaceSettings,
} from '../domain/settings.js';
import { ok, type Result, refuse } from './result.js';

export interface SettingsInput {
  decisionsChannelId: string | null;
  acceptPolicy: AcceptPolicy;
  approvalRule: ApprovalRule;
  reviewPeriodMonths: number;
  approvalReminderDays: number;
  adminIds: string[];
}

/**
 * Workspace settings. Anyone may configure a workspace nobody has configured; whoever saves first becomes
 * its first settings admin, and from then on only settings admins (who can name more) may change them.
 */
export class SettingsService {
  constructor(
    private readonly settings: SettingsRepository,
    private readonly now: () => Date,
  ) {}

  get(teamId: string): WorkspaceSettings {
    return this.settings.get(teamId);
  }

  mayConfigure(teamId: string, userId: string): boolean {
    return isSettingsAdmin(this.settings.get(teamId), userId);
  }

  save(actor: Actor, input: SettingsInput): Result<WorkspaceSettings> {
    const current = this.settings.get(actor.teamId);
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
    const next: WorkspaceSettings = {
      ...current,
      decisionsChannelId: input.decisionsChannelId,
      acceptPolicy: input.acceptPolicy,
      approvalRule: input.approvalRule,
      reviewPeriodMonths: input.reviewPeriodMonths,
      approvalReminderDays: input.approvalReminderDays,
      // Somebody must stay in charge, or the settings would be open to everyone again.
      adminIds: admins.length > 0 ? admins : [actor.userId],
    };
    return ok(this.settings.save(next, actor.userId, this.now()));
  }
}
