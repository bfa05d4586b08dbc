-- Production operation: OAuth installations for many workspaces, and Events API deliveries already handled.

-- One row per workspace install, or per organisation for an org-wide (Enterprise Grid) install.
CREATE TABLE installations (
  id INTEGER PRIMARY KEY,
  -- '' when absent, so the pair stays unique (NULLs never collide in a UNIQUE constraint).
  enterprise_id TEXT NOT NULL DEFAULT '',
  team_id TEXT NOT NULL DEFAULT '',
  is_enterprise_install INTEGER NOT NULL DEFAULT 0 CHECK (is_enterprise_install IN (0, 1)),
  -- Bolt's whole Installation (tokens included) sealed with AES-256-GCM: src/security/token-cipher.ts.
  sealed_installation TEXT NOT NULL,
  bot_user_id TEXT,
  installer_user_id TEXT,
  installed_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (enterprise_id, team_id)
);

CREATE INDEX installations_team ON installations (team_id);

-- Events already acted on, keyed by Slack's event_id, so a retried delivery (X-Slack-Retry-Num) is not acted on twice.
CREATE TABLE processed_events (
  event_id TEXT PRIMARY KEY,
  team_id TEXT NOT NULL DEFAULT '',
  event_type TEXT NOT NULL,
  received_at TEXT NOT NULL
);

CREATE INDEX processed_events_received ON processed_events (received_at);
