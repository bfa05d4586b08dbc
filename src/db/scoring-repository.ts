import { type Criterion, isScoreValue, type Score, type ScoreValue } from '../domain/scoring.js';
import { criteriaJson, parseCriteriaJson } from './criteria-json.js';
import { cachedQuery, firstOf, rowsOf } from './query-cache.js';
import { type DatabaseRevision, type Revision, sameRevision } from './revision.js';
import type { DataStore } from './store.js';

export interface ScoringMatrix {
  teamId: string;
  adrNumber: number;
  criteria: Criterion[];
  closedAt: string | null;
  closedBy: string | null;
  chartFingerprint: string | null;
}

export interface ScoreCell {
  option: string;
  criterionId: string;
  value: ScoreValue;
}

interface MatrixRow {
  team_id: string;
  adr_number: number;
  criteria_json: string;
  closed_at: string | null;
  closed_by: string | null;
  chart_fingerprint: string | null;
}

interface ScoreRow {
  scorer_id: string;
  option: string;
  criterion_id: string;
  value: number;
}

/** An ADR's scores as of one revision of the database, with where each cell is in them. */
interface KeptScores {
  revision: Revision;
  scores: Score[];
  /** cellKey → position in `scores`. */
  positions: Map<string, number>;
}

/** ADRs whose scores are kept at once; the least recently used goes first. */
const MAX_KEPT_ADRS = 100;

const cellKey = (scorerId: string, option: string, criterionId: string) =>
  `${scorerId}\u0000${option}\u0000${criterionId}`;

const findQuery = cachedQuery((db, _engine, teamId: string, adrNumber: number) =>
  db
    .selectFrom('scoring_matrices')
    .select(['team_id', 'adr_number', 'criteria_json', 'closed_at', 'closed_by', 'chart_fingerprint'])
    .where('team_id', '=', teamId)
    .where('adr_number', '=', adrNumber),
);
// PostgreSQL: the matrix row's lock, which closing takes too, so no score slips in after scoring was closed.
const findForWriteQuery = cachedQuery((db, engine, teamId: string, adrNumber: number) => {
  const query = db
    .selectFrom('scoring_matrices')
    .select(['team_id', 'adr_number', 'criteria_json', 'closed_at', 'closed_by', 'chart_fingerprint'])
    .where('team_id', '=', teamId)
    .where('adr_number', '=', adrNumber);
  return engine === 'postgres' ? query.forUpdate() : query;
});
const scoresQuery = cachedQuery((db, _engine, teamId: string, adrNumber: number) =>
  db
    .selectFrom('scores')
    .select(['scorer_id', 'option', 'criterion_id', 'value'])
    .where('team_id', '=', teamId)
    .where('adr_number', '=', adrNumber)
    .orderBy('id'),
);

/** The upsert of `cells` cells, compiled once per count (a page has at most OPTIONS_PER_PAGE × MAX_CRITERIA). */
const upsertScoresQueries = new Map<number, ReturnType<typeof upsertScoresOf>>();

function upsertScoresQuery(cells: number): ReturnType<typeof upsertScoresOf> {
  let query = upsertScoresQueries.get(cells);
  if (!query) {
    query = upsertScoresOf(cells);
    upsertScoresQueries.set(cells, query);
  }
  return query;
}

