import type { AdrContent } from '../domain/adr.js';
import { affectedBy, cachedQuery, firstOf, sql } from './query-cache.js';
import type { DataStore } from './store.js';

export interface Draft {
  id: number;
  teamId: string;
  userId: string;
  /** The Proposed ADR this draft edits, or null for a new ADR. */
  adrNumber: number | null;
  step: number;
  content: AdrContent;
  channelId: string | null;
  createdAt: string;
  updatedAt: string;
}

interface DraftRow {
  id: number;
  team_id: string;
  user_id: string;
  adr_number: number | null;
  step: number;
  content_json: string;
  channel_id: string | null;
  created_at: string;
  updated_at: string;
}

const findQuery = cachedQuery((db, _engine, id: number, teamId: string, userId: string) =>
  db.selectFrom('drafts').selectAll().where('id', '=', id).where('team_id', '=', teamId).where('user_id', '=', userId),
);
// `readJson` null saves whatever is stored; otherwise only over that content (compare-and-set).
const saveQuery = cachedQuery(
  (
    db,
    _engine,
    step: number,
    contentJson: string,
    now: string,
    id: number,
    teamId: string,
    userId: string,
    readJson: string | null,
  ) =>
    db
      .updateTable('drafts')
      .set({ step, content_json: contentJson, updated_at: now })
      .where('id', '=', id)
      .where('team_id', '=', teamId)
      .where('user_id', '=', userId)
      .where('content_json', '=', sql<string>`coalesce(${readJson}, content_json)`),
);

/** Drafts are private to their author: every read and write names the team and the user. */
export class DraftRepository {
  constructor(private readonly store: DataStore) {}

  async create(input: {
    teamId: string;
    userId: string;
    adrNumber: number | null;
    content: AdrContent;
    channelId: string | null;
    now: Date;
    step?: number;
  }): Promise<Draft> {
    const now = input.now.toISOString();
    const { id } = await this.store
      .query()
      .insertInto('drafts')
      .values({
        team_id: input.teamId,
        user_id: input.userId,
        adr_number: input.adrNumber,
        step: input.step ?? 1,
        content_json: JSON.stringify(input.content),
        channel_id: input.channelId,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return (await this.find(input.teamId, input.userId, id)) as Draft;
  }

  async find(teamId: string, userId: string, id: number): Promise<Draft | null> {
    const row = await firstOf(findQuery(this.store, id, teamId, userId));
    return row ? toDraft(row as DraftRow) : null;
  }

  /**
   * Saves `draft`. With `read` (the content the caller read and changed), only if the stored content is still
   * that: false when another request (a closed modal, an AI result) wrote in between, so the caller reads again and
   * re-applies its change.
   */
  async save(
    draft: Pick<Draft, 'id' | 'teamId' | 'userId' | 'step' | 'content'>,
    now: Date,
    read?: Draft['content'],
  ): Promise<boolean> {
    const changes = await affectedBy(
      saveQuery(
        this.store,
        draft.step,
        JSON.stringify(draft.content),
        now.toISOString(),
        draft.id,
        draft.teamId,
        draft.userId,
        read === undefined ? null : JSON.stringify(read),
      ),
    );
    return changes === 1;
  }

  async listForUser(teamId: string, userId: string, limit = 20): Promise<Draft[]> {
    const rows = await this.store
      .query()
      .selectFrom('drafts')
      .selectAll()
      .where('team_id', '=', teamId)
      .where('user_id', '=', userId)
      .orderBy('updated_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return (rows as DraftRow[]).map(toDraft);
  }

  async remove(teamId: string, userId: string, id: number): Promise<boolean> {
    const result = await this.store
      .query()
      .deleteFrom('drafts')
      .where('id', '=', id)
      .where('team_id', '=', teamId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return Number(result.numDeletedRows) === 1;
  }
}

function toDraft(row: DraftRow): Draft {
  return {
    id: row.id,
    teamId: row.team_id,
    userId: row.user_id,
    adrNumber: row.adr_number,
    step: row.step,
    content: JSON.parse(row.content_json) as AdrContent,
    channelId: row.channel_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
