import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runDbScale } from '../../bench/db-scale.js';
import { HTTP_CASES } from '../../bench/http.js';
import { runLoad, sendSigned } from '../../bench/load.js';
import { RequestRecorder } from '../../bench/slack-requests.js';
import { AdrRepository } from '../../src/db/adr-repository.js';
import { emptyContent } from '../../src/domain/adr.js';
import { SIGNING_SECRET, startTestApp, type TestApp } from '../support/app-harness.js';

// `npm run bench` in miniature: its load generator and its request cases against the real app. No timings.

let t: TestApp;
let recorder: RequestRecorder;

beforeEach(async () => {
  t = await startTestApp();
  recorder = new RequestRecorder({ baseUrl: t.baseUrl, signingSecret: SIGNING_SECRET, fake: t.fake });
  await new AdrRepository(t.adr.store).propose({
    teamId: 'T_TEST',
    content: {
      ...emptyContent('Use PostgreSQL for orders'),
      context: 'Orders need transactions.',
      options: ['PostgreSQL', 'MySQL', 'DynamoDB'].map((name) => ({ name, pros: [], cons: [] })),
    },
    authorId: 'U_ALICE',
    channelId: 'C_GENERAL',
    now: new Date(),
  });
});

afterEach(async () => {
  expect(t.fake.violations).toEqual([]);
  expect(t.fake.broadcasts).toEqual([]);
  await t.stop();
});

describe('bench load generator', () => {
  it('sends 200 freshly signed requests over 10 connections; every answer is a 200 and counted', async () => {
    const requests = [
      await recorder.record((c) => c.command('list')),
      await recorder.record((c) => c.command('show 1')),
    ];
    const result = await runLoad({
      origin: t.baseUrl,
      signingSecret: SIGNING_SECRET,
      requests,
      concurrency: 10,
      totalRequests: 200,
    });
    expect(result.errors).toBe(0);
    expect(result.statuses).toEqual({ 200: 200 });
    expect(result.completed).toBe(200);
    expect(result.latency.count).toBe(200);
  });

  it('counts what the app answers: a wrong signing secret gets 401s, not 200s', async () => {
    const result = await runLoad({
      origin: t.baseUrl,
      signingSecret: 'not-the-secret',
      requests: [await recorder.record((c) => c.command('list'))],
      concurrency: 5,
      totalRequests: 20,
    });
    expect(result.statuses).toEqual({ 401: 20 });
  });

  it('prepares every bench case so that the app answers it with the work the case measures', async () => {
    const ctx = {
      recorder,
      fake: t.fake,
      appOrigin: t.baseUrl,
      signingSecret: SIGNING_SECRET,
      userId: 'U_ALICE',
      channelId: 'C_GENERAL',
      scoringAdr: 1,
    };
    for (const httpCase of HTTP_CASES) {
      const requests = await httpCase.prepare(ctx);
      expect(requests.length).toBeGreaterThan(0);
      for (const request of requests) {
        const answer = await sendSigned(t.baseUrl, SIGNING_SECRET, request);
        expect(httpCase.check(answer), httpCase.name).toBeNull();
      }
    }
    await t.settle();
  });
});

describe('bench database cases', () => {
  it('seeds and times a small database the way npm run bench seeds its 100,000 ADRs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'adr-bench-smoke-'));
    try {
      const scale = await runDbScale({
        databasePath: join(dir, 'scale.sqlite'),
        workspaces: 2,
        adrsPerWorkspace: 30,
        operations: 20,
        batchSize: 25,
      });
      expect(scale.seeded).toBe(60);
      expect(scale.operations.map((op) => op.name)).toEqual(
        expect.arrayContaining(['propose', 'show', 'list', 'search, 1 word', 'search, 2 words']),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
