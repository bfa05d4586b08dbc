import type { Adr, AdrContent, AdrRelation, AdrStatus } from '../domain/adr.js';
import type { Approval } from '../domain/approvals.js';
import type { Db } from './open.js';
import { searchDocument } from './search-document.js';
import {
  FTS5_DELETE_SQL,
  FTS5_INSERT_SQL,
  FTS5_SEARCH_NUMBERS_SQL,
  FTS5_SEARCH_SQL,
  fts5InsertParameters,
  searchTeamToken,
  toFts5AnyQuery,
  toFts5Query,
  toFtsQuery,
} from './sqlite/search.js';
import { SEARCH_MARK_END, SEARCH_MARK_START } from './store.js';

export { SEARCH_MARK_END, SEARCH_MARK_START, searchTeamToken, toFtsQuery };

interface AdrRow {
  team_id: string;
  number: number;
  title: string;
  status: AdrStatus;
  superseded_by: number | null;
  author_id: string;
  date: string | null;
  content_json: string;
  channel_id: string | null;
  message_ts: string | null;
  created_at: string;
  updated_at: string;
  supersedes: string | null;
  approvals_json?: string | null;
  review_due_at?: string | null;
  status_wording?: string | null;
  source_file_name?: string | null;
  relations_json?: string | null;
}

export interface StoredAdr extends Adr {
  /** Where the ADR card was posted, when it was. */
  card: { channelId: string; ts: string } | null;
  /** The deciders' answers once approval was requested (empty before). */
  approvals?: Approval[];
  /** When the ADR is due for review (ISO timestamp), if it has a review date. */
  reviewDueAt?: string | null;
}

export interface AdrSummary {
  number: number;
  title: string;
  status: AdrStatus;
  supersededBy: number | null;
  /** YYYY-MM-DD, or null for an imported ADR whose file had no date. */
  date: string | null;
  authorId: string;
}

export interface StatusChange {
  from: AdrStatus | null;
  to: AdrStatus;
  actorId: string;
  note: string | null;
  at: string;
}

export interface SearchHit extends AdrSummary {
  /** Matching excerpt; the matched terms are wrapped in SEARCH_MARK_START / SEARCH_MARK_END. */
  snippet: string;
}

const SELECT_ADR = `
  SELECT a.*, (
    SELECT group_concat(s.number) FROM adrs s
    WHERE s.team_id = a.team_id AND s.superseded_by = a.number
  ) AS supersedes, (
    SELECT json_group_array(json_object('deciderId', p.decider_id, 'answer', p.answer, 'comment', p.comment,
      'requestedAt', p.requested_at, 'answeredAt', p.answered_at))
    FROM approvals p WHERE p.team_id = a.team_id AND p.adr_number = a.number
  ) AS approvals_json, (
    SELECT r.due_at FROM adr_reviews r WHERE r.team_id = a.team_id AND r.adr_number = a.number
  ) AS review_due_at, (
    SELECT json_group_array(json_object('kind', r.kind, 'target', r.target_number))
    FROM (SELECT kind, target_number FROM adr_relations
      WHERE team_id = a.team_id AND adr_number = a.number ORDER BY position) r
  ) AS relations_json
  FROM adrs a`;

/** The decision log of every workspace; every statement is scoped by team id. */
export class AdrRepository {
  private readonly statements;
  private readonly contentListeners = new Set<(teamId: string) => void>();

