import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';

// Worker threads load the source through tsx's API, as src/db/maintenance.ts starts its worker from the sources.
const OPEN_MODULE = pathToFileURL(resolve('src/db/open.ts')).href;
const TSX_API = import.meta.resolve('tsx/esm/api');

const OPEN_AT_ONCE = `
const { workerData, parentPort } = require('node:worker_threads');
import(workerData.tsx).then(({ tsImport }) => tsImport(workerData.module, workerData.parent)).then(({ openDatabase }) => {
  const gates = new Int32Array(workerData.gates);
  const answers = [];
  for (let round = 0; round < workerData.rounds; round++) {
    // Every opener waits at this round's gate until all have reached it, then all open the same new file.
    Atomics.add(gates, round, 1);
    Atomics.notify(gates, round);
    while (Atomics.load(gates, round) < workerData.openers) Atomics.wait(gates, round, Atomics.load(gates, round), 5);
    try {
      const db = openDatabase(workerData.dir + '/round-' + round + '.sqlite');
      db.exec('CREATE TABLE IF NOT EXISTS t (x)');
      answers.push(db.pragma('journal_mode', { simple: true }));
      db.close();
    } catch (error) {
      answers.push(error.code + ': ' + error.message);
    }
  }
  parentPort.postMessage(answers);
});
`;

describe('openDatabase', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('opens a new database file that several processes open at the same moment, every one of them in WAL mode', async () => {
    // Two instances (or the app and a CLI migrate) starting on a new file race to switch it to WAL; SQLite answers
    // the loser SQLITE_BUSY without consulting the busy timeout. Before the retry, about one opener in 200 failed.
    dir = mkdtempSync(join(tmpdir(), 'adr-open-'));
    const openers = 6;
    const rounds = 100;
    const gates = new Int32Array(new SharedArrayBuffer(4 * rounds));
    const workers = Array.from(
      { length: openers },
      () =>
        new Worker(OPEN_AT_ONCE, {
          eval: true,
          workerData: {
            module: OPEN_MODULE,
            tsx: TSX_API,
            parent: import.meta.url,
            dir,
            gates: gates.buffer,
            openers,
            rounds,
          },
        }),
    );
    const answers = (
      await Promise.all(workers.map((worker) => new Promise<unknown[]>((done) => worker.once('message', done))))
    ).flat();
    await Promise.all(workers.map((worker) => worker.terminate()));
    expect(answers.filter((answer) => answer !== 'wal')).toEqual([]);
    expect(answers).toHaveLength(openers * rounds);
  });
});
