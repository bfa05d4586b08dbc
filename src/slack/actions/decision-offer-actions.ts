import type { BlockAction, ButtonAction } from '@slack/bolt';
import { decisionOfferAnswered, parseOfferedThread } from '../blocks/decision-offer.js';
import type { Deps } from '../deps.js';
import { DecisionOfferActions } from '../ids.js';
import { onAction, replyTo, required } from '../listen.js';
import type { ListenerRegistry } from '../router.js';
import { openDraftFromThread } from '../shortcuts/draft-from-thread.js';

/** The two buttons of the ephemeral "this thread reads like a decision" offer. */
export function registerDecisionOfferActions(app: ListenerRegistry, deps: Deps): void {
  const { services, slack } = deps;

  // The same flow as the message shortcut, with the click's trigger id; the offer is replaced once it is open.
  onAction<BlockAction<ButtonAction>>(app, slack.logger, DecisionOfferActions.draft, async (args, actor) => {
    const offered = required(parseOfferedThread(args.action.value));
    const thread = { ...offered, channelName: args.body.channel?.name };
    await openDraftFromThread(deps, { client: args.client, triggerId: args.body.trigger_id, actor, thread });
    await services.threads.drafting(actor, offered);
    await replyTo(args, { replace_original: true, ...decisionOfferAnswered('drafting') });
  });

  onAction<BlockAction<ButtonAction>>(app, slack.logger, DecisionOfferActions.dismiss, async (args, actor) => {
    const thread = required(parseOfferedThread(args.action.value));
    await services.threads.dismiss(actor, thread);
    await replyTo(args, { replace_original: true, ...decisionOfferAnswered('dismissed') });
  });
}
