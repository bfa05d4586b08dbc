import { type Criterion, isScoreValue, type Score, type ScoreValue } from '../domain/scoring.js';
import { criteriaJson, parseCriteriaJson } from './criteria-json.js';
import type { Db } from './open.js';
import { type DatabaseRevision, type Revision, sameRevision } from './revision.js';

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

/**
 * An ADR's scoring matrix and its scores; every statement is scoped by team id and ADR number.
 *
 * Given the database's revision, it keeps the scores of the ADRs scored lately: a submission reads every score of
 * its ADR for the results, and reading hundreds of rows was the largest part of answering it. Kept scores are used
 * only while the revision is the one they were read at; a save moves them on by the cells it wrote when nothing
 * else changed in the database meanwhile (the revision says), and drops them otherwise.
 */
export class ScoringRepository {
  private readonly statements;
  private readonly saveInTransaction;
  private readonly kept = new Map<string, KeptScores>();

  constructor(
    db: Db,
    private readonly revision: DatabaseRevision | null = null,
  ) {
    this.statements = {
      find: db.prepare('SELECT * FROM scoring_matrices WHERE team_id = ? AND adr_number = ?'),
      insert: db.prepare(`INSERT OR IGNORE INTO scoring_matrices
        (team_id, adr_number, criteria_json, created_at, updated_at) VALUES (@teamId, @number, @json, @now, @now)`),
      setCriteria: db.prepare(`UPDATE scoring_matrices SET criteria_json = @json, updated_at = @now
        WHERE team_id = @teamId AND adr_number = @number AND closed_at IS NULL`),
      close: db.prepare(`UPDATE scoring_matrices SET closed_at = @now, closed_by = @userId, updated_at = @now
        WHERE team_id = @teamId AND adr_number = @number AND closed_at IS NULL`),
      setChart: db.prepare('UPDATE scoring_matrices SET chart_fingerprint = ? WHERE team_id = ? AND adr_number = ?'),
      // Positional parameters: a page saves dozens of cells, and binding each by name costs a third more.
      upsertScore:
        db.prepare(`INSERT INTO scores (team_id, adr_number, scorer_id, option, criterion_id, value, updated_at)
        VALUES (?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (team_id, adr_number, scorer_id, option, criterion_id)
        DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`),
      // Rows as arrays: an ADR's scores are read on every submission, and arrays are cheaper to build than objects.
      scores: db
        .prepare(`SELECT scorer_id, option, criterion_id, value FROM scores
        WHERE team_id = ? AND adr_number = ? ORDER BY id`)
        .raw(),
      scoresBy: db.prepare(`SELECT scorer_id, option, criterion_id, value FROM scores
        WHERE team_id = ? AND adr_number = ? AND scorer_id = ? ORDER BY id`),
      scorers: db
        .prepare(`SELECT scorer_id FROM scores
        WHERE team_id = ? AND adr_number = ?
          AND option IN (SELECT value FROM json_each(?)) AND criterion_id IN (SELECT value FROM json_each(?))
        GROUP BY scorer_id ORDER BY min(id)`)
        .pluck(),
      usedCriterionIds: db
        .prepare('SELECT DISTINCT criterion_id FROM scores WHERE team_id = ? AND adr_number = ?')
        .pluck(),
    };
    this.saveInTransaction = db.transaction(
      (teamId: string, adrNumber: number, scorerId: string, cells: readonly ScoreCell[], now: string) => {
        const matrix = this.find(teamId, adrNumber);
        if (!matrix || matrix.closedAt !== null) return null;
        for (const cell of cells) {
          this.statements.upsertScore.run(teamId, adrNumber, scorerId, cell.option, cell.criterionId, cell.value, now);
        }
        return matrix;
      },
    );
  }

  find(teamId: string, adrNumber: number): ScoringMatrix | null {
    const row = this.statements.find.get(teamId, adrNumber) as MatrixRow | undefined;
    return row ? toMatrix(row) : null;
  }

