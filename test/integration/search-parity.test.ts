import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAdr, seededRandom } from '../../bench/content.js';
import { searchTerms } from '../../src/db/store.js';
import { ENGINES, openTestStore, type TestStore } from '../support/postgres.js';
import { proposeThroughStore } from '../support/store-writes.js';

// FTS5 and PostgreSQL over the bench's realistic ADRs (two workspaces): for queries made of the corpus's own words,
// whole or cut to a prefix, one or two at a time, both engines find the same ADRs.

const stores = new Map<string, TestStore>();
const words = new Set<string>();

beforeAll(async () => {
  const random = seededRandom(42);
  const adrs = Array.from({ length: 120 }, () => makeAdr(random));
  for (const adr of adrs) {
    for (const word of searchTerms(`${adr.content.title} ${adr.content.context}`)) {
      if (word.length >= 3) words.add(word.toLowerCase());
    }
  }
  for (const engine of ENGINES) {
    const opened = await openTestStore(engine);
    stores.set(engine, opened);
    for (const [i, adr] of adrs.entries()) {
      await proposeThroughStore(opened.store, i % 3 === 0 ? 'T2' : 'T1', adr.content);
    }
  }
});

afterAll(async () => {
  await Promise.all([...stores.values()].map((opened) => opened.close()));
});

function queries(): string[] {
  const random = seededRandom(7);
  const vocabulary = [...words].sort();
  const pick = () => vocabulary[Math.floor(random() * vocabulary.length)] as string;
  const cut = (word: string) => word.slice(0, Math.max(3, Math.ceil(word.length * (0.5 + random() / 2))));
  return Array.from({ length: 200 }, (_, i) => (i % 3 === 2 ? `${cut(pick())} ${cut(pick())}` : cut(pick())));
}

describe('search parity on realistic ADRs', () => {
  it('finds the same ADRs on both engines for 200 queries of the corpus’s words and prefixes', async () => {
    const differences: string[] = [];
    let hits = 0;
    for (const query of queries()) {
      for (const team of ['T1', 'T2']) {
        const [sqlite, postgres] = await Promise.all(
          ENGINES.map(async (engine) => {
            const opened = stores.get(engine);
            if (!opened) throw new Error(`no ${engine} store`);
            const rows = await opened.store.search.search(opened.store.db, team, query, 200);
            return rows.map((row) => row.number).sort((a, b) => a - b);
          }),
        );
        hits += sqlite?.length ?? 0;
        if (JSON.stringify(sqlite) !== JSON.stringify(postgres)) {
          differences.push(`${team} "${query}": sqlite ${JSON.stringify(sqlite)} postgres ${JSON.stringify(postgres)}`);
        }
      }
    }
    expect(hits).toBeGreaterThan(100);
    expect(differences).toEqual([]);
  });
});
