import type { Statement } from 'better-sqlite3';
import type { Kysely, Selectable } from 'kysely';
import type { Adr, AdrContent, AdrRelation, AdrStatus } from '../domain/adr.js';
import type { Approval } from '../domain/approvals.js';
import { KeptAdrs } from './kept-adrs.js';
import { takeNextNumber } from './numbering.js';
import { cachedQuery, firstOf, jsonArray, parseJsonColumn, rowsOf, sql } from './query-cache.js';
import type { Tables } from './schema.js';
import { searchDocument } from './search-document.js';
import { searchTeamToken, toFtsQuery } from './sqlite/search.js';
import { type DataStore, type Engine, SEARCH_MARK_END, SEARCH_MARK_START } from './store.js';

export { SEARCH_MARK_END, SEARCH_MARK_START, searchTeamToken, toFtsQuery };

/** An ADR's row as selectAdr reads it: its columns, and what the subqueries gather as JSON. */
type AdrRow = Omit<Selectable<Tables['adrs']>, 'id' | 'status'> & {
  status: AdrStatus;
  supersedes: unknown;
  approvals_json: unknown;
  review_due_at: string | null;
  relations_json: unknown;
};

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

function selectAdr(db: Kysely<Tables>, engine: Engine) {
  return db
    .selectFrom('adrs as a')
    .select([
      'a.team_id',
      'a.number',
      'a.title',
      'a.status',
      'a.superseded_by',
      'a.author_id',
      'a.date',
      'a.content_json',
      'a.channel_id',
      'a.message_ts',
      'a.created_at',
      'a.updated_at',
      'a.status_wording',
      'a.source_file_name',
    ])
    .select((eb) => [
      jsonArray(
        engine,
        eb
          .selectFrom('adrs as s')
          .select('s.number')
          .whereRef('s.team_id', '=', 'a.team_id')
          .whereRef('s.superseded_by', '=', 'a.number'),
        // Unordered (toAdr sorts): ORDER BY number made SQLite walk the workspace's (team_id, number) index, every
        // ADR of it, instead of the (team_id, superseded_by) one.
      ).as('supersedes'),
      jsonArray(
        engine,
        eb
          .selectFrom('approvals as p')
          .select([
            'p.decider_id as deciderId',
            'p.answer as answer',
            'p.comment as comment',
            'p.requested_at as requestedAt',
            'p.answered_at as answeredAt',
          ])
          .whereRef('p.team_id', '=', 'a.team_id')
          .whereRef('p.adr_number', '=', 'a.number')
          .orderBy('p.decider_id'),
      ).as('approvals_json'),
      eb
        .selectFrom('adr_reviews as r')
        .select('r.due_at')
        .whereRef('r.team_id', '=', 'a.team_id')
        .whereRef('r.adr_number', '=', 'a.number')
        .as('review_due_at'),
      jsonArray(
        engine,
        eb
          .selectFrom('adr_relations as l')
          .select(['l.kind as kind', 'l.target_number as target'])
          .whereRef('l.team_id', '=', 'a.team_id')
          .whereRef('l.adr_number', '=', 'a.number')
          .orderBy('l.position'),
      ).as('relations_json'),
    ]);
}

