/**
 * HTTP throughput and latency of the app against bare Bolt, case by case, at several connection counts, in
 * alternating order over several rounds (so drift on a shared machine hits both alike).
 */

import { performance } from 'node:perf_hooks';
import { wizardMetadata } from '../src/slack/metadata.js';
import type { FakeSlack, SlackView } from '../test/support/fake-slack.js';
import { buildViewState } from '../test/support/view-state.js';
import { runLoad, type SentResponse, type SignedRequest, sendSigned } from './load.js';
import type { RequestRecorder } from './slack-requests.js';
import { median } from './stats.js';

export interface CaseContext {
  recorder: RequestRecorder;
  fake: FakeSlack;
  /** The app under test (cases may drive it to set up state, e.g. open a wizard). */
  appOrigin: string;
  signingSecret: string;
  userId: string;
  channelId: string;
  /** A Proposed ADR with 2–4 options in the recorder's workspace, for the scoring modal case. */
  scoringAdr: number;
}

export interface HttpCase {
  name: string;
  /** What the app does for this request, for the table. */
  note: string;
  /** The requests the load generator sends in turn (each re-signed per send). */
  prepare(ctx: CaseContext): Promise<SignedRequest[]>;
  /** Checks one response of the app before the load starts; returns what is wrong, or null. */
  check(response: SentResponse): string | null;
}

function jsonOf(body: string): Record<string, unknown> | null {
  try {
    return JSON.parse(body) as Record<string, unknown>;
  } catch {
    return null;
  }
}

const WIZARD_STEP_1 = {
  wizard_title: 'Use PostgreSQL for the orders service',
  wizard_deciders: ['U00000002', 'U00000003'],
  wizard_technical_story: 'JIRA-4242',
  wizard_context:
    'Orders need transactions across several tables, and the team already runs PostgreSQL for billing. ' +
    'We need a decision before the next planning cycle so the migration can be scheduled.',
};

/** Opens the wizard through the app (as `/adr new` does) and returns the modal the fake Slack now shows. */
async function openWizard(ctx: CaseContext, userId: string): Promise<SlackView> {
  const since = ctx.fake.calls.length;
  const request = await ctx.recorder.record((c) => c.command('new', { userId, channelId: ctx.channelId }));
  const response = await sendSigned(ctx.appOrigin, ctx.signingSecret, request);
  if (response.status !== 200) throw new Error(`/adr new answered ${response.status}: ${response.body}`);
  const call = await ctx.fake.waitFor('views.open', undefined, { since });
  const id = (call.response?.body as { view?: { id?: string } } | undefined)?.view?.id;
  const view = id ? ctx.fake.getView(id) : undefined;
  if (!view) throw new Error(`views.open did not create a view: ${JSON.stringify(call.response?.body)}`);
  return view;
}

/** Opens the scoring modal through the app (as `/adr score <n>` does) and returns the modal the fake Slack shows. */
async function openScoring(ctx: CaseContext, userId: string): Promise<SlackView> {
  const since = ctx.fake.calls.length;
  const request = await ctx.recorder.record((c) =>
    c.command(`score ${ctx.scoringAdr}`, { userId, channelId: ctx.channelId }),
  );
  const response = await sendSigned(ctx.appOrigin, ctx.signingSecret, request);
  if (response.status !== 200 || response.body !== '') {
    throw new Error(`/adr score ${ctx.scoringAdr} did not open the modal: ${response.status} ${response.body}`);
  }
  const call = await ctx.fake.waitFor('views.open', undefined, { since });
  const id = (call.response?.body as { view?: { id?: string } } | undefined)?.view?.id;
  const view = id ? ctx.fake.getView(id) : undefined;
  if (view?.callback_id !== 'adr_scoring_modal') {
    throw new Error(`views.open did not show the scoring modal: ${JSON.stringify(call.response?.body)}`);
  }
  return view;
}

/** Every score select of a scoring page (action ids `score_<slot>_<criterion>`), each given a 1–5 value. */
function scoreSheet(view: SlackView, scorer: number): Record<string, string> {
  const inputs: Record<string, string> = {};
  view.blocks.forEach((block, index) => {
    const actionId = (block.element as { action_id?: unknown } | undefined)?.action_id;
    if (typeof actionId === 'string' && /^score_\d+_/.test(actionId)) {
      inputs[actionId] = String(1 + ((scorer + index) % 5));
    }
  });
  return inputs;
}

