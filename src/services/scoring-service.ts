import { createHash } from 'node:crypto';
import type { StoredAdr } from '../db/adr-repository.js';
import type { ScoreCell, ScoringMatrix, ScoringRepository } from '../db/scoring-repository.js';
import type { WorkspaceCriteriaRepository } from '../db/workspace-criteria-repository.js';
import type { Actor } from '../domain/actor.js';
import { formatAdrNumber } from '../domain/adr-number.js';
import { statusLabel } from '../domain/lifecycle.js';
import type { OutcomeTable } from '../domain/markdown/conventions.js';
import {
  aggregate,
  type Criterion,
  DEFAULT_CRITERIA,
  formatPercent,
  formatScore,
  isScoreValue,
  type MatrixResult,
  matrixTable,
  type OutcomeSuggestion,
  outcomeSuggestion,
  rankLabel,
  type Score,
  validateCriteria,
} from '../domain/scoring.js';
import {
  type CriteriaFieldErrors,
  type CriterionRow,
  criteriaFieldErrors,
  criteriaFromRows,
} from '../domain/scoring-criteria.js';
import { optionPages, optionsFingerprint } from '../domain/scoring-pages.js';
import { describeSensitivity } from '../domain/sensitivity.js';
import type { DecisionService } from './decision-service.js';
import { ok, type Result, refuse } from './result.js';

/** Everything the results show, computed from the stored matrix and scores. */
export interface ScoringSnapshot {
  adr: StoredAdr;
  criteria: Criterion[];
  /** The ADR's current options; scores of other options are ignored. */
  options: string[];
  result: MatrixResult;
  sensitivity: string[];
  /** Null while people may score; otherwise why they no longer can. */
  closedReason: string | null;
  /** Set when scoring was closed explicitly. */
  closedAt: string | null;
  closedBy: string | null;
}

/** One page of the scoring modal for one person. */
export interface ScoringPage {
  adr: StoredAdr;
  criteria: Criterion[];
  options: string[];
  /** 0-based index into `pages`. */
  page: number;
  /** Option indexes per page. */
  pages: number[][];
  /** This person's earlier scores, to prefill the selects. */
  myScores: Score[];
  /** May edit the criteria and close scoring. */
  mayManage: boolean;
  notice?: string;
}

/** A score as read from the modal: `key` names the field, so errors can be attached to it. */
export interface CellInput {
  key: string;
  /** The option's position on the page. */
  slot: number;
  criterionId: string;
  value: number | null;
}

/** Which page a submission came from: its options (indexes into the ADR's options) and their fingerprint. */
export interface PageRef {
  page: number;
  optionIndexes: number[];
  fingerprint: string;
}

export type PageOutcome =
  | { kind: 'errors'; errors: Record<string, string> }
  | { kind: 'page'; page: ScoringPage }
  | { kind: 'done'; snapshot: ScoringSnapshot; missingCells: number };

export type CriteriaOutcome =
  | { kind: 'errors'; errors: CriteriaFieldErrors }
  | { kind: 'saved'; criteria: Criterion[] };

/** What the card shows about scoring. */
export interface CardScoring {
  scorers: string[];
  closed: boolean;
}

export const MISSING_SCORE = 'Pick a score from 1 (poor) to 5 (excellent).';

/**
 * The rules of scoring: anyone in the workspace scores the options of an ADR while its matrix is open; its author
 * and deciders change the criteria and close scoring. Each ADR copies the workspace's default criteria the first
 * time its matrix is needed.
 */
export class ScoringService {
  constructor(
    private readonly matrices: ScoringRepository,
    private readonly workspaceCriteria: WorkspaceCriteriaRepository,
    private readonly decisions: DecisionService,
    private readonly now: () => Date,
  ) {}

  // --- workspace defaults ---

  /** The workspace's default criteria: its own when set, else the seed's matrix. */
  async getDefaultCriteria(teamId: string): Promise<Criterion[]> {
    return (await this.workspaceCriteria.find(teamId)) ?? DEFAULT_CRITERIA.map((criterion) => ({ ...criterion }));
  }