const findQuery = cachedQuery((db, engine, teamId: string, number: number) =>
  selectAdr(db, engine).where('a.team_id', '=', teamId).where('a.number', '=', number),
);
const allQuery = cachedQuery((db, engine, teamId: string) =>
  selectAdr(db, engine).where('a.team_id', '=', teamId).orderBy('a.number'),
);
const SUMMARY = ['number', 'title', 'status', 'superseded_by', 'date', 'author_id'] as const;
const listAllQuery = cachedQuery((db, _engine, teamId: string, limit: number, offset: number) =>
  db
    .selectFrom('adrs')
    .select(SUMMARY)
    .where('team_id', '=', teamId)
    .orderBy('number', 'desc')
    .limit(limit)
    .offset(offset),
);
const listStatusQuery = cachedQuery((db, _engine, teamId: string, status: string, limit: number, offset: number) =>
  db
    .selectFrom('adrs')
    .select(SUMMARY)
    .where('team_id', '=', teamId)
    .where('status', '=', status)
    .orderBy('number', 'desc')
    .limit(limit)
    .offset(offset),
);
// Kept by triggers (migration 0009), so a list never counts the workspace's rows.
const countAllQuery = cachedQuery((db, _engine, teamId: string) =>
  db
    .selectFrom('adr_status_counts')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('count'), sql<number>`0`).as('total'))
    .where('team_id', '=', teamId),
);
const countStatusQuery = cachedQuery((db, _engine, teamId: string, status: string) =>
  db
    .selectFrom('adr_status_counts')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('count'), sql<number>`0`).as('total'))
    .where('team_id', '=', teamId)
    .where('status', '=', status),
);
const insertQuery = cachedQuery(
  (
    db,
    _engine,
    teamId: string,
    number: number,
    title: string,
    status: string,
    supersededBy: number | null,
    authorId: string,
    date: string | null,
    contentJson: string,
    channelId: string | null,
    now: string,
    statusWording: string | null,
    sourceFileName: string | null,
  ) =>
    db
      .insertInto('adrs')
      .values({
        team_id: teamId,
        number,
        title,
        status,
        superseded_by: supersededBy,
        author_id: authorId,
        date,
        content_json: contentJson,
        channel_id: channelId,
        created_at: now,
        updated_at: now,
        status_wording: statusWording,
        source_file_name: sourceFileName,
      })
      .returning('id'),
);
const idQuery = cachedQuery((db, _engine, teamId: string, number: number) =>
  db.selectFrom('adrs').select('id').where('team_id', '=', teamId).where('number', '=', number),
);
const recordChangeQuery = cachedQuery(
  (
    db,
    _engine,
    teamId: string,
    number: number,
    from: string | null,
    to: string,
    actorId: string,
    note: string | null,
    at: string,
  ) =>
    db.insertInto('status_changes').values({
      team_id: teamId,
      adr_number: number,
      from_status: from,
      to_status: to,
      actor_id: actorId,
      note,
      at,
    }),
);
const updateContentQuery = cachedQuery(
  (db, _engine, title: string, contentJson: string, now: string, teamId: string, number: number) =>
    db
      .updateTable('adrs')
      .set({ title, content_json: contentJson, updated_at: now })
      .where('team_id', '=', teamId)
      .where('number', '=', number),
);
// A status the app sets replaces the wording an imported file had for the old one.
const setStatusQuery = cachedQuery(
  (db, _engine, status: string, supersededBy: number | null, now: string, teamId: string, number: number) =>
    db
      .updateTable('adrs')
      .set({ status, superseded_by: supersededBy, status_wording: null, updated_at: now })
      .where('team_id', '=', teamId)
      .where('number', '=', number),
);
const historyQuery = cachedQuery((db, _engine, teamId: string, number: number) =>
  db
    .selectFrom('status_changes')
    .select(['from_status', 'to_status', 'actor_id', 'note', 'at'])
    .where('team_id', '=', teamId)
    .where('adr_number', '=', number)
    .orderBy('id'),
);
const setCardQuery = cachedQuery((db, _engine, channelId: string, ts: string, teamId: string, number: number) =>
  db
    .updateTable('adrs')
    .set({ channel_id: channelId, message_ts: ts })
    .where('team_id', '=', teamId)
    .where('number', '=', number),
);
const cardOfQuery = cachedQuery((db, _engine, teamId: string, number: number) =>
  db.selectFrom('adrs').select(['channel_id', 'message_ts']).where('team_id', '=', teamId).where('number', '=', number),
);
// Moved by triggers on every change to `adrs` (migration 0014).
const revisionQuery = cachedQuery((db) => db.selectFrom('adr_log_revision').select('revision').where('id', '=', 1));
const versionQuery = cachedQuery((db, _engine, teamId: string) =>
  db
    .selectFrom('adrs')
    .select((eb) => [eb.fn.countAll<number>().as('count'), eb.fn.max('updated_at').as('latest')])
    .where('team_id', '=', teamId),
);
const changedQuery = cachedQuery((db, _engine, teamId: string) =>
  db.selectFrom('adrs').select(['number', 'updated_at', 'content_json']).where('team_id', '=', teamId),
);
const changedSinceQuery = cachedQuery((db, _engine, teamId: string, since: string) =>
  db
    .selectFrom('adrs')
    .select(['number', 'updated_at', 'content_json'])
    .where('team_id', '=', teamId)
    .where('updated_at', '>=', since),
);

