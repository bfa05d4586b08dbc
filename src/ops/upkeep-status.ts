import type { EventEmitter } from 'node:events';
import type { MaintenanceRun } from '../db/maintenance.js';
import type { Metrics } from './metrics.js';

export interface UpkeepSnapshot {
  /** Periodic passes that did something (a checkpoint after writes, or a merge of the search index). */
  passes: number;
  errors: number;
  lastPassAt: string | null;
  lastError: { message: string; at: string } | null;
}

/**
 * What the database upkeep (src/db/maintenance.ts) has done, for /healthz and /metrics: its worker runs out of
 * sight, and a failing one means the index and the WAL are kept by the app's fallbacks instead.
 */
export class UpkeepStatus {
  private passes = 0;
  private errors = 0;
  private lastPassAt: Date | null = null;
  private lastError: { message: string; at: Date } | null = null;

  constructor(
    private readonly metrics: Metrics,
    private readonly now: () => Date,
  ) {}

  /** Follows the 'run' and 'error' events of a DatabaseMaintenance. */
  watch(events: EventEmitter): void {
    events.on('run', (_run: MaintenanceRun) => {
      this.passes += 1;
      this.lastPassAt = this.now();
      this.metrics.increment('adr_db_upkeep_passes_total', 'Database upkeep passes that checkpointed or merged.');
    });
    events.on('error', (error: Error) => {
      this.errors += 1;
      this.lastError = { message: error.message, at: this.now() };
      this.metrics.increment('adr_db_upkeep_errors_total', 'Database upkeep passes that failed.');
    });
  }

  snapshot(): UpkeepSnapshot {
    return {
      passes: this.passes,
      errors: this.errors,
      lastPassAt: this.lastPassAt?.toISOString() ?? null,
      lastError: this.lastError ? { message: this.lastError.message, at: this.lastError.at.toISOString() } : null,
    };
  }
}
