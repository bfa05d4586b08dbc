-- Decisions noticed in threads (PostgreSQL): as migrations/sqlite/0013. Only the thread's place and the offer's
-- state are kept, never message text.
ALTER TABLE workspace_settings ADD COLUMN watched_channel_ids_json TEXT NOT NULL DEFAULT '[]';

CREATE TABLE thread_offers (
  team_id TEXT NOT NULL,
  channel_id TEXT NOT NULL,
  thread_ts TEXT NOT NULL,
  -- offered: the offer was posted; dismissed: "Not a decision"; drafted: "Draft ADR from thread";
  -- declined: the AI said the deciding message is not a decision (asked again only for another deciding message).
  state TEXT NOT NULL CHECK (state IN ('offered', 'dismissed', 'drafted', 'declined')),
  deciding_ts TEXT,
  offered_to TEXT,
  offered_at TEXT,
  answered_by TEXT,
  answered_at TEXT,
  -- One row per thread: the claim that makes two racing events offer once.
  PRIMARY KEY (team_id, channel_id, thread_ts)
);

CREATE INDEX thread_offers_by_day ON thread_offers (team_id, channel_id, offered_at);
