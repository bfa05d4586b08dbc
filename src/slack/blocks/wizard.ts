import type { Button, InputBlock, KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import type { AdrContent, ConsideredOption } from '../../domain/adr.js';
import { formatAdrNumber } from '../../domain/adr-number.js';
import { TOPIC_STARTERS } from '../../domain/topics.js';
import {
  LONG_TEXT_MAX,
  MAX_OPTIONS,
  MIN_OPTIONS,
  OPTION_NAME_MAX,
  SHORT_TEXT_MAX,
  TITLE_MAX,
} from '../../domain/validation.js';
import { LAST_STEP, WIZARD_STEPS, type WizardState } from '../../domain/wizard.js';
import { Views, WizardActions, WizardBlocks } from '../ids.js';
import { wizardMetadata } from '../metadata.js';
import { adrDocumentBlocks } from './adr-document.js';
import { escapeMrkdwn, isUserId, truncate } from './mrkdwn.js';

/** Lines of a list field are joined with newlines; list inputs accept this many characters. */
const LIST_MAX = 3000;

/** Blocks other features add to the wizard's steps (AI assist, review). */
export interface WizardExtras {
  /** After the context field on step 1. */
  step1Actions?: KnownBlock[];
  /** At the top of the pros and cons step. */
  step3Actions?: KnownBlock[];
  /** A button beside an option's heading on the pros and cons step. */
  optionAccessory?: (index: number, option: ConsideredOption) => Button | undefined;
  /** Above the document on the review step; the document gives up as many blocks. */
  reviewBlocks?: KnownBlock[];
}

export function wizardTitle(state: Pick<WizardState, 'editing'>, step: number): string {
  const prefix = state.editing === null ? 'New ADR' : `Edit ${formatAdrNumber(state.editing)}`;
  return truncate(`${prefix} (${step}/${LAST_STEP})`, 24);
}

export function wizardProgress(step: number): string {
  return `*Step ${step} of ${LAST_STEP}: ${WIZARD_STEPS[step - 1]}*  ·  ${progress(step)}`;
}

export function wizardView(state: WizardState, extras: WizardExtras = {}): ModalView {
  const step = Math.min(Math.max(state.step, 1), LAST_STEP);
  const blocks: KnownBlock[] = [{ type: 'context', elements: [{ type: 'mrkdwn', text: wizardProgress(step) }] }];
  if (state.notice) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: truncate(state.notice, 2900) } });
  blocks.push(...stepBlocks(step, state, extras));
  if (step > 1) {
    blocks.push({
      type: 'actions',
      block_id: WizardBlocks.navigation,
      elements: [{ type: 'button', text: { type: 'plain_text', text: '← Back' }, action_id: WizardActions.back }],
    });
  }
  return {
    type: 'modal',
    callback_id: Views.wizard,
    title: { type: 'plain_text', text: wizardTitle(state, step) },
    submit: {
      type: 'plain_text',
      text: step < LAST_STEP ? 'Next' : state.editing === null ? 'Propose' : 'Save changes',
    },
    close: { type: 'plain_text', text: 'Close' },
    notify_on_close: true,
    private_metadata: wizardMetadata.encode({ draftId: state.draftId, step }),
    blocks,
  };
}

function progress(step: number): string {
  return WIZARD_STEPS.map((_, index) => (index + 1 < step ? '●' : index + 1 === step ? '◉' : '○')).join(' ');
}

