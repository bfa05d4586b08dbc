// Drives the app the way people do (commands, the wizard, buttons) to set up approvals and notification scenarios.
import { expect } from 'vitest';
import type { TestApp } from './app-harness.js';
import { answerOf, viewOf } from './app-harness.js';
import type { RecordedCall, SlackView, StoredMessage } from './fake-slack.js';

export interface ProposedAdr {
  number: number;
  card: StoredMessage;
}

export interface ProposeOptions {
  title?: string;
  deciders?: string[];
  userId?: string;
  channelId?: string;
  /** The workspace proposing (default: the test client's). */
  teamId?: string;
}

/** Runs the five-step wizard and returns the new ADR's number and its posted card. */
export async function proposeAdr(t: TestApp, options: ProposeOptions = {}): Promise<ProposedAdr> {
  const title = options.title ?? 'Use PostgreSQL for orders';
  const userId = options.userId ?? 'U_ALICE';
  const channelId = options.channelId ?? 'C_GENERAL';
  const teamId = options.teamId ?? t.slack.teamId;
  let since = t.fake.calls.length;
  await t.slack.command('new', { userId, channelId, teamId });
  let view: SlackView | undefined = viewOf(t.fake, await t.fake.waitFor('views.open', undefined, { since }));
  const steps: Record<string, unknown>[] = [
    {
      wizard_title: title,
      wizard_deciders: options.deciders ?? [],
      wizard_context: 'Orders need transactions across several tables, and we must decide which database to use.',
    },
    { wizard_drivers: 'ACID transactions\nTeam knows SQL', wizard_option_0: 'PostgreSQL', wizard_option_1: 'MongoDB' },
    {
      wizard_pros_0: 'ACID',
      wizard_cons_0: 'Write scaling needs sharding',
      wizard_pros_1: 'Flexible schema',
      wizard_cons_1: 'No joins',
    },
    {
      wizard_chosen_option: 'PostgreSQL',
      wizard_justification: 'it gives us transactions',
      wizard_positive: 'One database to run',
      wizard_negative: 'Single primary | Mitigation: read replicas',
    },
    {},
  ];
  since = t.fake.calls.length;
  for (const inputs of steps) {
    const submitted = await t.submit(view as SlackView, inputs, { userId, teamId });
    expect(submitted.body?.response_action).not.toBe('errors');
    view = submitted.next;
  }
  const posted = await t.fake.waitFor('chat.postMessage', undefined, { since });
  await t.settle();
  const postedTs = answerOf<{ ts?: string }>(posted).ts;
  const card = t.fake.messages(String(posted.args.channel)).find((m) => m.ts === postedTs);
  if (!card) throw new Error('the ADR card was not posted');
  const number = Number(/ADR-(\d+)/.exec(JSON.stringify(card.blocks))?.[1]);
  return { number, card };
}

export interface SettingsChoice {
  channel?: string | null;
  acceptPolicy?: 'author_and_deciders' | 'deciders_only';
  rule?: 'any' | 'majority' | 'all';
  reviewMonths?: number;
  reminderDays?: number;
  admins?: string[];
}

/** Opens /adr config and submits it; returns the app's answer to the submission. */
export async function configure(t: TestApp, choice: SettingsChoice, userId = 'U_ALICE', teamId = t.slack.teamId) {
  const since = t.fake.calls.length;
  const response = await t.slack.command('config', { userId, teamId });
  expect(response.status).toBe(200);
  const view = viewOf(t.fake, await t.fake.waitFor('views.open', undefined, { since }));
  const inputs: Record<string, unknown> = {};
  if (choice.channel !== undefined) inputs.settings_decisions_channel = choice.channel;
  if (choice.acceptPolicy) inputs.settings_accept_policy = choice.acceptPolicy;
  if (choice.rule) inputs.settings_approval_rule = choice.rule;
  if (choice.reviewMonths !== undefined) inputs.settings_review_period = String(choice.reviewMonths);
  if (choice.reminderDays !== undefined) inputs.settings_reminder_days = String(choice.reminderDays);
  if (choice.admins) inputs.settings_admins = choice.admins;
  const submitted = await t.submit(view, inputs, { userId, teamId });
  await t.settle();
  return submitted;
}

/** Clicks a button of a stored message as `userId`. */
export async function click(
  t: TestApp,
  message: StoredMessage,
  actionId: string,
  userId: string,
  options: { value?: string; teamId?: string } = {},
) {
  const response = await t.slack.blockAction({
    actionId,
    userId,
    ...(options.teamId !== undefined ? { teamId: options.teamId } : {}),
    channelId: message.channel,
    message: { ...message, channel: message.channel },
    ...(options.value !== undefined ? { value: options.value } : {}),
  });
  expect(response.status).toBe(200);
  await t.settle();
  return response;
}

/** The latest version of a stored message (after chat.update calls). */
export function current(t: TestApp, message: StoredMessage): StoredMessage {
  const found = t.fake.messages(message.channel).find((m) => m.ts === message.ts);
  if (!found) throw new Error(`message ${message.ts} in ${message.channel} is gone`);
  return found;
}

/** Messages the app posted to a person (a DM is a chat.postMessage with the user id as channel). */
export function dmsTo(t: TestApp, userId: string): StoredMessage[] {
  return t.fake.messages(userId);
}

/** response_url posts (ephemeral replies, replaced messages) made since `since`. */
export function responses(t: TestApp, since = 0): RecordedCall[] {
  return t.fake.callsTo('response_url').filter((call) => call.index >= since);
}

export function allText(value: unknown): string {
  return JSON.stringify(value);
}

/** Every mrkdwn text object in a payload: the places where Slack would render a mention. */
export function mrkdwnTexts(value: unknown): string[] {
  const found: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) walk(item);
      return;
    }
    if (!node || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    if (record.type === 'mrkdwn' && typeof record.text === 'string') found.push(record.text);
    for (const child of Object.values(record)) walk(child);
  };
  walk(value);
  return found;
}
