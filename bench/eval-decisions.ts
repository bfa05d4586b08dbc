/**
 * Precision and recall of the decision detector over the hand-written threads in test/fixtures/decision-threads/.
 * A thread counts as a true positive only when it is detected and the deciding message is the expected one; a
 * detection with the wrong deciding message counts as a false positive (the offer would go to the wrong person).
 */
import { detectDecision } from '../src/domain/decision-detector.js';
import { type DecisionThreadFixture, loadDecisionThreads } from '../test/fixtures/decision-threads/load.js';

export interface Confusion {
  threads: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  trueNegatives: number;
  /** Threads without a decision that would get an offer (false positives other than a wrong deciding message). */
  falseOffers: number;
  /** Threads labelled as reaching no decision. */
  negatives: number;
  precision: number;
  recall: number;
  mistakes: string[];
}

export function evaluateDecisions(threads: readonly DecisionThreadFixture[]): Confusion {
  let truePositives = 0;
  let falsePositives = 0;
  let falseNegatives = 0;
  let trueNegatives = 0;
  let falseOffers = 0;
  const mistakes: string[] = [];
  for (const thread of threads) {
    const verdict = detectDecision(thread.messages);
    const { decided, decidingTs } = thread.expected;
    if (verdict.decided && decided && verdict.decidingTs === decidingTs) truePositives++;
    else if (verdict.decided) {
      falsePositives++;
      if (decided) falseNegatives++;
      else falseOffers++;
      mistakes.push(
        `${thread.id} (${thread.split}): ${decided ? 'wrong deciding message' : 'false positive'} [${verdict.trace.join(', ')}]`,
      );
    } else if (decided) {
      falseNegatives++;
      mistakes.push(`${thread.id} (${thread.split}): missed [${verdict.trace.join(', ')}]`);
    } else trueNegatives++;
  }
  const ratio = (part: number, whole: number) => (whole === 0 ? 1 : part / whole);
  return {
    threads: threads.length,
    truePositives,
    falsePositives,
    falseNegatives,
    trueNegatives,
    falseOffers,
    negatives: threads.filter((thread) => !thread.expected.decided).length,
    precision: ratio(truePositives, truePositives + falsePositives),
    recall: ratio(truePositives, truePositives + falseNegatives),
    mistakes,
  };
}

export function evaluateDecisionSplits(): Record<'all' | 'tune' | 'holdout' | 'blind', Confusion> {
  const threads = loadDecisionThreads();
  const only = (split: DecisionThreadFixture['split']) => threads.filter((thread) => thread.split === split);
  return {
    all: evaluateDecisions(threads),
    tune: evaluateDecisions(only('tune')),
    holdout: evaluateDecisions(only('holdout')),
    blind: evaluateDecisions(only('blind')),
  };
}
