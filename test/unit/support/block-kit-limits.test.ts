import { describe, expect, it } from 'vitest';
import { type BlockSurface, validateBlocks, validateView } from '../../support/block-kit-limits.js';

const x = (n: number) => 'x'.repeat(n);
const plain = (text: string) => ({ type: 'plain_text', text });
const mrkdwn = (text: string) => ({ type: 'mrkdwn', text });
const option = (value: string, text = value) => ({ text: plain(text), value });
const options = (n: number) => Array.from({ length: n }, (_, i) => option(`v${i}`));
const section = (text: string) => ({ type: 'section', text: mrkdwn(text) });
const button = (extra: Record<string, unknown> = {}) => ({
  type: 'button',
  action_id: 'go',
  text: plain('Go'),
  ...extra,
});
const actions = (...elements: unknown[]) => ({ type: 'actions', elements });
const input = (element: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  type: 'input',
  block_id: 'in',
  label: plain('Label'),
  element: { action_id: 'field', ...element },
  ...extra,
});
const confirm = (overrides: Record<string, unknown> = {}) => ({
  title: plain('Sure?'),
  text: plain('Really do it?'),
  confirm: plain('Yes'),
  deny: plain('No'),
  ...overrides,
});
const modal = (overrides: Record<string, unknown> = {}) => ({
  type: 'modal',
  title: plain('New ADR'),
  submit: plain('Save'),
  close: plain('Cancel'),
  blocks: [section('hello')],
  ...overrides,
});

interface Rule {
  name: string;
  passing: unknown[];
  failing: unknown[];
  error: string;
  surface?: BlockSurface;
}