  /** Replaces the workspace default (ADRs that already have a matrix keep theirs). */
  async setDefaultCriteria(
    teamId: string,
    criteria: readonly Criterion[],
    userId: string,
  ): Promise<Result<Criterion[]>> {
    const errors = validateCriteria(criteria);
    if (Object.keys(errors).length > 0) return refuse(Object.values(errors).join(' '));
    const cleaned = criteria.map((criterion) => ({ ...criterion, name: criterion.name.trim() }));
    await this.workspaceCriteria.save(teamId, cleaned, userId, this.now());
    return ok(cleaned);
  }

  /** The workspace criteria editor's rows saved as the default, or the field errors to show. */
  async saveDefaultCriteriaRows(actor: Actor, rows: readonly CriterionRow[]): Promise<Result<CriteriaOutcome>> {
    const criteria = criteriaFromRows(rows);
    const errors = criteriaFieldErrors(criteria);
    if (errors) return ok({ kind: 'errors', errors });
    const saved = await this.setDefaultCriteria(actor.teamId, criteria, actor.userId);
    return saved.ok ? ok({ kind: 'saved', criteria: saved.value }) : saved;
  }

  // --- scoring ---

  /** The author and the deciders manage the matrix: its criteria and closing it. */
  mayManage(adr: StoredAdr, userId: string): boolean {
    return this.decisions.mayChange(adr, userId);
  }

  /** Opens scoring for `actor` at the first page, or says why they cannot score. */
  async start(actor: Actor, ref: string): Promise<Result<ScoringPage>> {
    return await this.page(actor, ref, 0);
  }

  async page(actor: Actor, ref: string, pageIndex: number, notice?: string): Promise<Result<ScoringPage>> {
    const found = await this.decisions.resolve(actor.teamId, ref);
    if (!found.ok) return found;
    const adr = found.value;
    const refusal = this.scoringRefusal(adr, await this.matrices.find(actor.teamId, adr.number));
    if (refusal) return refuse(refusal);
    const matrix = await this.ensureMatrix(adr);
    return ok(await this.buildPage(actor, adr, matrix, pageIndex, notice));
  }

  /**
   * Saves one page of a person's scores (every cell on it must be scored) and says what comes next: the next page,
   * or the results once the last page is saved. Cells of criteria the matrix no longer has are ignored; a page whose
   * options were edited meanwhile is shown again instead of being saved.
   */
  async submitPage(
    actor: Actor,
    adrNumber: number,
    ref: PageRef,
    cells: readonly CellInput[],
  ): Promise<Result<PageOutcome>> {
    const found = await this.decisions.resolve(actor.teamId, String(adrNumber));
    if (!found.ok) return found;
    const adr = found.value;
    const existing = await this.matrices.find(actor.teamId, adr.number);
    const refusal = this.scoringRefusal(adr, existing);
    if (refusal) return refuse(`${refusal} Your scores on this page were not saved.`);
    const matrix = existing ?? (await this.ensureMatrix(adr));
    const options = optionNames(adr);
    if (ref.fingerprint !== optionsFingerprint(options)) {
      const notice = `:warning: The options of ${formatAdrNumber(adr.number)} were edited while you were scoring, so this page was not saved. Please check it again.`;
      return ok({ kind: 'page', page: await this.buildPage(actor, adr, matrix, ref.page, notice) });
    }
    const relevant = this.scoredCells(options, matrix, ref, cells);
    const errors: Record<string, string> = {};
    for (const cell of relevant) if (!isScoreValue(cell.value)) errors[cell.key] = MISSING_SCORE;
    if (Object.keys(errors).length > 0) return ok({ kind: 'errors', errors });

    // The matrix as the saving transaction saw it: what the results below are computed with.
    const saved = await this.matrices.saveScores(
      actor.teamId,
      adr.number,
      actor.userId,
      scoreCells(relevant),
      this.now(),
    );
    if (!saved) {
      return refuse(`Scoring of ${formatAdrNumber(adr.number)} was closed just now. Your scores were not saved.`);
    }
    const pages = optionPages(options.length, saved.criteria.length);
    if (ref.page + 1 < pages.length) {
      return ok({ kind: 'page', page: await this.buildPage(actor, adr, saved, ref.page + 1) });
    }
    // One read of the scores serves both the results and this person's unscored cells.
    const scores = await this.matrices.scores(actor.teamId, adr.number);
    const mine = new Set<string>();
    for (const score of scores) if (score.scorerId === actor.userId) mine.add(cellKey(score.option, score.criterionId));
    const missingCells = options.reduce(
      (count, option) => count + saved.criteria.filter((criterion) => !mine.has(cellKey(option, criterion.id))).length,
      0,
    );
    return ok({ kind: 'done', snapshot: snapshotFrom(adr, saved, saved.criteria, scores), missingCells });
  }

