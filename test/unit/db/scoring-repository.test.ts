import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AdrRepository } from '../../../src/db/adr-repository.js';
import { migrate } from '../../../src/db/migrate.js';
import { openDatabase } from '../../../src/db/open.js';
import { SqliteRevision } from '../../../src/db/revision.js';
import { ScoringRepository } from '../../../src/db/scoring-repository.js';
import { WorkspaceCriteriaRepository } from '../../../src/db/workspace-criteria-repository.js';
import { emptyContent } from '../../../src/domain/adr.js';
import { aggregate, DEFAULT_CRITERIA, type ScoreValue } from '../../../src/domain/scoring.js';
import { storeOf } from '../../support/stores.js';

const NOW = new Date('2026-03-01T10:00:00Z');

async function setup() {
  const db = openDatabase(':memory:');
  migrate(db);
  const adrs = new AdrRepository(storeOf(db));
  for (const teamId of ['T_A', 'T_B']) {
    await adrs.propose({ teamId, content: emptyContent('Database'), authorId: 'U1', channelId: null, now: NOW });
  }
  return { db, scoring: new ScoringRepository(storeOf(db)), workspace: new WorkspaceCriteriaRepository(storeOf(db)) };
}

describe('ScoringRepository', () => {
  it('creates a matrix once, from the defaults given the first time', async () => {
    const { scoring } = await setup();
    const first = await scoring.ensure('T_A', 1, DEFAULT_CRITERIA, NOW);
    const second = await scoring.ensure('T_A', 1, [{ id: 'x', name: 'X', weight: 100 }], NOW);
    expect(second.criteria).toEqual(first.criteria);
    expect(await scoring.find('T_B', 1)).toBeNull();
  });

  it('keeps one value per person per cell: a revision replaces it', async () => {
    const { scoring } = await setup();
    await scoring.ensure('T_A', 1, DEFAULT_CRITERIA, NOW);
    await scoring.saveScores('T_A', 1, 'U1', [{ option: 'PostgreSQL', criterionId: 'cost', value: 2 }], NOW);
    await scoring.saveScores('T_A', 1, 'U1', [{ option: 'PostgreSQL', criterionId: 'cost', value: 5 }], NOW);
    await scoring.saveScores('T_A', 1, 'U2', [{ option: 'PostgreSQL', criterionId: 'cost', value: 3 }], NOW);
    expect(await scoring.scores('T_A', 1)).toEqual([
      { scorerId: 'U1', option: 'PostgreSQL', criterionId: 'cost', value: 5 },
      { scorerId: 'U2', option: 'PostgreSQL', criterionId: 'cost', value: 3 },
    ]);
    expect(await scoring.scores('T_B', 1)).toEqual([]);
  });

  it('refuses scores and criteria once closed, and closes only once', async () => {
    const { scoring } = await setup();
    await scoring.ensure('T_A', 1, DEFAULT_CRITERIA, NOW);
    expect(await scoring.close('T_A', 1, 'U1', NOW)).toBe(true);
    expect(await scoring.close('T_A', 1, 'U1', NOW)).toBe(false);
    expect(await scoring.saveScores('T_A', 1, 'U2', [{ option: 'A', criterionId: 'cost', value: 3 }], NOW)).toBeNull();
    expect(await scoring.setCriteria('T_A', 1, [{ id: 'x', name: 'X', weight: 100 }], NOW)).toBe(false);
    expect(await scoring.scores('T_A', 1)).toEqual([]);
    expect(await scoring.find('T_A', 1)).toMatchObject({ closedAt: NOW.toISOString(), closedBy: 'U1' });
  });

  it('lists the scorers of the given options and criteria as aggregate() does, in the order they first scored', async () => {
    const options = ['A', 'B', 'C'];
    const criteria = DEFAULT_CRITERIA.slice(0, 3);
    // Cells may name an option or a criterion that is no longer current: those do not make a scorer.
    const cell = fc.record({
      option: fc.constantFrom(...options, 'Removed'),
      criterionId: fc.constantFrom(...criteria.map((criterion) => criterion.id), 'dropped'),
      value: fc.integer({ min: 1, max: 5 }).map((value) => value as ScoreValue),
    });
    const save = fc.record({
      scorerId: fc.constantFrom('U1', 'U2', 'U3', 'U4'),
      cells: fc.array(cell, { maxLength: 4 }),
    });
    const { db, scoring } = await setup();
    await scoring.ensure('T_A', 1, DEFAULT_CRITERIA, NOW);
    await scoring.ensure('T_B', 1, DEFAULT_CRITERIA, NOW);
    await fc.assert(
      fc.asyncProperty(
        fc.array(save, { maxLength: 12 }),
        fc.subarray(options, { minLength: 1 }),
        async (saves, current) => {
          db.exec('DELETE FROM scores');
          for (const { scorerId, cells } of saves) await scoring.saveScores('T_A', 1, scorerId, cells, NOW);
          await scoring.saveScores('T_B', 1, 'U9', [{ option: 'A', criterionId: 'cost', value: 3 }], NOW);
          const ids = criteria.map((criterion) => criterion.id);
          const expected = aggregate(criteria, current, await scoring.scores('T_A', 1)).scorers;
          expect(await scoring.scorers('T_A', 1, current, ids)).toEqual(expected);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('rejects values outside 1..5 in the database itself', async () => {
    const { db, scoring } = await setup();
    await scoring.ensure('T_A', 1, DEFAULT_CRITERIA, NOW);
    const insert =
      db.prepare(`INSERT INTO scores (team_id, adr_number, scorer_id, option, criterion_id, value, updated_at)
      VALUES ('T_A', 1, 'U1', 'A', 'cost', ?, 'now')`);
    expect(() => insert.run(6)).toThrow(/CHECK/);
    expect(() => insert.run(0)).toThrow(/CHECK/);
  });
});

describe('WorkspaceCriteriaRepository', () => {
  it('stores one default per workspace', async () => {
    const { workspace } = await setup();
    expect(await workspace.find('T_A')).toBeNull();
    await workspace.save('T_A', [{ id: 'x', name: 'X', weight: 100 }], 'U1', NOW);
    await workspace.save('T_A', [{ id: 'y', name: 'Y', weight: 100 }], 'U1', NOW);
    expect(await workspace.find('T_A')).toEqual([{ id: 'y', name: 'Y', weight: 100 }]);
    expect(await workspace.find('T_B')).toBeNull();
  });

  it('reads the scores it keeps exactly as the database holds them, whoever wrote and in whatever order', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'adr-kept-scores-'));
    try {
      const path = join(dir, 'adr.sqlite');
      const mine = openDatabase(path);
      migrate(mine);
      const mineStore = storeOf(mine);
      const adrs = new AdrRepository(mineStore);
      await adrs.propose({
        teamId: 'T_A',
        content: emptyContent('Database'),
        authorId: 'U1',
        channelId: null,
        now: NOW,
      });
      await adrs.propose({ teamId: 'T_A', content: emptyContent('Queue'), authorId: 'U1', channelId: null, now: NOW });
      const kept = new ScoringRepository(mineStore, new SqliteRevision(mine));
      await kept.ensure('T_A', 1, DEFAULT_CRITERIA, NOW);
      await kept.ensure('T_A', 2, DEFAULT_CRITERIA, NOW);
      // Another process on the same file, and this connection's rows read without keeping anything.
      const other = openDatabase(path);
      const theirs = new ScoringRepository(storeOf(other));
      const truth = new ScoringRepository(mineStore);
      const cells = fc.array(
        fc.record({
          option: fc.constantFrom('A', 'B', 'C'),
          criterionId: fc.constantFrom(...DEFAULT_CRITERIA.slice(0, 3).map((criterion) => criterion.id)),
          value: fc.constantFrom<ScoreValue>(1, 2, 3, 4, 5),
        }),
        { maxLength: 6 },
      );
      const step = fc.oneof(
        fc.record({
          kind: fc.constant('save' as const),
          adr: fc.constantFrom(1, 2),
          scorer: fc.constantFrom('U1', 'U2', 'U3'),
          cells,
        }),
        fc.record({
          kind: fc.constant('saveElsewhere' as const),
          adr: fc.constantFrom(1, 2),
          scorer: fc.constantFrom('U1', 'U4'),
          cells,
        }),
        fc.record({ kind: fc.constant('deleteHere' as const), adr: fc.constantFrom(1, 2) }),
        fc.record({ kind: fc.constant('closeElsewhere' as const), adr: fc.constantFrom(1, 2) }),
      );
      await fc.assert(
        fc.asyncProperty(fc.array(step, { maxLength: 25 }), async (steps) => {
          mine.exec('DELETE FROM scores; UPDATE scoring_matrices SET closed_at = NULL, closed_by = NULL');
          for (const s of steps) {
            if (s.kind === 'save') await kept.saveScores('T_A', s.adr, s.scorer, s.cells, NOW);
            else if (s.kind === 'saveElsewhere') await theirs.saveScores('T_A', s.adr, s.scorer, s.cells, NOW);
            else if (s.kind === 'deleteHere') {
              mine
                .prepare('DELETE FROM scores WHERE id = (SELECT MIN(id) FROM scores WHERE adr_number = ?)')
                .run(s.adr);
            } else await theirs.close('T_A', s.adr, 'U9', NOW);
            for (const adr of [1, 2]) expect(await kept.scores('T_A', adr)).toEqual(await truth.scores('T_A', adr));
          }
        }),
        { seed: 17, numRuns: 200 },
      );
      other.close();
      mine.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
