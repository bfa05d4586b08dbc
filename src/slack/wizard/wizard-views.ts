import type { BlockAction, ViewOutput } from '@slack/bolt';
import type { Actor } from '../../domain/actor.js';
import { formatAdrNumber } from '../../domain/adr-number.js';
import type { WizardState } from '../../domain/wizard.js';
import type { Result } from '../../services/result.js';
import { noticeView } from '../blocks/common.js';
import { deliverOrTellAuthor } from '../card-delivery.js';
import { postAdrCard } from '../card-poster.js';
import type { Deps } from '../deps.js';
import { Views, WizardActions } from '../ids.js';
import { onAction, onClose, onSubmission, required } from '../listen.js';
import { type WizardMetadata, wizardMetadata } from '../metadata.js';
import type { ListenerRegistry } from '../router.js';
import { callSlack } from '../slack-errors.js';
import { reader, renderWizardFor } from './wizard-modal.js';
import { toBlockErrors } from './wizard-state.js';

const OUT_OF_DATE = 'This form is out of date. Start again with /adr new, or pick up your draft with /adr drafts.';

/** Keeps only errors for input blocks that the current view has; Slack rejects the rest. */
function errorsForView(view: ViewOutput, errors: Record<string, string>): Record<string, string> {
  const present = new Set(view.blocks.filter((block) => block.type === 'input').map((block) => block.block_id));
  const kept = Object.fromEntries(Object.entries(errors).filter(([blockId]) => present.has(blockId)));
  if (Object.keys(kept).length > 0) return kept;
  const first = [...present][0];
  return first ? { [first]: Object.values(errors).join(' ') } : {};
}

export function registerWizardViews(app: ListenerRegistry, { services, slack }: Deps): void {
  onSubmission(app, slack.logger, Views.wizard, async ({ ack, view, client }, actor) => {
    const meta = required(wizardMetadata.decode(view.private_metadata), OUT_OF_DATE);
    const result = await services.wizard.advance(actor, meta.draftId, meta.step, reader(meta.step, view));
    if (!result.ok) return ack({ response_action: 'update', view: noticeView('ADR Assistant', result.reason) });
    const outcome = result.value;
    switch (outcome.kind) {
      case 'errors':
        return ack({ response_action: 'errors', errors: errorsForView(view, toBlockErrors(outcome.errors)) });
      case 'step':
        return ack({ response_action: 'update', view: await renderWizardFor(services, actor, outcome.state) });
      case 'proposed':
        await ack({ response_action: 'clear' });
        slack.background.run(`post card of ${formatAdrNumber(outcome.adr.number)}`, () =>
          deliverOrTellAuthor(client, slack.logger, outcome.adr, 'post', () =>
            postAdrCard(client, services.decisions, outcome.adr, outcome.channelId),
          ),
        );
        return;
      case 'edited':
        await ack({ response_action: 'clear' });
        slack.background.run(`refresh card of ${formatAdrNumber(outcome.adr.number)}`, () =>
          deliverOrTellAuthor(client, slack.logger, outcome.adr, 'update', () =>
            slack.cards.refreshNow(client, outcome.adr),
          ),
        );
        return;
    }
  });

  onClose(app, slack.logger, Views.wizard, async ({ view }, actor) => {
    const meta = wizardMetadata.decode(view.private_metadata);
    if (meta) await services.wizard.close(actor, meta.draftId, meta.step, reader(meta.step, view));
  });

  /** A wizard button that changes the draft and redraws the modal. */
  const onWizardAction = (
    actionId: string,
    change: (actor: Actor, meta: WizardMetadata, view: ViewOutput, body: BlockAction) => Promise<Result<WizardState>>,
  ) =>
    onAction(app, slack.logger, actionId, async ({ body, client }, actor) => {
      const view = required(body.view, OUT_OF_DATE);
      const meta = required(wizardMetadata.decode(view.private_metadata), OUT_OF_DATE);
      const result = await change(actor, meta, view, body);
      const next = result.ok ? await renderWizardFor(services, actor, result.value) : null;
      await callSlack('views.update', () =>
        client.views.update({
          view_id: view.id,
          hash: view.hash,
          view: next ?? noticeView('ADR Assistant', result.ok ? '' : result.reason),
        }),
      );
    });

  onWizardAction(WizardActions.back, (actor, meta, view) =>
    services.wizard.back(actor, meta.draftId, meta.step, reader(meta.step, view)),
  );
  onWizardAction(WizardActions.addOption, (actor, meta, view) =>
    services.wizard.addOption(actor, meta.draftId, reader(2, view)),
  );
  onWizardAction(WizardActions.removeOption, (actor, meta, view, body) => {
    const action = body.actions[0];
    const index = action?.type === 'static_select' ? Number(action.selected_option?.value) : Number.NaN;
    return services.wizard.removeOption(actor, meta.draftId, Number.isInteger(index) ? index : -1, reader(2, view));
  });
}
