import { z } from 'zod';
import { formatAdrNumber } from '../../domain/adr-number.js';
import { statusLabel } from '../../domain/lifecycle.js';
import { adrCardBlocks, adrFallbackText } from '../blocks/adr-card.js';
import { adrDetailView } from '../blocks/adr-list.js';
import { noticeView } from '../blocks/common.js';
import { supersedeView } from '../blocks/supersede.js';
import { refreshAdrCard } from '../card-poster.js';
import type { Deps } from '../deps.js';
import { CardActions, ListActions, SupersedeBlocks, Views } from '../ids.js';
import { type Actor, actorOf } from '../payload.js';
import type { ListenerRegistry } from '../router.js';
import { callSlack, slackReason } from '../slack-errors.js';
import { uploadExport } from '../uploads.js';
import { openWizard } from '../views/wizard-views.js';
import { type ButtonArgs, ephemeralReply, onAdrButton } from './adr-button.js';

export function registerCardActions(app: ListenerRegistry, deps: Deps): void {
  const openDetail = async ({ client, body, respond }: ButtonArgs, actor: Actor, number: number) => {
    const found = deps.decisions.resolve(actor.teamId, String(number));
    if (!found.ok) return void (await respond(ephemeralReply(found.reason)));
    const view = adrDetailView(found.value, deps.adrs.history(actor.teamId, number));
    await callSlack('views.open', () => client.views.open({ trigger_id: body.trigger_id, view }));
  };
  onAdrButton(app, deps, CardActions.view, openDetail);
  onAdrButton(app, deps, ListActions.view, openDetail);

  for (const [actionId, to] of [
    [CardActions.accept, 'accepted'],
    [CardActions.reject, 'rejected'],
    [CardActions.deprecate, 'deprecated'],
  ] as const) {
    onAdrButton(app, deps, actionId, async ({ client, body, respond }, actor, number) => {
      const result = deps.decisions.changeStatus(actor.teamId, String(number), to, actor.userId);
      if (!result.ok) return void (await respond(ephemeralReply(result.reason)));
      const { adr } = result.value;
      // The status has changed whatever Slack does next: a failed card update is reported, not an apology.
      const refreshFailure = await refreshAdrCard(client, adr, deps.cardExtras(adr)).then(
        () => null,
        (error: unknown) => {
          deps.logger.warn(`Could not update the card of ${formatAdrNumber(adr.number)}`, error);
          return slackReason(error) ?? 'something went wrong on our side';
        },
      );
      // The click may come from a copy of the card (an ephemeral /adr show): refresh that copy too.
      const clicked = body.container;
      const isStoredCard = adr.card && clicked.message_ts === adr.card.ts && clicked.channel_id === adr.card.channelId;
      if (!isStoredCard && body.response_url) {
        await respond({
          replace_original: true,
          text: adrFallbackText(adr),
          blocks: adrCardBlocks(adr, deps.cardExtras(adr)),
        });
      }
      const changed = `${formatAdrNumber(adr.number)} is now ${statusLabel(adr.status)}.`;
      await respond(
        refreshFailure
          ? ephemeralReply(`${changed} The card in the channel still shows the old status: ${refreshFailure}.`)
          : ephemeralReply(changed, ':white_check_mark:'),
      );
    });
  }

  onAdrButton(app, deps, CardActions.exportMarkdown, async ({ client, body, respond }, actor, number) => {
    const found = deps.decisions.resolve(actor.teamId, String(number));
    if (!found.ok) return void (await respond(ephemeralReply(found.reason)));
    const channelId = body.channel?.id ?? body.container.channel_id;
    if (!channelId) return;
    const outcome = await uploadExport(client, deps.exporter, {
      teamId: actor.teamId,
      channelId,
      adrs: [found.value],
      all: false,
      profile: 'seed',
    });
    if (!outcome.ok) await respond(ephemeralReply(outcome.message));
  });

  onAdrButton(app, deps, CardActions.edit, async ({ client, body, respond }, actor, number) => {
    const found = deps.decisions.resolve(actor.teamId, String(number));
    if (!found.ok) return void (await respond(ephemeralReply(found.reason)));
    const started = deps.wizard.startEdit(actor, found.value);
    if (!started.ok) return void (await respond(ephemeralReply(started.reason)));
    await openWizard(client, body.trigger_id, started.value, deps);
  });

  onAdrButton(app, deps, CardActions.supersede, async ({ client, body, respond }, actor, number) => {
    const found = deps.decisions.resolve(actor.teamId, String(number));
    if (!found.ok) return void (await respond(ephemeralReply(found.reason)));
    const adr = found.value;
    if (!deps.decisions.mayChange(adr, actor.userId)) {
      return void (await respond(
        ephemeralReply(`Only the author and the deciders of ${formatAdrNumber(number)} can supersede it.`),
      ));
    }
    await callSlack('views.open', () => client.views.open({ trigger_id: body.trigger_id, view: supersedeView(adr) }));
  });

  const SupersedeMetadata = z.object({ number: z.number().int().positive() });
  app.view(Views.supersede, async ({ ack, body, view, client }) => {
    const actor = actorOf(body);
    const meta = SupersedeMetadata.safeParse(safeJson(view.private_metadata));
    if (!actor || !meta.success) {
      await ack({ response_action: 'update', view: noticeView('ADR Assistant', 'This form is out of date.') });
      return;
    }
    const replacement = view.state.values[SupersedeBlocks.replacement]?.[SupersedeBlocks.replacement]?.value ?? '';
    const result = deps.decisions.supersede(actor.teamId, String(meta.data.number), replacement.trim(), actor.userId);
    if (!result.ok) {
      await ack({ response_action: 'errors', errors: { [SupersedeBlocks.replacement]: result.reason } });
      return;
    }
    await ack({ response_action: 'clear' });
    const { old, replacement: next } = result.value;
    deps.background.run('refresh superseded cards', async () => {
      await refreshAdrCard(client, old, deps.cardExtras(old));
      await refreshAdrCard(client, next, deps.cardExtras(next));
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
