import { ACCEPT_POLICIES, APPROVAL_RULES, defaultSettings, type WorkspaceSettings } from '../domain/settings.js';
import { cachedQuery, firstOf } from './query-cache.js';
import type { DataStore } from './store.js';

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

const findQuery = cachedQuery((db, _engine, teamId: string) =>
  db.selectFrom('workspace_settings').selectAll().where('team_id', '=', teamId),
);

/** One row of settings per workspace; a workspace without a row has the defaults. */
export class SettingsRepository {
  constructor(private readonly store: DataStore) {}

  async get(teamId: string): Promise<WorkspaceSettings> {
    const row = (await firstOf(findQuery(this.store, teamId))) as SettingsRow | undefined;
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
  async withApprovalReminders(): Promise<{ teamId: string; days: number }[]> {
    const rows = await this.store
      .query()
      .selectFrom('workspace_settings')
      .select(['team_id', 'approval_reminder_days'])
      .where('approval_reminder_days', '>', 0)
      .execute();
    return rows.map((row) => ({ teamId: row.team_id, days: row.approval_reminder_days }));
  }

  async save(settings: WorkspaceSettings, updatedBy: string, now: Date): Promise<WorkspaceSettings> {
    await this.store
      .query()
      .insertInto('workspace_settings')
      .values({
        team_id: settings.teamId,
        decisions_channel_id: settings.decisionsChannelId,
        accept_policy: settings.acceptPolicy,
        approval_rule: settings.approvalRule,
        review_period_months: settings.reviewPeriodMonths,
        approval_reminder_days: settings.approvalReminderDays,
        admin_ids_json: JSON.stringify(settings.adminIds),
        watched_channel_ids_json: JSON.stringify(settings.watchedChannelIds),
        updated_by: updatedBy,
        updated_at: now.toISOString(),
      })
      .onConflict((conflict) =>
        conflict.column('team_id').doUpdateSet((eb) => ({
          decisions_channel_id: eb.ref('excluded.decisions_channel_id'),
          accept_policy: eb.ref('excluded.accept_policy'),
          approval_rule: eb.ref('excluded.approval_rule'),
          review_period_months: eb.ref('excluded.review_period_months'),
          approval_reminder_days: eb.ref('excluded.approval_reminder_days'),
          admin_ids_json: eb.ref('excluded.admin_ids_json'),
          watched_channel_ids_json: eb.ref('excluded.watched_channel_ids_json'),
          updated_by: eb.ref('excluded.updated_by'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
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
