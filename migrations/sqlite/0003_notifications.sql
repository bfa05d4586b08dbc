-- Workspace settings, approvals, review dates, and the notification outbox.

CREATE TABLE workspace_settings (
  team_id TEXT PRIMARY KEY,
  -- Where accepted, superseded and deprecated decisions are announced; null until someone picks one.
  decisions_channel_id TEXT,
  accept_policy TEXT NOT NULL DEFAULT 'author_and_deciders'
    CHECK (accept_policy IN ('author_and_deciders', 'deciders_only')),
  approval_rule TEXT NOT NULL DEFAULT 'majority' CHECK (approval_rule IN ('any', 'majority', 'all')),
  -- 0 means no review date is set on acceptance.
  review_period_months INTEGER NOT NULL DEFAULT 0 CHECK (review_period_months >= 0),
  -- 0 means no reminder for pending approvals.
  approval_reminder_days INTEGER NOT NULL DEFAULT 0 CHECK (approval_reminder_days >= 0),
  -- JSON array of user ids who may change these settings; the first person to save them is the first admin.
  admin_ids_json TEXT NOT NULL DEFAULT '[]',
  updated_by TEXT,
  updated_at TEXT NOT NULL
);

CREATE TABLE approvals (
  team_id TEXT NOT NULL,
  adr_number INTEGER NOT NULL,
  decider_id TEXT NOT NULL,
  answer TEXT NOT NULL DEFAULT 'pending' CHECK (answer IN ('pending', 'approved', 'changes_requested')),
  comment TEXT,
  requested_by TEXT NOT NULL,
  requested_at TEXT NOT NULL,
  answered_at TEXT,
  -- Set once the single pending-approval reminder has been queued.
  reminded_at TEXT,
  PRIMARY KEY (team_id, adr_number, decider_id),
  FOREIGN KEY (team_id, adr_number) REFERENCES adrs (team_id, number) ON DELETE CASCADE
);

CREATE INDEX approvals_pending ON approvals (answer, requested_at);
CREATE INDEX approvals_decider ON approvals (team_id, decider_id, answer);

CREATE TABLE adr_reviews (
  team_id TEXT NOT NULL,
  adr_number INTEGER NOT NULL,
  due_at TEXT NOT NULL,
  -- The due_at a reminder was queued for; a new due date gets a new reminder.
  reminded_for TEXT,
  updated_by TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (team_id, adr_number),
  FOREIGN KEY (team_id, adr_number) REFERENCES adrs (team_id, number) ON DELETE CASCADE
);

CREATE INDEX adr_reviews_due ON adr_reviews (due_at);

-- Every Slack message the app owes someone, written in the same transaction as the change it reports.
CREATE TABLE outbox (
  id INTEGER PRIMARY KEY,
  team_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  adr_number INTEGER,
  -- Channel or user id to post to (null for edits, which find their message when sent).
  channel_id TEXT,
  thread_ts TEXT,
  -- Kind-specific facts needed to render the message when it is sent (actor, replacement, comment).
  payload_json TEXT NOT NULL DEFAULT '{}',
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed', 'skipped')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  last_error TEXT,
  sent_channel_id TEXT,
  sent_ts TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE INDEX outbox_due ON outbox (status, next_attempt_at, id);
CREATE INDEX outbox_adr ON outbox (team_id, adr_number, kind);

-- Small per-person view preferences (the App Home status filter).
CREATE TABLE user_preferences (
  team_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  home_status_filter TEXT,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (team_id, user_id)
);
