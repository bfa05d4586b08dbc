import { describe, expect, it } from 'vitest';
import { type AdrContent, emptyContent } from '../../../src/domain/adr.js';
import {
  isValid,
  LONG_TEXT_MAX,
  MAX_LIST_ITEMS,
  MAX_OPTIONS,
  OPTION_NAME_MAX,
  SHORT_TEXT_MAX,
  TITLE_MAX,
  validateAdrContent,
  validateBasics,
  validateConsequences,
  validateDecision,
  validateDrivers,
  validateLinks,
  validateOptions,
} from '../../../src/domain/validation.js';

const option = (name: string, pros: string[] = [], cons: string[] = []) => ({ name, pros, cons });

function goodContent(): AdrContent {
  return {
    ...emptyContent('Use PostgreSQL for primary database'),
    context: 'We need a primary database.',
    drivers: ['Team knows SQL'],
    options: [option('PostgreSQL', ['ACID'], ['sharding for writes']), option('MongoDB')],
    chosenOption: 'PostgreSQL',
    justification: 'it fits relational data.',
    negativeConsequences: [{ text: 'Sharding later', mitigation: 'Replicas first' }],
  };
}

describe('limits', () => {
  it('matches the Slack constraints they come from', () => {
    expect(TITLE_MAX).toBe(150);
    expect(LONG_TEXT_MAX).toBe(3000);
    expect(SHORT_TEXT_MAX).toBe(300);
    expect(OPTION_NAME_MAX).toBe(75);
    expect(MAX_OPTIONS).toBe(10);
  });
});

describe('validateAdrContent', () => {
  it('accepts a complete, reasonable ADR', () => {
    expect(validateAdrContent(goodContent())).toEqual({});
    expect(isValid(validateAdrContent(goodContent()))).toBe(true);
  });
});

describe('validateBasics', () => {
  it('asks for a title when it is empty or blank', () => {
    expect(validateBasics({ title: '', context: '', technicalStory: '' })).toEqual({
      title: 'Give the decision a title.',
    });
    expect(validateBasics({ title: '   ', context: '', technicalStory: '' }).title).toBe('Give the decision a title.');
  });

  it('allows a title of exactly TITLE_MAX characters, not one more', () => {
    expect(validateBasics({ title: 'x'.repeat(TITLE_MAX), context: '', technicalStory: '' })).toEqual({});
    expect(validateBasics({ title: 'x'.repeat(TITLE_MAX + 1), context: '', technicalStory: '' }).title).toMatch(
      /at most 150 characters \(it has 151\)/,
    );
  });

  it('limits the context and the technical story', () => {
    const errors = validateBasics({
      title: 'T',
      context: 'c'.repeat(LONG_TEXT_MAX + 1),
      technicalStory: 's'.repeat(SHORT_TEXT_MAX + 1),
    });
    expect(Object.keys(errors).sort()).toEqual(['context', 'technicalStory']);
    expect(validateBasics({ title: 'T', context: 'c'.repeat(LONG_TEXT_MAX), technicalStory: '' })).toEqual({});
  });
});

