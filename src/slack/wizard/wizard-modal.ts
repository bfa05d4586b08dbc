import type { ViewOutput } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { WizardState } from '../../domain/wizard.js';
import { type AiWizardOptions, aiWizardExtras } from '../blocks/ai.js';
import { wizardView } from '../blocks/wizard.js';
import { callSlack } from '../slack-errors.js';
import { readStep, type StateValues } from './wizard-state.js';

/** The wizard modal for a state, with the AI buttons when AI assist is on. */
export function renderWizard(state: WizardState, options: AiWizardOptions = { aiEnabled: false }) {
  return wizardView(state, aiWizardExtras(options));
}

/** Opens the wizard for a fresh trigger (command, shortcut, button). */
export async function openWizard(
  client: WebClient,
  triggerId: string,
  state: WizardState,
  options: AiWizardOptions,
): Promise<void> {
  await callSlack('views.open', () => client.views.open({ trigger_id: triggerId, view: renderWizard(state, options) }));
}

/** Reads what the person typed on `step` of the wizard `view`, merged over the draft's content. */
export function reader(step: number, view: ViewOutput) {
  const values = (view.state?.values ?? {}) as unknown as StateValues;
  return (content: Parameters<typeof readStep>[2]) => readStep(step, values, content);
}
