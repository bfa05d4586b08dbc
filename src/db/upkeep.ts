import { EventEmitter } from 'node:events';
import type { DatabaseMaintenance } from './maintenance.js';

/**
 * Upkeep where the server does its own (PostgreSQL: autovacuum keeps tables, the GIN index's pending list and the
 * planner's statistics in shape): passes that do nothing, so the app treats both engines alike.
 */
export function serverSideUpkeep(): DatabaseMaintenance {
  return {
    runOnce: async () => ({ mergeSteps: 0, moreToMerge: false, walFrames: -1, checkpointedFrames: -1 }),
    events: new EventEmitter(),
    stop: async () => undefined,
  };
}
