import { z } from 'zod';
import { formatAdrNumber } from '../../domain/adr-number.js';
import { noticeView } from '../blocks/common.js';
import { reviewDateView, reviewKeptMessage } from '../blocks/review.js';
import { refreshAdrCard } from '../card-poster.js';
import type { Deps } from '../deps.js';
import { CardActions, ReviewActions, ReviewDateBlocks, Views } from '../ids.js';
import { actorOf } from '../payload.js';
import type { ListenerRegistry } from '../router.js';
import { ephemeralReply, onAdrButton, reply } from './adr-button.js';

const ReviewMetadata = z.object({ number: z.number().int().positive() });

export function registerReviewActions(app: ListenerRegistry, deps: Deps): void {
  onAdrButton(app, deps, ReviewActions.keep, async (args, actor, number) => {
    const result = deps.reviews.keep(actor, number);
    if (!result.ok) return void (await reply(args, ephemeralReply(result.reason)));
    await reply(args, { replace_original: true, ...reviewKeptMessage(result.value.adr, result.value.dueAt) });
    deps.background.run(`refresh card of ${formatAdrNumber(number)}`, () =>
      refreshAdrCard(args.client, result.value.adr, deps.cardExtras(result.value.adr)),
    );
  });

  onAdrButton(app, deps, CardActions.setReviewDate, async (args, actor, number) => {
    const found = deps.reviews.reviewable(actor, number);
    if (!found.ok) return void (await reply(args, ephemeralReply(found.reason)));
    await args.client.views.open({
      trigger_id: args.body.trigger_id,
      view: reviewDateView(found.value, found.value.reviewDueAt ?? null),
    });
  });

  app.view(Views.reviewDate, async ({ ack, body, view, client }) => {
    const actor = actorOf(body);
    const meta = ReviewMetadata.safeParse(safeJson(view.private_metadata));
    if (!actor || !meta.success) {
      await ack({ response_action: 'update', view: noticeView('ADR Assistant', 'This form is out of date.') });
      return;
    }
    const day = view.state.values[ReviewDateBlocks.date]?.[ReviewDateBlocks.date]?.selected_date ?? null;
    const result = deps.reviews.setDate(actor, meta.data.number, day);
    if (!result.ok) {
      await ack({ response_action: 'errors', errors: { [ReviewDateBlocks.date]: result.reason } });
      return;
    }
    await ack({ response_action: 'clear' });
    deps.background.run(`refresh card of ${formatAdrNumber(meta.data.number)}`, () =>
      refreshAdrCard(client, result.value.adr, deps.cardExtras(result.value.adr)),
    );
  });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
