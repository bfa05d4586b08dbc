import type { AdrContent } from './adr.js';
import {
  type ValidationErrors,
  validateBasics,
  validateConsequences,
  validateDecision,
  validateDrivers,
  validateLinks,
  validateOptions,
} from './validation.js';

export const WIZARD_STEPS = ['Basics', 'Drivers and options', 'Pros and cons', 'Decision outcome', 'Review'] as const;
export const LAST_STEP = WIZARD_STEPS.length;

/** Where a person is in the drafting wizard: what the modal shows is derived from this alone. */
export interface WizardState {
  draftId: number;
  step: number;
  content: AdrContent;
  /** Set when the draft edits an existing Proposed ADR. */
  editing: number | null;
  /** Slots to show on the options step; at least the saved options and never fewer than two. */
  optionSlots?: number;
  /** A one-line note shown at the top of the step. */
  notice?: string;
}

/** What the person typed on one step, merged into the draft's content. */
export interface StepInput {
  content: AdrContent;
  /** A topic starter picked on the first step. */
  topicId: string | null;
}

/** Checks one step; the outcome may stay open while the ADR is Proposed. */
export function validateStep(step: number, content: AdrContent): ValidationErrors {
  switch (step) {
    case 1:
      return validateBasics(content);
    case 2:
      return { ...validateDrivers(content.drivers), ...validateOptions(content.options) };
    case 3:
      return validateOptions(content.options);
    case 4:
      return {
        ...validateDecision(content, { requireChoice: false }),
        ...validateConsequences(content),
        ...validateLinks(content.links),
      };
    default:
      return {};
  }
}

/** Drops option slots left blank (the person added more than they used). */
export function withoutBlankOptions(content: AdrContent): AdrContent {
  return { ...content, options: content.options.filter((option) => option.name.trim() !== '') };
}
