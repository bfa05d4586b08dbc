import type { ViewOutput } from '@slack/bolt';
import type { Actor } from '../../domain/actor.js';
import { formatAdrNumber } from '../../domain/adr-number.js';
import {
  type CapacityInputs,
  capacityInputsIn,
  estimateCapacity,
  isPeakDriver,
  readCapacityInputs,
} from '../../domain/capacity.js';
import {
  capacityFieldErrors,
  capacityInputsViewFor,
  capacityResultsView,
  readAddDriver,
  readCapacityState,
} from '../blocks/capacity.js';
import type { Deps, Services } from '../deps.js';
import { CapacityActions, CapacityViews } from '../ids.js';
import { modalOf, onAction, onSubmission, Refusal, required, unwrap } from '../listen.js';
import { type CapacityTarget, capacityMetadata, wizardMetadata } from '../metadata.js';
import type { ListenerRegistry } from '../router.js';
import { callSlack } from '../slack-errors.js';
import { reader, renderWizardFor } from '../wizard/wizard-modal.js';

const OUT_OF_DATE = 'This estimate is out of date. Start it again from the wizard or with /adr estimate.';

/** The context and drivers *Add to ADR* would change: the draft's, or the ADR's; none for a standalone estimate. */
async function contentOf(services: Services, actor: Actor, target: CapacityTarget) {
  if (target.kind === 'draft') return (await services.wizard.find(actor, target.draftId))?.content ?? null;
  if (target.kind === 'adr') return await services.decisions.find(actor.teamId, target.number);
  return null;
}

/** The inputs modal for a target, filled with the estimate its context already holds. */
export async function capacityModalFor(services: Services, actor: Actor, target: CapacityTarget) {
  const content = await contentOf(services, actor, target);
  return capacityInputsViewFor(target, content ? capacityInputsIn(content.context) : null);
}

/** The target an `/adr estimate <n>` names, once the person may edit that ADR. */
export async function estimateTarget(services: Services, actor: Actor, ref: string | null): Promise<CapacityTarget> {
  if (ref === null) return { kind: 'none' };
  const adr = unwrap(await services.decisions.resolve(actor.teamId, ref));
  const refusal = services.decisions.editRefusal(adr, actor.userId);
  if (refusal) throw new Refusal(refusal);
  return { kind: 'adr', number: adr.number };
}

export function registerCapacityViews(app: ListenerRegistry, { services, slack }: Deps): void {
  const { logger } = slack;

  // *Estimate capacity* on the wizard's first step: what was typed is saved, then the inputs are pushed over it.
  onAction(app, logger, CapacityActions.open, async ({ body, client }, actor) => {
    const view = required(modalOf(body));
    const { draftId } = required(wizardMetadata.decode(view.private_metadata));
    unwrap(await services.wizard.saveStep(actor, draftId, 1, reader(1, view as ViewOutput)));
    const modal = await capacityModalFor(services, actor, { kind: 'draft', draftId });
    await callSlack('views.push', () => client.views.push({ trigger_id: body.trigger_id, view: modal }));
  });

  onSubmission(app, logger, CapacityViews.inputs, async ({ ack, view }, actor) => {
    const meta = required(capacityMetadata.decode(view.private_metadata), OUT_OF_DATE);
    const read = readCapacityInputs(readCapacityState(view.state.values));
    if (!read.ok) return ack({ response_action: 'errors', errors: capacityFieldErrors(read.errors) });
    await ack({ response_action: 'update', view: await resultsFor(services, actor, meta.target, read.inputs) });
  });

  onAction(app, logger, CapacityActions.changeInputs, async ({ body, client }) => {
    const view = required(modalOf(body));
    const meta = required(capacityMetadata.decode(view.private_metadata), OUT_OF_DATE);
    const inputs = capacityInputsViewFor(meta.target, meta.inputs);
    await callSlack('views.update', () => client.views.update({ view_id: view.id, view: inputs }));
  });

  // *Add to ADR*: the estimate's block into the context, and the peak as a driver when asked.
  onSubmission(app, logger, CapacityViews.results, async ({ ack, view, client }, actor) => {
    const meta = required(capacityMetadata.decode(view.private_metadata), OUT_OF_DATE);
    const estimate = estimateCapacity(required(meta.inputs, OUT_OF_DATE));
    const options = { addDriver: readAddDriver(view.state.values) };
    const { target } = meta;
    if (target.kind === 'draft') {
      const state = unwrap(await services.wizard.addEstimate(actor, target.draftId, estimate, options));
      const wizardId = required((view as ViewOutput & { previous_view_id?: string | null }).previous_view_id);
      await ack();
      const wizard = await renderWizardFor(services, actor, state);
      await callSlack('views.update', () => client.views.update({ view_id: wizardId, view: wizard }));
      return;
    }
    if (target.kind !== 'adr') throw new Refusal('Start the estimate from a draft or an ADR to add it.');
    const adr = unwrap(await services.decisions.addEstimate(actor, target.number, estimate, options));
    await ack({ response_action: 'clear' });
    slack.cards.refresh(actor.teamId, adr.number);
    logger.info(`Capacity estimate added to ${formatAdrNumber(adr.number)}`);
  });
}

async function resultsFor(services: Services, actor: Actor, target: CapacityTarget, inputs: CapacityInputs) {
  const content = await contentOf(services, actor, target);
  return capacityResultsView({
    target,
    estimate: estimateCapacity(inputs),
    replacing: content ? capacityInputsIn(content.context) !== null : false,
    driverPresent: content ? content.drivers.some(isPeakDriver) : false,
  });
}
