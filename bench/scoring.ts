/**
 * How long does a large scoring round take? 10 options × 10 criteria × 50 scorers, deterministic scores.
 * Run with `npx tsx bench/scoring.ts`, or as part of `npm run bench`. Prints timings only; no assertions.
 */
import { performance } from 'node:perf_hooks';
import { aggregate, type Criterion, type Score, type ScoreValue } from '../src/domain/scoring.js';
import {
  comparableOptions,
  describeSensitivity,
  singleWeightRobustness,
  winnerFlipThresholds,
} from '../src/domain/sensitivity.js';
import { isMain } from './stats.js';

const OPTION_COUNT = 10;
const CRITERION_COUNT = 10;
const SCORER_COUNT = 50;
const RUNS = 200;
const WARMUP_RUNS = 20;

/** Mulberry32: tiny, seedable, good enough to spread scores. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const criteria: Criterion[] = Array.from({ length: CRITERION_COUNT }, (_, index) => ({
  id: `criterion_${index}`,
  name: `Criterion ${index + 1}`,
  weight: 10,
}));
const options = Array.from({ length: OPTION_COUNT }, (_, index) => `Option ${index + 1}`);

const random = seededRandom(42);
const scores: Score[] = [];
for (let scorer = 0; scorer < SCORER_COUNT; scorer++) {
  for (const option of options) {
    for (const criterion of criteria) {
      scores.push({
        scorerId: `U${scorer}`,
        option,
        criterionId: criterion.id,
        value: (1 + Math.floor(random() * 5)) as ScoreValue,
      });
    }
  }
}

function measure(run: () => unknown): { median: number; p99: number } {
  for (let i = 0; i < WARMUP_RUNS; i++) run();
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    run();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  const at = (quantile: number) => samples[Math.min(samples.length - 1, Math.ceil(quantile * samples.length) - 1)] ?? 0;
  return { median: at(0.5), p99: at(0.99) };
}

export interface ScoringBench {
  title: string;
  rows: Array<[string, { median: number; p99: number }]>;
  winner: string;
}

export function runScoringBench(): ScoringBench {
  const result = aggregate(criteria, options, scores);
  const compared = comparableOptions(result);
  const rows: ScoringBench['rows'] = [
    ['aggregate', measure(() => aggregate(criteria, options, scores))],
    ['singleWeightRobustness', measure(() => singleWeightRobustness(criteria, compared))],
    ['winnerFlipThresholds', measure(() => winnerFlipThresholds(criteria, compared))],
    ['describeSensitivity', measure(() => describeSensitivity(result, 'ADR-001'))],
    [
      'aggregate + describeSensitivity',
      measure(() => describeSensitivity(aggregate(criteria, options, scores), 'ADR-001')),
    ],
  ];
  return {
    title: `${OPTION_COUNT} options × ${CRITERION_COUNT} criteria × ${SCORER_COUNT} scorers = ${scores.length} scores, ${RUNS} runs`,
    rows,
    winner: `${result.leaders.join(', ')}; ${describeSensitivity(result, 'ADR-001').join(' ')}`,
  };
}

if (isMain(import.meta.url)) {
  const { title, rows, winner } = runScoringBench();
  console.log(`Scoring: ${title}`);
  const nameWidth = Math.max(...rows.map(([name]) => name.length));
  console.log(`${'step'.padEnd(nameWidth)}  ${'median ms'.padStart(10)}  ${'p99 ms'.padStart(10)}`);
  for (const [name, { median, p99 }] of rows) {
    console.log(`${name.padEnd(nameWidth)}  ${median.toFixed(3).padStart(10)}  ${p99.toFixed(3).padStart(10)}`);
  }
  console.log(`Winner: ${winner}`);
}