  constructor(private readonly db: Db) {
    this.statements = {
      ensureWorkspace: db.prepare('INSERT OR IGNORE INTO workspaces (team_id, created_at) VALUES (?, ?)'),
      takeNumber: db.prepare(
        'UPDATE workspaces SET next_number = next_number + 1 WHERE team_id = ? RETURNING next_number - 1 AS number',
      ),
      raiseNextNumber: db.prepare('UPDATE workspaces SET next_number = MAX(next_number, ?) WHERE team_id = ?'),
      insert: db.prepare(`INSERT INTO adrs
        (team_id, number, title, status, superseded_by, author_id, date, content_json, channel_id, created_at, updated_at,
          status_wording, source_file_name)
        VALUES (@teamId, @number, @title, @status, @supersededBy, @authorId, @date, @contentJson, @channelId, @now, @now,
          @statusWording, @sourceFileName)`),
      addRelation: db.prepare(`INSERT OR IGNORE INTO adr_relations (team_id, adr_number, kind, target_number, position)
        VALUES (?, ?, ?, ?, (SELECT COUNT(*) FROM adr_relations WHERE team_id = ? AND adr_number = ?))`),
      find: db.prepare(`${SELECT_ADR} WHERE a.team_id = ? AND a.number = ?`),
      all: db.prepare(`${SELECT_ADR} WHERE a.team_id = ? ORDER BY a.number`),
      list: db.prepare(`SELECT number, title, status, superseded_by, date, author_id FROM adrs
        WHERE team_id = @teamId AND (@status IS NULL OR status = @status)
        ORDER BY number DESC LIMIT @limit OFFSET @offset`),
      // Kept by triggers (migration 0009), so a list never counts the workspace's rows.
      count: db.prepare(
        'SELECT COALESCE(SUM(count), 0) FROM adr_status_counts WHERE team_id = @teamId AND (@status IS NULL OR status = @status)',
      ),
      updateContent: db.prepare(
        'UPDATE adrs SET title = ?, content_json = ?, updated_at = ? WHERE team_id = ? AND number = ?',
      ),
      // A status the app sets replaces the wording an imported file had for the old one.
      setStatus: db.prepare(
        'UPDATE adrs SET status = ?, superseded_by = ?, status_wording = NULL, updated_at = ? WHERE team_id = ? AND number = ?',
      ),
      linkSupersededBy: db.prepare('UPDATE adrs SET superseded_by = ? WHERE team_id = ? AND number = ?'),
      setCard: db.prepare('UPDATE adrs SET channel_id = ?, message_ts = ? WHERE team_id = ? AND number = ?'),
      cardOf: db.prepare('SELECT channel_id, message_ts FROM adrs WHERE team_id = ? AND number = ?').raw(),
      recordChange:
        db.prepare(`INSERT INTO status_changes (team_id, adr_number, from_status, to_status, actor_id, note, at)
        VALUES (?, ?, ?, ?, ?, ?, ?)`),
      // Moved by triggers on every change to `adrs` (migration 0014).
      revision: db.prepare('SELECT revision FROM adr_log_revision WHERE id = 1').pluck(),
      history: db.prepare(`SELECT from_status, to_status, actor_id, note, at FROM status_changes
        WHERE team_id = ? AND adr_number = ? ORDER BY id`),
      // Search rows have rowid = adrs.id and a workspace token (migration 0006).
      idOf: db.prepare('SELECT id FROM adrs WHERE team_id = ? AND number = ?').pluck(),
      deleteSearch: db.prepare(FTS5_DELETE_SQL),
      insertSearch: db.prepare(FTS5_INSERT_SQL),
      search: db.prepare(FTS5_SEARCH_SQL),
      searchNumbers: db.prepare(FTS5_SEARCH_NUMBERS_SQL),
      version: db.prepare('SELECT COUNT(*) AS count, MAX(updated_at) AS latest FROM adrs WHERE team_id = ?'),
      changedSince: db.prepare(
        'SELECT number, updated_at, content_json FROM adrs WHERE team_id = @teamId AND (@since IS NULL OR updated_at >= @since)',
      ),
    };
  }

  /** Called after an ADR's searchable content is written (inside the write's transaction), with its workspace. */
  onContentWritten(listener: (teamId: string) => void): void {
    this.contentListeners.add(listener);
  }

  /** How many ADRs the workspace has and when the latest changed: what a reader of all of them can cache on. */
  version(teamId: string): { count: number; latest: string | null } {
    return this.statements.version.get(teamId) as { count: number; latest: string | null };
  }

  /** Every ADR of the workspace changed at or after `since` (all of them for null), with its content. */
  changedSince(teamId: string, since: string | null): { number: number; updatedAt: string; content: AdrContent }[] {
    const rows = this.statements.changedSince.all({ teamId, since }) as {
      number: number;
      updated_at: string;
      content_json: string;
    }[];
    return rows.map((row) => ({
      number: row.number,
      updatedAt: row.updated_at,
      content: JSON.parse(row.content_json) as AdrContent,
    }));
  }

  /**
   * Numbers of the ADRs matching any of `terms` (words or phrases, each a prefix term), best first by the same
   * ranking as search; FTS syntax in the terms is neutralised as in search.
   */
  searchNumbers(teamId: string, terms: readonly string[], limit: number): number[] {
    const query = toFts5AnyQuery(teamId, terms);
    if (query === null) return [];
    return this.statements.searchNumbers.pluck().all(teamId, query, limit) as number[];
  }

