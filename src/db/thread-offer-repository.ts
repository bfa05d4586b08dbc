import { sql } from 'kysely';
import type { DataStore } from './store.js';

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
 * transaction so two events racing for one thread offer once, on any instance.
 */
export class ThreadOfferRepository {
  constructor(private readonly store: DataStore) {}

  private get db() {
    return this.store.query();
  }

  async find(thread: ThreadKey): Promise<ThreadOffer | null> {
    const row = await this.db
      .selectFrom('thread_offers')
      .selectAll()
      .where('team_id', '=', thread.teamId)
      .where('channel_id', '=', thread.channelId)
      .where('thread_ts', '=', thread.threadTs)
      .executeTakeFirst();
    return row ? toOffer(row as Row) : null;
  }

  /** Offers made in a channel since `since`, whatever their answer. */
  async offersSince(teamId: string, channelId: string, since: Date): Promise<number> {
    const row = await this.db
      .selectFrom('thread_offers')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('team_id', '=', teamId)
      .where('channel_id', '=', channelId)
      .where('offered_at', '>=', since.toISOString())
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  /**
   * Takes the thread for an offer to `userId`, in one write transaction: refused when the thread has a row
   * other than an AI's "no" (offered, dismissed or drafted before), or when the channel had `limit` offers since
   * `since`. PostgreSQL: the channel's offers are counted under a transaction-scoped advisory lock on the channel,
   * so two instances cannot both take the last offer of the day or both offer one thread.
   */
  claim(
    thread: ThreadKey,
    offer: { userId: string; decidingTs: string },
    now: Date,
    since: Date,
    limit: number,
  ): Promise<Claim> {
    return this.store.transaction(async (): Promise<Claim> => {
      // The channel's daily limit counts offers that may not exist yet: two instances must not both see room.
      await this.store.locking.serialize(this.db, `thread_offers:${thread.teamId}:${thread.channelId}`);
      const existing = await this.find(thread);
      if (existing && existing.state !== 'declined') return 'taken';
      if ((await this.offersSince(thread.teamId, thread.channelId, since)) >= limit) return 'daily-limit';
      await this.db
        .insertInto('thread_offers')
        .values({
          team_id: thread.teamId,
          channel_id: thread.channelId,
          thread_ts: thread.threadTs,
          state: 'offered',
          deciding_ts: offer.decidingTs,
          offered_to: offer.userId,
          offered_at: now.toISOString(),
        })
        .onConflict((conflict) =>
          conflict.columns(['team_id', 'channel_id', 'thread_ts']).doUpdateSet((eb) => ({
            state: 'offered',
            deciding_ts: eb.ref('excluded.deciding_ts'),
            offered_to: eb.ref('excluded.offered_to'),
            offered_at: eb.ref('excluded.offered_at'),
          })),
        )
        .execute();
      return 'claimed';
    });
  }

  /** The offer could not be posted: the thread may be offered again later. */
  async release(thread: ThreadKey, userId: string): Promise<void> {
    await this.db
      .deleteFrom('thread_offers')
      .where('team_id', '=', thread.teamId)
      .where('channel_id', '=', thread.channelId)
      .where('thread_ts', '=', thread.threadTs)
      .where('state', '=', 'offered')
      .where('offered_to', '=', userId)
      .execute();
  }

  /** The AI said the message at `decidingTs` is no decision; kept only while nothing else was stored. */
  async decline(thread: ThreadKey, decidingTs: string): Promise<void> {
    await this.db
      .insertInto('thread_offers')
      .values({
        team_id: thread.teamId,
        channel_id: thread.channelId,
        thread_ts: thread.threadTs,
        state: 'declined',
        deciding_ts: decidingTs,
      })
      .onConflict((conflict) =>
        conflict
          .columns(['team_id', 'channel_id', 'thread_ts'])
          .doUpdateSet((eb) => ({ deciding_ts: eb.ref('excluded.deciding_ts') }))
          .where('thread_offers.state', '=', 'declined'),
      )
      .execute();
  }

  /** The person's answer to the offer. */
  async answer(thread: ThreadKey, state: 'dismissed' | 'drafted', userId: string, now: Date): Promise<void> {
    await this.db
      .insertInto('thread_offers')
      .values({
        team_id: thread.teamId,
        channel_id: thread.channelId,
        thread_ts: thread.threadTs,
        state,
        answered_by: userId,
        answered_at: now.toISOString(),
      })
      .onConflict((conflict) =>
        conflict.columns(['team_id', 'channel_id', 'thread_ts']).doUpdateSet((eb) => ({
          state: eb.ref('excluded.state'),
          answered_by: eb.ref('excluded.answered_by'),
          answered_at: eb.ref('excluded.answered_at'),
        })),
      )
      .execute();
  }

  /**
   * Whether an ADR or a draft is about the thread: the thread is an ADR card's, or an ADR's or draft's content
   * (its technical story) holds one of `links` (the thread's permalink path, or the provisional `channel/ts`).
   */
  async linkedToAdr(thread: ThreadKey, links: readonly string[]): Promise<boolean> {
    const { teamId, channelId, threadTs } = thread;
    const card = await this.db
      .selectFrom('adrs')
      .select('number')
      .where('team_id', '=', teamId)
      .where('channel_id', '=', channelId)
      .where('message_ts', '=', threadTs)
      .limit(1)
      .executeTakeFirst();
    if (card) return true;
    for (const link of links) {
      const pattern = `%${likeLiteral(link)}%`;
      const inAdrs = await this.db
        .selectFrom('adrs')
        .select('number')
        .where('team_id', '=', teamId)
        .where(sql<boolean>`content_json LIKE ${pattern} ESCAPE '\\'`)
        .limit(1)
        .executeTakeFirst();
      if (inAdrs) return true;
      const inDrafts = await this.db
        .selectFrom('drafts')
        .select('id')
        .where('team_id', '=', teamId)
        .where(sql<boolean>`content_json LIKE ${pattern} ESCAPE '\\'`)
        .limit(1)
        .executeTakeFirst();
      if (inDrafts) return true;
    }
    return false;
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