  /**
   * Previous: keeps what was picked on the page being left (unpicked cells are simply not saved) and shows the page
   * before it.
   */
  async previousPage(
    actor: Actor,
    adrNumber: number,
    ref: PageRef,
    cells: readonly CellInput[],
  ): Promise<Result<ScoringPage>> {
    const found = await this.decisions.resolve(actor.teamId, String(adrNumber));
    if (!found.ok) return found;
    const adr = found.value;
    const refusal = this.scoringRefusal(adr, await this.matrices.find(actor.teamId, adr.number));
    if (refusal) return refuse(refusal);
    const matrix = await this.ensureMatrix(adr);
    const options = optionNames(adr);
    if (ref.fingerprint === optionsFingerprint(options)) {
      const picked = this.scoredCells(options, matrix, ref, cells).filter((cell) => isScoreValue(cell.value));
      if (!(await this.save(actor, adr, picked))) return refuse(`Scoring of ${formatAdrNumber(adr.number)} is closed.`);
    }
    return ok(await this.buildPage(actor, adr, matrix, ref.page - 1));
  }

  /** The results of an ADR in the actor's workspace. Reading never creates a matrix. */
  async results(teamId: string, ref: string): Promise<Result<ScoringSnapshot>> {
    const found = await this.decisions.resolve(teamId, ref);
    if (!found.ok) return found;
    return ok(await this.snapshotOf(found.value));
  }

  /** Freezes the matrix and the scores: from now on the results are final. Author and deciders only. */
  async close(actor: Actor, ref: string): Promise<Result<ScoringSnapshot>> {
    const found = await this.decisions.resolve(actor.teamId, ref);
    if (!found.ok) return found;
    const adr = found.value;
    const label = formatAdrNumber(adr.number);
    if (!this.mayManage(adr, actor.userId))
      return refuse(`Only the author and the deciders of ${label} can close scoring.`);
    const existing = await this.matrices.find(actor.teamId, adr.number);
    if (existing?.closedAt) return refuse(`Scoring of ${label} was already closed on ${day(existing.closedAt)}.`);
    await this.ensureMatrix(adr);
    if (!(await this.matrices.close(actor.teamId, adr.number, actor.userId, this.now()))) {
      return refuse(`Scoring of ${label} was already closed.`);
    }
    return ok(await this.snapshotOf(adr));
  }

  /** The ADR and its current criteria, for the criteria editor; refused once scoring is closed. */
  async criteriaForEditing(actor: Actor, ref: string): Promise<Result<{ adr: StoredAdr; criteria: Criterion[] }>> {
    const found = await this.decisions.resolve(actor.teamId, ref);
    if (!found.ok) return found;
    const adr = found.value;
    const refusal = await this.criteriaRefusal(actor, adr);
    if (refusal) return refuse(refusal);
    return ok({ adr, criteria: (await this.ensureMatrix(adr)).criteria });
  }

  /** Saves the ADR's criteria from the editor's rows, or returns the field errors to show. */
  async saveCriteria(actor: Actor, adrNumber: number, rows: readonly CriterionRow[]): Promise<Result<CriteriaOutcome>> {
    const found = await this.decisions.resolve(actor.teamId, String(adrNumber));
    if (!found.ok) return found;
    const adr = found.value;
    const refusal = await this.criteriaRefusal(actor, adr);
    if (refusal) return refuse(refusal);
    await this.ensureMatrix(adr);
    const criteria = criteriaFromRows(rows, await this.matrices.usedCriterionIds(actor.teamId, adr.number));
    const errors = criteriaFieldErrors(criteria);
    if (errors) return ok({ kind: 'errors', errors });
    if (!(await this.matrices.setCriteria(actor.teamId, adr.number, criteria, this.now()))) {
      return refuse(`Scoring of ${formatAdrNumber(adr.number)} was closed, so its criteria can no longer change.`);
    }
    return ok({ kind: 'saved', criteria });
  }

  // --- what other features read ---

