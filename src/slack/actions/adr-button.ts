import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { notice, noticeView } from '../blocks/common.js';
import type { Deps } from '../deps.js';
import { type Actor, actorOf, parseIdValue } from '../payload.js';
import type { ListenerRegistry } from '../router.js';
import { slackFailureMessage } from '../slack-errors.js';

export type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

export const ephemeralReply = (text: string, emoji = ':warning:') => ({
  response_type: 'ephemeral' as const,
  replace_original: false,
  ...notice(text, emoji),
});

const SOMETHING_WRONG = 'Something went wrong on our side; nothing was changed. Please try again.';

/** The modal a button was clicked in, when it was clicked in one. */
export function modalOf(body: BlockAction) {
  return body.container?.type === 'view' && body.view ? body.view : undefined;
}

/**
 * A button whose value is an ADR number, looked up in the clicking user's own workspace (from the signed
 * payload), so a forged value can at most name another ADR of that workspace.
 */
export function onAdrButton(
  app: ListenerRegistry,
  deps: Deps,
  actionId: string,
  handle: (args: ButtonArgs, actor: Actor, number: number) => Promise<void>,
): void {
  app.action<BlockAction<ButtonAction>>(actionId, async (args) => {
    await args.ack();
    const actor = actorOf(args.body);
    const number = parseIdValue(args.action.value);
    if (!actor || number === null) return;
    try {
      await handle(args, actor, number);
    } catch (error) {
      deps.logger.error(`${actionId} failed`, error);
      const message = slackFailureMessage(error) ?? SOMETHING_WRONG;
      const view = modalOf(args.body);
      if (view) {
        await args.client.views
          .update({ view_id: view.id, view: noticeView('ADR Assistant', message) })
          .catch(() => undefined);
      } else {
        await reply(args, ephemeralReply(message)).catch(() => undefined);
      }
    }
  });
}

/** Answers where the click happened; Home tab clicks have no response_url, so those are only logged. */
export async function reply(args: Pick<ButtonArgs, 'body' | 'respond'>, message: Parameters<ButtonArgs['respond']>[0]) {
  if (!args.body.response_url) return;
  await args.respond(message);
}
