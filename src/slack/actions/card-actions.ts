import { formatAdrNumber } from '../../domain/adr-number.js';
import { statusLabel } from '../../domain/lifecycle.js';
import { adrCardBlocks, adrFallbackText } from '../blocks/adr-card.js';
import { adrDetailView } from '../blocks/adr-list.js';
import { supersedeView } from '../blocks/supersede.js';
import type { Deps } from '../deps.js';
import { CardActions, ListActions, SupersedeBlocks, Views } from '../ids.js';
import { type ButtonArgs, ephemeralNotice, onAdrButton, onSubmission, Refusal, required, unwrap } from '../listen.js';
import { adrMetadata } from '../metadata.js';
import type { ListenerRegistry } from '../router.js';
import { callSlack, slackReason } from '../slack-errors.js';
import { uploadExport } from '../uploads.js';
import { openWizard } from '../wizard/wizard-modal.js';

const FORM_OUT_OF_DATE = 'This form is out of date.';

export function registerCardActions(app: ListenerRegistry, deps: Deps): void {
  const { services, slack } = deps;
  const { logger } = slack;

  const openDetail = async ({ client, body }: ButtonArgs, actor: { teamId: string }, number: number) => {
    const adr = unwrap(await services.decisions.resolve(actor.teamId, String(number)));
    const view = adrDetailView(
      adr,
      await services.decisions.history(actor.teamId, number),
      await services.related.bothWays(adr),
    );
    await callSlack('views.open', () => client.views.open({ trigger_id: body.trigger_id, view }));
  };
  onAdrButton(app, logger, CardActions.view, openDetail);
  onAdrButton(app, logger, ListActions.view, openDetail);

  for (const [actionId, to] of [
    [CardActions.accept, 'accepted'],
    [CardActions.reject, 'rejected'],
    [CardActions.deprecate, 'deprecated'],
  ] as const) {
    onAdrButton(app, logger, actionId, async (args, actor, number) => {
      const { adr } = unwrap(await services.decisions.changeStatus(actor.teamId, String(number), to, actor.userId));
      // The status has changed whatever Slack does next: a failed card update is reported, not an apology.
      const refreshFailure = await slack.cards.refreshNow(args.client, adr).then(
        () => null,
        (error: unknown) => {
          logger.warn(`Could not update the card of ${formatAdrNumber(adr.number)}`, error);
          return slackReason(error) ?? 'something went wrong on our side';
        },
      );
      // The click may come from a copy of the card (an ephemeral /adr show): refresh that copy too.
      const clicked = args.body.container;
      const isStoredCard = adr.card && clicked.message_ts === adr.card.ts && clicked.channel_id === adr.card.channelId;
      if (!isStoredCard && args.body.response_url) {
        const blocks = adrCardBlocks(adr, await slack.cards.extras(adr));
        await args.respond({ replace_original: true, text: adrFallbackText(adr), blocks });
      }
      const changed = `${formatAdrNumber(adr.number)} is now ${statusLabel(adr.status)}.`;
      await args.respond(
        refreshFailure
          ? ephemeralNotice(`${changed} The card in the channel still shows the old status: ${refreshFailure}.`)
          : ephemeralNotice(changed, ':white_check_mark:'),
      );
    });
  }

  onAdrButton(app, logger, CardActions.exportMarkdown, async ({ client, body, respond }, actor, number) => {
    const adr = unwrap(await services.decisions.resolve(actor.teamId, String(number)));
    const channelId = required(body.channel?.id ?? body.container.channel_id);
    const request = { teamId: actor.teamId, channelId, adrs: [adr], all: false, profile: 'seed' as const };
    const outcome = await uploadExport(client, services.exporter, request);
    if (!outcome.ok) await respond(ephemeralNotice(outcome.message));
  });

  onAdrButton(app, logger, CardActions.edit, async ({ client, body }, actor, number) => {
    const adr = unwrap(await services.decisions.resolve(actor.teamId, String(number)));
    const state = unwrap(await services.wizard.startEdit(actor, adr));
    await openWizard(client, body.trigger_id, state, { aiEnabled: services.ai !== null });
  });

  onAdrButton(app, logger, CardActions.supersede, async ({ client, body }, actor, number) => {
    const adr = unwrap(await services.decisions.resolve(actor.teamId, String(number)));
    if (!services.decisions.mayChange(adr, actor.userId)) {
      throw new Refusal(`Only the author and the deciders of ${formatAdrNumber(number)} can supersede it.`);
    }
    await callSlack('views.open', () => client.views.open({ trigger_id: body.trigger_id, view: supersedeView(adr) }));
  });

  onSubmission(app, logger, Views.supersede, async ({ ack, view }, actor) => {
    const meta = required(adrMetadata.decode(view.private_metadata), FORM_OUT_OF_DATE);
    const replacement = view.state.values[SupersedeBlocks.replacement]?.[SupersedeBlocks.replacement]?.value ?? '';
    const result = await services.decisions.supersede(
      actor.teamId,
      String(meta.adrNumber),
      replacement.trim(),
      actor.userId,
    );
    const { old, replacement: next } = unwrap(result, SupersedeBlocks.replacement);
    await ack({ response_action: 'clear' });
    slack.cards.refresh(actor.teamId, old.number, next.number);
  });
}
