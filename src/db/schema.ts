import type { Generated } from 'kysely';

/**
 * The tables as both engines hold them (migrations/sqlite, migrations/postgres), for the Kysely query builder.
 * Timestamps are ISO-8601 UTC text and JSON is text on both engines, so a row reads the same from either.
 * The search index is left out: each engine's SearchIndex (src/db/sqlite/search.ts, src/db/postgres/search.ts)
 * owns its table.
 */
export interface Tables {
  schema_migrations: { version: number; name: string; applied_at: string };
  workspaces: { team_id: string; next_number: Generated<number>; created_at: string };
  adrs: {
    id: Generated<number>;
    team_id: string;
    number: number;
    title: string;
    status: string;
    superseded_by: number | null;
    author_id: string;
    date: string | null;
    content_json: string;
    channel_id: string | null;
    message_ts: string | null;
    created_at: string;
    updated_at: string;
    status_wording: string | null;
    source_file_name: string | null;
  };
  adr_relations: { team_id: string; adr_number: number; kind: string; target_number: number; position: number };
  status_changes: {
    id: Generated<number>;
    team_id: string;
    adr_number: number;
    from_status: string | null;
    to_status: string;
    actor_id: string;
    note: string | null;
    at: string;
  };
  drafts: {
    id: Generated<number>;
    team_id: string;
    user_id: string;
    adr_number: number | null;
    step: Generated<number>;
    content_json: string;
    channel_id: string | null;
    created_at: string;
    updated_at: string;
  };
  workspace_criteria: { team_id: string; criteria_json: string; updated_by: string; updated_at: string };
  scoring_matrices: {
    team_id: string;
    adr_number: number;
    criteria_json: string;
    closed_at: string | null;
    closed_by: string | null;
    chart_fingerprint: string | null;
    created_at: string;
    updated_at: string;
  };
  scores: {
    id: Generated<number>;
    team_id: string;
    adr_number: number;
    scorer_id: string;
    option: string;
    criterion_id: string;
    value: number;
    updated_at: string;
  };
  workspace_settings: {
    team_id: string;
    decisions_channel_id: string | null;
    accept_policy: Generated<string>;
    approval_rule: Generated<string>;
    review_period_months: Generated<number>;
    approval_reminder_days: Generated<number>;
    admin_ids_json: Generated<string>;
    watched_channel_ids_json: Generated<string>;
    updated_by: string | null;
    updated_at: string;
  };
  approvals: {
    team_id: string;
    adr_number: number;
    decider_id: string;
    answer: Generated<string>;
    comment: string | null;
    requested_by: string;
    requested_at: string;
    answered_at: string | null;
    reminded_at: string | null;
  };
  adr_reviews: {
    team_id: string;
    adr_number: number;
    due_at: string;
    reminded_for: string | null;
    updated_by: string;
    updated_at: string;
  };
  outbox: OutboxTable;
  user_preferences: { team_id: string; user_id: string; home_status_filter: string | null; updated_at: string };
  installations: {
    id: Generated<number>;
    enterprise_id: Generated<string>;
    team_id: Generated<string>;
    is_enterprise_install: Generated<number>;
    sealed_installation: string;
    bot_user_id: string | null;
    installer_user_id: string | null;
    installed_at: string;
    updated_at: string;
  };
  processed_events: { event_id: string; team_id: Generated<string>; event_type: string; received_at: string };
  adr_status_counts: { team_id: string; status: string; count: number };
  adr_log_revision: { id: number; revision: number };
  repository_settings: {
    team_id: string;
    provider: string;
    repository: string;
    base_branch: string;
    folder: string;
    profile: string;
    api_url: string | null;
    token_sealed: string;
    updated_by: string;
    updated_at: string;
  };
  publish_jobs: {
    id: Generated<number>;
    team_id: string;
    adr_number: number;
    reason: string;
    adr_numbers_json: string;
    branch: string;
    actor_id: string;
    status: Generated<string>;
    attempts: Generated<number>;
    next_attempt_at: string;
    last_error: string | null;
    pr_number: number | null;
    pr_url: string | null;
    pr_state: string | null;
    pr_checked_at: string | null;
    created_at: string;
    updated_at: string;
  };
  published_files: { team_id: string; repository: string; path: string; blob_sha: string; written_at: string };
  thread_offers: {
    team_id: string;
    channel_id: string;
    thread_ts: string;
    state: string;
    deciding_ts: string | null;
    offered_to: string | null;
    offered_at: string | null;
    answered_by: string | null;
    answered_at: string | null;
  };
}

export interface OutboxTable {
  id: Generated<number>;
  team_id: string;
  kind: string;
  adr_number: number | null;
  channel_id: string | null;
  thread_ts: string | null;
  payload_json: Generated<string>;
  status: Generated<string>;
  attempts: Generated<number>;
  next_attempt_at: string;
  last_error: string | null;
  sent_channel_id: string | null;
  sent_ts: string | null;
  created_at: string;
  updated_at: string;
}
