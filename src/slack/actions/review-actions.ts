import { reviewDateView, reviewKeptMessage } from '../blocks/review.js';
import type { Deps } from '../deps.js';
import { CardActions, ReviewActions, ReviewDateBlocks, Views } from '../ids.js';
import { onAdrButton, onSubmission, replyTo, required, unwrap } from '../listen.js';
import { adrMetadata } from '../metadata.js';
import type { ListenerRegistry } from '../router.js';

export function registerReviewActions(app: ListenerRegistry, { services, slack }: Deps): void {
  onAdrButton(app, slack.logger, ReviewActions.keep, async (args, actor, number) => {
    const { adr, dueAt } = unwrap(await services.reviews.keep(actor, number));
    await replyTo(args, { replace_original: true, ...reviewKeptMessage(adr, dueAt) });
    slack.cards.refresh(actor.teamId, number);
  });

  onAdrButton(app, slack.logger, CardActions.setReviewDate, async ({ client, body }, actor, number) => {
    const adr = unwrap(await services.reviews.reviewable(actor, number));
    await client.views.open({ trigger_id: body.trigger_id, view: reviewDateView(adr, adr.reviewDueAt ?? null) });
  });

  onSubmission(app, slack.logger, Views.reviewDate, async ({ ack, view }, actor) => {
    const meta = required(adrMetadata.decode(view.private_metadata), 'This form is out of date.');
    const day = view.state.values[ReviewDateBlocks.date]?.[ReviewDateBlocks.date]?.selected_date ?? null;
    const { adr } = unwrap(await services.reviews.setDate(actor, meta.adrNumber, day), ReviewDateBlocks.date);
    await ack({ response_action: 'clear' });
    slack.cards.refresh(actor.teamId, adr.number);
  });
}