/** The cases, in table order. */
export const HTTP_CASES: HttpCase[] = [
  {
    name: '/adr help',
    note: "no database: the app's floor, ack with the help blocks",
    prepare: async (ctx) => [
      await ctx.recorder.record((c) => c.command('help', { userId: ctx.userId, channelId: ctx.channelId })),
    ],
    check: (r) => (r.status === 200 && r.body.includes('/adr list') ? null : `${r.status} ${r.body.slice(0, 200)}`),
  },
  {
    name: '/adr list',
    note: 'first page of a 1,000-ADR workspace, ack with blocks',
    prepare: async (ctx) => [
      await ctx.recorder.record((c) => c.command('list', { userId: ctx.userId, channelId: ctx.channelId })),
    ],
    check: (r) => (r.status === 200 && r.body.includes('ADR-') ? null : `${r.status} ${r.body.slice(0, 200)}`),
  },
  {
    name: '/adr show 1',
    note: 'find + history, ack with the card',
    prepare: async (ctx) => [
      await ctx.recorder.record((c) => c.command('show 1', { userId: ctx.userId, channelId: ctx.channelId })),
    ],
    check: (r) => (r.status === 200 && r.body.includes('ADR-001') ? null : `${r.status} ${r.body.slice(0, 200)}`),
  },
  {
    name: 'wizard step 1 submit',
    note: 'view_submission adr_wizard_modal: validate, save the draft, answer with step 2',
    prepare: async (ctx) => {
      // Ten people with a draft each, submitted in turn: the same work every time (step 1 → step 2).
      const requests: SignedRequest[] = [];
      for (let i = 0; i < 10; i++) {
        const userId = `U${String(100 + i).padStart(8, '0')}`;
        const view = await openWizard(ctx, userId);
        const state = buildViewState(view, WIZARD_STEP_1);
        requests.push(await ctx.recorder.record((c) => c.viewSubmission(view, state, { userId })));
      }
      return requests;
    },
    check: (r) => {
      const body = jsonOf(r.body);
      const view = body?.view as { private_metadata?: string } | undefined;
      const step = wizardMetadata.decode(view?.private_metadata)?.step;
      return r.status === 200 && body?.response_action === 'update' && step === 2
        ? null
        : `${r.status} ${r.body.slice(0, 300)}`;
    },
  },
  {
    name: 'scoring modal submit',
    note: 'view_submission adr_scoring_modal: validate every cell, save the scores, aggregate, answer with the results',
    prepare: async (ctx) => {
      // Ten scorers, each submitting their full sheet (one page: 2–4 options × 7 criteria) again and again.
      const requests: SignedRequest[] = [];
      for (let i = 0; i < 10; i++) {
        const userId = `U${String(200 + i).padStart(8, '0')}`;
        const view = await openScoring(ctx, userId);
        const sheet = scoreSheet(view, i);
        if (Object.keys(sheet).length === 0) throw new Error('the scoring modal has no score selects');
        requests.push(
          await ctx.recorder.record((c) => c.viewSubmission(view, buildViewState(view, sheet), { userId })),
        );
      }
      return requests;
    },
    check: (r) => {
      const body = jsonOf(r.body);
      const view = body?.view as { callback_id?: string } | undefined;
      return r.status === 200 && body?.response_action === 'update' && view?.callback_id === 'adr_scoring_results_modal'
        ? null
        : `${r.status} ${r.body.slice(0, 300)}`;
    },
  },
];

export interface Target {
  name: string;
  origin: string;
}

export interface Run {
  requestsPerSecond: number;
  p50: number;
  p99: number;
}

export interface HttpCell {
  caseName: string;
  note: string;
  concurrency: number;
  /** Runs per target name, one per round. */
  runs: Record<string, Run[]>;
  /** app / baseline requests per second, per baseline name, one per round. */
  ratios: Record<string, number[]>;
}

export interface HttpOptions {
  app: Target;
  /** What the app is compared with (bare Bolt first); each runs in the same rounds. */
  baselines: Target[];
  ctx: CaseContext;
  cases?: HttpCase[];
  concurrencies: number[];
  rounds: number;
  warmupMs: number;
  durationMs: number;
  /** performance.now() after which no further round starts if it would not finish in time (after round 1). */
  deadline?: number;
  log?: (line: string) => void;
}