  /** Who has scored, for the ADR card; null when the ADR has no matrix yet. */
  async cardSummary(teamId: string, adrNumber: number, options: readonly string[]): Promise<CardScoring | null> {
    const matrix = await this.matrices.find(teamId, adrNumber);
    if (!matrix) return null;
    const criterionIds = matrix.criteria.map((criterion) => criterion.id);
    return {
      scorers: await this.matrices.scorers(teamId, adrNumber, options, criterionIds),
      closed: matrix.closedAt !== null,
    };
  }

  /** The matrix's sole leader among `options` (a draft's current option names), for the decision outcome step. */
  async suggestOutcome(
    teamId: string,
    adrNumber: number,
    options: readonly string[],
  ): Promise<OutcomeSuggestion | null> {
    const matrix = await this.matrices.find(teamId, adrNumber);
    if (!matrix) return null;
    return outcomeSuggestion(aggregate(matrix.criteria, options, await this.matrices.scores(teamId, adrNumber)));
  }

  /** "Weighted score 4.15 / 5 (83 %), ranked 1 of 3 by 3 scorers" for the chosen option, or null when unscored. */
  async scoreLine(adr: Pick<StoredAdr, 'teamId' | 'number' | 'options' | 'chosenOption'>): Promise<string | null> {
    const matrix = await this.matrices.find(adr.teamId, adr.number);
    if (!matrix || !adr.chosenOption) return null;
    const result = aggregate(matrix.criteria, optionNames(adr), await this.matrices.scores(adr.teamId, adr.number));
    const chosen = result.options.find((option) => option.option === adr.chosenOption);
    if (!chosen || chosen.total === null || chosen.percentOfMax === null) return null;
    return `Weighted score ${formatScore(chosen.total)} / 5 (${formatPercent(chosen.percentOfMax)}), ranked ${rankLabel(result, chosen)} of ${result.options.length} by ${chosen.scorerCount} scorer${chosen.scorerCount === 1 ? '' : 's'}`;
  }

  /** The matrix as a table for the Markdown export's Decision Outcome section; null when nobody has scored. */
  async outcomeTable(adr: Pick<StoredAdr, 'teamId' | 'number' | 'options'>): Promise<OutcomeTable | null> {
    const matrix = await this.matrices.find(adr.teamId, adr.number);
    if (!matrix) return null;
    const result = aggregate(matrix.criteria, optionNames(adr), await this.matrices.scores(adr.teamId, adr.number));
    return result.scorers.length > 0 ? matrixTable(result) : null;
  }

  /** Whether the chart of `snapshot` differs from the last one posted in the card's thread. */
  async chartIsNew(snapshot: ScoringSnapshot): Promise<boolean> {
    const matrix = await this.matrices.find(snapshot.adr.teamId, snapshot.adr.number);
    return matrix?.chartFingerprint !== chartFingerprint(snapshot);
  }

  async chartPosted(snapshot: ScoringSnapshot): Promise<void> {
    if (!(await this.matrices.find(snapshot.adr.teamId, snapshot.adr.number))) return;
    await this.matrices.setChartFingerprint(snapshot.adr.teamId, snapshot.adr.number, chartFingerprint(snapshot));
  }

  // --- internals ---

  private async ensureMatrix(adr: StoredAdr): Promise<ScoringMatrix> {
    return (
      (await this.matrices.find(adr.teamId, adr.number)) ??
      (await this.matrices.ensure(adr.teamId, adr.number, await this.getDefaultCriteria(adr.teamId), this.now()))
    );
  }

  private async snapshotOf(adr: StoredAdr): Promise<ScoringSnapshot> {
    const matrix = await this.matrices.find(adr.teamId, adr.number);
    const criteria = matrix?.criteria ?? (await this.getDefaultCriteria(adr.teamId));
    return snapshotFrom(adr, matrix, criteria, await this.matrices.scores(adr.teamId, adr.number));
  }

  private async buildPage(
    actor: Actor,
    adr: StoredAdr,
    matrix: ScoringMatrix,
    pageIndex: number,
    notice?: string,
  ): Promise<ScoringPage> {
    const options = optionNames(adr);
    const pages = optionPages(options.length, matrix.criteria.length);
    return {
      adr,
      criteria: matrix.criteria,
      options,
      page: Math.min(Math.max(0, pageIndex), pages.length - 1),
      pages,
      myScores: await this.matrices.scoresBy(actor.teamId, adr.number, actor.userId),
      mayManage: this.mayManage(adr, actor.userId),
      ...(notice ? { notice } : {}),
    };
  }

