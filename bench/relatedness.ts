/**
 * How long does relatedness take for one draft against a 1,000-ADR workspace? ADRs are built from the labelled
 * corpus (test/fixtures/related-adrs), each with a component name and one to three contexts, so texts have the
 * length and vocabulary of real ones (about 1,000 characters of context on average, two or three paragraphs).
 * Run with `npx tsx bench/relatedness.ts`, or as part of `npm run bench`. Prints timings only; no assertions.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { AdrRepository } from '../src/db/adr-repository.js';
import { DatabaseMaintainer } from '../src/db/maintenance.js';
import type { Db } from '../src/db/open.js';
import { openSqliteStore } from '../src/db/sqlite/store.js';
import { type AdrContent, emptyContent } from '../src/domain/adr.js';
import {
  analyzeAdr,
  corpusStats,
  type RelatedDocument,
  type RelatednessInput,
  rankRelated,
} from '../src/domain/relatedness.js';
import { DecisionService } from '../src/services/decision-service.js';
import { RelatedService } from '../src/services/related-service.js';
import { loadRelatedCorpus } from '../test/fixtures/related-adrs/load.js';
import { isMain, quantiles } from './stats.js';

const WORKSPACE_ADRS = 1_000;
const CANDIDATES_FROM_SEARCH = 50;
const RUNS = 100;
const WARMUP_RUNS = 10;
export const RELATEDNESS_TARGET_MS = 20;

const COMPONENTS = [
  'order service',
  'checkout',
  'billing',
  'payments platform',
  'catalog',
  'search',
  'notifications',
  'identity',
  'mobile apps',
  'web storefront',
  'admin back office',
  'data platform',
  'ML platform',
  'partner API',
  'warehouse system',
  'shipping',
  'pricing',
  'inventory',
  'support tooling',
  'reporting',
];

export function workspaceAdrs(count = WORKSPACE_ADRS): RelatednessInput[] {
  const corpus = loadRelatedCorpus().adrs;
  return Array.from({ length: count }, (_, index) => {
    const base = corpus[index % corpus.length] as (typeof corpus)[number];
    const extra = Array.from(
      { length: 2 + (index % 8) },
      (_, k) => (corpus[(index * 7 + k * 13) % corpus.length] as (typeof corpus)[number]).context,
    );
    const component = COMPONENTS[index % COMPONENTS.length] as string;
    return {
      number: index + 1,
      title: `${base.title} (${component})`,
      context: [base.context, ...extra].join('\n\n'),
      drivers: base.drivers,
      options: base.options,
    };
  });
}

async function measure(
  run: (i: number) => unknown,
  runs = RUNS,
  before: (i: number) => unknown = () => {},
): Promise<{ p50: number; p99: number }> {
  for (let i = 0; i < Math.min(WARMUP_RUNS, runs); i++) {
    await before(i);
    await run(i);
  }
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    await before(i);
    const start = performance.now();
    await run(i);
    samples.push(performance.now() - start);
  }
  const { p50, p99 } = quantiles(samples);
  return { p50, p99 };
}

export interface RelatednessBench {
  title: string;
  rows: Array<{ name: string; p50: number; p99: number }>;
}

const contentOf = (input: RelatednessInput): AdrContent => ({
  ...emptyContent(input.title),
  context: input.context,
  drivers: [...input.drivers],
  options: input.options.map((name) => ({ name, pros: [], cons: [] })),
});

/**
 * RelatedService as the wizard calls it, on a 1,000-ADR workspace in a SQLite file: the first request of a
 * process (reads and analyses every ADR once), then each later one (the workspace's version, the full-text
 * pre-filter, ranking the candidates, loading the ADRs shown), and the first after an ADR changed.
 */