function stepBlocks(step: number, state: WizardState, extras: WizardExtras): KnownBlock[] {
  const { content } = state;
  switch (step) {
    case 1:
      return [
        textInput(WizardBlocks.title, 'Title', {
          initial: content.title,
          maxLength: TITLE_MAX,
          placeholder: 'Use PostgreSQL for the order service',
        }),
        topicInput(),
        {
          type: 'input',
          block_id: WizardBlocks.deciders,
          optional: true,
          label: { type: 'plain_text', text: 'Deciders' },
          hint: { type: 'plain_text', text: 'The people who decide; they may accept or reject it.' },
          element: {
            type: 'multi_users_select',
            action_id: WizardBlocks.deciders,
            placeholder: { type: 'plain_text', text: 'Pick people' },
            ...(content.deciders.some(isUserId) ? { initial_users: content.deciders.filter(isUserId) } : {}),
          },
        },
        textInput(WizardBlocks.technicalStory, 'Technical story', {
          initial: content.technicalStory,
          maxLength: SHORT_TEXT_MAX,
          optional: true,
          placeholder: 'Ticket or link, e.g. JIRA-123',
        }),
        textInput(WizardBlocks.context, 'Context and problem statement', {
          initial: content.context,
          maxLength: LONG_TEXT_MAX,
          multiline: true,
          optional: true,
          hint: 'Two or three paragraphs: what forces are at play, what constraints exist?',
        }),
        ...(extras.step1Actions ?? []),
      ];
    case 2:
      return optionsStep(state);
    case 3:
      return [...(extras.step3Actions ?? []), ...prosConsStep(content, extras.optionAccessory)];
    case 4:
      return outcomeStep(content);
    default: {
      const review = extras.reviewBlocks ?? [];
      return [
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: `*${escapeMrkdwn(truncate(content.title || 'Untitled decision', 200))}*\nRead it once more, then ${state.editing === null ? '*Propose* it to the team' : '*Save changes*'}.`,
          },
        },
        ...review,
        ...adrDocumentBlocks(content, { maxBlocks: 90 - review.length }),
      ];
    }
  }
}

function optionsStep(state: WizardState): KnownBlock[] {
  const { content } = state;
  const slots = Math.min(MAX_OPTIONS, Math.max(MIN_OPTIONS, state.optionSlots ?? 0, content.options.length));
  const blocks: KnownBlock[] = [
    textInput(WizardBlocks.drivers, 'Decision drivers', {
      initial: content.drivers.join('\n'),
      maxLength: LIST_MAX,
      multiline: true,
      optional: true,
      hint: 'One per line, e.g. "Need to support 10K concurrent users".',
    }),
    { type: 'header', text: { type: 'plain_text', text: 'Considered options' } },
  ];
  for (let index = 0; index < slots; index++) {
    blocks.push(
      textInput(WizardBlocks.option(index), `Option ${index + 1}`, {
        initial: content.options[index]?.name ?? '',
        maxLength: OPTION_NAME_MAX,
        optional: index >= MIN_OPTIONS,
      }),
    );
  }
  const removable: PlainTextOption[] = Array.from({ length: slots }, (_, index) => ({
    text: {
      type: 'plain_text',
      text: truncate(
        `Remove option ${index + 1}${content.options[index]?.name ? `: ${content.options[index]?.name}` : ''}`,
        75,
      ),
    },
    value: String(index),
  }));
  blocks.push({
    type: 'actions',
    block_id: WizardBlocks.optionsActions,
    elements: [
      ...(slots < MAX_OPTIONS
        ? [
            {
              type: 'button' as const,
              text: { type: 'plain_text' as const, text: '+ Add option' },
              action_id: WizardActions.addOption,
            },
          ]
        : []),
      ...(slots > MIN_OPTIONS
        ? [
            {
              type: 'static_select' as const,
              action_id: WizardActions.removeOption,
              placeholder: { type: 'plain_text' as const, text: 'Remove an option…' },
              options: removable,
            },
          ]
        : []),
    ],
  });
  if (slots >= MAX_OPTIONS) {
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `That is the maximum of ${MAX_OPTIONS} options.` }],
    });
  }
  return blocks;
}

function prosConsStep(content: AdrContent, accessory: WizardExtras['optionAccessory']): KnownBlock[] {
  const blocks: KnownBlock[] = [
    {
      type: 'context',
      elements: [
        { type: 'mrkdwn', text: 'One argument per line. "Good, because" and "Bad, because" are added for you.' },
      ],
    },
  ];
  content.options.forEach((option, index) => {
    const button = accessory?.(index, option);
    blocks.push(
      {
        type: 'section',
        text: { type: 'mrkdwn', text: `*${index + 1}. ${escapeMrkdwn(option.name)}*` },
        ...(button ? { accessory: button } : {}),
      },
      textInput(WizardBlocks.pros(index), 'Good, because…', {
        initial: option.pros.join('\n'),
        maxLength: LIST_MAX,
        multiline: true,
        optional: true,
      }),
      textInput(WizardBlocks.cons(index), 'Bad, because…', {
        initial: option.cons.join('\n'),
        maxLength: LIST_MAX,
        multiline: true,
        optional: true,
      }),
    );
  });
  return blocks;
}

