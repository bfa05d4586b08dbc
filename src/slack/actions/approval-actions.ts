import { z } from 'zod';
import { formatAdrNumber } from '../../domain/adr-number.js';
import { statusLabel } from '../../domain/lifecycle.js';
import { approvalRequestedNotice, approvalRequestMessage, requestChangesView } from '../blocks/approvals.js';
import { noticeView } from '../blocks/common.js';
import { refreshAdrCard } from '../card-poster.js';
import type { Deps } from '../deps.js';
import { ApprovalActions, CardActions, RequestChangesBlocks, Views } from '../ids.js';
import { actorOf } from '../payload.js';
import type { ListenerRegistry } from '../router.js';
import { ephemeralReply, onAdrButton, reply } from './adr-button.js';

const ChangesMetadata = z.object({
  number: z.number().int().positive(),
  channelId: z.string().min(1).optional(),
  ts: z.string().min(1).optional(),
});

export function registerApprovalActions(app: ListenerRegistry, deps: Deps): void {
  onAdrButton(app, deps, CardActions.requestApproval, async (args, actor, number) => {
    const result = deps.approvals.request(actor, number);
    if (!result.ok) return void (await reply(args, ephemeralReply(result.reason)));
    const { adr, asked, alreadyAsked } = result.value;
    await reply(args, {
      response_type: 'ephemeral',
      replace_original: false,
      ...approvalRequestedNotice({ adr, asked, alreadyAsked, rule: deps.approvals.ruleFor(adr) }),
    });
    deps.background.run(`refresh card of ${formatAdrNumber(number)}`, () =>
      refreshAdrCard(args.client, adr, deps.cardExtras(adr)),
    );
  });

  onAdrButton(app, deps, ApprovalActions.approve, async (args, actor, number) => {
    const result = deps.approvals.answer(actor, number, 'approved', null);
    if (!result.ok) return void (await reply(args, ephemeralReply(result.reason)));
    const { adr, accepted } = result.value;
    await reply(args, {
      replace_original: true,
      ...approvalRequestMessage(adr, { answer: 'approved', rule: deps.approvals.ruleFor(adr) }),
    });
    if (accepted) {
      await reply(
        args,
        ephemeralReply(
          `Your approval met the workspace's rule: ${formatAdrNumber(number)} is now ${statusLabel(adr.status)}.`,
          ':white_check_mark:',
        ),
      );
    }
    deps.background.run(`refresh card of ${formatAdrNumber(number)}`, () =>
      refreshAdrCard(args.client, adr, deps.cardExtras(adr)),
    );
  });

  onAdrButton(app, deps, ApprovalActions.requestChanges, async (args, actor, number) => {
    const found = deps.decisions.resolve(actor.teamId, String(number));
    if (!found.ok) return void (await reply(args, ephemeralReply(found.reason)));
    const refusal = deps.approvals.answerRefusal(found.value, actor.userId);
    if (refusal) return void (await reply(args, ephemeralReply(refusal)));
    const container = args.body.container as { channel_id?: string; message_ts?: string };
    const location =
      container.channel_id && container.message_ts
        ? { channelId: container.channel_id, ts: container.message_ts }
        : null;
    await args.client.views.open({ trigger_id: args.body.trigger_id, view: requestChangesView(found.value, location) });
  });

  app.view(Views.requestChanges, async ({ ack, body, view, client }) => {
    const actor = actorOf(body);
    const meta = ChangesMetadata.safeParse(safeJson(view.private_metadata));
    if (!actor || !meta.success) {
      await ack({ response_action: 'update', view: noticeView('ADR Assistant', 'This form is out of date.') });
      return;
    }
    const comment = (
      view.state.values[RequestChangesBlocks.comment]?.[RequestChangesBlocks.comment]?.value ?? ''
    ).trim();
    if (comment === '') {
      await ack({
        response_action: 'errors',
        errors: { [RequestChangesBlocks.comment]: 'Say what should change, so the author knows what to fix.' },
      });
      return;
    }
    const result = deps.approvals.answer(actor, meta.data.number, 'changes_requested', comment);
    if (!result.ok) {
      await ack({ response_action: 'errors', errors: { [RequestChangesBlocks.comment]: result.reason } });
      return;
    }
    await ack({ response_action: 'clear' });
    const { adr } = result.value;
    const { channelId, ts } = meta.data;
    deps.background.run(`record changes requested on ${formatAdrNumber(adr.number)}`, async () => {
      if (channelId && ts) {
        const message = approvalRequestMessage(adr, { answer: 'changes_requested', rule: deps.approvals.ruleFor(adr) });
        await client.chat.update({ channel: channelId, ts, ...message }).catch((error: unknown) => {
          deps.logger.warn('Could not update the approval request message', error);
        });
      }
      await refreshAdrCard(client, adr, deps.cardExtras(adr));
    });
  });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
