import type { AdrContent, ConsideredOption, NegativeConsequence } from '../domain/adr.js';
import type { DraftOutput } from './schemas.js';

function isBlank(value: string | null | undefined): boolean {
  return value === null || value === undefined || value.trim() === '';
}

/**
 * Puts an AI draft into the wizard's content without overwriting anything the person typed: each field is filled
 * only when it is empty. When the person already listed options, their list is kept as is and only the empty
 * pros/cons of options with the same name are filled; the AI's other options are not added. The suggested outcome
 * fills the chosen option and justification only when none is chosen yet and the option is in the resulting list;
 * the ADR stays Proposed, so the team still makes the decision.
 */
export function draftToContent(existing: AdrContent, draft: DraftOutput): AdrContent {
  const content: AdrContent = { ...existing };
  if (isBlank(existing.context)) content.context = draft.context;
  if (existing.drivers.every(isBlank)) content.drivers = [...draft.drivers];

  const typedOptions = existing.options.filter((option) => !isBlank(option.name));
  if (typedOptions.length === 0) {
    content.options = draft.options.map(
      (option): ConsideredOption => ({ name: option.name, pros: [...option.pros], cons: [...option.cons] }),
    );
  } else {
    content.options = existing.options.map((option) => {
      const match = draft.options.find(
        (candidate) => candidate.name.toLowerCase() === option.name.trim().toLowerCase(),
      );
      if (!match) return option;
      return {
        ...option,
        pros: option.pros.every(isBlank) ? [...match.pros] : option.pros,
        cons: option.cons.every(isBlank) ? [...match.cons] : option.cons,
      };
    });
  }

  const suggested = draft.suggestedOutcome;
  if (suggested && isBlank(existing.chosenOption)) {
    const option = content.options.find(
      (candidate) => candidate.name.trim().toLowerCase() === suggested.option.toLowerCase(),
    );
    if (option) {
      content.chosenOption = option.name;
      if (isBlank(existing.justification)) content.justification = suggested.justification;
    }
  }

  if (existing.positiveConsequences.every(isBlank)) content.positiveConsequences = [...draft.positiveConsequences];
  if (existing.negativeConsequences.every((consequence) => isBlank(consequence.text))) {
    content.negativeConsequences = draft.negativeConsequences.map(
      (consequence): NegativeConsequence =>
        consequence.mitigation === ''
          ? { text: consequence.text }
          : { text: consequence.text, mitigation: consequence.mitigation },
    );
  }
  return content;
}
