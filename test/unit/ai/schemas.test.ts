import { describe, expect, it } from 'vitest';
import { draftToContent } from '../../../src/ai/draft-merge.js';
import {
  AI_LIMITS,
  clampText,
  DraftOutput,
  ProsConsOutput,
  ReviewOutput,
  toStrictJsonSchema,
} from '../../../src/ai/schemas.js';
import { type AdrContent, emptyContent } from '../../../src/domain/adr.js';

const rawDraft = {
  context: 'Context text',
  drivers: ['Fast', ' ', 'Cheap'],
  options: [
    { name: 'A', pros: ['good'], cons: ['bad'] },
    { name: 'B', pros: ['good b'], cons: ['bad b'] },
  ],
  suggestedOutcome: { option: 'a', justification: 'Because.' },
  positiveConsequences: ['Nice'],
  negativeConsequences: [
    { text: 'Costly', mitigation: 'Budget alerts' },
    { text: 'Slow start', mitigation: '' },
  ],
};

function parseDraft(overrides: Record<string, unknown> = {}) {
  return DraftOutput.parse({ ...rawDraft, ...overrides });
}

describe('DraftOutput', () => {
  it('parses, drops blank items and matches the suggested option case-insensitively', () => {
    const draft = parseDraft();
    expect(draft.drivers).toEqual(['Fast', 'Cheap']);
    expect(draft.suggestedOutcome).toEqual({ option: 'A', justification: 'Because.' });
  });

  it('clamps strings to the Slack limits', () => {
    const draft = parseDraft({
      context: 'c'.repeat(5_000),
      drivers: ['d'.repeat(1_000)],
      options: [
        { name: 'n'.repeat(200), pros: [], cons: [] },
        { name: 'B', pros: [], cons: [] },
      ],
    });
    expect(draft.context.length).toBe(AI_LIMITS.contextChars);
    expect(draft.drivers[0]?.length).toBe(AI_LIMITS.itemChars);
    expect(draft.options[0]?.name.length).toBe(AI_LIMITS.optionNameChars);
    expect(draft.options[0]?.name.endsWith('…')).toBe(true);
  });

  it('keeps at most 10 options and rejects fewer than 2 distinct named ones', () => {
    const many = Array.from({ length: 14 }, (_, index) => ({ name: `Opt ${index}`, pros: [], cons: [] }));
    expect(parseDraft({ options: many }).options).toHaveLength(10);
    expect(DraftOutput.safeParse({ ...rawDraft, options: [rawDraft.options[0]] }).success).toBe(false);
    const duplicates = [
      { name: 'Same', pros: [], cons: [] },
      { name: 'same ', pros: [], cons: [] },
    ];
    expect(DraftOutput.safeParse({ ...rawDraft, options: duplicates }).success).toBe(false);
  });

  it('drops a suggested outcome that names no listed option', () => {
    expect(parseDraft({ suggestedOutcome: { option: 'Z', justification: 'x' } }).suggestedOutcome).toBeNull();
    expect(parseDraft({ suggestedOutcome: null }).suggestedOutcome).toBeNull();
  });

  it('rejects a missing field', () => {
    const { drivers: _drivers, ...withoutDrivers } = rawDraft;
    expect(DraftOutput.safeParse(withoutDrivers).success).toBe(false);
  });
});

describe('ProsConsOutput and ReviewOutput', () => {
  it('trims and limits pros and cons', () => {
    const parsed = ProsConsOutput.parse({ pros: Array.from({ length: 12 }, (_, i) => ` p${i} `), cons: [] });
    expect(parsed.pros).toHaveLength(AI_LIMITS.maxProsOrCons);
    expect(parsed.pros[0]).toBe('p0');
  });

  it('accepts only template sections and known severities', () => {
    const finding = { section: 'Links', severity: 'suggestion', message: 'Add a link.' };
    expect(ReviewOutput.parse({ findings: [finding] }).findings).toEqual([finding]);
    expect(ReviewOutput.safeParse({ findings: [{ ...finding, section: 'Security' }] }).success).toBe(false);
    expect(ReviewOutput.safeParse({ findings: [{ ...finding, severity: 'error' }] }).success).toBe(false);
  });
});

describe('toStrictJsonSchema', () => {
  it('closes every object and requires every property, as strict mode needs', () => {
    const schema = toStrictJsonSchema(DraftOutput);
    const json = JSON.stringify(schema);
    expect(schema.$schema).toBeUndefined();
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual([
      'context',
      'drivers',
      'options',
      'suggestedOutcome',
      'positiveConsequences',
      'negativeConsequences',
    ]);
    const objectCount = json.match(/"type":"object"/g)?.length ?? 0;
    const closedCount = json.match(/"additionalProperties":false/g)?.length ?? 0;
    expect(objectCount).toBe(4);
    expect(closedCount).toBe(objectCount);
    expect(json).toContain('"minItems":2');
  });
});

describe('clampText', () => {
  it('trims and never exceeds the limit', () => {
    expect(clampText('  hi  ', 10)).toBe('hi');
    expect(clampText('abcdefghij', 5)).toBe('abcd…');
  });
});

describe('draftToContent', () => {
  const draft = parseDraft();

  it('fills every empty field of an empty draft', () => {
    const content = draftToContent(emptyContent('Title'), draft);
    expect(content).toEqual({
      ...emptyContent('Title'),
      context: 'Context text',
      drivers: ['Fast', 'Cheap'],
      options: [
        { name: 'A', pros: ['good'], cons: ['bad'] },
        { name: 'B', pros: ['good b'], cons: ['bad b'] },
      ],
      chosenOption: 'A',
      justification: 'Because.',
      positiveConsequences: ['Nice'],
      negativeConsequences: [{ text: 'Costly', mitigation: 'Budget alerts' }, { text: 'Slow start' }],
    });
  });

  it('never overwrites what the person typed', () => {
    const typed: AdrContent = {
      ...emptyContent('Mine'),
      context: 'My context',
      drivers: ['My driver'],
      options: [
        { name: 'b', pros: ['my pro'], cons: [] },
        { name: 'Mine only', pros: [], cons: [] },
      ],
      chosenOption: 'Mine only',
      justification: 'My reason',
      positiveConsequences: ['My plus'],
      negativeConsequences: [{ text: 'My minus' }],
      links: ['https://example.com'],
    };
    const content = draftToContent(typed, draft);
    expect(content.context).toBe('My context');
    expect(content.drivers).toEqual(['My driver']);
    // The typed option list is kept; only the empty cons of the matching option are filled.
    expect(content.options).toEqual([
      { name: 'b', pros: ['my pro'], cons: ['bad b'] },
      { name: 'Mine only', pros: [], cons: [] },
    ]);
    expect(content.chosenOption).toBe('Mine only');
    expect(content.justification).toBe('My reason');
    expect(content.positiveConsequences).toEqual(['My plus']);
    expect(content.negativeConsequences).toEqual([{ text: 'My minus' }]);
    expect(content.links).toEqual(['https://example.com']);
    expect(typed.options[0]?.cons).toEqual([]);
  });

  it('does not choose a suggested option that is not in the typed list', () => {
    const typed: AdrContent = { ...emptyContent('T'), options: [{ name: 'X', pros: [], cons: [] }] };
    expect(draftToContent(typed, draft).chosenOption).toBeNull();
  });
});
