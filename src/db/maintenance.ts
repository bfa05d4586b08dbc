import { EventEmitter } from 'node:events';
import { Worker } from 'node:worker_threads';
import { projectPath } from '../project-root.js';
import type { Db } from './open.js';

/**
 * Upkeep that SQLite would otherwise do inside whichever write crosses a threshold (ADR-007): merging the search
 * index's segments (migration 0007 turns FTS5's automerge off) and checkpointing the WAL (the app's connection
 * checkpoints by itself only past FALLBACK_AUTOCHECKPOINT_PAGES). The app runs it in a worker thread with its own
 * connection (startDatabaseMaintenance), so no request does it; the CLI runs it at the end of a command that wrote.
 */

/** How often the worker looks for new writes (PRAGMA data_version: a few microseconds when there are none). */
export const MAINTENANCE_INTERVAL_MS = 100;

/** The worker starts this long after the app (startDatabaseMaintenance), or at the first runOnce. */
export const WORKER_START_DELAY_MS = 2_000;

/**
 * Merging takes the write lock and a core, so during a continuous stream of writes the worker only checkpoints,
 * and merges once the writes pause for an interval, or after this long. Meanwhile FTS5's crisis merge (at 256
 * segments on a level, migration 0007) bounds the index: in a burst, one write in 256 merges the newest ones.
 */
export const MERGE_AT_LEAST_EVERY_MS = 2_000;

/** Pages of output per FTS5 'merge' command (merging many small segments costs more than this suggests). */
const MERGE_PAGES = 64;

/**
 * Merging happens in one transaction, so writers wait for it once, but stops starting new 'merge' commands after
 * this long: a merge of large segments continues at the next pass instead of holding the write lock for seconds.
 */
export const MAX_MERGE_MS = 50;

/**
 * WAL size (pages) at which the app's own connection checkpoints, where SQLite's default is 1,000. The worker's
 * PASSIVE checkpoints copy the WAL into the database without blocking anyone, but the WAL only starts over once a
 * checkpoint has caught up with the last write, which a continuous stream of writes never lets it do; and the
 * worker may not run. Then the app's connection checkpoints (mostly frames the worker has already copied), so the
 * WAL stays bounded whatever happens.
 */
export const FALLBACK_AUTOCHECKPOINT_PAGES = 10_000;

export interface MaintenanceRun {
  /** FTS5 'merge' commands that found work (0 when the pass only checkpointed). */
  mergeSteps: number;
  /** True when merging is left for a later pass. */
  moreToMerge: boolean;
  /** PRAGMA wal_checkpoint(PASSIVE): frames in the WAL and frames now in the database (-1 when not in WAL mode). */
  walFrames: number;
  checkpointedFrames: number;
}

/** Upkeep on one connection: merging the search index's segments, checkpointing the WAL. */
export class DatabaseMaintainer {
  private readonly statements;
  private readonly mergeFor: (maxMergeMs: number) => { mergeSteps: number; moreToMerge: boolean };

  constructor(db: Db) {
    this.statements = {
      totalChanges: db.prepare('SELECT total_changes()').pluck(),
      merge: db.prepare(`INSERT INTO adr_search (adr_search, rank) VALUES ('merge', ${MERGE_PAGES})`),
      checkpoint: db.prepare('PRAGMA wal_checkpoint(PASSIVE)'),
    };
    this.mergeFor = db.transaction((maxMergeMs: number) => {
      const start = performance.now();
      let mergeSteps = 0;
      while (performance.now() - start < maxMergeMs) {
        const before = this.statements.totalChanges.get() as number;
        this.statements.merge.run();
        // FTS5's documented signal: a 'merge' that changed fewer than 2 rows found nothing to merge.
        if ((this.statements.totalChanges.get() as number) - before < 2) return { mergeSteps, moreToMerge: false };
        mergeSteps++;
      }
      return { mergeSteps, moreToMerge: true };
    }).immediate;
  }

  /** Rows changed through this connection so far (SQLite's total_changes()). */
  totalChanges(): number {
    return this.statements.totalChanges.get() as number;
  }

  /** A PASSIVE checkpoint: copies what it can of the WAL into the database, never blocking writers or readers. */
  checkpoint(): MaintenanceRun {
    const checkpoint = this.statements.checkpoint.get() as { busy: number; log: number; checkpointed: number };
    return {
      mergeSteps: 0,
      moreToMerge: false,
      walFrames: checkpoint.log,
      checkpointedFrames: checkpoint.checkpointed,
    };
  }

