import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AdrRepository } from '../../../src/db/adr-repository.js';
import { ApprovalRepository } from '../../../src/db/approval-repository.js';
import { migrate } from '../../../src/db/migrate.js';
import { type Db, openDatabase } from '../../../src/db/open.js';
import { ReviewRepository } from '../../../src/db/review-repository.js';
import { adrContent } from '../../support/store-writes.js';
import { storeOf } from '../../support/stores.js';

// Several instances look for due reminders at once and may read the same due rows: marking a row reminded is the
// claim, and only the instance whose mark changed the row queues the reminder.

const T0 = new Date('2026-03-01T12:00:00.000Z');
let db: Db;

beforeEach(async () => {
  db = openDatabase(':memory:');
  migrate(db);
  const adrs = new AdrRepository(storeOf(db));
  await adrs.propose({ teamId: 'T1', content: adrContent('Use PostgreSQL'), authorId: 'U1', channelId: null, now: T0 });
  await adrs.changeStatus('T1', [{ number: 1, from: 'proposed', to: 'accepted' }], 'U1', T0);
});

afterEach(() => db.close());

describe('reminder claims', () => {
  it('lets one of two instances that read the same due review remind its author, once per due date', async () => {
    const reviews = new ReviewRepository(storeOf(db));
    await reviews.set('T1', 1, new Date('2026-04-01T00:00:00.000Z'), 'U1', T0);
    const later = new Date('2026-04-02T00:00:00.000Z');
    // Both instances read the due list before either marks it.
    const [first, second] = [await reviews.due(later), await reviews.due(later)];
    expect(first).toHaveLength(1);
    expect(second).toHaveLength(1);
    expect(await reviews.markReminded('T1', 1)).toBe(true);
    expect(await reviews.markReminded('T1', 1)).toBe(false);
    expect(await reviews.due(later)).toEqual([]);
    // A new due date ("Keep" moved it) is reminded of again.
    await reviews.set('T1', 1, new Date('2026-10-01T00:00:00.000Z'), 'U1', later);
    expect(await reviews.due(new Date('2026-10-02T00:00:00.000Z'))).toHaveLength(1);
    expect(await reviews.markReminded('T1', 1)).toBe(true);
  });

  it('lets one of two instances remind a decider of a pending approval, and none once it is answered', async () => {
    const approvals = new ApprovalRepository(storeOf(db));
    await new AdrRepository(storeOf(db)).propose({
      teamId: 'T1',
      content: adrContent('Cache sessions'),
      authorId: 'U1',
      channelId: null,
      now: T0,
    });
    await approvals.request('T1', 2, ['U2', 'U3'], 'U1', T0);
    const cutoff = new Date('2026-03-05T00:00:00.000Z');
    expect((await approvals.dueReminders('T1', cutoff)).map((due) => due.deciderId)).toEqual(['U2', 'U3']);
    expect(await approvals.markReminded('T1', 2, 'U2', cutoff)).toBe(true);
    expect(await approvals.markReminded('T1', 2, 'U2', cutoff)).toBe(false);
    db.prepare("UPDATE approvals SET answer = 'approved' WHERE decider_id = 'U3'").run();
    expect(await approvals.markReminded('T1', 2, 'U3', cutoff)).toBe(false);
  });
});
