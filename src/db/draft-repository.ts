import type { AdrContent } from '../domain/adr.js';
import type { Db } from './open.js';

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

/** Drafts are private to their author: every read and write names the team and the user. */
export class DraftRepository {
  private readonly statements;

  constructor(db: Db) {
    this.statements = {
      insert:
        db.prepare(`INSERT INTO drafts (team_id, user_id, adr_number, step, content_json, channel_id, created_at, updated_at)
        VALUES (@teamId, @userId, @adrNumber, @step, @contentJson, @channelId, @now, @now) RETURNING id`),
      find: db.prepare('SELECT * FROM drafts WHERE id = ? AND team_id = ? AND user_id = ?'),
      save: db.prepare(
        'UPDATE drafts SET step = ?, content_json = ?, updated_at = ? WHERE id = ? AND team_id = ? AND user_id = ?',
      ),
      list: db.prepare(
        'SELECT * FROM drafts WHERE team_id = ? AND user_id = ? ORDER BY updated_at DESC, id DESC LIMIT ?',
      ),
      remove: db.prepare('DELETE FROM drafts WHERE id = ? AND team_id = ? AND user_id = ?'),
    };
  }

  create(input: {
    teamId: string;
    userId: string;
    adrNumber: number | null;
    content: AdrContent;
    channelId: string | null;
    now: Date;
    step?: number;
  }): Draft {
    const { id } = this.statements.insert.get({
      teamId: input.teamId,
      userId: input.userId,
      adrNumber: input.adrNumber,
      step: input.step ?? 1,
      contentJson: JSON.stringify(input.content),
      channelId: input.channelId,
      now: input.now.toISOString(),
    }) as { id: number };
    return this.find(input.teamId, input.userId, id) as Draft;
  }

  find(teamId: string, userId: string, id: number): Draft | null {
    const row = this.statements.find.get(id, teamId, userId) as DraftRow | undefined;
    return row ? toDraft(row) : null;
  }

  save(draft: Pick<Draft, 'id' | 'teamId' | 'userId' | 'step' | 'content'>, now: Date): boolean {
    const result = this.statements.save.run(
      draft.step,
      JSON.stringify(draft.content),
      now.toISOString(),
      draft.id,
      draft.teamId,
      draft.userId,
    );
    return result.changes === 1;
  }

  listForUser(teamId: string, userId: string, limit = 20): Draft[] {
    return (this.statements.list.all(teamId, userId, limit) as DraftRow[]).map(toDraft);
  }

  remove(teamId: string, userId: string, id: number): boolean {
    return this.statements.remove.run(id, teamId, userId).changes === 1;
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