  /**
   * Merges, in one transaction, until FTS5 finds no level with 4 (usermerge) segments or MAX_MERGE_MS has passed;
   * then checkpoints.
   */
  run(): MaintenanceRun {
    const { mergeSteps, moreToMerge } = this.mergeFor(MAX_MERGE_MS);
    return { ...this.checkpoint(), mergeSteps, moreToMerge };
  }

  /** Passes until nothing is left to merge. */
  runToCompletion(): MaintenanceRun {
    let total = this.run();
    while (total.moreToMerge) {
      const next = this.run();
      total = { ...next, mergeSteps: total.mergeSteps + next.mergeSteps };
    }
    return total;
  }
}

/** Decides what each periodic pass does (the worker's and the in-thread fallback's). */
export class UpkeepSchedule {
  // Whatever was written before the schedule started (e.g. while the app was down) is merged at the first pass.
  private unmergedSince: number | null = Number.NEGATIVE_INFINITY;
  private moreToMerge = false;
  private retryAt = 0;

  /** `wrote`: whether another connection wrote since the previous pass. */
  next(wrote: boolean, now: number): 'nothing' | 'checkpoint' | 'merge' {
    if (wrote) this.unmergedSince ??= now;
    if (now < this.retryAt) return wrote ? 'checkpoint' : 'nothing';
    if (wrote) {
      return now - (this.unmergedSince ?? now) >= MERGE_AT_LEAST_EVERY_MS ? 'merge' : 'checkpoint';
    }
    return this.unmergedSince !== null || this.moreToMerge ? 'merge' : 'nothing';
  }

  merged(run: MaintenanceRun): void {
    this.unmergedSince = null;
    this.moreToMerge = run.moreToMerge;
  }

  /** A pass failed: the next try waits MERGE_AT_LEAST_EVERY_MS, so a lasting fault is not reported 10 times a second. */
  failed(now: number): void {
    this.retryAt = now + MERGE_AT_LEAST_EVERY_MS;
  }
}

/** Segments in the search index (each has at least one row in its %_idx table). */
export function searchIndexSegments(db: Db): number {
  return db.prepare('SELECT COUNT(DISTINCT segid) FROM adr_search_idx').pluck().get() as number;
}

export interface DatabaseMaintenance {
  /** Merges everything there is to merge and checkpoints, now; resolves with what it did. */
  runOnce(): Promise<MaintenanceRun>;
  /** 'run' (MaintenanceRun) after each periodic pass that did something, 'error' (Error) when one failed. */
  readonly events: EventEmitter;
  /** Finishes the pass in progress, closes the worker's connection and ends the worker. */
  stop(): Promise<void>;
}

export interface WorkerData {
  databasePath: string;
  intervalMs: number;
}

export type WorkerMessage =
  | { type: 'run'; id: number | null; run: MaintenanceRun }
  | { type: 'error'; id: number | null; message: string };

export type ParentMessage = { type: 'run'; id: number } | { type: 'stop' };

/**
 * Starts the upkeep for the app: a worker thread with its own connection to `databasePath` (from `startDelayMs`
 * on) looks every `intervalMs` whether another connection wrote (UpkeepSchedule says what it then does). `db` is the app's
 * connection: it checkpoints by itself only past FALLBACK_AUTOCHECKPOINT_PAGES. An in-memory database (one
 * connection only) gets its passes on this thread instead, and so does any database if the worker stops
 * unexpectedly (reported as an 'error'): upkeep between requests is slower for them, but none at all would let
 * the index's segments pile up.
 */
export function startDatabaseMaintenance(
  db: Db,
  databasePath: string,
  options: { intervalMs?: number; startDelayMs?: number } = {},
): DatabaseMaintenance {
  const intervalMs = options.intervalMs ?? MAINTENANCE_INTERVAL_MS;
  db.pragma(`wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT_PAGES}`);
  const events = new EventEmitter();
  return databasePath === ':memory:'
    ? inThisThread(db, intervalMs, events)
    : inWorker(db, { databasePath, intervalMs }, options.startDelayMs ?? WORKER_START_DELAY_MS, events);
}

/**
 * The worker's own bundle in production (dist/db/maintenance-worker.js, built with the app: ADR-016); this module
 * is then inside dist/app.js or one of its chunks, so the file is found from the project's folder. Run from the
 * sources (tests, `npm run dev`, vitest), this module is TypeScript and the worker beside it is loaded through tsx's
 * API, since neither `node --import tsx` nor vitest hands a .ts worker file to Node.
 */
