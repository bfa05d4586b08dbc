import { once } from 'node:events';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AdrRepository } from '../../src/db/adr-repository.js';
import { FALLBACK_AUTOCHECKPOINT_PAGES, searchIndexSegments } from '../../src/db/maintenance.js';
import { emptyContent } from '../../src/domain/adr.js';
import { startTestApp, type TestApp } from '../support/app-harness.js';

// The running app does its database upkeep (search index merges, WAL checkpoints) in its worker thread (ADR-007).

let t: TestApp;

beforeEach(async () => {
  t = await startTestApp();
});

afterEach(async () => {
  expect(t.fake.violations).toEqual([]);
  expect(t.fake.broadcasts).toEqual([]);
  await t.stop();
});

describe('database upkeep in the running app', () => {
  it('leaves checkpoints and index merges to its worker, which keeps `/adr search` finding everything', async () => {
    const db = t.adr.db;
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(FALLBACK_AUTOCHECKPOINT_PAGES);
    for (let i = 1; i <= 8; i++) {
      await new AdrRepository(t.adr.store).propose({
        teamId: 'T_TEST',
        content: { ...emptyContent(`Caching decision ${i}`), context: `Cache layer number ${i}` },
        authorId: 'U_ALICE',
        channelId: null,
        now: new Date(),
      });
    }
    expect(searchIndexSegments(db)).toBeGreaterThanOrEqual(8);

    const run = await t.adr.ops.maintenance.runOnce();
    expect(run.mergeSteps).toBeGreaterThan(0);
    expect(run.checkpointedFrames).toBe(run.walFrames);
    expect(searchIndexSegments(db)).toBeLessThan(4);

    const response = await t.slack.command('search caching');
    expect(response.status).toBe(200);
    const text = JSON.stringify(response.json());
    expect(text).toContain('8 results for caching');
    for (let i = 1; i <= 8; i++) expect(text).toContain(`Caching decision ${i}`);
  });

  it('ends the worker when the app stops', async () => {
    await t.adr.ops.maintenance.runOnce();
    await t.adr.stop();
    await expect(t.adr.ops.maintenance.runOnce()).rejects.toThrow(/stopped/);
  });

  it('shows its passes and failures on /healthz and /metrics', async () => {
    await t.stop();
    t = await startTestApp({ maintenance: { startDelayMs: 0, intervalMs: 20 } });
    const passed = once(t.adr.ops.maintenance.events, 'run');
    await new AdrRepository(t.adr.store).propose({
      teamId: 'T_TEST',
      content: emptyContent('Written before the pass'),
      authorId: 'U_ALICE',
      channelId: null,
      now: new Date(),
    });
    await passed;
    t.adr.ops.maintenance.events.emit('error', new Error('Database maintenance failed: disk I/O error'));

    const health = (await (await fetch(`${t.baseUrl}/healthz`)).json()) as { upkeep: Record<string, unknown> };
    expect(health.upkeep).toMatchObject({
      errors: 1,
      lastPassAt: expect.any(String),
      lastError: { message: 'Database maintenance failed: disk I/O error', at: expect.any(String) },
    });
    expect(health.upkeep.passes).toBeGreaterThanOrEqual(1);
    const metrics = await (await fetch(`${t.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(/^adr_db_upkeep_passes_total [1-9]\d*$/m);
    expect(metrics).toMatch(/^adr_db_upkeep_errors_total 1$/m);
  });
});