function outcomeStep(content: AdrContent): KnownBlock[] {
  const choices: PlainTextOption[] = content.options.map((option) => ({
    text: { type: 'plain_text', text: truncate(option.name, 75) },
    value: truncate(option.name, 75),
  }));
  const chosen = choices.find((choice) => choice.value === content.chosenOption);
  return [
    {
      type: 'context',
      elements: [
        { type: 'mrkdwn', text: 'A Proposed ADR may leave the outcome open; fill it in once the team agrees.' },
      ],
    },
    {
      type: 'input',
      block_id: WizardBlocks.chosenOption,
      optional: true,
      label: { type: 'plain_text', text: 'Chosen option' },
      element: {
        type: 'static_select',
        action_id: WizardBlocks.chosenOption,
        placeholder: { type: 'plain_text', text: 'Not decided yet' },
        options: choices,
        ...(chosen ? { initial_option: chosen } : {}),
      },
    },
    textInput(WizardBlocks.justification, 'Because…', {
      initial: content.justification,
      maxLength: LONG_TEXT_MAX,
      multiline: true,
      optional: true,
      hint: 'The justification in one or two sentences.',
    }),
    textInput(WizardBlocks.positive, 'Positive consequences', {
      initial: content.positiveConsequences.join('\n'),
      maxLength: LIST_MAX,
      multiline: true,
      optional: true,
      hint: 'One per line.',
    }),
    textInput(WizardBlocks.negative, 'Negative consequences', {
      initial: content.negativeConsequences
        .map((item) => (item.mitigation ? `${item.text} | Mitigation: ${item.mitigation}` : item.text))
        .join('\n'),
      maxLength: LIST_MAX,
      multiline: true,
      optional: true,
      hint: 'One per line. Add a risk mitigation after "| Mitigation:", e.g. "Single writer | Mitigation: queue writes".',
    }),
    textInput(WizardBlocks.links, 'Links', {
      initial: content.links.join('\n'),
      maxLength: LIST_MAX,
      multiline: true,
      optional: true,
      hint: 'References, benchmark data, related ADRs; one per line.',
    }),
  ];
}

function topicInput(): InputBlock {
  return {
    type: 'input',
    block_id: WizardBlocks.topic,
    optional: true,
    label: { type: 'plain_text', text: 'Topic starter' },
    hint: {
      type: 'plain_text',
      text: 'Pre-fills typical drivers and options for common decisions. Nothing you typed is replaced.',
    },
    element: {
      type: 'static_select',
      action_id: WizardBlocks.topic,
      placeholder: { type: 'plain_text', text: 'Start from scratch' },
      options: TOPIC_STARTERS.map((topic) => ({
        text: { type: 'plain_text', text: truncate(topic.label, 75) },
        value: topic.id,
      })),
    },
  };
}

export function textInput(
  blockId: string,
  label: string,
  options: {
    initial: string;
    maxLength: number;
    multiline?: boolean;
    optional?: boolean;
    placeholder?: string;
    hint?: string;
  },
): InputBlock {
  const initial = options.initial.slice(0, options.maxLength);
  return {
    type: 'input',
    block_id: blockId,
    optional: options.optional ?? false,
    label: { type: 'plain_text', text: label },
    ...(options.hint ? { hint: { type: 'plain_text', text: options.hint } } : {}),
    element: {
      type: 'plain_text_input',
      action_id: blockId,
      multiline: options.multiline ?? false,
      max_length: options.maxLength,
      ...(initial ? { initial_value: initial } : {}),
      ...(options.placeholder ? { placeholder: { type: 'plain_text', text: options.placeholder } } : {}),
    },
  };
}
