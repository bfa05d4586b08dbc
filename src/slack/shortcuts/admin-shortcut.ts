import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import type { SlackRole } from '../../services/workspace-service.js';
import { adminView, purgedText } from '../blocks/admin.js';
import { noticeView } from '../blocks/common.js';
import type { Deps } from '../deps.js';
import { AdminIds } from '../ids.js';
import { onShortcut, onSubmission, Refusal } from '../listen.js';
import type { ListenerRegistry } from '../router.js';
import { callSlack, slackFailureMessage } from '../slack-errors.js';

const UserInfo = z.object({
  user: z
    .object({
      is_admin: z.boolean().optional(),
      is_owner: z.boolean().optional(),
      is_primary_owner: z.boolean().optional(),
    })
    .optional(),
});

/** Asks Slack (never the payload) whether the person is a workspace admin or owner. */
async function roleOf(client: WebClient, userId: string): Promise<SlackRole> {
  const info = UserInfo.parse(await callSlack('users.info', () => client.users.info({ user: userId })));
  return {
    isAdmin: info.user?.is_admin === true,
    isOwner: info.user?.is_owner === true || info.user?.is_primary_owner === true,
  };
}

const TITLE = 'ADR Assistant data';

/** *Manage ADR data*: admins see what the app stores for their workspace and can delete all of it. */
export function registerAdminShortcut(app: ListenerRegistry, { services, slack }: Deps): void {
  const { workspaces } = services;
  const { logger } = slack;
  onShortcut(app, logger, AdminIds.shortcut, async ({ body, client }, actor) => {
    let lookupFailure: unknown;
    const role = await roleOf(client, actor.userId).catch((error: unknown) => {
      logger.warn('Could not look up the admin role', error);
      lookupFailure = error;
      return { isAdmin: false, isOwner: false };
    });
    // The installer is known without Slack; anyone else is refused, with Slack's failure named if there was one.
    const overview = await workspaces.overview(actor, role);
    const view = overview.ok
      ? adminView(overview.value)
      : noticeView(TITLE, (lookupFailure ? slackFailureMessage(lookupFailure) : null) ?? overview.reason);
    await callSlack('views.open', () => client.views.open({ trigger_id: body.trigger_id, view }));
  });

  onSubmission(
    app,
    logger,
    AdminIds.view,
    async ({ ack, view, client }, actor) => {
      const value = view.state.values[AdminIds.confirm]?.[AdminIds.confirm]?.value;
      const typed = typeof value === 'string' ? value : '';
      const unconfirmed = workspaces.confirmationProblem(typed);
      if (unconfirmed) throw new Refusal(unconfirmed, AdminIds.confirm);
      // The role is asked again: whoever submits must be an admin now, whoever opened the form.
      const result = await workspaces.purge(actor, await roleOf(client, actor.userId), typed);
      const text = result.ok ? purgedText(result.value) : result.reason;
      if (result.ok) logger.info(`Purged every row of workspace ${actor.teamId} at the request of ${actor.userId}`);
      await ack({ response_action: 'update', view: noticeView(TITLE, text) });
    },
    TITLE,
  );
}
