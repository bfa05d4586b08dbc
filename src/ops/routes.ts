import type { CustomRoute } from '@slack/bolt';
import type { BackgroundTasks } from '../background.js';
import type { SlackMode } from '../config.js';
import type { DatabaseInstallationStore } from '../db/installation-store.js';
import { publishJobState } from '../db/publishing-repository.js';
import type { DataStore, Engine } from '../db/store.js';
import type { Gauge, Metrics } from './metrics.js';
import { outboxState } from './outbox-state.js';
import type { UpkeepStatus } from './upkeep-status.js';

export interface OpsSources {
  db: DataStore;
  /** Which engine holds the data (ADR-013). */
  engine: Engine;
  mode: SlackMode;
  background: BackgroundTasks;
  metrics: Metrics;
  installations: DatabaseInstallationStore | null;
  upkeep: UpkeepStatus;
}

/** GET /healthz: 200 with the database, schema and outbox state, or 503 when the database does not answer. */
export function healthRoute(sources: OpsSources): CustomRoute {
  return {
    path: '/healthz',
    method: ['GET'],
    handler: async (_req, res) => {
      let body: Record<string, unknown>;
      let status = 200;
      try {
        body = {
          status: 'ok',
          database: 'ok',
          engine: sources.engine,
          schemaVersion: await sources.db.currentVersion(),
          pool: sources.db.pool(),
          mode: sources.mode,
          outbox: await outboxState(sources.db),
          publishJobs: await publishJobState(sources.db),
          backgroundTasks: sources.background.size,
          upkeep: sources.upkeep.snapshot(),
        };
      } catch (error) {
        status = 503;
        body = { status: 'error', database: error instanceof Error ? error.message : 'unavailable' };
      }
      res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
      res.end(JSON.stringify(body));
    },
  };
}

/** GET /metrics: Prometheus text format. */
export function metricsRoute(sources: OpsSources): CustomRoute {
  return {
    path: '/metrics',
    method: ['GET'],
    handler: async (_req, res) => {
      const gauges: Gauge[] = [
        {
          name: 'adr_background_tasks',
          help: 'Work running after its ack (card posts, listeners still finishing).',
          samples: [{ value: sources.background.size }],
        },
      ];
      try {
        gauges.push({
          name: 'adr_outbox_messages',
          help: 'Outbox messages by state: the notification backlog.',
          samples: Object.entries(await outboxState(sources.db)).map(([state, value]) => ({
            labels: { state },
            value,
          })),
        });
        gauges.push({
          name: 'adr_publish_jobs',
          help: 'Publish jobs (pull requests to the repository) by state.',
          samples: Object.entries(await publishJobState(sources.db)).map(([state, value]) => ({
            labels: { state },
            value,
          })),
        });
        if (sources.installations) {
          gauges.push({
            name: 'adr_installations',
            help: 'Workspaces and organisations with ADR Assistant installed (OAuth mode).',
            samples: [{ value: await sources.installations.count() }],
          });
        }
        gauges.push({ name: 'adr_database_up', help: '1 when the database answers.', samples: [{ value: 1 }] });
        const pool = sources.db.pool();
        gauges.push({
          name: 'adr_database_connections',
          help: 'Database connections by state (SQLite: its one connection), and the pool size.',
          samples: [
            { labels: { state: 'total' }, value: pool.total },
            { labels: { state: 'idle' }, value: pool.idle },
            { labels: { state: 'waiting' }, value: pool.waiting },
            { labels: { state: 'max' }, value: pool.max },
          ],
        });
        gauges.push({
          name: 'adr_database_info',
          help: 'The engine holding the data (sqlite or postgres).',
          samples: [{ labels: { engine: sources.engine }, value: 1 }],
        });
      } catch {
        gauges.push({ name: 'adr_database_up', help: '1 when the database answers.', samples: [{ value: 0 }] });
      }
      res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(sources.metrics.render(gauges));
    },
  };
}