  /**
   * Creates a Proposed ADR with the next number of its workspace. Numbering happens inside one
   * IMMEDIATE transaction, so concurrent proposals (even from other processes) never collide.
   */
  propose(input: {
    teamId: string;
    content: AdrContent;
    authorId: string;
    channelId: string | null;
    now: Date;
  }): StoredAdr {
    const { teamId, content, authorId, channelId, now } = input;
    return this.db
      .transaction(() => {
        this.statements.ensureWorkspace.run(teamId, now.toISOString());
        const { number } = this.statements.takeNumber.get(teamId) as { number: number };
        this.insertRow({ teamId, number, content, status: 'proposed', supersededBy: null, authorId, now, channelId });
        this.statements.recordChange.run(teamId, number, null, 'proposed', authorId, null, now.toISOString());
        return this.require(teamId, number);
      })
      .immediate();
  }

  /** Stores an imported ADR under `number` (which the caller checked is free) and keeps numbering past it. */
  insertImported(input: {
    teamId: string;
    number: number | null;
    content: AdrContent;
    status: AdrStatus;
    supersededBy: number | null;
    /** Null when the file has no date (migration 0010). */
    date: string | null;
    authorId: string;
    now: Date;
    statusWording?: string | null;
    sourceFileName?: string | null;
  }): StoredAdr {
    return this.db
      .transaction(() => {
        this.statements.ensureWorkspace.run(input.teamId, input.now.toISOString());
        let number = input.number;
        if (number === null) {
          number = (this.statements.takeNumber.get(input.teamId) as { number: number }).number;
        } else {
          this.statements.raiseNextNumber.run(number + 1, input.teamId);
        }
        this.insertRow({ ...input, number, channelId: null, date: input.date });
        this.statements.recordChange.run(
          input.teamId,
          number,
          null,
          input.status,
          input.authorId,
          'imported',
          input.now.toISOString(),
        );
        return this.require(input.teamId, number);
      })
      .immediate();
  }

  find(teamId: string, number: number): StoredAdr | null {
    const row = this.statements.find.get(teamId, number) as AdrRow | undefined;
    return row ? toAdr(row) : null;
  }

  all(teamId: string): StoredAdr[] {
    return (this.statements.all.all(teamId) as AdrRow[]).map(toAdr);
  }

  /**
   * A number every committed change to any ADR moves, whichever process made it (migration 0014): what is derived
   * from a workspace's ADRs may be kept while it stays the same.
   */
  revision(): number {
    return this.statements.revision.get() as number;
  }

  list(
    teamId: string,
    options: { status: AdrStatus | null; limit: number; offset: number },
  ): {
    items: AdrSummary[];
    total: number;
  } {
    const params = { teamId, status: options.status, limit: options.limit, offset: options.offset };
    const rows = this.statements.list.all(params) as SummaryRow[];
    const total = this.statements.count.pluck().get(params) as number;
    return { items: rows.map(toSummary), total };
  }

  /** Ranked full-text search; `text` is plain words (FTS syntax in it is neutralised). */
  search(teamId: string, text: string, limit = 10): SearchHit[] {
    const query = toFts5Query(teamId, text);
    if (query === null) return [];
    const rows = this.statements.search.all(teamId, query, limit) as (SummaryRow & { snippet: string })[];
    return rows.map((row) => ({ ...toSummary(row), snippet: row.snippet }));
  }

  updateContent(teamId: string, number: number, content: AdrContent, now: Date): StoredAdr {
    return this.db.transaction(() => {
      this.statements.updateContent.run(content.title, JSON.stringify(content), now.toISOString(), teamId, number);
      this.index(teamId, number, content);
      return this.require(teamId, number);
    })();
  }

  /**
   * Applies status changes (one ADR, or both sides of a supersede) atomically, recording each.
   * `alsoInTransaction` runs inside the same transaction after the changes (e.g. writing notifications to the
   * outbox), so either all of it is stored or none of it.
   */
  changeStatus(
    teamId: string,
    changes: { number: number; from: AdrStatus; to: AdrStatus; supersededBy?: number | null }[],
    actorId: string,
    now: Date,
    note: string | null = null,
    alsoInTransaction?: () => void,
  ): void {
    this.db
      .transaction(() => {
        for (const change of changes) {
          this.statements.setStatus.run(
            change.to,
            change.supersededBy ?? null,
            now.toISOString(),
            teamId,
            change.number,
          );
          this.statements.recordChange.run(
            teamId,
            change.number,
            change.from,
            change.to,
            actorId,
            note,
            now.toISOString(),
          );
        }
        alsoInTransaction?.();
      })
      .immediate();
  }

