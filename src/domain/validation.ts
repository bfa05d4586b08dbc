import type { AdrContent, ConsideredOption, NegativeConsequence } from './adr.js';

/** The title becomes the ADR's H1 and Slack headers; headers allow 150 characters. */
export const TITLE_MAX = 150;
/** Context, justification and technical story: Slack's multiline inputs hold 3000 characters. */
export const LONG_TEXT_MAX = 3000;
/** A driver, pro, con, consequence, mitigation or link. */
export const SHORT_TEXT_MAX = 300;
/** Option names become Slack select options, whose text allows 75 characters. */
export const OPTION_NAME_MAX = 75;
export const MIN_OPTIONS = 2;
export const MAX_OPTIONS = 10;
/** Drivers, pros or cons per option, consequences, links. */
export const MAX_LIST_ITEMS = 20;

/**
 * Field key → friendly message; empty means valid. Keys are dotted paths into AdrContent:
 * `title`, `options` (the list as a whole), `options.2.name`, `options.0.pros`, `drivers.1`,
 * `negativeConsequences.0.mitigation`, so a modal can map each to the block that holds it.
 */
export type ValidationErrors = Record<string, string>;

function tooLong(what: string, max: number, actual: number): string {
  return `${what} can be at most ${max} characters (it has ${actual}).`;
}

export function validateBasics(content: Pick<AdrContent, 'title' | 'context' | 'technicalStory'>): ValidationErrors {
  const errors: ValidationErrors = {};
  const title = content.title.trim();
  if (title === '') errors.title = 'Give the decision a title.';
  else if (title.length > TITLE_MAX) errors.title = tooLong('The title', TITLE_MAX, title.length);
  if (content.context.trim().length > LONG_TEXT_MAX) {
    errors.context = tooLong('The context', LONG_TEXT_MAX, content.context.trim().length);
  }
  if (content.technicalStory.trim().length > SHORT_TEXT_MAX) {
    errors.technicalStory = tooLong('The technical story', SHORT_TEXT_MAX, content.technicalStory.trim().length);
  }
  return errors;
}

function validateTextList(key: string, noun: string, items: readonly string[], errors: ValidationErrors): void {
  if (items.length > MAX_LIST_ITEMS) {
    errors[key] = `Keep it to ${MAX_LIST_ITEMS} ${noun}s at most; there are ${items.length}.`;
  }
  items.forEach((item, index) => {
    const text = item.trim();
    if (text === '') errors[`${key}.${index}`] = `${capitalize(noun)} ${index + 1} is empty: fill it in or remove it.`;
    else if (text.length > SHORT_TEXT_MAX) {
      errors[`${key}.${index}`] = tooLong(`${capitalize(noun)} ${index + 1}`, SHORT_TEXT_MAX, text.length);
    }
  });
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function validateDrivers(drivers: readonly string[]): ValidationErrors {
  const errors: ValidationErrors = {};
  validateTextList('drivers', 'driver', drivers, errors);
  return errors;
}

function optionKey(name: string): string {
  return name.trim().toLowerCase().replace(/\s+/g, ' ');
}

export function validateOptions(options: readonly ConsideredOption[]): ValidationErrors {
  const errors: ValidationErrors = {};
  if (options.length < MIN_OPTIONS) {
    errors.options =
      options.length === 0
        ? 'Add at least two options you considered.'
        : 'Add at least one more option: a decision needs something to compare against.';
  } else if (options.length > MAX_OPTIONS) {
    errors.options = `Keep it to ${MAX_OPTIONS} options at most; there are ${options.length}.`;
  }
  const firstIndexByName = new Map<string, number>();
  options.forEach((option, index) => {
    const name = option.name.trim();
    const nameKey = `options.${index}.name`;
    if (name === '') {
      errors[nameKey] = `Option ${index + 1} needs a name.`;
    } else if (name.length > OPTION_NAME_MAX) {
      errors[nameKey] = tooLong(`The name of option ${index + 1}`, OPTION_NAME_MAX, name.length);
    } else {
      const seenAt = firstIndexByName.get(optionKey(name));
      if (seenAt === undefined) firstIndexByName.set(optionKey(name), index);
      else errors[nameKey] = `"${name}" is already option ${seenAt + 1}. Give each option a different name.`;
    }
    validateTextList(`options.${index}.pros`, 'pro', option.pros, errors);
    validateTextList(`options.${index}.cons`, 'con', option.cons, errors);
  });
  return errors;
}

export function validateDecision(
  content: Pick<AdrContent, 'options' | 'chosenOption' | 'justification'>,
  { requireChoice = true }: { requireChoice?: boolean } = {},
): ValidationErrors {
  const errors: ValidationErrors = {};
  const chosen = content.chosenOption?.trim() ?? '';
  if (chosen === '') {
    if (requireChoice) errors.chosenOption = 'Pick the option the team chose.';
  } else if (!content.options.some((option) => optionKey(option.name) === optionKey(chosen))) {
    errors.chosenOption = `"${chosen}" is not one of the considered options. Pick one from the list.`;
  }
  const justification = content.justification.trim();
  if (chosen !== '' && justification === '') {
    errors.justification = 'Say in a sentence or two why this option won.';
  } else if (justification.length > LONG_TEXT_MAX) {
    errors.justification = tooLong('The justification', LONG_TEXT_MAX, justification.length);
  }
  return errors;
}

export function validateConsequences(
  content: Pick<AdrContent, 'positiveConsequences' | 'negativeConsequences'>,
): ValidationErrors {
  const errors: ValidationErrors = {};
  validateTextList('positiveConsequences', 'positive consequence', content.positiveConsequences, errors);
  validateTextList(
    'negativeConsequences',
    'negative consequence',
    content.negativeConsequences.map((consequence: NegativeConsequence) => consequence.text),
    errors,
  );
  content.negativeConsequences.forEach((consequence, index) => {
    const mitigation = consequence.mitigation?.trim() ?? '';
    if (mitigation.length > SHORT_TEXT_MAX) {
      errors[`negativeConsequences.${index}.mitigation`] = tooLong(
        `The mitigation of negative consequence ${index + 1}`,
        SHORT_TEXT_MAX,
        mitigation.length,
      );
    }
  });
  return errors;
}

export function validateLinks(links: readonly string[]): ValidationErrors {
  const errors: ValidationErrors = {};
  validateTextList('links', 'link', links, errors);
  return errors;
}

export function validateDeciders(deciders: readonly string[]): ValidationErrors {
  const errors: ValidationErrors = {};
  validateTextList('deciders', 'decider', deciders, errors);
  return errors;
}

/** Every check at once, for the final submit. */
export function validateAdrContent(content: AdrContent, options: { requireChoice?: boolean } = {}): ValidationErrors {
  return {
    ...validateBasics(content),
    ...validateDeciders(content.deciders),
    ...validateDrivers(content.drivers),
    ...validateOptions(content.options),
    ...validateDecision(content, options),
    ...validateConsequences(content),
    ...validateLinks(content.links),
  };
}

export function isValid(errors: ValidationErrors): boolean {
  return Object.keys(errors).length === 0;
}
