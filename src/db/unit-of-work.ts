import { AsyncLocalStorage } from 'node:async_hooks';
import type { Kysely } from 'kysely';
import type { Tables } from './schema.js';
import type { Locking } from './store.js';

interface Open {
  trx: Kysely<Tables>;
  afterCommit: (() => void)[];
}

/**
 * The ambient transaction of a store: `transaction(fn)` runs `fn` in one `Locking.write`, and every repository
 * call inside it (through `query()`) joins that transaction without a handle passed down. Nested calls join the
 * outer one. PostgreSQL may run `fn` again after a deadlock, so what must happen once, after the data is stored
 * (AppEvents), goes through `afterCommit`.
 */
export class UnitOfWork {
  private readonly ambient = new AsyncLocalStorage<Open>();

  constructor(
    private readonly db: Kysely<Tables>,
    private readonly locking: Locking,
  ) {}

  query(): Kysely<Tables> {
    return this.ambient.getStore()?.trx ?? this.db;
  }

  inTransaction(): boolean {
    return this.ambient.getStore() !== undefined;
  }

  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    if (this.ambient.getStore()) return fn();
    let hooks: (() => void)[] = [];
    const result = await this.locking.write((trx) => {
      // A re-run after a deadlock starts again with no hooks: only the attempt that commits counts.
      hooks = [];
      return this.ambient.run({ trx, afterCommit: hooks }, fn);
    });
    // Outside the transaction's context, so work the hooks start never sees the finished transaction.
    this.ambient.exit(() => {
      for (const hook of hooks) hook();
    });
    return result;
  }

  /** Runs `hook` once the open transaction commits (dropped if it rolls back), or at once outside one. */
  afterCommit(hook: () => void): void {
    const open = this.ambient.getStore();
    if (open) open.afterCommit.push(hook);
    else hook();
  }
}
