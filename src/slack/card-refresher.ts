import type { Logger } from '@slack/logger';
import type { WebClient } from '@slack/web-api';
import type { BackgroundTasks } from '../background.js';
import type { StoredAdr } from '../db/adr-repository.js';
import { formatAdrNumber } from '../domain/adr-number.js';
import type { AppEvents } from '../services/app-events.js';
import type { DecisionService } from '../services/decision-service.js';
import type { PublishService } from '../services/publish-service.js';
import type { ScoringService } from '../services/scoring-service.js';
import type { AdrCardExtras } from './blocks/adr-card.js';
import { refreshAdrCard } from './card-poster.js';
import type { SlackClients } from './workspace-clients.js';

interface CardRefresherOptions {
  decisions: DecisionService;
  scoring: ScoringService;
  /** The pull request line; its merged/closed state is looked up before each background refresh. */
  publishing?: PublishService;
  /** `publicationChanged`: a pull request opened, merged or closed. */
  events?: AppEvents;
  clients: SlackClients;
  background: BackgroundTasks;
  logger: Logger;
}

/**
 * Keeps posted ADR cards up to date, with their workspace's client. Changes come in bursts (ten people scoring at
 * once): a card is refreshed by at most one task at a time, and requests made while it runs are merged into one
 * more refresh after it, which reads the ADR afresh, so the card always ends up showing the state after the last
 * change.
 */
export class CardRefresher {
  private readonly pending = new Map<string, { again: boolean }>();

  constructor(private readonly options: CardRefresherOptions) {
    options.events?.on('publicationChanged', ({ teamId, adrNumbers }) => this.refresh(teamId, ...adrNumbers));
  }

  /** What a card shows beyond the ADR (who scored, …): pass it wherever a card is rendered. */
  async extras(adr: StoredAdr): Promise<AdrCardExtras> {
    const names = adr.options.map((option) => option.name);
    return {
      scoring: await this.options.scoring.cardSummary(adr.teamId, adr.number, names),
      publication: (await this.options.publishing?.publicationOf(adr.teamId, adr.number)) ?? null,
    };
  }

  /** Re-renders the card now with `client` (the request's); a card that is gone is not an error. */
  async refreshNow(client: WebClient, adr: StoredAdr): Promise<void> {
    await refreshAdrCard(client, adr, await this.extras(adr));
  }

  /** Refreshes the cards of these ADRs soon, in the background. */
  refresh(teamId: string, ...adrNumbers: number[]): void {
    for (const adrNumber of adrNumbers) this.refreshOne(teamId, adrNumber);
  }

  private refreshOne(teamId: string, adrNumber: number): void {
    const key = `${teamId}\u0000${adrNumber}`;
    const running = this.pending.get(key);
    if (running) {
      running.again = true;
      return;
    }
    const pending = { again: false };
    this.pending.set(key, pending);
    const label = formatAdrNumber(adrNumber);
    this.options.background.run(`refresh card of ${label}`, async () => {
      try {
        do {
          // Let the rest of the burst arrive before reading.
          await new Promise((resolve) => setImmediate(resolve));
          pending.again = false;
          await this.refreshStored(teamId, adrNumber).catch((error: unknown) => {
            // A later round shows the newer state anyway; only the last failure is the task's.
            if (!pending.again) throw error;
            this.options.logger.warn(`Could not refresh the card of ${label}; trying again`, error);
          });
        } while (pending.again);
      } finally {
        this.pending.delete(key);
      }
    });
  }

  private async refreshStored(teamId: string, adrNumber: number): Promise<void> {
    // Most ADRs scored in a burst may have no card: that is one small read, not the whole ADR.
    if (!(await this.options.decisions.cardOf(teamId, adrNumber))) return;
    // Merged or closed since last time? A host that does not answer leaves the line as it was.
    await this.options.publishing
      ?.syncAdr(teamId, adrNumber)
      .catch((error: unknown) => this.options.logger.warn('Could not look up the pull request', error));
    const adr = await this.options.decisions.find(teamId, adrNumber);
    if (!adr?.card) return;
    const extras = await this.extras(adr);
    await this.options.clients.withClient(teamId, `the card of ${formatAdrNumber(adrNumber)}`, (client) =>
      refreshAdrCard(client, adr, extras),
    );
  }
}
