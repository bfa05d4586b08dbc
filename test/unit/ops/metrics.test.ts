import { describe, expect, it } from 'vitest';
import { migrate } from '../../../src/db/migrate.js';
import { openDatabase } from '../../../src/db/open.js';
import { Metrics, requestTypeOf } from '../../../src/ops/metrics.js';
import { outboxState } from '../../../src/ops/outbox-state.js';
import { storeOf } from '../../support/stores.js';

describe('requestTypeOf', () => {
  it('maps Slack bodies to a fixed set of types', () => {
    expect(requestTypeOf({ command: '/adr' })).toBe('command');
    expect(requestTypeOf({ type: 'event_callback', event: { type: 'app_home_opened' } })).toBe('event');
    expect(requestTypeOf({ type: 'view_submission' })).toBe('view_submission');
    expect(requestTypeOf({ type: 'made_up_by_an_attacker' })).toBe('other');
    expect(requestTypeOf(null)).toBe('unknown');
  });
});

describe('Metrics', () => {
  it('renders counters and a cumulative ack histogram in Prometheus text format', () => {
    const metrics = new Metrics();
    metrics.recordRequest('command', 200, 0.004);
    metrics.recordRequest('command', 200, 0.2);
    metrics.recordRequest('view_submission', 400, 4);
    metrics.increment('adr_events_duplicate_total', 'Skipped retries.');
    const text = metrics.render([
      { name: 'adr_outbox_messages', help: 'Backlog.', samples: [{ labels: { state: 'pending' }, value: 3 }] },
    ]);
    expect(text).toContain('# TYPE adr_requests_total counter');
    expect(text).toContain('adr_requests_total{type="command",status="200"} 2');
    expect(text).toContain('adr_requests_total{type="view_submission",status="400"} 1');
    expect(text).toContain('adr_ack_seconds_bucket{type="command",le="0.005"} 1');
    expect(text).toContain('adr_ack_seconds_bucket{type="command",le="0.25"} 2');
    expect(text).toContain('adr_ack_seconds_bucket{type="command",le="+Inf"} 2');
    expect(text).toContain('adr_ack_seconds_count{type="command"} 2');
    expect(text).toContain('adr_ack_seconds_sum{type="command"} 0.204');
    expect(text).toContain('adr_ack_seconds_bucket{type="view_submission",le="3"} 0');
    expect(text).toContain('adr_events_duplicate_total 1');
    expect(text).toContain('adr_outbox_messages{state="pending"} 3');
    expect(text.endsWith('\n')).toBe(true);
    for (const line of text.trim().split('\n')) {
      expect(line).toMatch(/^(# (HELP|TYPE) [a-z_]+ .+|[a-z_]+(\{[^}]*\})? -?[0-9.e+]+)$/);
    }
  });
});

describe('outboxState', () => {
  it('counts the outbox by status, with zeros for the states it has none of', async () => {
    const db = openDatabase(':memory:');
    migrate(db);
    const insert = db.prepare(
      "INSERT INTO outbox (team_id, kind, status, next_attempt_at, created_at, updated_at) VALUES ('T1', 'x', ?, '', '', '')",
    );
    for (const status of ['pending', 'pending', 'failed', 'sent']) insert.run(status);
    expect(await outboxState(storeOf(db))).toEqual({ pending: 2, failed: 1, sent: 1, skipped: 0 });
  });
});
