import { deepFreeze } from '../domain/deep-freeze.js';
import type { StoredAdr } from './adr-repository.js';

/** ADRs kept at once; the least recently read goes first. */
export const MAX_KEPT_ADRS = 500;

/**
 * ADRs read by number, each kept with the decision log's revision it was read at (adr_log_revision, which every
 * change to an ADR's row, approvals, review date or links moves: migrations 0014 and 0015). One is handed out again
 * only while the revision is still that one, so it is never older than the database, whichever process wrote.
 * Kept ADRs are shared between requests, so they are frozen (deeply): a reader that changed one would throw.
 */
export class KeptAdrs {
  private readonly adrs = new Map<string, { revision: number; adr: StoredAdr }>();

  constructor(private readonly capacity = MAX_KEPT_ADRS) {}

  get(teamId: string, number: number, revision: number): StoredAdr | undefined {
    const key = keyOf(teamId, number);
    const kept = this.adrs.get(key);
    if (kept?.revision !== revision) return undefined;
    this.adrs.delete(key);
    this.adrs.set(key, kept);
    return kept.adr;
  }

  keep(adr: StoredAdr, revision: number): StoredAdr {
    const key = keyOf(adr.teamId, adr.number);
    this.adrs.delete(key);
    this.adrs.set(key, { revision, adr: deepFreeze(adr) });
    if (this.adrs.size > this.capacity) {
      const oldest = this.adrs.keys().next().value;
      if (oldest !== undefined) this.adrs.delete(oldest);
    }
    return adr;
  }
}

function keyOf(teamId: string, number: number): string {
  return `${teamId}\u0000${number}`;
}
