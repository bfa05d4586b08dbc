import type { BlockAction, ButtonAction, StaticSelectAction } from '@slack/bolt';
import type { Logger } from '@slack/logger';
import type { WebClient } from '@slack/web-api';
import type { HomeService } from '../../services/home-service.js';
import { homeView, parseHomeFilter } from '../blocks/home.js';
import type { Deps } from '../deps.js';
import { HomeActions } from '../ids.js';
import { actorOf, parseIdValue } from '../payload.js';
import type { ListenerRegistry } from '../router.js';

export async function publishHome(
  client: WebClient,
  homes: HomeService,
  now: () => Date,
  actor: { teamId: string; userId: string },
): Promise<void> {
  await client.views.publish({ user_id: actor.userId, view: homeView(homes.data(actor), now()) });
}

/**
 * Re-publishes the Home tab of people whose view changed. Requests made in one burst (an approval that also
 * accepts the ADR) are coalesced so each person's Home is published once.
 */
export class HomeRefresher {
  private readonly pending = new Map<string, { teamId: string; userId: string }>();
  private scheduled = false;

  constructor(
    private readonly client: WebClient,
    private readonly deps: Pick<Deps, 'homes' | 'now' | 'background'> & { logger: Logger },
  ) {}

  refresh(teamId: string, userIds: string[]): void {
    for (const userId of userIds) this.pending.set(`${teamId}:${userId}`, { teamId, userId });
    if (this.scheduled || this.pending.size === 0) return;
    this.scheduled = true;
    this.deps.background.run('refresh App Homes', async () => {
      // Let the transaction that asked for the refresh commit, and gather the rest of the burst.
      await new Promise((resolve) => setImmediate(resolve));
      this.scheduled = false;
      const batch = [...this.pending.values()];
      this.pending.clear();
      for (const actor of batch) {
        await publishHome(this.client, this.deps.homes, this.deps.now, actor).catch((error: unknown) =>
          this.deps.logger.warn(`Could not refresh the App Home of ${actor.userId}`, error),
        );
      }
    });
  }
}

export function registerAppHome(app: ListenerRegistry, deps: Deps): void {
  app.event('app_home_opened', async ({ event, body, client }) => {
    if (event.tab !== 'home') return;
    const teamId = (body as { team_id?: string }).team_id;
    if (!teamId) return;
    await publishHome(client, deps.homes, deps.now, { teamId, userId: event.user });
  });

  app.action<BlockAction<StaticSelectAction>>(HomeActions.filter, async ({ ack, body, action, client }) => {
    await ack();
    const actor = actorOf(body);
    const filter = parseHomeFilter(action.selected_option?.value);
    if (!actor || !filter) return;
    deps.homes.setFilter(actor, filter.status);
    await publishHome(client, deps.homes, deps.now, actor);
  });

  app.action<BlockAction<ButtonAction>>(HomeActions.retryNotification, async ({ ack, body, action, client }) => {
    await ack();
    const actor = actorOf(body);
    const id = parseIdValue(action.value);
    if (!actor || id === null) return;
    const result = deps.homes.retryNotification(actor, id);
    if (result.ok) deps.dispatcher.kick();
    else deps.logger.info(`Retry of notification ${id} refused: ${result.reason}`);
    await publishHome(client, deps.homes, deps.now, actor);
  });
}
