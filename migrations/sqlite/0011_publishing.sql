-- Publishing decisions to the team's repository as pull requests (GitHub) or merge requests (GitLab).

-- One repository per workspace. The token is sealed with TOKEN_ENCRYPTION_KEY (src/security/token-cipher.ts),
-- bound to the workspace, and never read back into a view or a log.
CREATE TABLE repository_settings (
  team_id TEXT PRIMARY KEY,
  provider TEXT NOT NULL CHECK (provider IN ('github', 'github_enterprise', 'gitlab', 'gitlab_self_managed')),
  -- `owner/name` on GitHub, the project path (`group/subgroup/project`) on GitLab.
  repository TEXT NOT NULL,
  base_branch TEXT NOT NULL,
  folder TEXT NOT NULL,
  profile TEXT NOT NULL,
  -- This workspace's own server; null uses GITHUB_API_URL or GITLAB_URL.
  api_url TEXT,
  token_sealed TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

-- A pull request owed for a status change, written in the same transaction as the change.
CREATE TABLE publish_jobs (
  id INTEGER PRIMARY KEY,
  team_id TEXT NOT NULL,
  -- The ADR the pull request is named after; adr_numbers_json lists every ADR whose file changes.
  adr_number INTEGER NOT NULL,
  reason TEXT NOT NULL CHECK (reason IN ('accepted', 'superseded', 'deprecated')),
  adr_numbers_json TEXT NOT NULL,
  branch TEXT NOT NULL,
  actor_id TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  last_error TEXT,
  pr_number INTEGER,
  pr_url TEXT,
  pr_state TEXT CHECK (pr_state IN ('open', 'merged', 'closed')),
  pr_checked_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (team_id, branch)
);

CREATE INDEX publish_jobs_due ON publish_jobs (status, next_attempt_at, id);
CREATE INDEX publish_jobs_adr ON publish_jobs (team_id, adr_number);
CREATE INDEX publish_jobs_open ON publish_jobs (pr_state, pr_checked_at);

-- Every version of a file the app committed (git blob ids), to tell a file someone else changed from our own.
CREATE TABLE published_files (
  team_id TEXT NOT NULL,
  repository TEXT NOT NULL,
  path TEXT NOT NULL,
  blob_sha TEXT NOT NULL,
  written_at TEXT NOT NULL,
  PRIMARY KEY (team_id, repository, path, blob_sha)
);