async function serviceRows(inputs: RelatednessInput[], draft: RelatednessInput): Promise<RelatednessBench['rows']> {
  const dir = mkdtempSync(join(tmpdir(), 'adr-related-bench-'));
  const store = openSqliteStore(join(dir, 'bench.sqlite'));
  try {
    await store.migrate();
    const adrs = new AdrRepository(store);
    let clock = Date.parse('2026-01-01T00:00:00Z');
    const now = () => {
      clock += 1000;
      return new Date(clock);
    };
    const decisions = new DecisionService(adrs, now);
    await store.transaction(async () => {
      for (const input of inputs) {
        await adrs.insertImported({
          teamId: BENCH_TEAM,
          number: input.number,
          content: contentOf(input),
          status: 'accepted',
          supersededBy: null,
          date: '2026-01-01',
          authorId: 'U_BENCH',
          now: now(),
        });
      }
    });
    // The app's upkeep worker merges the search index's segments after writes (src/db/maintenance.ts); so here.
    const upkeep = new DatabaseMaintainer(store.sqlite as Db);
    upkeep.runToCompletion();
    const content = contentOf(draft);
    const steady = new RelatedService(adrs, decisions);
    const ask = (service: RelatedService) => service.forDraft(BENCH_TEAM, content, { editing: null });
    await ask(steady);
    const shown = (await ask(steady)).length;
    const candidates = (await steady.candidatesFor(BENCH_TEAM, analyzeAdr(draft))).length;
    return [
      {
        name: 'service: first request of a process (reads, analyses all)',
        ...(await measure(() => ask(new RelatedService(adrs, decisions)), 10)),
      },
      { name: `service: a request (${candidates} candidates, ${shown} shown)`, ...(await measure(() => ask(steady))) },
      {
        name: 'service: the first request after an ADR changed',
        ...(await measure(
          () => ask(steady),
          RUNS,
          (i) => {
            const input = inputs[(i * 37) % inputs.length] as RelatednessInput;
            return adrs.updateContent(
              BENCH_TEAM,
              input.number as number,
              contentOf({ ...input, title: `${input.title} ${i}` }),
              now(),
            );
          },
        )),
      },
    ];
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const BENCH_TEAM = 'T_BENCH';

export async function runRelatednessBench(): Promise<RelatednessBench> {
  const inputs = workspaceAdrs();
  const documents: RelatedDocument[] = inputs.map(analyzeAdr);
  const stats = corpusStats(documents);
  const draft: RelatednessInput = {
    number: null,
    title: 'Use Kafka for order events in the checkout',
    context:
      'Checkout publishes order events that billing, notifications and the data platform consume. RabbitMQ drops ' +
      'messages once consumed, so new consumers cannot replay history, and the volume doubles every year.',
    drivers: ['Consumers can replay history', 'Ordering per order', 'Managed service preferred'],
    options: ['Apache Kafka', 'Amazon SQS', 'RabbitMQ'],
  };
  const candidates = rankRelated(draft, documents, { stats, limit: CANDIDATES_FROM_SEARCH, threshold: 0 }).map(
    (match) => documents[match.number - 1] as RelatedDocument,
  );
  const candidateInputs = candidates.map((candidate) => inputs[(candidate.number as number) - 1] as RelatednessInput);
  const averageContext = Math.round(inputs.reduce((sum, adr) => sum + adr.context.length, 0) / inputs.length);
  return {
    title: `one draft against ${WORKSPACE_ADRS.toLocaleString('en-US')} ADRs (context ${averageContext} chars on average), ${RUNS} runs`,
    rows: [
      {
        name: 'analyse all + rank (no cache: what the wiring avoids)',
        ...(await measure(() => rankRelated(draft, inputs.map(analyzeAdr)))),
      },
      {
        name: 'rank analysed ADRs, statistics recomputed',
        ...(await measure(() => rankRelated(draft, documents, { stats: corpusStats(documents) }))),
      },
      {
        name: 'rank analysed ADRs, weights memoised',
        ...(await measure(() => rankRelated(draft, documents, { stats }))),
      },
      {
        name: `rank ${CANDIDATES_FROM_SEARCH} search candidates`,
        ...(await measure(() => rankRelated(draft, candidates, { stats }))),
      },
      {
        name: `analyse + rank ${CANDIDATES_FROM_SEARCH} search candidates`,
        ...(await measure(() => rankRelated(draft, candidateInputs.map(analyzeAdr)))),
      },
      ...(await serviceRows(inputs, draft)),
    ],
  };
}

if (isMain(import.meta.url)) {
  const { title, rows } = await runRelatednessBench();
  console.log(`Relatedness: ${title}`);
  const width = Math.max(...rows.map((row) => row.name.length));
  console.log(`${'step'.padEnd(width)}  ${'p50 ms'.padStart(8)}  ${'p99 ms'.padStart(8)}  target`);
  for (const row of rows) {
    console.log(
      `${row.name.padEnd(width)}  ${row.p50.toFixed(2).padStart(8)}  ${row.p99.toFixed(2).padStart(8)}  < ${RELATEDNESS_TARGET_MS} ms`,
    );
  }
}
