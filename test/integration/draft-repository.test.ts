import { afterEach, describe, expect, it } from 'vitest';
import { DraftRepository } from '../../src/db/draft-repository.js';
import { emptyContent } from '../../src/domain/adr.js';
import { ENGINES, openTestStore, type TestStore } from '../support/postgres.js';

const NOW = new Date('2026-03-01T10:00:00.000Z');
const opened: TestStore[] = [];

afterEach(async () => {
  await Promise.all(opened.splice(0).map((store) => store.close()));
});

describe.each(ENGINES)('DraftRepository.save on %s', (engine) => {
  it('saves over what the caller read, and refuses when another request wrote the draft in between', async () => {
    const test = await openTestStore(engine);
    opened.push(test);
    const drafts = new DraftRepository(test.store);
    const draft = await drafts.create({
      teamId: 'T1',
      userId: 'U1',
      adrNumber: null,
      content: emptyContent('First title'),
      channelId: null,
      now: NOW,
    });
    const read = draft.content;
    // Another request (the modal closed, an AI draft merged) saves first.
    expect(await drafts.save({ ...draft, content: { ...read, context: 'From the AI' } }, NOW)).toBe(true);
    // The change made on the stale read is refused, and what the other request wrote stays.
    expect(await drafts.save({ ...draft, content: { ...read, title: 'Mine' } }, NOW, read)).toBe(false);
    const stored = await drafts.find('T1', 'U1', draft.id);
    expect(stored?.content).toMatchObject({ title: 'First title', context: 'From the AI' });
    // Re-applied on a fresh read, it is saved.
    const fresh = stored?.content ?? expect.fail('the draft is stored');
    expect(await drafts.save({ ...draft, content: { ...fresh, title: 'Mine' } }, NOW, fresh)).toBe(true);
    expect((await drafts.find('T1', 'U1', draft.id))?.content).toMatchObject({ title: 'Mine', context: 'From the AI' });
  });
});
