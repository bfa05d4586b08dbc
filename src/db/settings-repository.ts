import { ACCEPT_POLICIES, APPROVAL_RULES, defaultSettings, type WorkspaceSettings } from '../domain/settings.js';
import type { Db } from './open.js';

interface SettingsRow {
  team_id: string;
  decisions_channel_id: string | null;
  accept_policy: string;
  approval_rule: string;
  review_period_months: number;
  approval_reminder_days: number;
  admin_ids_json: string;
  watched_channel_ids_json: string;
  updated_by: string | null;
  updated_at: string;
}

/** One row of settings per workspace; a workspace without a row has the defaults. */
export class SettingsRepository {
  private readonly statements;

  constructor(db: Db) {
    this.statements = {
      find: db.prepare('SELECT * FROM workspace_settings WHERE team_id = ?'),
      withReminders: db.prepare(
        'SELECT team_id, approval_reminder_days FROM workspace_settings WHERE approval_reminder_days > 0',
      ),
      upsert: db.prepare(`INSERT INTO workspace_settings
        (team_id, decisions_channel_id, accept_policy, approval_rule, review_period_months, approval_reminder_days,
         admin_ids_json, watched_channel_ids_json, updated_by, updated_at)
        VALUES (@teamId, @decisionsChannelId, @acceptPolicy, @approvalRule, @reviewPeriodMonths, @approvalReminderDays,
         @adminIdsJson, @watchedChannelIdsJson, @updatedBy, @updatedAt)
        ON CONFLICT (team_id) DO UPDATE SET
          decisions_channel_id = excluded.decisions_channel_id,
          accept_policy = excluded.accept_policy,
          approval_rule = excluded.approval_rule,
          review_period_months = excluded.review_period_months,
          approval_reminder_days = excluded.approval_reminder_days,
          admin_ids_json = excluded.admin_ids_json,
          watched_channel_ids_json = excluded.watched_channel_ids_json,
          updated_by = excluded.updated_by,
          updated_at = excluded.updated_at`),
    };
  }

  get(teamId: string): WorkspaceSettings {
    const row = this.statements.find.get(teamId) as SettingsRow | undefined;
    if (!row) return defaultSettings(teamId);
    const defaults = defaultSettings(teamId);
    return {
      teamId,
      decisionsChannelId: row.decisions_channel_id,
      acceptPolicy: (ACCEPT_POLICIES as readonly string[]).includes(row.accept_policy)
        ? (row.accept_policy as WorkspaceSettings['acceptPolicy'])
        : defaults.acceptPolicy,
      approvalRule: (APPROVAL_RULES as readonly string[]).includes(row.approval_rule)
        ? (row.approval_rule as WorkspaceSettings['approvalRule'])
        : defaults.approvalRule,
      reviewPeriodMonths: row.review_period_months,
      approvalReminderDays: row.approval_reminder_days,
      adminIds: parseIds(row.admin_ids_json),
      watchedChannelIds: parseIds(row.watched_channel_ids_json),
      updatedBy: row.updated_by,
      updatedAt: row.updated_at,
    };
  }

  /** Workspaces that remind deciders of pending approvals, with the number of days they wait. */
  withApprovalReminders(): { teamId: string; days: number }[] {
    return (this.statements.withReminders.all() as { team_id: string; approval_reminder_days: number }[]).map(
      (row) => ({ teamId: row.team_id, days: row.approval_reminder_days }),
    );
  }

  save(settings: WorkspaceSettings, updatedBy: string, now: Date): WorkspaceSettings {
    this.statements.upsert.run({
      teamId: settings.teamId,
      decisionsChannelId: settings.decisionsChannelId,
      acceptPolicy: settings.acceptPolicy,
      approvalRule: settings.approvalRule,
      reviewPeriodMonths: settings.reviewPeriodMonths,
      approvalReminderDays: settings.approvalReminderDays,
      adminIdsJson: JSON.stringify(settings.adminIds),
      watchedChannelIdsJson: JSON.stringify(settings.watchedChannelIds),
      updatedBy,
      updatedAt: now.toISOString(),
    });
    return this.get(settings.teamId);
  }
}

function parseIds(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((id): id is string => typeof id === 'string') : [];
  } catch {
    return [];
  }
}
