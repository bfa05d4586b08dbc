import type { BlockAction, ViewOutput } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { formatAdrNumber } from '../../domain/adr-number.js';
import type { WizardState } from '../../domain/wizard.js';
import { type AiWizardOptions, aiWizardExtras } from '../blocks/ai.js';
import { noticeView } from '../blocks/common.js';
import { wizardView } from '../blocks/wizard.js';
import { deliverOrTellAuthor } from '../card-delivery.js';
import { postAdrCard, refreshAdrCard } from '../card-poster.js';
import type { Deps } from '../deps.js';
import { Views, WizardActions } from '../ids.js';
import { actorOf, parseWizardMetadata } from '../payload.js';
import type { ListenerRegistry } from '../router.js';
import { callSlack } from '../slack-errors.js';
import { readStep, type StateValues, toBlockErrors } from './wizard-state.js';

const OUT_OF_DATE = 'This form is out of date. Start again with /adr new, or pick up your draft with /adr drafts.';

export function renderWizard(state: WizardState, options: AiWizardOptions = { aiEnabled: false }) {
  return wizardView(state, aiWizardExtras(options));
}

/** Opens the wizard for a fresh trigger (command, shortcut, button); pass deps to show the AI buttons. */
export async function openWizard(
  client: WebClient,
  triggerId: string,
  state: WizardState,
  deps?: Pick<Deps, 'ai'>,
): Promise<void> {
  await callSlack('views.open', () =>
    client.views.open({ trigger_id: triggerId, view: renderWizard(state, { aiEnabled: Boolean(deps?.ai) }) }),
  );
}

export function reader(step: number, view: ViewOutput) {
  const values = (view.state?.values ?? {}) as unknown as StateValues;
  return (content: Parameters<typeof readStep>[2]) => readStep(step, values, content);
}

/** Keeps only errors for input blocks that the current view has; Slack rejects the rest. */
function errorsForView(view: ViewOutput, errors: Record<string, string>): Record<string, string> {
  const present = new Set(view.blocks.filter((block) => block.type === 'input').map((block) => block.block_id));
  const kept = Object.fromEntries(Object.entries(errors).filter(([blockId]) => present.has(blockId)));
  if (Object.keys(kept).length > 0) return kept;
  const first = [...present][0];
  return first ? { [first]: Object.values(errors).join(' ') } : {};
}

export function registerWizardViews(app: ListenerRegistry, deps: Deps): void {
  const ui: AiWizardOptions = { aiEnabled: deps.ai !== null };
  app.view(Views.wizard, async ({ ack, body, view, client }) => {
    const actor = actorOf(body);
    const meta = parseWizardMetadata(view.private_metadata);
    if (!actor || !meta) {
      await ack({ response_action: 'update', view: noticeView('ADR Assistant', OUT_OF_DATE) });
      return;
    }
    const result = deps.wizard.advance(actor, meta.draftId, meta.step, reader(meta.step, view));
    if (!result.ok) {
      await ack({ response_action: 'update', view: noticeView('ADR Assistant', result.reason) });
      return;
    }
    const outcome = result.value;
    switch (outcome.kind) {
      case 'errors':
        await ack({ response_action: 'errors', errors: errorsForView(view, toBlockErrors(outcome.errors)) });
        return;
      case 'step':
        await ack({ response_action: 'update', view: renderWizard(outcome.state, ui) });
        return;
      case 'proposed':
        await ack({ response_action: 'clear' });
        deps.background.run(`post card of ${formatAdrNumber(outcome.adr.number)}`, () =>
          deliverOrTellAuthor(client, deps, outcome.adr, 'post', () =>
            postAdrCard(client, deps.adrs, outcome.adr, outcome.channelId),
          ),
        );
        return;
      case 'edited':
        await ack({ response_action: 'clear' });
        deps.background.run(`refresh card of ${formatAdrNumber(outcome.adr.number)}`, () =>
          deliverOrTellAuthor(client, deps, outcome.adr, 'update', () =>
            refreshAdrCard(client, outcome.adr, deps.cardExtras(outcome.adr)),
          ),
        );
        return;
    }
  });

  app.view({ callback_id: Views.wizard, type: 'view_closed' }, async ({ ack, body, view }) => {
    await ack();
    const actor = actorOf(body);
    const meta = parseWizardMetadata(view.private_metadata);
    if (actor && meta) deps.wizard.close(actor, meta.draftId, meta.step, reader(meta.step, view));
  });

  const onWizardAction = (
    actionId: string,
    change: (
      actor: { teamId: string; userId: string },
      meta: { draftId: number; step: number },
      view: ViewOutput,
      body: BlockAction,
    ) => ReturnType<Deps['wizard']['back']>,
  ) => {
    app.action<BlockAction>(actionId, async ({ ack, body, client }) => {
      await ack();
      const actor = actorOf(body);
      const view = body.view;
      const meta = parseWizardMetadata(view?.private_metadata);
      if (!actor || !view || !meta) return;
      const result = change(actor, meta, view, body);
      await callSlack('views.update', () =>
        client.views.update({
          view_id: view.id,
          hash: view.hash,
          view: result.ok ? renderWizard(result.value, ui) : noticeView('ADR Assistant', result.reason),
        }),
      );
    });
  };

  onWizardAction(WizardActions.back, (actor, meta, view) =>
    deps.wizard.back(actor, meta.draftId, meta.step, reader(meta.step, view)),
  );
  onWizardAction(WizardActions.addOption, (actor, meta, view) =>
    deps.wizard.addOption(actor, meta.draftId, reader(2, view)),
  );
  onWizardAction(WizardActions.removeOption, (actor, meta, view, body) => {
    const action = body.actions[0];
    const index = action?.type === 'static_select' ? Number(action.selected_option?.value) : Number.NaN;
    return deps.wizard.removeOption(actor, meta.draftId, Number.isInteger(index) ? index : -1, reader(2, view));
  });
}