/** Arguments after `at`: option, criterion id and value of each cell in turn. */
function upsertScoresOf(cells: number) {
  return cachedQuery(
    (db, _engine, teamId: string, adrNumber: number, scorerId: string, at: string, ...values: (string | number)[]) =>
      db
        .insertInto('scores')
        .values(
          Array.from({ length: cells }, (_, cell) => ({
            team_id: teamId,
            adr_number: adrNumber,
            scorer_id: scorerId,
            option: values[3 * cell] as string,
            criterion_id: values[3 * cell + 1] as string,
            value: values[3 * cell + 2] as number,
            updated_at: at,
          })),
        )
        .onConflict((conflict) =>
          conflict.columns(['team_id', 'adr_number', 'scorer_id', 'option', 'criterion_id']).doUpdateSet((eb) => ({
            value: eb.ref('excluded.value'),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        ),
  );
}

/**
 * An ADR's scoring matrix and its scores; every statement is scoped by team id and ADR number.
 *
 * Given the database's revision, it keeps the scores of the ADRs scored lately: a submission reads every score of
 * its ADR for the results, and reading hundreds of rows was the largest part of answering it. Kept scores are used
 * only while the revision is the one they were read at; a save moves them on by the cells it wrote when nothing
 * else changed in the database meanwhile (the revision says), and drops them otherwise.
 */
export class ScoringRepository {
  private readonly kept = new Map<string, KeptScores>();

  constructor(
    private readonly store: DataStore,
    private readonly revision: DatabaseRevision | null = null,
  ) {}

  async find(teamId: string, adrNumber: number): Promise<ScoringMatrix | null> {
    const row = await firstOf(findQuery(this.store, teamId, adrNumber));
    return row ? toMatrix(row as MatrixRow) : null;
  }

  /** The ADR's matrix, created from `defaults` when it has none yet (concurrent first uses agree on one). */
  async ensure(teamId: string, adrNumber: number, defaults: readonly Criterion[], now: Date): Promise<ScoringMatrix> {
    const at = now.toISOString();
    await this.store
      .query()
      .insertInto('scoring_matrices')
      .values({
        team_id: teamId,
        adr_number: adrNumber,
        criteria_json: criteriaJson(defaults),
        created_at: at,
        updated_at: at,
      })
      .onConflict((conflict) => conflict.doNothing())
      .execute();
    const matrix = await this.find(teamId, adrNumber);
    if (!matrix) throw new Error(`Scoring matrix of ADR ${adrNumber} of ${teamId} vanished after insert`);
    return matrix;
  }

  /** Replaces the criteria of an open matrix; false when it is closed (or missing). */
  async setCriteria(teamId: string, adrNumber: number, criteria: readonly Criterion[], now: Date): Promise<boolean> {
    const result = await this.store
      .query()
      .updateTable('scoring_matrices')
      .set({ criteria_json: criteriaJson(criteria), updated_at: now.toISOString() })
      .where('team_id', '=', teamId)
      .where('adr_number', '=', adrNumber)
      .where('closed_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Freezes the matrix and its scores; false when it was already closed (or missing). */
  async close(teamId: string, adrNumber: number, userId: string, now: Date): Promise<boolean> {
    const at = now.toISOString();
    const result = await this.store
      .query()
      .updateTable('scoring_matrices')
      .set({ closed_at: at, closed_by: userId, updated_at: at })
      .where('team_id', '=', teamId)
      .where('adr_number', '=', adrNumber)
      .where('closed_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /**
   * Saves one person's cells, each replacing their earlier value, in one transaction that first checks the matrix
   * is still open, so a score can never slip in after scoring was closed. Returns the open matrix as that
   * transaction read it, or null when scoring was closed.
   */
  async saveScores(
    teamId: string,
    adrNumber: number,
    scorerId: string,
    cells: readonly ScoreCell[],
    now: Date,
  ): Promise<ScoringMatrix | null> {
    const key = `${teamId}\u0000${adrNumber}`;
    const kept = this.kept.get(key);
    this.kept.delete(key);
    const before = kept && this.revision ? await this.revision.current() : null;
    let written = 0;
    const matrix = await this.store.transaction(async () => {
      const row = await firstOf(findForWriteQuery(this.store, teamId, adrNumber));
      const matrix = row ? toMatrix(row as MatrixRow) : null;
      if (!matrix || matrix.closedAt !== null) return null;
      // One statement for the page; a cell given twice keeps its last value (PostgreSQL refuses to upsert a row twice).
      const unique = new Map<string, ScoreCell>();
      for (const cell of cells) unique.set(JSON.stringify([cell.option, cell.criterionId]), cell);
      written = unique.size;
      if (unique.size === 0) return matrix;
      const values = [...unique.values()].flatMap((cell) => [cell.option, cell.criterionId, cell.value]);
      await upsertScoresQuery(unique.size)(this.store, teamId, adrNumber, scorerId, now.toISOString(), ...values);
      return matrix;
    });
    if (matrix && kept && before && this.revision && sameRevision(kept.revision, before)) {
      const after = await this.revision.current();
      // Exactly this save's upserts, one change each, and no other connection's commit in between.
      if (after && this.revision.movedOnlyBy(before, after, written)) {
        this.keep(key, movedOn(kept, after, scorerId, cells));
      }
    }
    return matrix;
  }

  /** Every score of the ADR, in the order they were first given. */
  async scores(teamId: string, adrNumber: number): Promise<Score[]> {
    const key = `${teamId}\u0000${adrNumber}`;
    const revision = this.revision ? await this.revision.current() : null;
    const kept = this.kept.get(key);
    if (kept && revision && sameRevision(kept.revision, revision)) {
      this.kept.delete(key);
      this.kept.set(key, kept);
      return [...kept.scores];
    }
    const rows = (await rowsOf(scoresQuery(this.store, teamId, adrNumber))) as ScoreRow[];
    const scores: Score[] = [];
    for (const row of rows) {
      if (isScoreValue(row.value)) {
        scores.push({ scorerId: row.scorer_id, option: row.option, criterionId: row.criterion_id, value: row.value });
      }
    }
    if (revision) {
      const positions = new Map<string, number>();
      scores.forEach((score, at) => {
        positions.set(cellKey(score.scorerId, score.option, score.criterionId), at);
      });
      this.keep(key, { revision, scores: [...scores], positions });
    }
    return scores;
  }

  private keep(key: string, scores: KeptScores): void {
    this.kept.delete(key);
    this.kept.set(key, scores);
    if (this.kept.size > MAX_KEPT_ADRS) {
      const oldest = this.kept.keys().next().value;
      if (oldest !== undefined) this.kept.delete(oldest);
    }
  }

  async scoresBy(teamId: string, adrNumber: number, scorerId: string): Promise<Score[]> {
    const rows = await this.store
      .query()
      .selectFrom('scores')
      .select(['scorer_id', 'option', 'criterion_id', 'value'])
      .where('team_id', '=', teamId)
      .where('adr_number', '=', adrNumber)
      .where('scorer_id', '=', scorerId)
      .orderBy('id')
      .execute();
    return (rows as ScoreRow[]).flatMap(toScore);
  }

  /**
   * Who scored a cell of these options and criteria, in the order they first did: the `scorers` of aggregate(),
   * without reading every score.
   */
  async scorers(
    teamId: string,
    adrNumber: number,
    options: readonly string[],
    criterionIds: readonly string[],
  ): Promise<string[]> {
    if (options.length === 0 || criterionIds.length === 0) return [];
    const rows = await this.store
      .query()
      .selectFrom('scores')
      .select('scorer_id')
      .where('team_id', '=', teamId)
      .where('adr_number', '=', adrNumber)
      .where('option', 'in', [...options])
      .where('criterion_id', 'in', [...criterionIds])
      .groupBy('scorer_id')
      .orderBy((eb) => eb.fn.min('id'))
      .execute();
    return rows.map((row) => row.scorer_id);
  }

  /** Every criterion id that has ever been scored on this ADR, including ids of removed criteria. */
  async usedCriterionIds(teamId: string, adrNumber: number): Promise<string[]> {
    const rows = await this.store
      .query()
      .selectFrom('scores')
      .select('criterion_id')
      .distinct()
      .where('team_id', '=', teamId)
      .where('adr_number', '=', adrNumber)
      .execute();
    return rows.map((row) => row.criterion_id);
  }

  /** Remembers what the last chart posted in the card's thread showed. */
  async setChartFingerprint(teamId: string, adrNumber: number, fingerprint: string): Promise<void> {
    await this.store
      .query()
      .updateTable('scoring_matrices')
      .set({ chart_fingerprint: fingerprint })
      .where('team_id', '=', teamId)
      .where('adr_number', '=', adrNumber)
      .execute();
  }
}

/**
 * Kept scores after upserting `cells` of `scorerId`: a cell already scored keeps its place with the new value, a new
 * one comes last (its row's id is above every other), in the order written, as ORDER BY id reads them.
 */
function movedOn(kept: KeptScores, revision: Revision, scorerId: string, cells: readonly ScoreCell[]): KeptScores {
  // The kept arrays are never handed out (scores() returns copies), so they are moved on in place.
  const { scores, positions } = kept;
  for (const { option, criterionId, value } of cells) {
    const key = cellKey(scorerId, option, criterionId);
    const score: Score = { scorerId, option, criterionId, value };
    const at = positions.get(key);
    if (at === undefined) {
      positions.set(key, scores.length);
      scores.push(score);
    } else {
      scores[at] = score;
    }
  }
  return { revision, scores, positions };
}

function toMatrix(row: MatrixRow): ScoringMatrix {
  const criteria = parseCriteriaJson(row.criteria_json);
  if (!criteria) throw new Error(`Scoring matrix of ADR ${row.adr_number} of ${row.team_id} has unreadable criteria`);
  return {
    teamId: row.team_id,
    adrNumber: row.adr_number,
    criteria,
    closedAt: row.closed_at,
    closedBy: row.closed_by,
    chartFingerprint: row.chart_fingerprint,
  };
}

function toScore(row: ScoreRow): Score[] {
  const value = row.value;
  if (value !== 1 && value !== 2 && value !== 3 && value !== 4 && value !== 5) return [];
  return [{ scorerId: row.scorer_id, option: row.option, criterionId: row.criterion_id, value }];
}