/** The decision log of every workspace; every statement is scoped by team id. */
export class AdrRepository {
  /**
   * SQLite only: there the revision is one row read on the connection, far cheaper than an ADR's read; on
   * PostgreSQL it is a round trip like the read it would save.
   */
  private readonly keptAdrs: KeptAdrs | null;
  /** Prepared on first use: a repository may be built before the migrations ran. */
  private revisionStatement: Statement | null = null;

  constructor(private readonly store: DataStore) {
    this.keptAdrs = store.sqlite ? new KeptAdrs() : null;
  }

  /** How many ADRs the workspace has and when the latest changed. */
  async version(teamId: string): Promise<{ count: number; latest: string | null }> {
    const row = await firstOf(versionQuery(this.store, teamId));
    return { count: Number(row?.count ?? 0), latest: row?.latest ?? null };
  }

  /** Every ADR of the workspace changed at or after `since` (all of them for null), with its content. */
  async changedSince(
    teamId: string,
    since: string | null,
  ): Promise<{ number: number; updatedAt: string; content: AdrContent }[]> {
    const rows =
      since === null
        ? await rowsOf(changedQuery(this.store, teamId))
        : await rowsOf(changedSinceQuery(this.store, teamId, since));
    return rows.map((row) => ({
      number: row.number,
      updatedAt: row.updated_at,
      content: JSON.parse(row.content_json) as AdrContent,
    }));
  }

