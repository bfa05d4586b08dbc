import { describe, expect, it } from 'vitest';
import { renderBlocks, renderMessage, renderView, wrap } from '../../../demo/render-text.js';

const options = { users: { U_BOB: 'Bob Chen' }, channels: { C_DECISIONS: 'decisions' } };
const mrkdwn = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });

describe('demo text rendering', () => {
  it('shows people and channels by name, emoji as characters, and drops mrkdwn markers', () => {
    const text = renderBlocks(
      [mrkdwn(':white_check_mark: *Approved* by <@U_BOB> in <#C_DECISIONS>, _today_ :unknown_code:')],
      options,
    );
    expect(text).toBe('✅ Approved by @Bob Chen in #decisions, today :unknown_code:');
  });

  it('never turns escaped user text into a mention, and shows links with their label', () => {
    const text = renderBlocks([mrkdwn('&lt;@U_BOB&gt; &amp; <https://example.com/adr|the ADR> <!here>')], options);
    expect(text).toBe('<@U_BOB> & the ADR (https://example.com/adr) @here');
  });

  it('shows a code block without its fences and leaves its text alone', () => {
    const text = renderBlocks([mrkdwn('*#1  PostgreSQL*\n```\nCost  15 %  ███░ *3.67*\n```')], options);
    expect(text).toBe('#1  PostgreSQL\n  ┃ Cost  15 %  ███░ *3.67*');
  });

  it('renders a modal with its inputs, picked options and people', () => {
    const text = renderView(
      {
        type: 'modal',
        title: { type: 'plain_text', text: 'Settings' },
        submit: { type: 'plain_text', text: 'Save' },
        blocks: [
          {
            type: 'input',
            label: { type: 'plain_text', text: 'Admins' },
            element: { type: 'multi_users_select', initial_users: ['U_BOB'] },
          },
          {
            type: 'input',
            label: { type: 'plain_text', text: 'Rule' },
            element: {
              type: 'radio_buttons',
              options: [
                { text: { type: 'plain_text', text: 'Any' }, value: 'any' },
                { text: { type: 'plain_text', text: 'Majority' }, value: 'majority' },
              ],
              initial_option: { text: { type: 'plain_text', text: 'Majority' }, value: 'majority' },
            },
          },
        ],
      },
      options,
    );
    expect(text).toContain('  Settings\n');
    expect(text).toContain('Admins\n  [ @Bob Chen ▾ ]');
    expect(text).toContain('( ) Any\n  (•) Majority');
    expect(text).toContain('[ Save ]');
  });

  it('wraps long lines under their bullet, and keeps a button whole', () => {
    expect(wrap('• one two three four', 12)).toBe('• one two\n  three four');
    expect(wrap('[ View full ADR ] [ Accept ]', 20)).toBe('[ View full ADR ]\n[ Accept ]');
    expect(renderMessage({ text: 'no blocks, *just* text' }, options)).toBe('no blocks, just text');
  });
});
