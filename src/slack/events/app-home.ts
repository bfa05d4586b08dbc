import type { BlockAction, ButtonAction, StaticSelectAction } from '@slack/bolt';
import { parseHomeFilter } from '../blocks/home.js';
import type { Deps } from '../deps.js';
import { publishHome } from '../home-refresher.js';
import { HomeActions } from '../ids.js';
import { onAction, required, unwrap } from '../listen.js';
import { parseIdValue } from '../payload.js';
import type { ListenerRegistry } from '../router.js';

export function registerAppHome(app: ListenerRegistry, { services, slack }: Deps): void {
  const { homes } = services;

  app.event('app_home_opened', async ({ event, body, client }) => {
    const teamId = (body as { team_id?: string }).team_id;
    if (event.tab !== 'home' || !teamId) return;
    await publishHome(client, homes, slack.now, { teamId, userId: event.user });
  });

  onAction<BlockAction<StaticSelectAction>>(
    app,
    slack.logger,
    HomeActions.filter,
    async ({ action, client }, actor) => {
      const filter = required(parseHomeFilter(action.selected_option?.value));
      await homes.setFilter(actor, filter.status);
      await publishHome(client, homes, slack.now, actor);
    },
  );

  onAction<BlockAction<ButtonAction>>(app, slack.logger, HomeActions.retryNotification, async (args, actor) => {
    const id = required(parseIdValue(args.action.value));
    try {
      unwrap(await homes.retryNotification(actor, id));
      slack.dispatcher.kick();
    } finally {
      await publishHome(args.client, homes, slack.now, actor);
    }
  });

  // The job goes back in the queue (`publishQueued` wakes the publish queue).
  onAction<BlockAction<ButtonAction>>(app, slack.logger, HomeActions.retryPublish, async (args, actor) => {
    const id = required(parseIdValue(args.action.value));
    try {
      unwrap(await homes.retryPublish(actor, id));
    } finally {
      await publishHome(args.client, homes, slack.now, actor);
    }
  });
}