  /**
   * Creates a Proposed ADR with the next number of its workspace, in one write transaction (numbering.ts) or, on
   * PostgreSQL, one statement, so concurrent proposals, from any process or instance, never collide and leave no
   * gap.
   */
  async propose(input: {
    teamId: string;
    content: AdrContent;
    authorId: string;
    channelId: string | null;
    now: Date;
  }): Promise<StoredAdr> {
    const { teamId, content, authorId, channelId, now } = input;
    const oneStatement = this.store.proposeInOneStatement;
    if (oneStatement) {
      const at = now.toISOString();
      const date = at.slice(0, 10);
      const contentJson = JSON.stringify(content);
      // The sections only: the statement gives the entry its ADR's id and number.
      const { title, context, drivers, options, outcome } = searchDocument(0, teamId, 0, content);
      const stored = await oneStatement({
        teamId,
        title: content.title,
        authorId,
        date,
        contentJson,
        channelId,
        now: at,
        search: { title, context, drivers, options, outcome },
      });
      // A new ADR has no card, approvals, review or relations yet.
      return toAdr({
        team_id: teamId,
        number: stored.number,
        title: content.title,
        status: 'proposed',
        superseded_by: null,
        author_id: authorId,
        date,
        content_json: contentJson,
        channel_id: channelId,
        message_ts: null,
        created_at: at,
        updated_at: at,
        supersedes: stored.supersedes.map((number) => ({ number })),
        approvals_json: [],
        review_due_at: null,
        status_wording: null,
        source_file_name: null,
        relations_json: [],
      });
    }
    return this.store.transaction(async () => {
      const number = await takeNextNumber(this.store, teamId, now);
      await this.insertRow({
        teamId,
        number,
        content,
        status: 'proposed',
        supersededBy: null,
        authorId,
        now,
        channelId,
      });
      await recordChangeQuery(this.store, teamId, number, null, 'proposed', authorId, null, now.toISOString());
      return this.require(teamId, number);
    });
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
  }): Promise<StoredAdr> {
    return this.store.transaction(async () => {
      const db = this.store.query();
      let number = input.number;
      if (number === null) {
        number = await takeNextNumber(this.store, input.teamId, input.now);
      } else {
        await db
          .insertInto('workspaces')
          .values({ team_id: input.teamId, created_at: input.now.toISOString() })
          .onConflict((conflict) => conflict.column('team_id').doNothing())
          .execute();
        const next = number + 1;
        await db
          .updateTable('workspaces')
          .set({ next_number: sql<number>`CASE WHEN next_number < ${next} THEN ${next} ELSE next_number END` })
          .where('team_id', '=', input.teamId)
          .execute();
      }
      await this.insertRow({ ...input, number, channelId: null, date: input.date });
      await recordChangeQuery(
        this.store,
        input.teamId,
        number,
        null,
        input.status,
        input.authorId,
        'imported',
        input.now.toISOString(),
      );
      return this.require(input.teamId, number);
    });
  }

  /**
   * One ADR. On SQLite, outside transactions, the ADR is kept (frozen) until the decision log's revision moves, so
   * reading it again costs one row by primary key. Inside a transaction, or while another request's transaction
   * holds the connection, it is read from its rows: what such a transaction saw may still be rolled back.
   */
  async find(teamId: string, number: number): Promise<StoredAdr | null> {
    const keeping = this.keeping();
    const kept = keeping?.adrs.get(teamId, number, keeping.revision);
    if (kept) return kept;
    // Read after the revision: rows newer than it are kept under it and only ever missed, never served stale.
    const row = await firstOf(findQuery(this.store, teamId, number));
    const adr = row ? toAdr(row as AdrRow) : null;
    return adr && keeping ? keeping.adrs.keep(adr, keeping.revision) : adr;
  }

  /** Where ADRs are kept and the revision they are kept under now; null when none may be kept or handed out. */
  private keeping(): { adrs: KeptAdrs; revision: number } | null {
    const sqlite = this.store.sqlite;
    if (!this.keptAdrs || !sqlite || sqlite.inTransaction || this.store.inTransaction()) return null;
    this.revisionStatement ??= sqlite.prepare('SELECT revision FROM adr_log_revision WHERE id = 1').pluck();
    return { adrs: this.keptAdrs, revision: Number(this.revisionStatement.get()) };
  }

  async all(teamId: string): Promise<StoredAdr[]> {
    return (await rowsOf(allQuery(this.store, teamId))).map((row) => toAdr(row as AdrRow));
  }

  /**
   * A number every committed change to any ADR moves, whichever instance made it (migration 0014): what is derived
   * from a workspace's ADRs may be kept while it stays the same.
   */
  async revision(): Promise<number> {
    const row = await firstOf(revisionQuery(this.store));
    return Number(row?.revision ?? 0);
  }

  async list(
    teamId: string,
    options: { status: AdrStatus | null; limit: number; offset: number },
  ): Promise<{
    items: AdrSummary[];
    total: number;
  }> {
    const { status, limit, offset } = options;
    const rows =
      status === null
        ? await rowsOf(listAllQuery(this.store, teamId, limit, offset))
        : await rowsOf(listStatusQuery(this.store, teamId, status, limit, offset));
    const count =
      status === null
        ? await firstOf(countAllQuery(this.store, teamId))
        : await firstOf(countStatusQuery(this.store, teamId, status));
    return { items: (rows as SummaryRow[]).map(toSummary), total: Number(count?.total ?? 0) };
  }

  /** Ranked full-text search; `text` is plain words (query syntax in it is neutralised). */
  async search(teamId: string, text: string, limit = 10): Promise<SearchHit[]> {
    const rows = await this.store.search.search(this.store.query(), teamId, text, limit);
    return rows.map((row) => ({ ...toSummary(row as SummaryRow), snippet: row.snippet }));
  }

  updateContent(teamId: string, number: number, content: AdrContent, now: Date): Promise<StoredAdr> {
    return this.store.transaction(async () => {
      await updateContentQuery(this.store, content.title, JSON.stringify(content), now.toISOString(), teamId, number);
      const row = await firstOf(idQuery(this.store, teamId, number));
      if (row) await this.index(row.id, teamId, number, content);
      return this.require(teamId, number);
    });
  }

  /**
   * Applies status changes (one ADR, or both sides of a supersede), recording each, in the caller's unit of work
   * when there is one (with the outbox rows the change owes), else in a transaction of its own.
   */
  changeStatus(
    teamId: string,
    changes: { number: number; from: AdrStatus; to: AdrStatus; supersededBy?: number | null }[],
    actorId: string,
    now: Date,
    note: string | null = null,
  ): Promise<void> {
    return this.store.transaction(async () => {
      const at = now.toISOString();
      for (const change of changes) {
        await setStatusQuery(this.store, change.to, change.supersededBy ?? null, at, teamId, change.number);
        await recordChangeQuery(this.store, teamId, change.number, change.from, change.to, actorId, note, at);
      }
    });
  }

  /** Records a link between two ADRs of a workspace (`Amends`, `Clarified by`…), after the ones it already has. */
  async addRelation(teamId: string, number: number, relation: AdrRelation): Promise<void> {
    await this.store
      .query()
      .insertInto('adr_relations')
      .values((eb) => ({
        team_id: teamId,
        adr_number: number,
        kind: relation.kind,
        target_number: relation.target,
        position: eb
          .selectFrom('adr_relations')
          .select((inner) => sql<number>`CAST(${inner.fn.countAll()} AS INTEGER)`.as('n'))
          .where('team_id', '=', teamId)
          .where('adr_number', '=', number),
      }))
      .onConflict((conflict) => conflict.doNothing())
      .execute();
  }

  /** Records who superseded an imported ADR, without a status change of its own. */
  async linkSupersededBy(teamId: string, number: number, supersededBy: number): Promise<void> {
    await this.store
      .query()
      .updateTable('adrs')
      .set({ superseded_by: supersededBy })
      .where('team_id', '=', teamId)
      .where('number', '=', number)
      .execute();
  }

  async setCard(teamId: string, number: number, card: { channelId: string; ts: string }): Promise<void> {
    await setCardQuery(this.store, card.channelId, card.ts, teamId, number);
  }

  /** Where the ADR's card was posted (StoredAdr.card), without reading the ADR. */
  async cardOf(teamId: string, number: number): Promise<StoredAdr['card']> {
    const row = await firstOf(cardOfQuery(this.store, teamId, number));
    return row?.channel_id && row.message_ts ? { channelId: row.channel_id, ts: row.message_ts } : null;
  }

  async history(teamId: string, number: number): Promise<StatusChange[]> {
    return ((await rowsOf(historyQuery(this.store, teamId, number))) as HistoryRow[]).map((row) => ({
      from: row.from_status,
      to: row.to_status,
      actorId: row.actor_id,
      note: row.note,
      at: row.at,
    }));
  }

  private async insertRow(row: {
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
  }): Promise<void> {
    const now = row.now.toISOString();
    const inserted = await firstOf(
      insertQuery(
        this.store,
        row.teamId,
        row.number,
        row.content.title,
        row.status,
        row.supersededBy,
        row.authorId,
        row.date === undefined ? now.slice(0, 10) : row.date,
        JSON.stringify(row.content),
        row.channelId,
        now,
        row.statusWording ?? null,
        row.sourceFileName ?? null,
      ),
    );
    if (!inserted) throw new Error(`ADR ${row.number} of ${row.teamId} was not stored`);
    await this.index(inserted.id, row.teamId, row.number, row.content);
  }

  private index(id: number, teamId: string, number: number, content: AdrContent): Promise<void> {
    return this.store.search.put(this.store, searchDocument(id, teamId, number, content));
  }

  private async require(teamId: string, number: number): Promise<StoredAdr> {
    const adr = await this.find(teamId, number);
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
    supersedes: parseJsonColumn<{ number: number }>(row.supersedes)
      .map((entry) => Number(entry.number))
      .sort((a, b) => a - b),
    authorId: row.author_id,
    date: row.date === '' ? null : (row.date ?? null),
    statusWording: row.status_wording ?? null,
    sourceFileName: row.source_file_name ?? null,
    relations: parseJsonColumn<AdrRelation>(row.relations_json),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    card: row.channel_id && row.message_ts ? { channelId: row.channel_id, ts: row.message_ts } : null,
    approvals: parseJsonColumn<Approval>(row.approvals_json),
    reviewDueAt: row.review_due_at ?? null,
  };
}