export async function runHttpBench(options: HttpOptions): Promise<HttpCell[]> {
  const log = options.log ?? (() => undefined);
  const { ctx, app } = options;
  const cases = options.cases ?? HTTP_CASES;
  const targets = [app, ...options.baselines];
  const prepared: Array<{ httpCase: HttpCase; requests: SignedRequest[] }> = [];
  for (const httpCase of cases) {
    const requests = await httpCase.prepare(ctx);
    for (const request of requests) {
      const problem = httpCase.check(await sendSigned(app.origin, ctx.signingSecret, request));
      if (problem) throw new Error(`${httpCase.name}: the app's answer is not what the case measures: ${problem}`);
      for (const baseline of options.baselines) {
        const answer = await sendSigned(baseline.origin, ctx.signingSecret, request);
        if (answer.status !== 200) throw new Error(`${httpCase.name}: ${baseline.name} answered ${answer.status}`);
      }
    }
    prepared.push({ httpCase, requests });
  }

  const measure = async (target: Target, requests: SignedRequest[], concurrency: number, durationMs: number) => {
    const result = await runLoad({
      origin: target.origin,
      signingSecret: ctx.signingSecret,
      requests,
      concurrency,
      warmupMs: options.warmupMs,
      durationMs,
    });
    const bad = Object.entries(result.statuses).filter(([status]) => status !== '200');
    if (bad.length > 0 || result.errors > 0) {
      const first = result.firstError === undefined ? '' : ` (first: ${result.firstError})`;
      throw new Error(
        `${target.name}: non-200 answers ${JSON.stringify(result.statuses)}, ${result.errors} errors${first}`,
      );
    }
    return { requestsPerSecond: result.requestsPerSecond, p50: result.latency.p50, p99: result.latency.p99 };
  };

  // JIT warm-up of every process on every case before anything is recorded.
  for (const { requests } of prepared) {
    for (const target of targets) await measure(target, requests, 50, 500);
  }

  const cells = new Map<string, HttpCell>();
  let roundStarted = performance.now();
  for (let round = 0; round < options.rounds; round++) {
    const lastRoundMs = performance.now() - roundStarted;
    if (round > 0 && options.deadline !== undefined && performance.now() + lastRoundMs > options.deadline) {
      log(`  stopping after ${round} rounds to stay within the time budget`);
      break;
    }
    roundStarted = performance.now();
    for (const { httpCase, requests } of prepared) {
      for (const concurrency of options.concurrencies) {
        const key = `${httpCase.name}@${concurrency}`;
        const cell = cells.get(key) ?? {
          caseName: httpCase.name,
          note: httpCase.note,
          concurrency,
          runs: Object.fromEntries(targets.map((t) => [t.name, []])),
          ratios: Object.fromEntries(options.baselines.map((t) => [t.name, []])),
        };
        cells.set(key, cell);
        // Rotate who goes first, so a slow moment of the shared machine does not always hit the same side.
        const order = targets.map((_, i) => targets[(i + round) % targets.length] as Target);
        const runs = new Map<string, Run>();
        for (const target of order)
          runs.set(target.name, await measure(target, requests, concurrency, options.durationMs));
        const appRun = runs.get(app.name) as Run;
        for (const target of targets) cell.runs[target.name]?.push(runs.get(target.name) as Run);
        for (const baseline of options.baselines) {
          cell.ratios[baseline.name]?.push(
            appRun.requestsPerSecond / (runs.get(baseline.name) as Run).requestsPerSecond,
          );
        }
        log(
          `  round ${round + 1} ${key}: ${targets
            .map((t) => {
              const run = runs.get(t.name) as Run;
              return `${t.name} ${run.requestsPerSecond.toFixed(0)}/s p99 ${run.p99.toFixed(1)} ms`;
            })
            .join(', ')}`,
        );
      }
    }
  }
  return [...cells.values()];
}

export function summarize(runs: Run[]): Run {
  return {
    requestsPerSecond: median(runs.map((r) => r.requestsPerSecond)),
    p50: median(runs.map((r) => r.p50)),
    p99: median(runs.map((r) => r.p99)),
  };
}
