import { z } from 'zod';
import { ADR_SECTIONS, FINDING_SEVERITIES, type Finding } from '../domain/review.js';

/** Limits that keep model output inside what the wizard's Slack inputs accept. */
export const AI_LIMITS = {
  contextChars: 3000,
  optionNameChars: 75,
  itemChars: 300,
  minOptions: 2,
  maxOptions: 10,
  maxListItems: 10,
  maxProsOrCons: 8,
  maxFindings: 20,
} as const;

export function clampText(text: string, maxChars: number): string {
  const trimmed = text.trim();
  return trimmed.length > maxChars ? `${trimmed.slice(0, maxChars - 1).trimEnd()}…` : trimmed;
}

// Strings are clamped rather than rejected: a too-long answer is still useful, and Slack would refuse it as is.
const text = (maxChars: number) => z.string().transform((value) => clampText(value, maxChars));
const singleLine = (maxChars: number) =>
  z.string().transform((value) => clampText(value.replace(/\s+/g, ' '), maxChars));

/** A list of one-line items: blanks dropped, each clamped, at most `maxItems` kept. */
const items = (maxItems: number) =>
  z
    .array(z.string())
    .meta({ maxItems })
    .transform((values) =>
      values
        .map((value) => clampText(value.replace(/\s+/g, ' '), AI_LIMITS.itemChars))
        .filter((value) => value !== '')
        .slice(0, maxItems),
    );

const OptionOutput = z.object({
  name: singleLine(AI_LIMITS.optionNameChars),
  pros: items(AI_LIMITS.maxProsOrCons),
  cons: items(AI_LIMITS.maxProsOrCons),
});

const NegativeConsequenceOutput = z.object({
  text: singleLine(AI_LIMITS.itemChars),
  mitigation: singleLine(AI_LIMITS.itemChars),
});

export const DraftOutput = z
  .object({
    context: text(AI_LIMITS.contextChars),
    drivers: items(AI_LIMITS.maxListItems),
    options: z.array(OptionOutput).min(AI_LIMITS.minOptions).meta({ maxItems: AI_LIMITS.maxOptions }),
    suggestedOutcome: z
      .object({ option: singleLine(AI_LIMITS.optionNameChars), justification: singleLine(AI_LIMITS.itemChars) })
      .nullable(),
    positiveConsequences: items(AI_LIMITS.maxListItems),
    negativeConsequences: z.array(NegativeConsequenceOutput).meta({ maxItems: AI_LIMITS.maxListItems }),
  })
  .transform((draft) => {
    const seen = new Set<string>();
    const options = draft.options
      .filter((option) => {
        const key = option.name.toLowerCase();
        if (option.name === '' || seen.has(key)) return false;
        seen.add(key);
        return true;
      })
      .slice(0, AI_LIMITS.maxOptions);
    const suggested = draft.suggestedOutcome;
    const suggestedOption = suggested
      ? options.find((option) => option.name.toLowerCase() === suggested.option.toLowerCase())
      : undefined;
    return {
      ...draft,
      options,
      // A suggestion naming no listed option is useless in the wizard, so it is dropped rather than failing.
      suggestedOutcome:
        suggested && suggestedOption ? { option: suggestedOption.name, justification: suggested.justification } : null,
      negativeConsequences: draft.negativeConsequences
        .filter((consequence) => consequence.text !== '')
        .slice(0, AI_LIMITS.maxListItems),
    };
  })
  .refine((draft) => draft.options.length >= AI_LIMITS.minOptions, {
    message: `needs at least ${AI_LIMITS.minOptions} distinct, named options`,
    path: ['options'],
  });
export type DraftOutput = z.output<typeof DraftOutput>;

export const ProsConsOutput = z.object({
  pros: items(AI_LIMITS.maxProsOrCons),
  cons: items(AI_LIMITS.maxProsOrCons),
});
export type ProsConsOutput = z.output<typeof ProsConsOutput>;

export const ReviewOutput = z.object({
  findings: z
    .array(
      z.object({
        section: z.enum(ADR_SECTIONS),
        severity: z.enum(FINDING_SEVERITIES),
        message: singleLine(AI_LIMITS.itemChars),
      }),
    )
    .meta({ maxItems: AI_LIMITS.maxFindings })
    .transform((findings): Finding[] =>
      findings.filter((finding) => finding.message !== '').slice(0, AI_LIMITS.maxFindings),
    ),
});
export type ReviewOutput = z.output<typeof ReviewOutput>;

/** The model's answer to "did this thread reach a decision?", asked before offering to draft an ADR from it. */
export const DecisionCheckOutput = z.object({
  decided: z.boolean(),
  reason: singleLine(200),
});
export type DecisionCheckOutput = z.output<typeof DecisionCheckOutput>;

type JsonObject = { [key: string]: unknown };

function makeStrict(node: unknown): void {
  if (Array.isArray(node)) {
    for (const child of node) makeStrict(child);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const record = node as JsonObject;
  if (record.type === 'object' && record.properties && typeof record.properties === 'object') {
    record.additionalProperties = false;
    record.required = Object.keys(record.properties);
  }
  for (const child of Object.values(record)) makeStrict(child);
}

/**
 * JSON Schema for `response_format: json_schema` with `strict: true`, from the input side of a zod schema.
 * openai's zodResponseFormat accepts zod 4 but throws on transforms, which these schemas use to clamp output,
 * so the conversion is done here: every object closed and every property required, as strict mode demands.
 */
export function toStrictJsonSchema(schema: z.ZodType): JsonObject {
  const jsonSchema = z.toJSONSchema(schema, { io: 'input', target: 'draft-7' }) as JsonObject;
  delete jsonSchema.$schema;
  makeStrict(jsonSchema);
  return jsonSchema;
}
