import type { ViewOutput } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Actor } from '../../domain/actor.js';
import { relatedNumbersIn, supersededNumbersIn } from '../../domain/related-links.js';
import type { WizardState } from '../../domain/wizard.js';
import { type AiWizardOptions, aiWizardExtras } from '../blocks/ai.js';
import { type RelatedPanel, relatedWizardBlocks } from '../blocks/related.js';
import { wizardView } from '../blocks/wizard.js';
import type { Services } from '../deps.js';
import { callSlack } from '../slack-errors.js';
import { readStep, type StateValues } from './wizard-state.js';

export interface WizardRenderOptions extends AiWizardOptions {
  /** Decisions that look related, shown on step 2 and the review step. */
  related?: RelatedPanel;
}

/** The wizard modal for a state, with the AI buttons when AI assist is on and the related decisions if given. */
export function renderWizard(state: WizardState, options: WizardRenderOptions = { aiEnabled: false }) {
  const extras = aiWizardExtras(options);
  if (options.related) extras.relatedBlocks = relatedWizardBlocks(options.related);
  return wizardView(state, extras);
}

/** The wizard's steps that show related decisions: 2 (right after step 1) and the review. */
export const RELATED_STEPS: ReadonlySet<number> = new Set([2, 5]);

/** Related decisions for the draft, with what its Links already say of them. */
export async function relatedPanelFor(
  services: Pick<Services, 'related'>,
  actor: Actor,
  state: WizardState,
): Promise<RelatedPanel> {
  const { links } = state.content;
  return {
    related: await services.related.forDraft(actor.teamId, state.content, { editing: state.editing }),
    linked: new Set(relatedNumbersIn(links)),
    replacing: supersededNumbersIn(links)[0] ?? null,
  };
}

/** The wizard at its step, with the related decisions on the steps that show them. */
export async function renderWizardFor(
  services: Pick<Services, 'related' | 'ai'>,
  actor: Actor,
  state: WizardState,
  extra: Partial<WizardRenderOptions> = {},
) {
  const related = RELATED_STEPS.has(state.step) ? await relatedPanelFor(services, actor, state) : undefined;
  return renderWizard(state, { aiEnabled: services.ai !== null, ...extra, ...(related ? { related } : {}) });
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
