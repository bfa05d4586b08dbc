/**
 * Precision and recall of the top three related ADRs over test/fixtures/related-adrs: every ADR of the corpus in
 * turn is the draft, all the others the workspace. Precision: shown ADRs labelled related / ADRs shown. Recall:
 * labelled related ADRs shown / the labelled related ADRs that fit in three (min(3, labelled)).
 */
import { AdrRepository } from '../src/db/adr-repository.js';
import { openSqliteStore } from '../src/db/sqlite/store.js';
import { type AdrContent, emptyContent } from '../src/domain/adr.js';
import {
  analyzeAdr,
  corpusStats,
  type RankOptions,
  type RelatedDocument,
  rankRelated,
  relatedness,
} from '../src/domain/relatedness.js';
import { DecisionService } from '../src/services/decision-service.js';
import { RelatedService } from '../src/services/related-service.js';
import { type CorpusAdr, loadRelatedCorpus, type RelatedCorpus, splitOf } from '../test/fixtures/related-adrs/load.js';

export interface RelatedFigures {
  queries: number;
  shown: number;
  correct: number;
  expected: number;
  precision: number;
  recall: number;
  /** Drafts with nothing related that were shown something anyway. */
  falseAlarms: number;
  mistakes: string[];
}

export function documentOf(adr: CorpusAdr): RelatedDocument {
  return analyzeAdr({
    number: adr.number,
    title: adr.title,
    context: adr.context,
    drivers: adr.drivers,
    options: adr.options,
  });
}

export function evaluateRelated(
  filter: (number: number) => boolean,
  options: RankOptions = {},
  corpus: RelatedCorpus = loadRelatedCorpus(),
): RelatedFigures {
  const documents = corpus.adrs.map(documentOf);
  let shown = 0;
  let correct = 0;
  let expected = 0;
  let falseAlarms = 0;
  let queries = 0;
  const mistakes: string[] = [];
  for (const draft of documents) {
    const number = draft.number as number;
    if (!filter(number)) continue;
    queries++;
    const others = documents.filter((document) => document.number !== number);
    const labelled = new Set(corpus.related[String(number)] ?? []);
    const matches = rankRelated(draft, others, options);
    const hits = matches.filter((match) => labelled.has(match.number)).length;
    shown += matches.length;
    correct += hits;
    expected += Math.min(3, labelled.size);
    if (labelled.size === 0 && matches.length > 0) falseAlarms++;
    const wrong = matches.filter((match) => !labelled.has(match.number));
    const missed = [...labelled].filter((related) => !matches.some((match) => match.number === related));
    if (wrong.length > 0 || (missed.length > 0 && hits < Math.min(3, labelled.size))) {
      mistakes.push(
        `ADR ${number}: shown ${matches.map((m) => `${m.number}(${m.score.toFixed(2)})`).join(' ') || '-'}; labelled ${[...labelled].join(' ') || '-'}`,
      );
    }
  }
  return {
    queries,
    shown,
    correct,
    expected,
    precision: shown === 0 ? 1 : correct / shown,
    recall: expected === 0 ? 1 : correct / expected,
    falseAlarms,
    mistakes,
  };
}

/** Scores of the hard negatives: pairs sharing technology or words, labelled unrelated. */
export function hardNegativeScores(
  corpus: RelatedCorpus = loadRelatedCorpus(),
): { pair: [number, number]; score: number }[] {
  const documents = new Map(corpus.adrs.map((adr) => [adr.number, documentOf(adr)]));
  const stats = corpusStats([...documents.values()]);
  return corpus.hardNegatives.map(([a, b]) => ({
    pair: [a, b],
    score: relatedness(documents.get(a) as RelatedDocument, documents.get(b) as RelatedDocument, stats),
  }));
}

export function evaluateRelatedSplits(options: RankOptions = {}) {
  const corpus = loadRelatedCorpus();
  const of = (split: ReturnType<typeof splitOf>) => (number: number) => splitOf(number, corpus) === split;
  return {
    all: evaluateRelated(() => true, options),
    tune: evaluateRelated(of('tune'), options),
    holdout: evaluateRelated(of('holdout'), options),
    blind: evaluateRelated(of('blind'), options),
  };
}