function createWorker(data: WorkerData): Worker {
  if (!import.meta.url.endsWith('.ts')) {
    return new Worker(projectPath('dist', 'db', 'maintenance-worker.js'), { workerData: data });
  }
  const bootstrap = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then(({ tsImport }) =>
    tsImport(${JSON.stringify(new URL('./maintenance-worker.ts', import.meta.url).href)}, ${JSON.stringify(import.meta.url)}))`;
  return new Worker(bootstrap, { eval: true, workerData: data });
}

function inWorker(db: Db, data: WorkerData, startDelayMs: number, events: EventEmitter): DatabaseMaintenance {
  const waiting = new Map<number, { resolve: (run: MaintenanceRun) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  let stopping: Promise<void> | undefined;
  let fallback: DatabaseMaintenance | undefined;
  let started: { worker: Worker; exited: Promise<void> } | undefined;

  const start = () => {
    if (started) return started;
    const worker = createWorker(data);
    // Nothing waits for the worker but stop(): it must not keep a process alive that forgot to call it.
    worker.unref();
    worker.on('message', (message: WorkerMessage) => {
      const caller = message.id === null ? undefined : waiting.get(message.id);
      if (message.id !== null) waiting.delete(message.id);
      if (message.type === 'run') {
        if (caller) caller.resolve(message.run);
        else events.emit('run', message.run);
      } else {
        const error = new Error(`Database maintenance failed: ${message.message}`);
        if (caller) caller.reject(error);
        else emitError(events, error);
      }
    });
    // A worker's uncaught error arrives structured-cloned: an SqliteError keeps its code but loses its message.
    worker.on('error', (error: unknown) => emitError(events, asError(error, 'The database maintenance worker failed')));
    const exited = new Promise<void>((resolve) => {
      worker.once('exit', (code) => {
        for (const caller of waiting.values()) caller.reject(new Error('The database maintenance worker has stopped'));
        waiting.clear();
        if (!stopping) {
          emitError(
            events,
            new Error(`The database maintenance worker exited (code ${code}): upkeep goes on in the app's thread`),
          );
          fallback = inThisThread(db, data.intervalMs, events);
        }
        resolve();
      });
    });
    started = { worker, exited };
    return started;
  };
  // Loading the worker costs CPU (about 200 ms under tsx): not on the way to the app's first answer, and never for a
  // process that stops sooner. Whatever gets written meanwhile is merged at the worker's first pass.
  const startTimer = setTimeout(start, startDelayMs);
  startTimer.unref();

  return {
    events,
    runOnce() {
      if (fallback) return fallback.runOnce();
      if (stopping) return Promise.reject(new Error('The database maintenance worker has stopped'));
      const { worker } = start();
      const id = nextId++;
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        worker.postMessage({ type: 'run', id } satisfies ParentMessage);
      });
    },
    stop() {
      stopping ??= (async () => {
        clearTimeout(startTimer);
        await fallback?.stop();
        if (!started) return;
        const { worker, exited } = started;
        worker.postMessage({ type: 'stop' } satisfies ParentMessage);
        // The worker ends by itself once its connection is closed; one stuck on a lock is cut short.
        const timeout = setTimeout(() => void worker.terminate(), 10_000);
        await exited;
        clearTimeout(timeout);
      })();
      return stopping;
    },
  };
}

function inThisThread(db: Db, intervalMs: number, events: EventEmitter): DatabaseMaintenance {
  const maintainer = new DatabaseMaintainer(db);
  const schedule = new UpkeepSchedule();
  let seenChanges = maintainer.totalChanges();
  const timer = setInterval(() => {
    try {
      const changes = maintainer.totalChanges();
      const action = schedule.next(changes !== seenChanges, performance.now());
      if (action === 'nothing') return;
      const run = action === 'merge' ? maintainer.run() : maintainer.checkpoint();
      if (action === 'merge') schedule.merged(run);
      seenChanges = maintainer.totalChanges();
      events.emit('run', run);
    } catch (error) {
      schedule.failed(performance.now());
      emitError(events, error instanceof Error ? error : new Error(String(error)));
    }
  }, intervalMs);
  timer.unref();
  return {
    events,
    runOnce: async () => {
      const run = maintainer.runToCompletion();
      schedule.merged(run);
      seenChanges = maintainer.totalChanges();
      return run;
    },
    stop: async () => clearInterval(timer),
  };
}

function asError(value: unknown, context: string): Error {
  if (value instanceof Error && value.message !== '') return value;
  const { message, code } = (value ?? {}) as { message?: unknown; code?: unknown };
  return new Error(`${context}: ${String(message ?? code ?? value)}`);
}

/** An EventEmitter throws an 'error' nobody listens to: report it on stderr instead of crashing the app. */
function emitError(events: EventEmitter, error: Error): void {
  if (events.listenerCount('error') > 0) events.emit('error', error);
  else console.error(error.message);
}
