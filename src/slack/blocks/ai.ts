import type { Button, KnownBlock, ModalView } from '@slack/types';
import type { Finding } from '../../domain/review.js';
import { LAST_STEP, type WizardState } from '../../domain/wizard.js';
import { AiActions, AiBlocks, Views } from '../ids.js';
import { wizardMetadata } from '../metadata.js';
import { chunks } from './adr-document.js';
import { notice } from './common.js';
import { escapeMrkdwn, truncate } from './mrkdwn.js';
import { type WizardExtras, wizardProgress, wizardTitle } from './wizard.js';

/** Findings shown on the review step, and whether the AI review is still running. */
export interface ReviewPanel {
  findings: readonly Finding[];
  aiPending?: boolean;
}

export interface AiWizardOptions {
  /** False without OPENAI_API_KEY: the AI buttons are left out; the rule-based review stays. */
  aiEnabled: boolean;
  review?: ReviewPanel;
}

export const AI_OFF_NOTICE = ':information_source: AI drafting is off: an admin can set OPENAI_API_KEY to turn it on.';

const MAX_SHOWN_FINDINGS = 30;
const MAX_FINDING_SECTIONS = 4;

const EMOJI: Record<Finding['severity'], string> = { warning: ':warning:', suggestion: ':bulb:' };

function button(text: string, actionId: string, value?: string): Button {
  return {
    type: 'button',
    text: { type: 'plain_text', text, emoji: true },
    action_id: actionId,
    ...(value === undefined ? {} : { value }),
  };
}

/** The AI buttons and the review panel for the wizard's steps. */
export function aiWizardExtras(options: AiWizardOptions): WizardExtras {
  const extras: WizardExtras = { reviewBlocks: reviewBlocks(options) };
  if (!options.aiEnabled) return extras;
  extras.step1Actions = [
    {
      type: 'actions',
      block_id: AiBlocks.draftActions,
      elements: [button('✨ Draft with AI', AiActions.draftWithAi)],
    },
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: 'Drafts the context, drivers, options with pros and cons and a suggested outcome from the title, the problem statement and the topic starter. Only empty fields are filled; the team still decides.',
        },
      ],
    },
  ];
  extras.step3Actions = [
    {
      type: 'actions',
      block_id: AiBlocks.prosConsActions,
      elements: [button('✨ Suggest for empty options', AiActions.suggestAllProsCons)],
    },
  ];
  extras.optionAccessory = (index, option) =>
    option.pros.every((pro) => pro.trim() === '') || option.cons.every((con) => con.trim() === '')
      ? button('✨ Suggest pros and cons', AiActions.suggestProsCons, String(index))
      : undefined;
  return extras;
}

function reviewBlocks({ aiEnabled, review }: AiWizardOptions): KnownBlock[] {
  const blocks: KnownBlock[] = [
    {
      type: 'actions',
      block_id: AiBlocks.reviewActions,
      elements: [button('Review draft', AiActions.review)],
    },
  ];
  if (!review) {
    blocks.push({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `Checks the draft against the ADR template and the best-practices checklist${aiEnabled ? ', with an AI review' : ''}.`,
        },
      ],
    });
    return blocks;
  }
  return [...blocks, ...findingsBlocks(review)];
}

export function findingsBlocks({ findings, aiPending = false }: ReviewPanel): KnownBlock[] {
  const warnings = findings.filter((finding) => finding.severity === 'warning').length;
  const suggestions = findings.length - warnings;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const summary =
    findings.length === 0
      ? ':white_check_mark: *Review:* no findings. The draft covers the template and the checklist.'
      : `*Review:* ${plural(warnings, 'warning')}, ${plural(suggestions, 'suggestion')}`;
  const pending = aiPending ? '\n:hourglass_flowing_sand: _The AI review is still running…_' : '';
  const shown = findings.slice(0, MAX_SHOWN_FINDINGS);
  const lines = shown.map(
    (finding) => `${EMOJI[finding.severity]} *${finding.section}*: ${escapeMrkdwn(truncate(finding.message, 400))}`,
  );
  if (findings.length > shown.length) lines.push(`_…and ${findings.length - shown.length} more._`);
  const pieces = lines.length > 0 ? chunks(lines.join('\n'), 2900).slice(0, MAX_FINDING_SECTIONS) : [];
  return [
    { type: 'section', text: { type: 'mrkdwn', text: `${summary}${pending}` } },
    ...pieces.map((text): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text } })),
    { type: 'divider' },
  ];
}

/**
 * The wizard while the model works: no inputs, so nothing typed can be lost when the result replaces it.
 * Same callback id and metadata as the wizard, so closing it saves the draft like closing the wizard.
 */
export function aiWorkingView(state: WizardState, message: string): ModalView {
  const step = Math.min(Math.max(state.step, 1), LAST_STEP);
  return {
    type: 'modal',
    callback_id: Views.wizard,
    title: { type: 'plain_text', text: wizardTitle(state, step) },
    close: { type: 'plain_text', text: 'Close' },
    notify_on_close: true,
    private_metadata: wizardMetadata.encode({ draftId: state.draftId, step }),
    blocks: [
      { type: 'context', elements: [{ type: 'mrkdwn', text: wizardProgress(step) }] },
      { type: 'section', text: { type: 'mrkdwn', text: `:hourglass_flowing_sand: *${truncate(message, 2800)}*` } },
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: 'What you typed is saved. You can close this window: the result goes into your draft (`/adr drafts`).',
          },
        ],
      },
    ],
  };
}

/** The ephemeral note when the modal was closed or moved on before the AI answered. */
export function aiResultNote(title: string, outcome: { ok: true } | { ok: false; userMessage: string }) {
  const name = title.trim() ? `"${truncate(title.trim(), 100)}"` : 'your ADR';
  return outcome.ok
    ? notice(`Your AI draft of ${name} is saved: /adr drafts`, ':sparkles:')
    : notice(`${outcome.userMessage} Your draft of ${name} is saved: /adr drafts`, ':warning:');
}

/** "A, B and C" */
export function listPhrase(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

export function draftedNotice(filled: readonly string[], source: string): string {
  if (filled.length === 0) {
    return ':sparkles: The AI had nothing to add: every field it drafts was already filled in.';
  }
  return `:sparkles: ${source} the AI filled in ${listPhrase(filled)}; nothing you typed was replaced. Check every step (press *Next*) before you propose: the AI can be wrong, and the team decides.`;
}
