import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AdrRepository } from '../../src/db/adr-repository.js';
import { migrate } from '../../src/db/migrate.js';
import { type Db, openDatabase } from '../../src/db/open.js';
import { purgeTeam } from '../../src/db/team-data.js';
import { type AdrStatus, emptyContent } from '../../src/domain/adr.js';
import { storeOf } from '../support/stores.js';

// Migration 0009: list totals come from counts kept by triggers; they must always equal counting the rows.

let dir: string;
let db: Db;
let adrs: AdrRepository;
const now = new Date('2024-05-01T10:00:00Z');
const TEAMS = ['T_ONE', 'T_TWO'] as const;
const STATUSES: AdrStatus[] = ['proposed', 'accepted', 'rejected', 'deprecated', 'superseded'];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'adr-counts-'));
  db = openDatabase(join(dir, 'adr.sqlite'));
  migrate(db);
  adrs = new AdrRepository(storeOf(db));
});

afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function counted(teamId: string, status: AdrStatus | null): number {
  return db
    .prepare('SELECT COUNT(*) FROM adrs WHERE team_id = ? AND (? IS NULL OR status = ?)')
    .pluck()
    .get(teamId, status, status) as number;
}

async function expectTotalsMatchRows(): Promise<void> {
  for (const teamId of TEAMS) {
    for (const status of [null, ...STATUSES]) {
      expect((await adrs.list(teamId, { status, limit: 1, offset: 0 })).total, `${teamId} ${status}`).toBe(
        counted(teamId, status),
      );
    }
  }
}

type Step =
  | { kind: 'propose'; team: number }
  | { kind: 'status'; team: number; pick: number; to: AdrStatus }
  | { kind: 'delete'; team: number; pick: number }
  | { kind: 'purge'; team: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('propose' as const), team: fc.integer({ min: 0, max: 1 }) }) },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('status' as const),
      team: fc.integer({ min: 0, max: 1 }),
      pick: fc.nat(),
      to: fc.constantFrom(...STATUSES),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('delete' as const),
      team: fc.integer({ min: 0, max: 1 }),
      pick: fc.nat(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('purge' as const), team: fc.integer({ min: 0, max: 1 }) }) },
);

describe('ADR totals kept by triggers', () => {
  it('equal counting the rows after any sequence of proposals, status changes, deletes and purges', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 40 }), async (steps) => {
        for (const teamId of TEAMS) await purgeTeam(storeOf(db), teamId);
        for (const s of steps) {
          const teamId = TEAMS[s.team] as string;
          if (s.kind === 'propose') {
            await adrs.propose({ teamId, content: emptyContent('An ADR'), authorId: 'U_A', channelId: null, now });
          } else if (s.kind === 'purge') {
            await purgeTeam(storeOf(db), teamId);
          } else if (s.kind === 'delete') {
            const ids = db.prepare('SELECT id FROM adrs WHERE team_id = ? ORDER BY id').pluck().all(teamId) as number[];
            const id = ids[s.pick % Math.max(1, ids.length)];
            if (id !== undefined) db.prepare('DELETE FROM adrs WHERE id = ?').run(id);
          } else {
            const { items } = await adrs.list(teamId, { status: null, limit: 100, offset: 0 });
            const target = items[s.pick % Math.max(1, items.length)];
            if (target)
              await adrs.changeStatus(teamId, [{ number: target.number, from: target.status, to: s.to }], 'U_A', now);
          }
          await expectTotalsMatchRows();
        }
      }),
      { seed: 9, numRuns: 60 },
    );
  });

  it('start from the rows already there when the migration runs on an existing database', async () => {
    for (let i = 0; i < 5; i++) {
      await adrs.propose({ teamId: 'T_ONE', content: emptyContent(`ADR ${i}`), authorId: 'U_A', channelId: null, now });
    }
    await adrs.propose({ teamId: 'T_TWO', content: emptyContent('Other'), authorId: 'U_A', channelId: null, now });
    await adrs.changeStatus('T_ONE', [{ number: 2, from: 'proposed', to: 'accepted' }], 'U_A', now);
    // Back to the schema before 0009, with the rows kept, then migrate again.
    db.exec(`DROP TRIGGER adrs_count_insert; DROP TRIGGER adrs_count_update; DROP TRIGGER adrs_count_delete;
      DROP TABLE adr_status_counts; DELETE FROM schema_migrations WHERE version = 9;`);
    expect(migrate(db).applied).toEqual(['0009_adr_status_counts.sql']);
    await expectTotalsMatchRows();
    expect((await adrs.list('T_ONE', { status: null, limit: 1, offset: 0 })).total).toBe(5);
    expect((await adrs.list('T_ONE', { status: 'accepted', limit: 1, offset: 0 })).total).toBe(1);
  });
});