const rules: Rule[] = [
  {
    name: 'text object at most 3000 chars',
    passing: [section(x(3000))],
    failing: [section(x(3012))],
    error: 'blocks[0].text.text: 3012 chars > 3000',
  },
  {
    name: 'text object at least 1 char',
    passing: [section('a')],
    failing: [section('')],
    error: 'blocks[0].text.text: 0 chars < 1',
  },
  {
    name: 'text object type is plain_text or mrkdwn',
    passing: [section('a')],
    failing: [{ type: 'section', text: { type: 'markdown', text: 'a' } }],
    error: 'blocks[0].text.type: must be plain_text or mrkdwn (got markdown)',
  },
  {
    name: 'section needs text or fields',
    passing: [{ type: 'section', fields: [mrkdwn('a')] }],
    failing: [{ type: 'section' }],
    error: 'blocks[0]: text or fields required',
  },
  {
    name: 'header is plain_text of at most 150 chars',
    passing: [{ type: 'header', text: plain(x(150)) }],
    failing: [{ type: 'header', text: plain(x(151)) }],
    error: 'blocks[0].text.text: 151 chars > 150',
  },
  {
    name: 'header text must be plain_text',
    passing: [{ type: 'header', text: plain('Title') }],
    failing: [{ type: 'header', text: mrkdwn('*Title*') }],
    error: 'blocks[0].text.type: must be plain_text (got mrkdwn)',
  },
  {
    name: 'section fields at most 10',
    passing: [{ type: 'section', fields: Array.from({ length: 10 }, () => mrkdwn('f')) }],
    failing: [{ type: 'section', fields: Array.from({ length: 11 }, () => mrkdwn('f')) }],
    error: 'blocks[0].fields: 11 items > 10',
  },
  {
    name: 'section field at most 2000 chars',
    passing: [{ type: 'section', fields: [mrkdwn(x(2000))] }],
    failing: [{ type: 'section', fields: [mrkdwn('ok'), mrkdwn(x(2001))] }],
    error: 'blocks[0].fields[1].text: 2001 chars > 2000',
  },
  {
    name: 'context at most 10 elements',
    passing: [{ type: 'context', elements: Array.from({ length: 10 }, () => mrkdwn('c')) }],
    failing: [{ type: 'context', elements: Array.from({ length: 11 }, () => mrkdwn('c')) }],
    error: 'blocks[0].elements: 11 items > 10',
  },
  {
    name: 'actions at most 25 elements',
    passing: [actions(...Array.from({ length: 25 }, (_, i) => button({ action_id: `b${i}` })))],
    failing: [actions(...Array.from({ length: 26 }, (_, i) => button({ action_id: `b${i}` })))],
    error: 'blocks[0].elements: 26 items > 25',
  },
  {
    name: 'input label at most 2000 chars',
    passing: [input({ type: 'plain_text_input' }, { label: plain(x(2000)) })],
    failing: [input({ type: 'plain_text_input' }, { label: plain(x(2001)) })],
    error: 'blocks[0].label.text: 2001 chars > 2000',
  },
  {
    name: 'input hint at most 2000 chars',
    passing: [input({ type: 'plain_text_input' }, { hint: plain(x(2000)) })],
    failing: [input({ type: 'plain_text_input' }, { hint: plain(x(2001)) })],
    error: 'blocks[0].hint.text: 2001 chars > 2000',
  },
  {
    name: 'plain_text_input max_length within 1..3000',
    passing: [input({ type: 'plain_text_input', max_length: 3000 })],
    failing: [input({ type: 'plain_text_input', max_length: 3001 })],
    error: 'blocks[0].element.max_length: 3001 not in 1..3000',
  },
  {
    name: 'plain_text_input max_length of 0 is rejected',
    passing: [input({ type: 'plain_text_input', max_length: 1 })],
    failing: [input({ type: 'plain_text_input', max_length: 0 })],
    error: 'blocks[0].element.max_length: 0 not in 1..3000',
  },
  {
    name: 'plain_text_input initial_value not longer than max_length',
    passing: [input({ type: 'plain_text_input', max_length: 10, initial_value: x(10) })],
    failing: [input({ type: 'plain_text_input', max_length: 10, initial_value: x(11) })],
    error: 'blocks[0].element.initial_value: 11 chars > 10 (max_length)',
  },
  {
    name: 'plain_text_input initial_value at most 3000 without max_length',
    passing: [input({ type: 'plain_text_input', initial_value: x(3000) })],
    failing: [input({ type: 'plain_text_input', initial_value: x(3001) })],
    error: 'blocks[0].element.initial_value: 3001 chars > 3000',
  },
  {
    name: 'placeholder at most 150 chars',
    passing: [input({ type: 'plain_text_input', placeholder: plain(x(150)) })],
    failing: [input({ type: 'plain_text_input', placeholder: plain(x(151)) })],
    error: 'blocks[0].element.placeholder.text: 151 chars > 150',
  },
  {
    name: 'static_select at most 100 options',
    passing: [input({ type: 'static_select', options: options(100) })],
    failing: [input({ type: 'static_select', options: options(101) })],
    error: 'blocks[0].element.options: 101 items > 100',
  },
  {
    name: 'static_select at most 100 option groups',
    passing: [
      input({
        type: 'static_select',
        option_groups: Array.from({ length: 100 }, () => ({ label: plain('g'), options: options(1) })),
      }),
    ],
    failing: [
      input({
        type: 'static_select',
        option_groups: Array.from({ length: 101 }, () => ({ label: plain('g'), options: options(1) })),
      }),
    ],
    error: 'blocks[0].element.option_groups: 101 items > 100',
  },
  {
    name: 'checkboxes at most 10 options',
    passing: [input({ type: 'checkboxes', options: options(10) })],
    failing: [input({ type: 'checkboxes', options: options(11) })],
    error: 'blocks[0].element.options: 11 items > 10',
  },
  {
    name: 'radio_buttons at most 10 options',
    passing: [input({ type: 'radio_buttons', options: options(10) })],
    failing: [input({ type: 'radio_buttons', options: options(11) })],
    error: 'blocks[0].element.options: 11 items > 10',
  },
  {
    name: 'overflow at most 5 options',
    passing: [actions({ type: 'overflow', action_id: 'more', options: options(5) })],
    failing: [actions({ type: 'overflow', action_id: 'more', options: options(6) })],
    error: 'blocks[0].elements[0].options: 6 items > 5',
  },
  {
    name: 'option text at most 75 chars',
    passing: [input({ type: 'static_select', options: [option('a', x(75))] })],
    failing: [input({ type: 'static_select', options: [option('a', x(76))] })],
    error: 'blocks[0].element.options[0].text.text: 76 chars > 75',
  },
  {
    name: 'option value at most 75 chars',
    passing: [input({ type: 'static_select', options: [option(x(75))] })],
    failing: [input({ type: 'static_select', options: [option(x(76), 'a')] })],
    error: 'blocks[0].element.options[0].value: 76 chars > 75',
  },
  {
    name: 'option description at most 75 chars',
    passing: [input({ type: 'radio_buttons', options: [{ ...option('a'), description: plain(x(75)) }] })],
    failing: [input({ type: 'radio_buttons', options: [{ ...option('a'), description: plain(x(76)) }] })],
    error: 'blocks[0].element.options[0].description.text: 76 chars > 75',
  },
  {
    name: 'select option text must be plain_text',
    passing: [input({ type: 'static_select', options: [option('a')] })],
    failing: [input({ type: 'static_select', options: [{ text: mrkdwn('*a*'), value: 'a' }] })],
    error: 'blocks[0].element.options[0].text.type: must be plain_text (got mrkdwn)',
  },
  {
    name: 'button text at most 75 chars',
    passing: [actions(button({ text: plain(x(75)) }))],
    failing: [actions(button({ text: plain(x(76)) }))],
    error: 'blocks[0].elements[0].text.text: 76 chars > 75',
  },
  {
    name: 'button value at most 2000 chars',
    passing: [actions(button({ value: x(2000) }))],
    failing: [actions(button({ value: x(2001) }))],
    error: 'blocks[0].elements[0].value: 2001 chars > 2000',
  },
  {
    name: 'button url at most 3000 chars',
    passing: [actions(button({ url: `https://e.x/${x(2988)}` }))],
    failing: [actions(button({ url: `https://e.x/${x(2989)}` }))],
    error: 'blocks[0].elements[0].url: 3001 chars > 3000',
  },
  {
    name: 'button style is primary or danger',
    passing: [actions(button({ style: 'danger' }))],
    failing: [actions(button({ style: 'green' }))],
    error: 'blocks[0].elements[0].style: must be primary or danger',
  },
  {
    name: 'confirm title at most 100 chars',
    passing: [actions(button({ confirm: confirm({ title: plain(x(100)) }) }))],
    failing: [actions(button({ confirm: confirm({ title: plain(x(101)) }) }))],
    error: 'blocks[0].elements[0].confirm.title.text: 101 chars > 100',
  },
  {
    name: 'confirm text at most 300 chars',
    passing: [actions(button({ confirm: confirm({ text: plain(x(300)) }) }))],
    failing: [actions(button({ confirm: confirm({ text: plain(x(301)) }) }))],
    error: 'blocks[0].elements[0].confirm.text.text: 301 chars > 300',
  },
  {
    name: 'confirm button at most 30 chars',
    passing: [actions(button({ confirm: confirm({ confirm: plain(x(30)) }) }))],
    failing: [actions(button({ confirm: confirm({ confirm: plain(x(31)) }) }))],
    error: 'blocks[0].elements[0].confirm.confirm.text: 31 chars > 30',
  },
  {
    name: 'confirm deny at most 30 chars',
    passing: [actions(button({ confirm: confirm({ deny: plain(x(30)) }) }))],
    failing: [actions(button({ confirm: confirm({ deny: plain(x(31)) }) }))],
    error: 'blocks[0].elements[0].confirm.deny.text: 31 chars > 30',
  },
  {
    name: 'block_id at most 255 chars',
    passing: [{ ...section('a'), block_id: x(255) }],
    failing: [{ ...section('a'), block_id: x(256) }],
    error: 'blocks[0].block_id: 256 chars > 255',
  },
  {
    name: 'action_id at most 255 chars',
    passing: [actions(button({ action_id: x(255) }))],
    failing: [actions(button({ action_id: x(256) }))],
    error: 'blocks[0].elements[0].action_id: 256 chars > 255',
  },
  {
    name: 'block_ids unique within a surface',
    passing: [
      { ...section('a'), block_id: 'one' },
      { ...section('b'), block_id: 'two' },
    ],
    failing: [
      { ...section('a'), block_id: 'same' },
      { ...section('b'), block_id: 'same' },
    ],
    error: 'blocks[1].block_id: duplicate block_id "same" (also at blocks[0].block_id)',
  },
  {
    name: 'action_ids unique within a block',
    passing: [actions(button({ action_id: 'a' }), button({ action_id: 'b' }))],
    failing: [actions(button({ action_id: 'a' }), button({ action_id: 'a' }))],
    error:
      'blocks[0].elements[1].action_id: duplicate action_id "a" in one block (also at blocks[0].elements[0].action_id)',
  },
  {
    name: 'message at most 50 blocks',
    passing: Array.from({ length: 50 }, () => ({ type: 'divider' })),
    failing: Array.from({ length: 51 }, () => ({ type: 'divider' })),
    error: 'blocks: 51 blocks > 50 (message)',
  },
  {
    name: 'modal at most 100 blocks',
    surface: 'modal',
    passing: Array.from({ length: 100 }, () => ({ type: 'divider' })),
    failing: Array.from({ length: 101 }, () => ({ type: 'divider' })),
    error: 'blocks: 101 blocks > 100 (modal)',
  },
  {
    name: 'home at most 100 blocks',
    surface: 'home',
    passing: Array.from({ length: 100 }, () => ({ type: 'divider' })),
    failing: Array.from({ length: 101 }, () => ({ type: 'divider' })),
    error: 'blocks: 101 blocks > 100 (home)',
  },
  {
    name: 'markdown blocks at most 12,000 chars cumulative',
    passing: [
      { type: 'markdown', text: x(6000) },
      { type: 'markdown', text: x(6000) },
    ],
    failing: [
      { type: 'markdown', text: x(6000) },
      { type: 'markdown', text: x(6001) },
    ],
    error: 'blocks: markdown blocks total 12001 chars > 12000',
  },
  {
    name: 'image block needs image_url or slack_file',
    passing: [{ type: 'image', slack_file: { id: 'F1' }, alt_text: 'chart' }],
    failing: [{ type: 'image', alt_text: 'chart' }],
    error: 'blocks[0]: image_url or slack_file required',
  },
  {
    name: 'image block needs alt_text',
    passing: [{ type: 'image', image_url: 'https://e.x/a.png', alt_text: 'chart' }],
    failing: [{ type: 'image', image_url: 'https://e.x/a.png' }],
    error: 'blocks[0].alt_text: required',
  },
  {
    name: 'context image needs alt_text',
    passing: [{ type: 'context', elements: [{ type: 'image', image_url: 'https://e.x/a.png', alt_text: 'a' }] }],
    failing: [{ type: 'context', elements: [{ type: 'image', image_url: 'https://e.x/a.png' }] }],
    error: 'blocks[0].elements[0].alt_text: required',
  },
  {
    name: 'input elements are not allowed in actions blocks',
    passing: [actions({ type: 'static_select', action_id: 's', options: options(2) })],
    failing: [actions({ type: 'plain_text_input', action_id: 'p' })],
    error: 'blocks[0].elements[0].type: plain_text_input is not allowed here',
  },
  {
    name: 'buttons are not allowed in input blocks',
    passing: [input({ type: 'plain_text_input' })],
    failing: [input({ type: 'button', text: plain('Go') })],
    error: 'blocks[0].element.type: button is not allowed here',
  },
  {
    name: 'unknown block types are rejected',
    passing: [{ type: 'divider' }],
    failing: [{ type: 'sectoin', text: mrkdwn('a') }],
    error: 'blocks[0].type: unknown block type sectoin',
  },
];

