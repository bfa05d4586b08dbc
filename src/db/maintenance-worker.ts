import { parentPort, workerData } from 'node:worker_threads';
import {
  DatabaseMaintainer,
  type MaintenanceRun,
  type ParentMessage,
  UpkeepSchedule,
  type WorkerData,
  type WorkerMessage,
} from './maintenance.js';
import { openDatabase } from './open.js';

// The worker thread of startDatabaseMaintenance: its own connection, a pass when the schedule asks for one.

const port = parentPort;
if (!port) throw new Error('maintenance-worker.ts runs as a worker thread (startDatabaseMaintenance)');
const { databasePath, intervalMs } = workerData as WorkerData;
const db = openDatabase(databasePath);
// This connection checkpoints explicitly.
db.pragma('wal_autocheckpoint = 0');
const maintainer = new DatabaseMaintainer(db);
const schedule = new UpkeepSchedule();
// Changes whenever another connection has committed since it was last read; this connection's own merges leave it.
const dataVersion = db.prepare('PRAGMA data_version').pluck();
let seenVersion = dataVersion.get();

const send = (message: WorkerMessage) => port.postMessage(message);

function pass(id: number | null): void {
  let run: MaintenanceRun;
  try {
    if (id !== null) {
      seenVersion = dataVersion.get();
      run = maintainer.runToCompletion();
      schedule.merged(run);
    } else {
      const version = dataVersion.get();
      const action = schedule.next(version !== seenVersion, performance.now());
      seenVersion = version;
      if (action === 'nothing') return;
      run = action === 'merge' ? maintainer.run() : maintainer.checkpoint();
      if (action === 'merge') schedule.merged(run);
    }
  } catch (error) {
    if (id === null) schedule.failed(performance.now());
    send({ type: 'error', id, message: error instanceof Error ? error.message : String(error) });
    return;
  }
  send({ type: 'run', id, run });
}

const timer = setInterval(() => pass(null), intervalMs);

port.on('message', (message: ParentMessage) => {
  if (message.type === 'run') {
    pass(message.id);
    return;
  }
  clearInterval(timer);
  db.close();
  port.close();
});