  /** The ADR's matrix, created from `defaults` when it has none yet (concurrent first uses agree on one). */
  ensure(teamId: string, adrNumber: number, defaults: readonly Criterion[], now: Date): ScoringMatrix {
    this.statements.insert.run({ teamId, number: adrNumber, json: criteriaJson(defaults), now: now.toISOString() });
    const matrix = this.find(teamId, adrNumber);
    if (!matrix) throw new Error(`Scoring matrix of ADR ${adrNumber} of ${teamId} vanished after insert`);
    return matrix;
  }

  /** Replaces the criteria of an open matrix; false when it is closed (or missing). */
  setCriteria(teamId: string, adrNumber: number, criteria: readonly Criterion[], now: Date): boolean {
    const { changes } = this.statements.setCriteria.run({
      teamId,
      number: adrNumber,
      json: criteriaJson(criteria),
      now: now.toISOString(),
    });
    return changes === 1;
  }

  /** Freezes the matrix and its scores; false when it was already closed (or missing). */
  close(teamId: string, adrNumber: number, userId: string, now: Date): boolean {
    const { changes } = this.statements.close.run({ teamId, number: adrNumber, userId, now: now.toISOString() });
    return changes === 1;
  }

  /**
   * Saves one person's cells, each replacing their earlier value, in one transaction that first checks the matrix
   * is still open, so a score can never slip in after scoring was closed. Returns the open matrix as that
   * transaction read it, or null when scoring was closed.
   */
  saveScores(
    teamId: string,
    adrNumber: number,
    scorerId: string,
    cells: readonly ScoreCell[],
    now: Date,
  ): ScoringMatrix | null {
    const key = `${teamId}\u0000${adrNumber}`;
    const kept = this.kept.get(key);
    this.kept.delete(key);
    const before = kept ? this.revision?.current() : null;
    const matrix = this.saveInTransaction.immediate(teamId, adrNumber, scorerId, cells, now.toISOString());
    if (matrix && kept && before && sameRevision(kept.revision, before)) {
      const after = this.revision?.current();
      // Exactly this save's upserts, one change each, and no other connection's commit in between.
      if (after && after.version === before.version && after.changes === before.changes + cells.length) {
        this.keep(key, movedOn(kept, after, scorerId, cells));
      }
    }
    return matrix;
  }

  /** Every score of the ADR, in the order they were first given. */
  scores(teamId: string, adrNumber: number): Score[] {
    const key = `${teamId}\u0000${adrNumber}`;
    const revision = this.revision?.current() ?? null;
    const kept = this.kept.get(key);
    if (kept && revision && sameRevision(kept.revision, revision)) {
      this.kept.delete(key);
      this.kept.set(key, kept);
      return [...kept.scores];
    }
    const rows = this.statements.scores.all(teamId, adrNumber) as [string, string, string, number][];
    const scores: Score[] = [];
    for (const [scorerId, option, criterionId, value] of rows) {
      if (isScoreValue(value)) scores.push({ scorerId, option, criterionId, value });
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

  scoresBy(teamId: string, adrNumber: number, scorerId: string): Score[] {
    return (this.statements.scoresBy.all(teamId, adrNumber, scorerId) as ScoreRow[]).flatMap(toScore);
  }

  /**
   * Who scored a cell of these options and criteria, in the order they first did: the `scorers` of aggregate(),
   * without reading every score.
   */
  scorers(teamId: string, adrNumber: number, options: readonly string[], criterionIds: readonly string[]): string[] {
    return this.statements.scorers.all(
      teamId,
      adrNumber,
      JSON.stringify(options),
      JSON.stringify(criterionIds),
    ) as string[];
  }

  /** Every criterion id that has ever been scored on this ADR, including ids of removed criteria. */
  usedCriterionIds(teamId: string, adrNumber: number): string[] {
    return this.statements.usedCriterionIds.all(teamId, adrNumber) as string[];
  }

  /** Remembers what the last chart posted in the card's thread showed. */
  setChartFingerprint(teamId: string, adrNumber: number, fingerprint: string): void {
    this.statements.setChart.run(fingerprint, teamId, adrNumber);
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
