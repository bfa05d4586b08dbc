import type { Logger } from '@slack/logger';
import type { WebClient } from '@slack/web-api';
import type { BackgroundTasks } from '../background.js';
import type { Actor } from '../domain/actor.js';
import type { AppEvents } from '../services/app-events.js';
import type { HomeService } from '../services/home-service.js';
import { homeView } from './blocks/home.js';
import type { SlackClients } from './workspace-clients.js';

/** Publishes one person's App Home with `client` (the request's, or their workspace's). */
export async function publishHome(client: WebClient, homes: HomeService, now: () => Date, actor: Actor) {
  await client.views.publish({ user_id: actor.userId, view: homeView(await homes.data(actor), now()) });
}

interface HomeRefresherOptions {
  clients: SlackClients;
  homes: HomeService;
  now: () => Date;
  background: BackgroundTasks;
  logger: Logger;
  /** Status changes and approvals re-publish the Homes of the people concerned. */
  events: AppEvents;
}

/**
 * Re-publishes the Home tab of people whose view changed, with their workspace's client. Requests made in one
 * burst (an approval that also accepts the ADR) are coalesced so each person's Home is published once.
 */
export class HomeRefresher {
  private readonly pending = new Map<string, Actor>();
  private scheduled = false;
  private readonly lookups = new Set<Promise<void>>();

  constructor(private readonly options: HomeRefresherOptions) {
    const { events, homes } = options;
    events.on('statusChanged', (event) => {
      const numbers = event.changes.map((change) => change.number);
      this.lookUp(event.teamId, () => homes.concerned(event.teamId, numbers, event.actorId));
    });
    events.on('approvalsChanged', ({ teamId, adrNumber, actorId }) =>
      this.lookUp(teamId, () => homes.concerned(teamId, [adrNumber], actorId)),
    );
  }

  /**
   * Who is concerned is read from the database; a burst's batch waits for the lookups still running, so the
   * people of a burst (an approval that also accepts the ADR) still get one publish each.
   */
  private lookUp(teamId: string, concerned: () => Promise<string[]>): void {
    const lookup = concerned().then((userIds) => this.refresh(teamId, userIds));
    this.lookups.add(lookup);
    this.options.background.run('home refresh', () => lookup.finally(() => this.lookups.delete(lookup)));
  }

  refresh(teamId: string, userIds: string[]): void {
    for (const userId of userIds) this.pending.set(`${teamId}:${userId}`, { teamId, userId });
    if (this.scheduled || this.pending.size === 0) return;
    this.scheduled = true;
    this.options.background.run('refresh App Homes', async () => {
      // Let the transaction that asked for the refresh commit, and gather the rest of the burst.
      await new Promise((resolve) => setImmediate(resolve));
      while (this.lookups.size > 0) await Promise.allSettled([...this.lookups]);
      this.scheduled = false;
      const batch = [...this.pending.values()];
      this.pending.clear();
      for (const actor of batch) await this.publish(actor);
    });
  }

  /** The Homes of the workspace's settings admins (after a notification failed for good). */
  async refreshAdmins(teamId: string): Promise<void> {
    this.refresh(teamId, await this.options.homes.admins(teamId));
  }

  private async publish(actor: Actor): Promise<void> {
    const { clients, homes, now, logger } = this.options;
    await clients
      .withClient(actor.teamId, `the App Home of ${actor.userId}`, (client) => publishHome(client, homes, now, actor))
      .catch((error: unknown) => logger.warn(`Could not refresh the App Home of ${actor.userId}`, error));
  }
}
