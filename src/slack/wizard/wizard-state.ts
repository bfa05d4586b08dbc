import type { AdrContent, ConsideredOption, NegativeConsequence } from '../../domain/adr.js';
import type { ValidationErrors } from '../../domain/validation.js';
import type { StepInput } from '../../domain/wizard.js';
import { WizardBlocks } from '../ids.js';

/** The shape of `view.state.values` for the wizard's inputs. */
export type StateValues = Record<
  string,
  Record<
    string,
    {
      value?: string | null;
      selected_option?: { value: string } | null;
      selected_users?: string[] | null;
    }
  >
>;

// Payloads are parsed defensively: a value of the wrong type reads as empty, never as a crash.
function field(values: StateValues, blockId: string): Record<string, unknown> | undefined {
  const block: unknown = isObject(values) ? values[blockId] : undefined;
  const entry: unknown = isObject(block) ? block[blockId] : undefined;
  return isObject(entry) ? entry : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(values: StateValues, blockId: string): string | undefined {
  const entry = field(values, blockId);
  if (entry === undefined) return undefined;
  return typeof entry.value === 'string' ? entry.value.trim() : '';
}

function selectedValue(entry: ReturnType<typeof field>): string | null {
  const option: unknown = entry?.selected_option;
  const value = isObject(option) ? option.value : undefined;
  return typeof value === 'string' ? value : null;
}

/** One item a line; bullets people paste ("* ", "- ", "• ", "✅ Good, because") are dropped. */
export function lines(value: string): string[] {
  return value
    .split(/\r?\n/)
    .map((line) =>
      line
        .replace(/^\s*(?:[*•-]|\d+[.)])\s+/, '')
        .replace(/^(?:✅|❌)\s*/, '')
        .replace(/^(?:good|bad),\s+because\s+/i, '')
        .trim(),
    )
    .filter((line) => line.length > 0);
}

export function parseNegative(line: string): NegativeConsequence {
  const [text = '', ...rest] = line.split(/\s*\|\s*mitigation:\s*/i);
  const mitigation = rest.join(' ').trim();
  return mitigation ? { text: text.trim(), mitigation } : { text: text.trim() };
}

/**
 * Merges what the person typed on `step` into `content`. Fields absent from the state (another
 * step's view) are left as they were, so Back, Next and closing never lose anything.
 */
export function readStep(step: number, values: StateValues, content: AdrContent): StepInput {
  const next: AdrContent = structuredClone(content);
  let topicId: string | null = null;
  switch (step) {
    case 1: {
      next.title = text(values, WizardBlocks.title) ?? next.title;
      next.technicalStory = text(values, WizardBlocks.technicalStory) ?? next.technicalStory;
      next.context = text(values, WizardBlocks.context) ?? next.context;
      const deciders = field(values, WizardBlocks.deciders);
      if (deciders) {
        const users: unknown = deciders.selected_users;
        next.deciders = Array.isArray(users) ? users.filter((user): user is string => typeof user === 'string') : [];
      }
      topicId = selectedValue(field(values, WizardBlocks.topic));
      break;
    }
    case 2: {
      const drivers = text(values, WizardBlocks.drivers);
      if (drivers !== undefined) next.drivers = lines(drivers);
      const names: string[] = [];
      for (let index = 0; field(values, WizardBlocks.option(index)) !== undefined; index++) {
        names.push(text(values, WizardBlocks.option(index)) ?? '');
      }
      if (names.length > 0) next.options = mergeOptionNames(content.options, names);
      break;
    }
    case 3:
      next.options = content.options.map((option, index) => ({
        ...option,
        pros: readList(values, WizardBlocks.pros(index)) ?? option.pros,
        cons: readList(values, WizardBlocks.cons(index)) ?? option.cons,
      }));
      break;
    case 4: {
      const chosen = field(values, WizardBlocks.chosenOption);
      if (chosen) next.chosenOption = selectedValue(chosen);
      next.justification = text(values, WizardBlocks.justification) ?? next.justification;
      next.positiveConsequences = readList(values, WizardBlocks.positive) ?? next.positiveConsequences;
      const negative = readList(values, WizardBlocks.negative);
      if (negative) next.negativeConsequences = negative.map(parseNegative);
      next.links = readList(values, WizardBlocks.links) ?? next.links;
      break;
    }
  }
  return { content: next, topicId };
}

function readList(values: StateValues, blockId: string): string[] | undefined {
  const value = text(values, blockId);
  return value === undefined ? undefined : lines(value);
}

/**
 * Options are typed by position; pros and cons typed on a later step follow their option by name,
 * so renaming or reordering keeps them with the option they were written for.
 */
function mergeOptionNames(previous: ConsideredOption[], names: string[]): ConsideredOption[] {
  return names.map((name, index) => {
    const byName = previous.find((option) => option.name.trim().toLowerCase() === name.toLowerCase());
    const byPosition = previous[index];
    const source = byName ?? (byPosition && !names.includes(byPosition.name) ? byPosition : undefined);
    return { name, pros: source?.pros ?? [], cons: source?.cons ?? [] };
  });
}

const FIELD_BLOCKS: Record<string, string> = {
  title: WizardBlocks.title,
  context: WizardBlocks.context,
  technicalStory: WizardBlocks.technicalStory,
  deciders: WizardBlocks.deciders,
  drivers: WizardBlocks.drivers,
  options: WizardBlocks.option(0),
  chosenOption: WizardBlocks.chosenOption,
  justification: WizardBlocks.justification,
  positiveConsequences: WizardBlocks.positive,
  negativeConsequences: WizardBlocks.negative,
  links: WizardBlocks.links,
};

export function toBlockErrors(errors: ValidationErrors): Record<string, string> {
  const byBlock: Record<string, string> = {};
  for (const [key, message] of Object.entries(errors)) {
    const [root = '', index, part] = key.split('.');
    let blockId = FIELD_BLOCKS[root];
    if (root === 'options' && index !== undefined) {
      const n = Number(index);
      blockId =
        part === 'pros' ? WizardBlocks.pros(n) : part === 'cons' ? WizardBlocks.cons(n) : WizardBlocks.option(n);
    }
    if (blockId && byBlock[blockId] === undefined) byBlock[blockId] = message;
  }
  return byBlock;
}
