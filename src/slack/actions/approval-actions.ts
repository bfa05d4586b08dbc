import { formatAdrNumber } from '../../domain/adr-number.js';
import { statusLabel } from '../../domain/lifecycle.js';
import { approvalRequestedNotice, approvalRequestMessage, requestChangesView } from '../blocks/approvals.js';
import type { Deps } from '../deps.js';
import { ApprovalActions, CardActions, RequestChangesBlocks, Views } from '../ids.js';
import {
  ephemeral,
  ephemeralNotice,
  onAdrButton,
  onSubmission,
  Refusal,
  replyTo,
  required,
  unwrap,
} from '../listen.js';
import { changesMetadata } from '../metadata.js';
import type { ListenerRegistry } from '../router.js';

export function registerApprovalActions(app: ListenerRegistry, { services, slack }: Deps): void {
  const { logger } = slack;

  onAdrButton(app, logger, CardActions.requestApproval, async (args, actor, number) => {
    const { adr, asked, alreadyAsked } = unwrap(await services.approvals.request(actor, number));
    const rule = await services.approvals.ruleFor(adr);
    await replyTo(args, ephemeral(approvalRequestedNotice({ adr, asked, alreadyAsked, rule })));
    slack.cards.refresh(actor.teamId, number);
  });

  onAdrButton(app, logger, ApprovalActions.approve, async (args, actor, number) => {
    const { adr, accepted } = unwrap(await services.approvals.answer(actor, number, 'approved', null));
    const rule = await services.approvals.ruleFor(adr);
    await replyTo(args, { replace_original: true, ...approvalRequestMessage(adr, { answer: 'approved', rule }) });
    if (accepted) {
      const text = `Your approval met the workspace's rule: ${formatAdrNumber(number)} is now ${statusLabel(adr.status)}.`;
      await replyTo(args, ephemeralNotice(text, ':white_check_mark:'));
    }
    slack.cards.refresh(actor.teamId, number);
  });

  onAdrButton(app, logger, ApprovalActions.requestChanges, async ({ body, client }, actor, number) => {
    const adr = unwrap(await services.decisions.resolve(actor.teamId, String(number)));
    const refusal = services.approvals.answerRefusal(adr, actor.userId);
    if (refusal) throw new Refusal(refusal);
    const container = body.container as { channel_id?: string; message_ts?: string };
    const message =
      container.channel_id && container.message_ts
        ? { channelId: container.channel_id, ts: container.message_ts }
        : null;
    await client.views.open({ trigger_id: body.trigger_id, view: requestChangesView(adr, message) });
  });

  onSubmission(app, logger, Views.requestChanges, async ({ ack, view }, actor) => {
    const meta = required(changesMetadata.decode(view.private_metadata), 'This form is out of date.');
    const field = RequestChangesBlocks.comment;
    const comment = (view.state.values[field]?.[field]?.value ?? '').trim();
    if (comment === '') throw new Refusal('Say what should change, so the author knows what to fix.', field);
    const { adr } = unwrap(await services.approvals.answer(actor, meta.adrNumber, 'changes_requested', comment), field);
    await ack({ response_action: 'clear' });
    slack.cards.refresh(actor.teamId, adr.number);
    const { message } = meta;
    if (!message) return;
    const updated = approvalRequestMessage(adr, {
      answer: 'changes_requested',
      rule: await services.approvals.ruleFor(adr),
    });
    slack.background.run(`record changes requested on ${formatAdrNumber(adr.number)}`, () =>
      slack.clients
        .withClient(actor.teamId, 'the approval request', (client) =>
          client.chat.update({ channel: message.channelId, ts: message.ts, ...updated }),
        )
        .catch((error: unknown) => logger.warn('Could not update the approval request message', error)),
    );
  });
}
