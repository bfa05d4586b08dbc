import type { Kysely } from 'kysely';
import { takeNextNumber } from '../../src/db/numbering.js';
import { heldBy } from '../../src/db/query-cache.js';
import type { Tables } from '../../src/db/schema.js';
import { searchDocument } from '../../src/db/search-document.js';
import type { DataStore } from '../../src/db/store.js';
import type { AdrContent } from '../../src/domain/adr.js';
import { emptyContent } from '../../src/domain/adr.js';

/** A proposal through the two-engine data layer: number, ADR row, status history and search row in one transaction. */
export async function proposeThroughStore(
  store: DataStore,
  teamId: string,
  content: AdrContent,
  now = new Date('2024-05-01T10:00:00Z'),
): Promise<number> {
  return store.locking.write((trx) => proposeIn(store, trx, teamId, content, now));
}

/** The same inside a transaction the caller holds (seeding in batches). */
export async function proposeIn(
  store: DataStore,
  trx: Kysely<Tables>,
  teamId: string,
  content: AdrContent,
  now: Date,
  authorId = 'U_ALICE',
): Promise<number> {
  const held = heldBy(store, trx);
  const number = await takeNextNumber(held, teamId, now);
  const at = now.toISOString();
  const { id } = await trx
    .insertInto('adrs')
    .values({
      team_id: teamId,
      number,
      title: content.title,
      status: 'proposed',
      superseded_by: null,
      author_id: authorId,
      date: at.slice(0, 10),
      content_json: JSON.stringify(content),
      channel_id: null,
      message_ts: null,
      created_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('status_changes')
    .values({
      team_id: teamId,
      adr_number: number,
      from_status: null,
      to_status: 'proposed',
      actor_id: authorId,
      note: null,
      at,
    })
    .execute();
  await store.search.put(held, searchDocument(id, teamId, number, content));
  return number;
}

export function adrContent(title: string, context = '', extra: Partial<AdrContent> = {}): AdrContent {
  return {
    ...emptyContent(title),
    context,
    options: [
      { name: 'Option A', pros: [], cons: [] },
      { name: 'Option B', pros: [], cons: [] },
    ],
    ...extra,
  };
}