/** A workspace of the corpus's ADRs in a real database, with the service that ranks drafts against it. */
export async function corpusWorkspace(corpus: RelatedCorpus) {
  const db = openSqliteStore(':memory:');
  await db.migrate();
  const adrs = new AdrRepository(db);
  const now = () => new Date('2026-12-01T10:00:00Z');
  const decisions = new DecisionService(adrs, now);
  const related = new RelatedService(adrs, decisions);
  const contents = new Map<number, AdrContent>();
  for (const adr of corpus.adrs) {
    const content: AdrContent = {
      ...emptyContent(adr.title),
      context: adr.context,
      drivers: adr.drivers,
      options: adr.options.map((name) => ({ name, pros: [], cons: [] })),
      chosenOption: adr.chosenOption,
    };
    contents.set(adr.number, content);
    await adrs.insertImported({
      teamId: EVAL_TEAM,
      number: adr.number,
      content,
      status: adr.status,
      supersededBy: null,
      date: '2026-01-01',
      authorId: 'U_EVAL',
      now: now(),
    });
  }
  return { db, related, contents };
}

const EVAL_TEAM = 'T_EVAL';

export interface PreFilterFigures extends RelatedFigures {
  /** Drafts whose matches through the service differ from ranking the whole workspace with the same statistics. */
  differing: number;
  /** Labelled related ADRs the full ranking shows, and how many of them the pre-filter kept as candidates. */
  shownByFullRanking: number;
  keptAsCandidates: number;
  /** Candidates per draft, on average. */
  candidates: number;
}

/**
 * The corpus through RelatedService and SQLite: each ADR as the draft being edited, its candidates pre-selected
 * by the telling terms they share (TERM_CANDIDATES of them) and its topic, ranked with the workspace's statistics; against
 * ranking the whole workspace with the same statistics, to show what the pre-filter loses.
 */
export async function evaluateThroughService(corpus: RelatedCorpus): Promise<PreFilterFigures> {
  const { db, related, contents } = await corpusWorkspace(corpus);
  try {
    const documents = corpus.adrs.map(documentOf);
    const stats = corpusStats(documents);
    let shown = 0;
    let correct = 0;
    let expected = 0;
    let falseAlarms = 0;
    let differing = 0;
    let shownByFullRanking = 0;
    let keptAsCandidates = 0;
    let candidates = 0;
    const mistakes: string[] = [];
    for (const adr of corpus.adrs) {
      const labelled = new Set(corpus.related[String(adr.number)] ?? []);
      const content = contents.get(adr.number) as AdrContent;
      const matches = (await related.forDraft(EVAL_TEAM, content, { editing: adr.number })).map(
        (found) => found.number,
      );
      const draft = documentOf(adr);
      const full = rankRelated(draft, documents, { stats }).map((match) => match.number);
      const kept = new Set(await related.candidatesFor(EVAL_TEAM, draft));
      candidates += kept.size;
      if (full.join() !== matches.join()) {
        differing++;
        mistakes.push(
          `ADR ${adr.number}: service ${matches.join(' ') || '-'}; whole workspace ${full.join(' ') || '-'}`,
        );
      }
      for (const number of full.filter((number) => labelled.has(number))) {
        shownByFullRanking++;
        if (kept.has(number)) keptAsCandidates++;
      }
      shown += matches.length;
      correct += matches.filter((number) => labelled.has(number)).length;
      expected += Math.min(3, labelled.size);
      if (labelled.size === 0 && matches.length > 0) falseAlarms++;
    }
    return {
      queries: corpus.adrs.length,
      shown,
      correct,
      expected,
      precision: shown === 0 ? 1 : correct / shown,
      recall: expected === 0 ? 1 : correct / expected,
      falseAlarms,
      mistakes,
      differing,
      shownByFullRanking,
      keptAsCandidates,
      candidates: candidates / corpus.adrs.length,
    };
  } finally {
    await db.close();
  }
}