  /** Records a link between two ADRs of a workspace (`Amends`, `Clarified by`…), after the ones it already has. */
  addRelation(teamId: string, number: number, relation: AdrRelation): void {
    this.statements.addRelation.run(teamId, number, relation.kind, relation.target, teamId, number);
  }

  /** Records who superseded an imported ADR, without a status change of its own. */
  linkSupersededBy(teamId: string, number: number, supersededBy: number): void {
    this.statements.linkSupersededBy.run(supersededBy, teamId, number);
  }

  setCard(teamId: string, number: number, card: { channelId: string; ts: string }): void {
    this.statements.setCard.run(card.channelId, card.ts, teamId, number);
  }

  /** Where the ADR's card was posted (StoredAdr.card), without reading the ADR. */
  cardOf(teamId: string, number: number): StoredAdr['card'] {
    const row = this.statements.cardOf.get(teamId, number) as [string | null, string | null] | undefined;
    return row?.[0] && row[1] ? { channelId: row[0], ts: row[1] } : null;
  }

  history(teamId: string, number: number): StatusChange[] {
    return (this.statements.history.all(teamId, number) as HistoryRow[]).map((row) => ({
      from: row.from_status,
      to: row.to_status,
      actorId: row.actor_id,
      note: row.note,
      at: row.at,
    }));
  }

  private insertRow(row: {
    teamId: string;
    number: number;
    content: AdrContent;
    status: AdrStatus;
    supersededBy: number | null;
    authorId: string;
    channelId: string | null;
    now: Date;
    /** Undefined for a proposal (dated today); null for an imported file without a date. */
    date?: string | null;
    statusWording?: string | null;
    sourceFileName?: string | null;
  }): void {
    this.statements.insert.run({
      teamId: row.teamId,
      number: row.number,
      title: row.content.title,
      status: row.status,
      supersededBy: row.supersededBy,
      authorId: row.authorId,
      date: row.date === undefined ? row.now.toISOString().slice(0, 10) : row.date,
      contentJson: JSON.stringify(row.content),
      channelId: row.channelId,
      now: row.now.toISOString(),
      statusWording: row.statusWording ?? null,
      sourceFileName: row.sourceFileName ?? null,
    });
    this.index(row.teamId, row.number, row.content);
  }

  private index(teamId: string, number: number, content: AdrContent): void {
    const id = this.statements.idOf.get(teamId, number) as number;
    this.statements.deleteSearch.run(id);
    this.statements.insertSearch.run(...fts5InsertParameters(searchDocument(id, teamId, number, content)));
    for (const listener of this.contentListeners) listener(teamId);
  }

  private require(teamId: string, number: number): StoredAdr {
    const adr = this.find(teamId, number);
    if (!adr) throw new Error(`ADR ${number} of ${teamId} vanished inside its own transaction`);
    return adr;
  }
}

interface SummaryRow {
  number: number;
  title: string;
  status: AdrStatus;
  superseded_by: number | null;
  date: string | null;
  author_id: string;
}

interface HistoryRow {
  from_status: AdrStatus | null;
  to_status: AdrStatus;
  actor_id: string;
  note: string | null;
  at: string;
}

function toSummary(row: SummaryRow): AdrSummary {
  return {
    number: row.number,
    title: row.title,
    status: row.status,
    supersededBy: row.superseded_by,
    date: row.date === '' ? null : (row.date ?? null),
    authorId: row.author_id,
  };
}

function toAdr(row: AdrRow): StoredAdr {
  const content = JSON.parse(row.content_json) as AdrContent;
  return {
    ...content,
    title: row.title,
    teamId: row.team_id,
    number: row.number,
    status: row.status,
    supersededBy: row.superseded_by,
    supersedes: row.supersedes
      ? row.supersedes
          .split(',')
          .map(Number)
          .sort((a, b) => a - b)
      : [],
    authorId: row.author_id,
    date: row.date === '' ? null : (row.date ?? null),
    statusWording: row.status_wording ?? null,
    sourceFileName: row.source_file_name ?? null,
    relations: parseJsonArray<AdrRelation>(row.relations_json),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    card: row.channel_id && row.message_ts ? { channelId: row.channel_id, ts: row.message_ts } : null,
    approvals: parseApprovals(row.approvals_json),
    reviewDueAt: row.review_due_at ?? null,
  };
}

function parseApprovals(json: string | null | undefined): Approval[] {
  return parseJsonArray<Approval>(json);
}

function parseJsonArray<T>(json: string | null | undefined): T[] {
  if (!json) return [];
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? (value as T[]) : [];
  } catch {
    return [];
  }
}
