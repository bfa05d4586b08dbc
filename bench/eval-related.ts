/**
 * Precision and recall of the top three related ADRs over test/fixtures/related-adrs: every ADR of the corpus in
 * turn is the draft, all the others the workspace. Precision: shown ADRs labelled related / ADRs shown. Recall:
 * labelled related ADRs shown / the labelled related ADRs that fit in three (min(3, labelled)).
 */
import {
  analyzeAdr,
  corpusStats,
  type RankOptions,
  type RelatedDocument,
  rankRelated,
  relatedness,
} from '../src/domain/relatedness.js';
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