  /** The page's cells that name an option on the page and a criterion of the matrix, with the option's name. */
  private scoredCells(
    options: readonly string[],
    matrix: ScoringMatrix,
    ref: PageRef,
    cells: readonly CellInput[],
  ): (CellInput & { option: string })[] {
    const criteria = new Set(matrix.criteria.map((criterion) => criterion.id));
    return cells.flatMap((cell) => {
      const index = ref.optionIndexes[cell.slot];
      const option = index === undefined ? undefined : options[index];
      return option !== undefined && criteria.has(cell.criterionId) ? [{ ...cell, option }] : [];
    });
  }

  private async save(
    actor: Actor,
    adr: StoredAdr,
    cells: readonly (CellInput & { option: string })[],
  ): Promise<boolean> {
    return (
      (await this.matrices.saveScores(actor.teamId, adr.number, actor.userId, scoreCells(cells), this.now())) !== null
    );
  }

  private scoringRefusal(adr: StoredAdr, matrix: ScoringMatrix | null): string | null {
    const closed = closedReason(adr, matrix);
    if (closed) return `${closed} Use Results to see them.`;
    if (adr.options.length < 2) {
      return `${formatAdrNumber(adr.number)} has fewer than two options, so there is nothing to score. Edit it to add options.`;
    }
    return null;
  }

  private async criteriaRefusal(actor: Actor, adr: StoredAdr): Promise<string | null> {
    const label = formatAdrNumber(adr.number);
    if (!this.mayManage(adr, actor.userId))
      return `Only the author and the deciders of ${label} can change its criteria.`;
    const closed = closedReason(adr, await this.matrices.find(actor.teamId, adr.number));
    return closed ? `${closed} Its criteria can no longer change.` : null;
  }
}

/** Why nobody can score `adr` any more, or null while scoring is open. */
export function closedReason(adr: StoredAdr, matrix: Pick<ScoringMatrix, 'closedAt'> | null): string | null {
  const label = formatAdrNumber(adr.number);
  if (matrix?.closedAt) return `Scoring of ${label} was closed on ${day(matrix.closedAt)}; the scores are final.`;
  if (adr.status !== 'proposed') {
    return `${label} is ${statusLabel(adr.status, adr.supersededBy)}, and options are only scored while an ADR is Proposed.`;
  }
  return null;
}

/** The results of `adr` from its matrix (null before anyone scored), the criteria in use and every stored score. */
function snapshotFrom(
  adr: StoredAdr,
  matrix: ScoringMatrix | null,
  criteria: Criterion[],
  scores: readonly Score[],
): ScoringSnapshot {
  const options = optionNames(adr);
  const result = aggregate(criteria, options, scores);
  return {
    adr,
    criteria,
    options,
    result,
    sensitivity: result.scorers.length > 0 ? describeSensitivity(result, formatAdrNumber(adr.number)) : [],
    closedReason: closedReason(adr, matrix),
    closedAt: matrix?.closedAt ?? null,
    closedBy: matrix?.closedBy ?? null,
  };
}

/** The picked cells as scores to store; unpicked ones are left out. */
function scoreCells(cells: readonly (CellInput & { option: string })[]): ScoreCell[] {
  return cells.flatMap((cell) =>
    isScoreValue(cell.value) ? [{ option: cell.option, criterionId: cell.criterionId, value: cell.value }] : [],
  );
}

function optionNames(adr: Pick<StoredAdr, 'options'>): string[] {
  return adr.options.map((option) => option.name);
}

function cellKey(option: string, criterionId: string): string {
  return `${option}\u0000${criterionId}`;
}

function day(iso: string): string {
  return iso.slice(0, 10);
}

/** Identifies what a chart shows: criteria, options in order, totals and per-cell means. */
export function chartFingerprint(snapshot: ScoringSnapshot): string {
  const { result } = snapshot;
  const shape = {
    title: snapshot.adr.title,
    criteria: result.criteria,
    options: result.options.map((option) => [option.option, option.rank, option.means, option.scorerCount]),
    closed: snapshot.closedReason !== null,
  };
  return createHash('sha256').update(JSON.stringify(shape)).digest('hex').slice(0, 32);
}