describe('validateOptions', () => {
  it('needs at least two options', () => {
    expect(validateOptions([]).options).toBe('Add at least two options you considered.');
    expect(validateOptions([option('A')]).options).toMatch(/at least one more option/);
    expect(validateOptions([option('A'), option('B')])).toEqual({});
  });

  it('allows at most ten options', () => {
    const ten = Array.from({ length: MAX_OPTIONS }, (_, index) => option(`Option ${index}`));
    expect(validateOptions(ten)).toEqual({});
    expect(validateOptions([...ten, option('Eleven')]).options).toMatch(
      /Keep it to 10 options at most; there are 11\./,
    );
  });

  it('flags duplicate names ignoring case and surrounding spaces, on the later one', () => {
    const errors = validateOptions([option('PostgreSQL'), option('MySQL'), option('  postgresql ')]);
    expect(errors).toEqual({
      'options.2.name': '"postgresql" is already option 1. Give each option a different name.',
    });
  });

  it('flags empty names', () => {
    expect(validateOptions([option('A'), option('  ')])).toEqual({ 'options.1.name': 'Option 2 needs a name.' });
  });

  it('limits option names to what a Slack select can show', () => {
    expect(validateOptions([option('A'), option('n'.repeat(OPTION_NAME_MAX))])).toEqual({});
    expect(validateOptions([option('A'), option('n'.repeat(OPTION_NAME_MAX + 1))])['options.1.name']).toMatch(
      /at most 75 characters/,
    );
  });

  it('limits each pro and con and their number', () => {
    const errors = validateOptions([
      option('A', ['fine', 'p'.repeat(SHORT_TEXT_MAX + 1)], ['']),
      option(
        'B',
        [],
        Array.from({ length: MAX_LIST_ITEMS + 1 }, () => 'con'),
      ),
    ]);
    expect(errors['options.0.pros.1']).toMatch(/Pro 2 can be at most 300 characters/);
    expect(errors['options.0.cons.0']).toBe('Con 1 is empty: fill it in or remove it.');
    expect(errors['options.1.cons']).toMatch(/Keep it to 20 cons at most/);
    expect(errors['options.0.pros.0']).toBeUndefined();
  });
});

describe('validateDecision', () => {
  const options = [option('PostgreSQL'), option('MongoDB')];

  it('accepts a chosen option among the options, matched like duplicates are', () => {
    expect(validateDecision({ options, chosenOption: 'PostgreSQL', justification: 'Fits.' })).toEqual({});
    expect(validateDecision({ options, chosenOption: ' postgresql', justification: 'Fits.' })).toEqual({});
  });

  it('refuses a chosen option that is not among the options', () => {
    expect(validateDecision({ options, chosenOption: 'Oracle', justification: 'Fits.' })).toEqual({
      chosenOption: '"Oracle" is not one of the considered options. Pick one from the list.',
    });
  });

  it('asks for a choice unless told it may wait', () => {
    expect(validateDecision({ options, chosenOption: null, justification: '' })).toEqual({
      chosenOption: 'Pick the option the team chose.',
    });
    expect(validateDecision({ options, chosenOption: null, justification: '' }, { requireChoice: false })).toEqual({});
  });

  it('asks why, and limits the justification', () => {
    expect(validateDecision({ options, chosenOption: 'MongoDB', justification: ' ' }).justification).toBe(
      'Say in a sentence or two why this option won.',
    );
    expect(
      validateDecision({ options, chosenOption: 'MongoDB', justification: 'j'.repeat(LONG_TEXT_MAX + 1) })
        .justification,
    ).toMatch(/at most 3000/);
  });
});

describe('lists', () => {
  it('limits drivers one by one and as a list', () => {
    expect(validateDrivers(['ok'])).toEqual({});
    expect(validateDrivers(['ok', 'd'.repeat(SHORT_TEXT_MAX + 1)])).toEqual({
      'drivers.1': 'Driver 2 can be at most 300 characters (it has 301).',
    });
    expect(validateDrivers(Array.from({ length: MAX_LIST_ITEMS + 1 }, () => 'd')).drivers).toMatch(
      /Keep it to 20 drivers at most/,
    );
  });

  it('checks consequences and mitigations', () => {
    const errors = validateConsequences({
      positiveConsequences: [''],
      negativeConsequences: [{ text: 'risk', mitigation: 'm'.repeat(SHORT_TEXT_MAX + 1) }],
    });
    expect(errors).toEqual({
      'positiveConsequences.0': 'Positive consequence 1 is empty: fill it in or remove it.',
      'negativeConsequences.0.mitigation':
        'The mitigation of negative consequence 1 can be at most 300 characters (it has 301).',
    });
  });

  it('checks links', () => {
    expect(validateLinks(['https://example.com'])).toEqual({});
    expect(Object.keys(validateLinks(['l'.repeat(SHORT_TEXT_MAX + 1)]))).toEqual(['links.0']);
  });

  it('reports every problem at once for the final submit', () => {
    const content: AdrContent = { ...emptyContent(''), options: [option('A')], drivers: [''] };
    expect(Object.keys(validateAdrContent(content)).sort()).toEqual(['chosenOption', 'drivers.0', 'options', 'title']);
  });
});
