import type { Db } from './open.js';

/** A Slack thread of a workspace, by place only. */
export interface ThreadKey {
  teamId: string;
  channelId: string;
  threadTs: string;
}

export type ThreadOfferState = 'offered' | 'dismissed' | 'drafted' | 'declined';

/** What is kept of a thread the app looked at: never its text. */
export interface ThreadOffer extends ThreadKey {
  state: ThreadOfferState;
  decidingTs: string | null;
  offeredTo: string | null;
  offeredAt: string | null;
  answeredBy: string | null;
  answeredAt: string | null;
}

interface Row {
  team_id: string;
  channel_id: string;
  thread_ts: string;
  state: ThreadOfferState;
  deciding_ts: string | null;
  offered_to: string | null;
  offered_at: string | null;
  answered_by: string | null;
  answered_at: string | null;
}

export type Claim = 'claimed' | 'taken' | 'daily-limit';

/** Escapes LIKE's wildcards, so a channel id with `_` matches only itself. */
const likeLiteral = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Decisions noticed in threads: one row per thread the app offered for (or the AI turned down), claimed in a
 * transaction so two events racing for one thread offer once.
 */
export class ThreadOfferRepository {
  private readonly statements;

  constructor(private readonly db: Db) {
    const key = 'team_id = ? AND channel_id = ? AND thread_ts = ?';
    this.statements = {
      find: db.prepare(`SELECT * FROM thread_offers WHERE ${key}`),
      countSince: db
        .prepare('SELECT COUNT(*) FROM thread_offers WHERE team_id = ? AND channel_id = ? AND offered_at >= ?')
        .pluck(),
      offer: db.prepare(`INSERT INTO thread_offers
        (team_id, channel_id, thread_ts, state, deciding_ts, offered_to, offered_at)
        VALUES (?, ?, ?, 'offered', ?, ?, ?)
        ON CONFLICT (team_id, channel_id, thread_ts) DO UPDATE SET
          state = 'offered', deciding_ts = excluded.deciding_ts, offered_to = excluded.offered_to,
          offered_at = excluded.offered_at`),
      decline: db.prepare(`INSERT INTO thread_offers (team_id, channel_id, thread_ts, state, deciding_ts)
        VALUES (?, ?, ?, 'declined', ?)
        ON CONFLICT (team_id, channel_id, thread_ts) DO UPDATE SET deciding_ts = excluded.deciding_ts
        WHERE thread_offers.state = 'declined'`),
      answer: db.prepare(`INSERT INTO thread_offers (team_id, channel_id, thread_ts, state, answered_by, answered_at)
        VALUES (?, ?, ?, ?, ?, ?)
        ON CONFLICT (team_id, channel_id, thread_ts) DO UPDATE SET
          state = excluded.state, answered_by = excluded.answered_by, answered_at = excluded.answered_at`),
      release: db.prepare(`DELETE FROM thread_offers WHERE ${key} AND state = 'offered' AND offered_to = ?`),
      cardThread: db
        .prepare('SELECT COUNT(*) FROM adrs WHERE team_id = ? AND channel_id = ? AND message_ts = ?')
        .pluck(),
      storyInAdrs: db
        .prepare("SELECT COUNT(*) FROM adrs WHERE team_id = ? AND content_json LIKE ? ESCAPE '\\'")
        .pluck(),
      storyInDrafts: db
        .prepare("SELECT COUNT(*) FROM drafts WHERE team_id = ? AND content_json LIKE ? ESCAPE '\\'")
        .pluck(),
    };
  }

  find(thread: ThreadKey): ThreadOffer | null {
    const row = this.statements.find.get(thread.teamId, thread.channelId, thread.threadTs) as Row | undefined;
    return row ? toOffer(row) : null;
  }

  /** Offers made in a channel since `since`, whatever their answer. */
  offersSince(teamId: string, channelId: string, since: Date): number {
    return this.statements.countSince.get(teamId, channelId, since.toISOString()) as number;
  }

  /**
   * Takes the thread for an offer to `userId`, in one immediate transaction: refused when the thread has a row
   * other than an AI's "no" (offered, dismissed or drafted before), or when the channel had `limit` offers since
   * `since`.
   */
  claim(
    thread: ThreadKey,
    offer: { userId: string; decidingTs: string },
    now: Date,
    since: Date,
    limit: number,
  ): Claim {
    return this.db
      .transaction((): Claim => {
        const existing = this.find(thread);
        if (existing && existing.state !== 'declined') return 'taken';
        if (this.offersSince(thread.teamId, thread.channelId, since) >= limit) return 'daily-limit';
        const { teamId, channelId, threadTs } = thread;
        this.statements.offer.run(teamId, channelId, threadTs, offer.decidingTs, offer.userId, now.toISOString());
        return 'claimed';
      })
      .immediate();
  }

  /** The offer could not be posted: the thread may be offered again later. */
  release(thread: ThreadKey, userId: string): void {
    this.statements.release.run(thread.teamId, thread.channelId, thread.threadTs, userId);
  }

  /** The AI said the message at `decidingTs` is no decision; kept only while nothing else was stored. */
  decline(thread: ThreadKey, decidingTs: string): void {
    this.statements.decline.run(thread.teamId, thread.channelId, thread.threadTs, decidingTs);
  }

  /** The person's answer to the offer. */
  answer(thread: ThreadKey, state: 'dismissed' | 'drafted', userId: string, now: Date): void {
    const { teamId, channelId, threadTs } = thread;
    this.statements.answer.run(teamId, channelId, threadTs, state, userId, now.toISOString());
  }

  /**
   * Whether an ADR or a draft is about the thread: the thread is an ADR card's, or an ADR's or draft's content
   * (its technical story) holds one of `links` (the thread's permalink path, or the provisional `channel/ts`).
   */
  linkedToAdr(thread: ThreadKey, links: readonly string[]): boolean {
    const { teamId, channelId, threadTs } = thread;
    if ((this.statements.cardThread.get(teamId, channelId, threadTs) as number) > 0) return true;
    return links.some((link) => {
      const pattern = `%${likeLiteral(link)}%`;
      return (
        (this.statements.storyInAdrs.get(teamId, pattern) as number) > 0 ||
        (this.statements.storyInDrafts.get(teamId, pattern) as number) > 0
      );
    });
  }
}

function toOffer(row: Row): ThreadOffer {
  return {
    teamId: row.team_id,
    channelId: row.channel_id,
    threadTs: row.thread_ts,
    state: row.state,
    decidingTs: row.deciding_ts,
    offeredTo: row.offered_to,
    offeredAt: row.offered_at,
    answeredBy: row.answered_by,
    answeredAt: row.answered_at,
  };
}
