import type { WebClient } from '@slack/web-api';
import { formatAdrNumber } from '../domain/adr-number.js';
import { refreshAdrCard } from './card-poster.js';
import type { Deps } from './deps.js';

interface Pending {
  client: WebClient;
  /** Set when another refresh was asked for after the running one read the ADR. */
  again: boolean;
}

/**
 * Re-renders ADR cards after changes that come in bursts (ten people scoring at once). A card is refreshed by at
 * most one task at a time: requests made while it runs are merged into one more refresh after it, which reads the
 * ADR and its extras afresh, so the card always ends up showing the state after the last change.
 */
export class CardRefresher {
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly deps: Pick<Deps, 'adrs' | 'background' | 'cardExtras' | 'logger'>) {}

  /** `client` is the requester's (its workspace's token); the latest one asking is used. */
  refresh(client: WebClient, teamId: string, adrNumber: number): void {
    const key = `${teamId}\u0000${adrNumber}`;
    const running = this.pending.get(key);
    if (running) {
      running.client = client;
      running.again = true;
      return;
    }
    const pending: Pending = { client, again: false };
    this.pending.set(key, pending);
    this.deps.background.run(`refresh card of ${formatAdrNumber(adrNumber)}`, async () => {
      try {
        do {
          // Let the rest of the burst arrive before reading.
          await new Promise((resolve) => setImmediate(resolve));
          pending.again = false;
          await this.refreshNow(pending.client, teamId, adrNumber).catch((error: unknown) => {
            // A later round shows the newer state anyway; only the last failure is the task's.
            if (!pending.again) throw error;
            this.deps.logger.warn(`Could not refresh the card of ${formatAdrNumber(adrNumber)}; trying again`, error);
          });
        } while (pending.again);
      } finally {
        this.pending.delete(key);
      }
    });
  }

  private async refreshNow(client: WebClient, teamId: string, adrNumber: number): Promise<void> {
    const adr = this.deps.adrs.find(teamId, adrNumber);
    if (!adr?.card) return;
    await refreshAdrCard(client, adr, this.deps.cardExtras(adr));
  }
}
