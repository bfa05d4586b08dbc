/** A workspace's rules for accepting decisions and keeping them fresh. Pure data and defaults. */

export const ACCEPT_POLICIES = ['author_and_deciders', 'deciders_only'] as const;
export type AcceptPolicy = (typeof ACCEPT_POLICIES)[number];

export const APPROVAL_RULES = ['any', 'majority', 'all'] as const;
export type ApprovalRule = (typeof APPROVAL_RULES)[number];

/** Months offered for the default review period; 0 means no review date. */
export const REVIEW_PERIODS = [0, 3, 6, 12] as const;

/** Days offered for the pending-approval reminder; 0 means no reminder. */
export const REMINDER_DAYS = [0, 1, 2, 3, 5, 7, 14] as const;

/** Channels a workspace may let the app watch for decisions in threads. */
export const MAX_WATCHED_CHANNELS = 10;

/** Pushing a review date with "Keep" when the workspace has no default period. */
export const FALLBACK_REVIEW_MONTHS = 6;

export interface WorkspaceSettings {
  teamId: string;
  decisionsChannelId: string | null;
  acceptPolicy: AcceptPolicy;
  approvalRule: ApprovalRule;
  reviewPeriodMonths: number;
  approvalReminderDays: number;
  /** Who may change the settings; empty until the first save, when anyone may. */
  adminIds: string[];
  /** Channels where the app may notice decisions in threads (issue 16); none by default. */
  watchedChannelIds: string[];
  updatedBy: string | null;
  updatedAt: string | null;
}

export function defaultSettings(teamId: string): WorkspaceSettings {
  return {
    teamId,
    decisionsChannelId: null,
    acceptPolicy: 'author_and_deciders',
    approvalRule: 'majority',
    reviewPeriodMonths: 0,
    approvalReminderDays: 0,
    adminIds: [],
    watchedChannelIds: [],
    updatedBy: null,
    updatedAt: null,
  };
}

/** Anyone may configure a workspace nobody has configured yet; after that, only its settings admins. */
export function isSettingsAdmin(settings: Pick<WorkspaceSettings, 'adminIds'>, userId: string): boolean {
  return settings.adminIds.length === 0 || settings.adminIds.includes(userId);
}

export const ACCEPT_POLICY_LABELS: Record<AcceptPolicy, string> = {
  author_and_deciders: 'The author and the deciders',
  deciders_only: 'The deciders only',
};

export const APPROVAL_RULE_LABELS: Record<ApprovalRule, string> = {
  any: 'Any one decider',
  majority: 'A majority of the deciders',
  all: 'All deciders',
};

export function reviewPeriodLabel(months: number): string {
  if (months === 0) return 'No review date';
  return months === 12 ? 'Every 12 months' : `Every ${months} months`;
}

export function reminderLabel(days: number): string {
  if (days === 0) return 'No reminder';
  return days === 1 ? 'After 1 day' : `After ${days} days`;
}
