import { describe, expect, it } from 'vitest';
import { emptyContent } from '../../../src/domain/adr.js';
import { lines, parseNegative, readStep, toBlockErrors } from '../../../src/slack/wizard/wizard-state.js';

const text = (value: string) => ({ type: 'plain_text_input', value });

describe('wizard state', () => {
  it('splits list fields into lines, dropping bullets people paste', () => {
    expect(lines('* one\n- two\n\n• three\n1. four\n✅ Good, because five\n   ')).toEqual([
      'one',
      'two',
      'three',
      'four',
      'five',
    ]);
  });

  it('reads a mitigation after "| Mitigation:"', () => {
    expect(parseNegative('Single writer | Mitigation: queue writes')).toEqual({
      text: 'Single writer',
      mitigation: 'queue writes',
    });
    expect(parseNegative('Costly')).toEqual({ text: 'Costly' });
  });

  it('keeps pros and cons with their option when options are renamed or reordered', () => {
    const content = {
      ...emptyContent('x'),
      options: [
        { name: 'A', pros: ['a+'], cons: [] },
        { name: 'B', pros: ['b+'], cons: ['b-'] },
      ],
    };
    const { content: next } = readStep(
      2,
      { wizard_option_0: { wizard_option_0: text('B') }, wizard_option_1: { wizard_option_1: text('A2') } },
      content,
    );
    expect(next.options).toEqual([
      { name: 'B', pros: ['b+'], cons: ['b-'] },
      { name: 'A2', pros: [], cons: [] },
    ]);
  });

  it('leaves fields of other steps untouched', () => {
    const content = { ...emptyContent('Keep me'), drivers: ['d'] };
    const { content: next } = readStep(4, { wizard_justification: { wizard_justification: text('because') } }, content);
    expect(next.title).toBe('Keep me');
    expect(next.drivers).toEqual(['d']);
    expect(next.justification).toBe('because');
  });

  it('maps validation keys to the blocks that hold them', () => {
    expect(
      toBlockErrors({ title: 't', 'options.1.name': 'o', 'options.0.pros.2': 'p', options: 'two', 'drivers.3': 'd' }),
    ).toEqual({
      wizard_title: 't',
      wizard_option_1: 'o',
      wizard_pros_0: 'p',
      wizard_option_0: 'two',
      wizard_drivers: 'd',
    });
  });
});