describe('validateBlocks', () => {
  for (const rule of rules) {
    it(`enforces: ${rule.name}`, () => {
      const surface = rule.surface ?? 'message';
      expect(validateBlocks(rule.passing, surface)).toEqual([]);
      expect(validateBlocks(rule.failing, surface)).toContain(rule.error);
    });
  }

  it('counts characters, not UTF-16 units', () => {
    expect(validateBlocks([section('😀'.repeat(3000))], 'message')).toEqual([]);
  });

  it('reports every violation with its path', () => {
    const errors = validateBlocks([section(x(3001)), { type: 'header', text: plain(x(151)) }], 'message');
    expect(errors).toEqual(['blocks[0].text.text: 3001 chars > 3000', 'blocks[1].text.text: 151 chars > 150']);
  });

  it('rejects a non-array blocks value', () => {
    expect(validateBlocks({ type: 'section' }, 'message')).toEqual(['blocks: must be an array']);
  });
});

describe('validateView', () => {
  it('accepts a well-formed modal and home tab', () => {
    expect(validateView(modal())).toEqual([]);
    expect(validateView({ type: 'home', blocks: [section('hi')] })).toEqual([]);
  });

  it.each([
    ['title', 'view.title.text: 25 chars > 24'],
    ['submit', 'view.submit.text: 25 chars > 24'],
    ['close', 'view.close.text: 25 chars > 24'],
  ])('limits the modal %s to 24 chars', (field, error) => {
    expect(validateView(modal({ [field]: plain(x(24)) }))).toEqual([]);
    expect(validateView(modal({ [field]: plain(x(25)) }))).toContain(error);
  });

  it('requires plain_text titles', () => {
    expect(validateView(modal({ title: mrkdwn('*New*') }))).toContain(
      'view.title.type: must be plain_text (got mrkdwn)',
    );
  });

  it('requires a modal title', () => {
    expect(validateView(modal({ title: undefined }))).toContain('view.title: text object required');
  });

  it('requires submit when there is an input block', () => {
    const blocks = [input({ type: 'plain_text_input' })];
    expect(validateView(modal({ blocks }))).toEqual([]);
    expect(validateView(modal({ blocks, submit: undefined }))).toContain(
      'view.submit: required when the view has an input block',
    );
    expect(validateView(modal({ submit: undefined }))).toEqual([]);
  });

  it('limits private_metadata to 3000 chars', () => {
    expect(validateView(modal({ private_metadata: x(3000) }))).toEqual([]);
    expect(validateView(modal({ private_metadata: x(3001) }))).toContain('view.private_metadata: 3001 chars > 3000');
  });

  it('limits callback_id and external_id to 255 chars', () => {
    expect(validateView(modal({ callback_id: x(255), external_id: x(255) }))).toEqual([]);
    expect(validateView(modal({ callback_id: x(256) }))).toContain('view.callback_id: 256 chars > 255');
    expect(validateView(modal({ external_id: x(256) }))).toContain('view.external_id: 256 chars > 255');
  });

  it('limits a modal to 100 blocks', () => {
    const blocks = (n: number) => Array.from({ length: n }, () => ({ type: 'divider' }));
    expect(validateView(modal({ blocks: blocks(100) }))).toEqual([]);
    expect(validateView(modal({ blocks: blocks(101) }))).toContain('blocks: 101 blocks > 100 (modal)');
  });

  it('rejects a view over 250 KB', () => {
    const sections = (n: number) => Array.from({ length: n }, (_, i) => ({ ...section(x(2900)), block_id: `b${i}` }));
    expect(validateView(modal({ blocks: sections(80) }))).toEqual([]);
    const errors = validateView(modal({ blocks: sections(95) }));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^view: \d+ bytes > 256000 \(view_too_large\)$/);
  });

  it('rejects unknown view types', () => {
    expect(validateView(modal({ type: 'dialog' }))).toContain('view.type: must be modal or home (got dialog)');
  });

  it('checks the blocks inside the view', () => {
    expect(validateView(modal({ blocks: [section(x(3001))] }))).toEqual(['blocks[0].text.text: 3001 chars > 3000']);
  });
});
