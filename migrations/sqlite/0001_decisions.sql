-- Workspaces, decisions, drafts and status history: the core decision log.

CREATE TABLE workspaces (
  team_id TEXT PRIMARY KEY,
  -- Next ADR number to hand out; only ever grows, so numbers are never reused.
  next_number INTEGER NOT NULL DEFAULT 1 CHECK (next_number >= 1),
  created_at TEXT NOT NULL
);

CREATE TABLE adrs (
  id INTEGER PRIMARY KEY,
  team_id TEXT NOT NULL REFERENCES workspaces (team_id),
  number INTEGER NOT NULL CHECK (number >= 1),
  title TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('proposed', 'accepted', 'rejected', 'deprecated', 'superseded')),
  superseded_by INTEGER,
  author_id TEXT NOT NULL,
  date TEXT NOT NULL,
  -- The template's sections (AdrContent) as JSON; title is duplicated above for listing.
  content_json TEXT NOT NULL,
  -- Where the ADR card was posted, so later updates can reach the same message and thread.
  channel_id TEXT,
  message_ts TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (team_id, number)
);

CREATE INDEX adrs_team_status ON adrs (team_id, status, number);
CREATE INDEX adrs_team_superseded_by ON adrs (team_id, superseded_by);

CREATE TABLE status_changes (
  id INTEGER PRIMARY KEY,
  team_id TEXT NOT NULL,
  adr_number INTEGER NOT NULL,
  from_status TEXT,
  to_status TEXT NOT NULL,
  actor_id TEXT NOT NULL,
  note TEXT,
  at TEXT NOT NULL,
  FOREIGN KEY (team_id, adr_number) REFERENCES adrs (team_id, number) ON DELETE CASCADE
);

CREATE INDEX status_changes_adr ON status_changes (team_id, adr_number, id);

CREATE TABLE drafts (
  id INTEGER PRIMARY KEY,
  team_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  -- Set when the draft edits an existing Proposed ADR rather than creating a new one.
  adr_number INTEGER,
  step INTEGER NOT NULL DEFAULT 1,
  content_json TEXT NOT NULL,
  channel_id TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE INDEX drafts_owner ON drafts (team_id, user_id, updated_at);

-- Full-text search over the sections people look for; kept in step by the ADR repository.
CREATE VIRTUAL TABLE adr_search USING fts5 (
  team_id UNINDEXED,
  number UNINDEXED,
  title,
  context,
  drivers,
  options,
  outcome,
  tokenize = 'porter unicode61 remove_diacritics 2'
);
