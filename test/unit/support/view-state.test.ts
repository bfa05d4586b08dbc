import { describe, expect, it } from 'vitest';
import { buildViewState } from '../../support/view-state.js';

const plain = (text: string) => ({ type: 'plain_text', text });
const option = (value: string) => ({ text: plain(`Label ${value}`), value });
const input = (blockId: string, element: Record<string, unknown>) => ({
  type: 'input',
  block_id: blockId,
  label: plain(blockId),
  element,
});

const view = {
  type: 'modal',
  blocks: [
    { type: 'section', block_id: 'intro', text: { type: 'mrkdwn', text: 'hi' } },
    input('title', { type: 'plain_text_input', action_id: 'title_input', initial_value: 'Draft' }),
    input('context', { type: 'plain_text_input', action_id: 'context_input', multiline: true }),
    input('budget', { type: 'number_input', action_id: 'budget_input', is_decimal_allowed: false }),
    input('email', { type: 'email_text_input', action_id: 'email_input' }),
    input('link', { type: 'url_text_input', action_id: 'link_input' }),
    input('status', {
      type: 'static_select',
      action_id: 'status_select',
      options: [option('proposed'), option('accepted')],
      initial_option: option('proposed'),
    }),
    input('grouped', {
      type: 'static_select',
      action_id: 'grouped_select',
      option_groups: [{ label: plain('G'), options: [option('g1'), option('g2')] }],
    }),
    input('scope', { type: 'radio_buttons', action_id: 'scope_radio', options: [option('team'), option('org')] }),
    input('tags', { type: 'multi_static_select', action_id: 'tags_select', options: [option('db'), option('api')] }),
    input('checks', {
      type: 'checkboxes',
      action_id: 'checks_box',
      options: [option('a'), option('b')],
      initial_options: [option('a')],
    }),
    input('owner', { type: 'users_select', action_id: 'owner_select', initial_user: 'U_BOB' }),
    input('deciders', { type: 'multi_users_select', action_id: 'deciders_select' }),
    input('where', { type: 'conversations_select', action_id: 'where_select' }),
    input('channel', { type: 'channels_select', action_id: 'channel_select' }),
    input('due', { type: 'datepicker', action_id: 'due_date', initial_date: '2026-01-31' }),
    {
      type: 'actions',
      block_id: 'toolbar',
      elements: [
        { type: 'button', action_id: 'refresh', text: plain('Refresh') },
        { type: 'static_select', action_id: 'sort_select', options: [option('new'), option('old')] },
      ],
    },
  ],
};

describe('buildViewState', () => {
  it('fills every input from friendly values the way Slack sends them', () => {
    const values = buildViewState(view, {
      title_input: 'Use Postgres',
      context_input: 'We need a DB',
      budget_input: 42,
      email_input: 'a@b.c',
      link_input: 'https://e.x',
      status_select: 'accepted',
      grouped_select: 'g2',
      scope_radio: 'org',
      tags_select: ['db', 'api'],
      checks_box: ['b'],
      owner_select: 'U_ALICE',
      deciders_select: ['U_ALICE', 'U_BOB'],
      where_select: 'C_GENERAL',
      channel_select: 'C_ARCH',
      due_date: '2026-02-01',
      sort_select: 'old',
    });
    expect(values).toEqual({
      title: { title_input: { type: 'plain_text_input', value: 'Use Postgres' } },
      context: { context_input: { type: 'plain_text_input', value: 'We need a DB' } },
      budget: { budget_input: { type: 'number_input', value: '42' } },
      email: { email_input: { type: 'email_text_input', value: 'a@b.c' } },
      link: { link_input: { type: 'url_text_input', value: 'https://e.x' } },
      status: { status_select: { type: 'static_select', selected_option: option('accepted') } },
      grouped: { grouped_select: { type: 'static_select', selected_option: option('g2') } },
      scope: { scope_radio: { type: 'radio_buttons', selected_option: option('org') } },
      tags: { tags_select: { type: 'multi_static_select', selected_options: [option('db'), option('api')] } },
      checks: { checks_box: { type: 'checkboxes', selected_options: [option('b')] } },
      owner: { owner_select: { type: 'users_select', selected_user: 'U_ALICE' } },
      deciders: { deciders_select: { type: 'multi_users_select', selected_users: ['U_ALICE', 'U_BOB'] } },
      where: { where_select: { type: 'conversations_select', selected_conversation: 'C_GENERAL' } },
      channel: { channel_select: { type: 'channels_select', selected_channel: 'C_ARCH' } },
      due: { due_date: { type: 'datepicker', selected_date: '2026-02-01' } },
      toolbar: { sort_select: { type: 'static_select', selected_option: option('old') } },
    });
  });

  it('keeps initial values for inputs not mentioned and null or empty for the rest', () => {
    const values = buildViewState(view, {});
    expect(values.title?.title_input).toEqual({ type: 'plain_text_input', value: 'Draft' });
    expect(values.context?.context_input).toEqual({ type: 'plain_text_input', value: null });
    expect(values.status?.status_select).toEqual({ type: 'static_select', selected_option: option('proposed') });
    expect(values.scope?.scope_radio).toEqual({ type: 'radio_buttons', selected_option: null });
    expect(values.tags?.tags_select).toEqual({ type: 'multi_static_select', selected_options: [] });
    expect(values.checks?.checks_box).toEqual({ type: 'checkboxes', selected_options: [option('a')] });
    expect(values.owner?.owner_select).toEqual({ type: 'users_select', selected_user: 'U_BOB' });
    expect(values.deciders?.deciders_select).toEqual({ type: 'multi_users_select', selected_users: [] });
    expect(values.due?.due_date).toEqual({ type: 'datepicker', selected_date: '2026-01-31' });
    expect(values.intro).toBeUndefined();
    expect(values.toolbar?.refresh).toBeUndefined();
  });

  it('throws for an action_id the view does not have', () => {
    expect(() => buildViewState(view, { titel_input: 'typo' })).toThrow(
      /no stateful element with action_id "titel_input"/,
    );
  });

  it('throws for an option value the element does not offer', () => {
    expect(() => buildViewState(view, { status_select: 'rejected' })).toThrow(
      /status_select \(static_select\) has no option with value "rejected"; options: "proposed", "accepted"/,
    );
  });

  it('requires arrays for multi-value elements', () => {
    expect(() => buildViewState(view, { tags_select: 'db' })).toThrow(/needs an array/);
  });

  it('returns a copy of the option so later edits to the view do not leak into the state', () => {
    const values = buildViewState(view, { scope_radio: 'team' });
    const selected = values.scope?.scope_radio?.selected_option;
    expect(selected).toEqual(option('team'));
    const scopeBlock = view.blocks.find((b) => b.block_id === 'scope') as unknown as {
      element: { options: unknown[] };
    };
    expect(selected).not.toBe(scopeBlock.element.options[0]);
  });
});
