import type { KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import {
  ACCEPT_POLICIES,
  ACCEPT_POLICY_LABELS,
  APPROVAL_RULE_LABELS,
  APPROVAL_RULES,
  MAX_WATCHED_CHANNELS,
  REMINDER_DAYS,
  REVIEW_PERIODS,
  reminderLabel,
  reviewPeriodLabel,
  type WorkspaceSettings,
} from '../../domain/settings.js';
import type { RepositorySettings } from '../../services/repository-service.js';
import { SettingsActions, SettingsBlocks, Views } from '../ids.js';
import { channelMention, type SlackMessage } from './announcements.js';
import { listOf } from './mrkdwn.js';
import { repositorySettingsBlocks } from './publishing.js';

function option(text: string, value: string): PlainTextOption {
  return { text: { type: 'plain_text', text }, value };
}

const POLICY_OPTIONS = ACCEPT_POLICIES.map((policy) => option(ACCEPT_POLICY_LABELS[policy], policy));
const RULE_OPTIONS = APPROVAL_RULES.map((rule) => option(APPROVAL_RULE_LABELS[rule], rule));
const PERIOD_OPTIONS = REVIEW_PERIODS.map((months) => option(reviewPeriodLabel(months), String(months)));
const REMINDER_OPTIONS = REMINDER_DAYS.map((days) => option(reminderLabel(days), String(days)));

function pick(options: PlainTextOption[], value: string): PlainTextOption {
  return options.find((o) => o.value === value) ?? (options[0] as PlainTextOption);
}

/** `/adr config`: the workspace settings modal. */
export function settingsView(
  settings: WorkspaceSettings,
  actorId: string,
  repository: RepositorySettings | null = null,
): ModalView {
  const admins = settings.adminIds.length > 0 ? settings.adminIds : [actorId];
  const blocks: KnownBlock[] = [
    {
      type: 'input',
      block_id: SettingsBlocks.decisionsChannel,
      optional: true,
      label: { type: 'plain_text', text: 'Decisions channel' },
      hint: {
        type: 'plain_text',
        text: 'Accepted, superseded and deprecated decisions are announced here. Invite the app first: /invite @ADR Assistant',
      },
      element: {
        type: 'conversations_select',
        action_id: SettingsBlocks.decisionsChannel,
        filter: { include: ['public', 'private'], exclude_bot_users: true, exclude_external_shared_channels: true },
        placeholder: { type: 'plain_text', text: 'Pick a channel' },
        ...(settings.decisionsChannelId ? { initial_conversation: settings.decisionsChannelId } : {}),
      },
    },
    {
      type: 'input',
      block_id: SettingsBlocks.acceptPolicy,
      label: { type: 'plain_text', text: 'Who may accept a decision' },
      element: {
        type: 'radio_buttons',
        action_id: SettingsBlocks.acceptPolicy,
        options: POLICY_OPTIONS,
        initial_option: pick(POLICY_OPTIONS, settings.acceptPolicy),
      },
    },
    {
      type: 'input',
      block_id: SettingsBlocks.approvalRule,
      label: { type: 'plain_text', text: 'Approval rule' },
      hint: {
        type: 'plain_text',
        text: '"Request approval" on an ADR card asks each decider by DM; the ADR is accepted when this rule is met.',
      },
      element: {
        type: 'radio_buttons',
        action_id: SettingsBlocks.approvalRule,
        options: RULE_OPTIONS,
        initial_option: pick(RULE_OPTIONS, settings.approvalRule),
      },
    },
    {
      type: 'input',
      block_id: SettingsBlocks.reviewPeriod,
      label: { type: 'plain_text', text: 'Review accepted decisions' },
      hint: { type: 'plain_text', text: 'The author is asked, by DM, whether the decision still holds.' },
      element: {
        type: 'static_select',
        action_id: SettingsBlocks.reviewPeriod,
        options: PERIOD_OPTIONS,
        initial_option: pick(PERIOD_OPTIONS, String(settings.reviewPeriodMonths)),
      },
    },
    {
      type: 'input',
      block_id: SettingsBlocks.reminderDays,
      label: { type: 'plain_text', text: 'Remind deciders of pending approvals' },
      element: {
        type: 'static_select',
        action_id: SettingsBlocks.reminderDays,
        options: REMINDER_OPTIONS,
        initial_option: pick(REMINDER_OPTIONS, String(settings.approvalReminderDays)),
      },
    },
    {
      type: 'input',
      block_id: SettingsBlocks.admins,
      label: { type: 'plain_text', text: 'Settings admins' },
      hint: {
        type: 'plain_text',
        text: 'Only they can change these settings, and they see notifications that could not be delivered.',
      },
      element: {
        type: 'multi_users_select',
        action_id: SettingsBlocks.admins,
        initial_users: admins,
        max_selected_items: 20,
      },
    },
    {
      type: 'input',
      block_id: SettingsBlocks.watchedChannels,
      optional: true,
      label: { type: 'plain_text', text: 'Notice decisions in threads' },
      hint: {
        type: 'plain_text',
        text: 'In these channels only, when a thread reads like a decision, the person who decided is offered (privately, once per thread) to draft an ADR from it. The app stores no message text. Invite the app to each channel.',
      },
      element: {
        type: 'multi_conversations_select',
        action_id: SettingsBlocks.watchedChannels,
        filter: { include: ['public', 'private'], exclude_bot_users: true, exclude_external_shared_channels: true },
        placeholder: { type: 'plain_text', text: 'Off: pick channels to turn it on' },
        max_selected_items: MAX_WATCHED_CHANNELS,
        ...(settings.watchedChannelIds.length > 0 ? { initial_conversations: settings.watchedChannelIds } : {}),
      },
    },
    { type: 'divider' },
    // Default scoring criteria: the scoring feature wires its editor to this button (SettingsActions.scoringCriteria).
    {
      type: 'section',
      block_id: SettingsBlocks.scoring,
      text: {
        type: 'mrkdwn',
        text: '*Default scoring criteria*\nThe weighted criteria new ADRs start with when their options are scored.',
      },
      accessory: {
        type: 'button',
        text: { type: 'plain_text', text: 'Edit criteria' },
        action_id: SettingsActions.scoringCriteria,
      },
    },
    { type: 'divider' },
    ...repositorySettingsBlocks(repository),
  ];
  return {
    type: 'modal',
    callback_id: Views.settings,
    title: { type: 'plain_text', text: 'ADR settings' },
    submit: { type: 'plain_text', text: 'Save' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks,
  };
}

/** What a person who may not change the settings sees instead of the modal. */
export function settingsSummary(settings: WorkspaceSettings): SlackMessage {
  const lines = [
    `*Decisions channel:* ${settings.decisionsChannelId ? channelMention(settings.decisionsChannelId) : '_not set_'}`,
    `*Who may accept:* ${ACCEPT_POLICY_LABELS[settings.acceptPolicy]}`,
    `*Approval rule:* ${APPROVAL_RULE_LABELS[settings.approvalRule]}`,
    `*Review:* ${reviewPeriodLabel(settings.reviewPeriodMonths)}`,
    `*Approval reminders:* ${reminderLabel(settings.approvalReminderDays)}`,
    `*Decisions noticed in threads:* ${
      settings.watchedChannelIds.length > 0 ? settings.watchedChannelIds.map(channelMention).join(', ') : '_off_'
    }`,
  ];
  return {
    text: 'Workspace settings (read-only)',
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `*Workspace settings*\n${lines.join('\n')}` } },
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: `Only the settings admins can change them: ${listOf(settings.adminIds)}.`,
          },
        ],
      },
    ],
  };
}

/** Field error (plain text) when the app is not in channels it should watch: it would receive none of their messages. */
export function notWatchableError(channelNames: readonly (string | null)[]): string {
  const named = channelNames.map((name) => (name ? `#${name}` : 'a channel you picked'));
  const where = named.length === 1 ? (named[0] ?? 'that channel') : named.join(', ');
  return `I am not a member of ${where}, so I would not see its threads. Type /invite @ADR Assistant there, then save again (or remove it).`;
}

/** Field error (plain text) when the app cannot post in the chosen channel. */
export function notInChannelError(channelName: string | null): string {
  const where = channelName ? `#${channelName}` : 'that channel';
  return `I am not a member of ${where} yet, so I could not announce decisions there. Type /invite @ADR Assistant in ${where}, then save again.`;
}
