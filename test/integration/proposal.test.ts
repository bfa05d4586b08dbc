import { afterEach, describe, expect, it } from 'vitest';
import { AdrRepository } from '../../src/db/adr-repository.js';
import { emptyContent } from '../../src/domain/adr.js';
import { ENGINES, openTestStore, type TestStore } from '../support/postgres.js';

const NOW = new Date('2026-03-01T10:00:00.000Z');
const opened: TestStore[] = [];

afterEach(async () => {
  await Promise.all(opened.splice(0).map((store) => store.close()));
});

async function repository(engine: (typeof ENGINES)[number]) {
  const test = await openTestStore(engine);
  opened.push(test);
  return { store: test.store, adrs: new AdrRepository(test.store) };
}

const content = {
  ...emptyContent('Adopt event sourcing for orders'),
  context: 'Orders change state often and audits need every step.',
  drivers: ['auditability'],
  options: [
    { name: 'Event sourcing', pros: ['full history'], cons: ['replay cost'] },
    { name: 'State tables', pros: ['simple'], cons: ['history lost'] },
  ],
  links: ['Related: ADR-001'],
};

// PostgreSQL stores a proposal in one statement and builds the answer without reading it back (SQLite reads it
// back in its transaction): both must answer what a read of the stored ADR gives.
describe.each(ENGINES)('a proposal on %s', (engine) => {
  it('answers exactly what a read of it gives, with its history, search entry and count stored', async () => {
    const { adrs } = await repository(engine);
    // An imported log can name a successor that does not exist yet.
    await adrs.insertImported({
      teamId: 'T1',
      number: 1,
      content: emptyContent('Keep orders in state tables'),
      status: 'superseded',
      supersededBy: 2,
      date: '2025-01-01',
      authorId: 'import',
      now: NOW,
    });
    const proposed = await adrs.propose({ teamId: 'T1', content, authorId: 'U1', channelId: 'C1', now: NOW });
    expect(proposed.number).toBe(2);
    expect(proposed.supersedes).toEqual([1]);
    expect(proposed).toEqual(await adrs.find('T1', 2));
    expect(await adrs.history('T1', 2)).toEqual([
      { from: null, to: 'proposed', actorId: 'U1', note: null, at: NOW.toISOString() },
    ]);
    expect((await adrs.search('T1', 'replay')).map((hit) => hit.number)).toEqual([2]);
    expect((await adrs.list('T1', { status: 'proposed', limit: 10, offset: 0 })).total).toBe(1);
  });

  it('joins the unit of work it is called in, and is gone with it when it rolls back', async () => {
    const { store, adrs } = await repository(engine);
    await expect(
      store.transaction(async () => {
        await adrs.propose({ teamId: 'T1', content, authorId: 'U1', channelId: null, now: NOW });
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(await adrs.find('T1', 1)).toBeNull();
    expect((await adrs.propose({ teamId: 'T1', content, authorId: 'U1', channelId: null, now: NOW })).number).toBe(1);
    expect(await adrs.search('T1', 'replay')).toHaveLength(1);
  });
});
