import type { ActionsBlock, Button, KnownBlock } from '@slack/types';
import type { Adr, AdrStatus } from '../../domain/adr.js';
import { formatAdrNumber } from '../../domain/adr-number.js';
import { type Approval, approvalLine } from '../../domain/approvals.js';
import { statusLabel } from '../../domain/lifecycle.js';
import { dayOf } from '../../domain/review-date.js';
import { CardActions, CardBlocks } from '../ids.js';
import { escapeMrkdwn, listOf, mention, truncate } from './mrkdwn.js';

export const STATUS_EMOJI: Record<AdrStatus, string> = {
  proposed: ':large_yellow_circle:',
  accepted: ':white_check_mark:',
  rejected: ':x:',
  deprecated: ':warning:',
  superseded: ':arrows_counterclockwise:',
};

const CONTEXT_EXCERPT = 500;

export function adrHeading(adr: Pick<Adr, 'number' | 'title'>): string {
  return truncate(`${formatAdrNumber(adr.number)}: ${adr.title}`, 150);
}

export function statusText(adr: Pick<Adr, 'status' | 'supersededBy'>): string {
  return `${STATUS_EMOJI[adr.status]} ${statusLabel(adr.status, adr.supersededBy ?? undefined)}`;
}

/** Plain-text fallback for notifications and screen readers; never contains raw user markup. */
export function adrFallbackText(adr: Adr): string {
  return escapeMrkdwn(
    `${formatAdrNumber(adr.number)}: ${adr.title} (${statusLabel(adr.status, adr.supersededBy ?? undefined)})`,
  );
}

export function outcomeLine(adr: Pick<Adr, 'chosenOption' | 'justification'>): string | null {
  if (!adr.chosenOption) return null;
  const because = adr.justification.trim() ? `, because ${escapeMrkdwn(adr.justification.trim())}` : '';
  return truncate(`Chosen option: "${escapeMrkdwn(adr.chosenOption)}"${because}`, 1500);
}

/** What the card shows beyond the ADR itself, supplied by the features that own it (`deps.cardExtras`). */
export interface AdrCardExtras {
  /** Who has scored the options, and whether scoring is closed; absent until the ADR has a scoring matrix. */
  scoring?: { scorers: string[]; closed: boolean } | null;
}

const MAX_SCORER_MENTIONS = 10;

/** What the card shows beyond the ADR itself, when the repository loaded it (StoredAdr has both). */
export interface CardExtras {
  approvals?: Approval[];
  reviewDueAt?: string | null;
}

const ANSWER_EMOJI: Record<Approval['answer'], string> = {
  approved: ':white_check_mark:',
  changes_requested: ':pencil2:',
  pending: ':hourglass_flowing_sand:',
};

/** "Approvals: ✅ @bob 2026-03-02, ✏️ @carol (changes requested 2026-03-02), ⏳ @dan", or null before any request. */
export function approvalsText(adr: Pick<Adr, 'deciders'> & CardExtras): string | null {
  if (!adr.approvals || adr.approvals.length === 0) return null;
  const line = approvalLine(adr.deciders, adr.approvals).map((approval) => {
    const who = `${ANSWER_EMOJI[approval.answer]} ${mention(approval.deciderId)}`;
    const when = approval.answeredAt ? ` ${dayOf(approval.answeredAt)}` : '';
    if (approval.answer !== 'changes_requested') return `${who}${when}`;
    const comment = approval.comment?.trim();
    return `${who} (changes requested${when}${comment ? `: “${escapeMrkdwn(truncate(comment, 100))}”` : ''})`;
  });
  return truncate(`*Approvals:* ${line.join(', ')}`, 2900);
}

export function adrCardBlocks(adr: Adr & CardExtras, extras: AdrCardExtras = {}): KnownBlock[] {
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: adrHeading(adr) } },
    {
      type: 'section',
      fields: [
        { type: 'mrkdwn', text: `*Status*\n${statusText(adr)}` },
        { type: 'mrkdwn', text: `*Date*\n${escapeMrkdwn(adr.date)}` },
        { type: 'mrkdwn', text: `*Deciders*\n${truncate(listOf(adr.deciders), 1900)}` },
        { type: 'mrkdwn', text: `*Author*\n${mention(adr.authorId)}` },
      ],
    },
  ];
  if (adr.context.trim()) {
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: `*Context*\n${escapeMrkdwn(truncate(adr.context.trim(), CONTEXT_EXCERPT))}` },
    });
  }
  const outcome = outcomeLine(adr);
  if (outcome) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `*Decision*\n${outcome}` } });
  const approvals = approvalsText(adr);
  if (approvals) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: approvals }] });
  const links = linkLine(adr);
  if (links) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: links }] });
  const scored = scoringLine(extras);
  if (scored) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: scored }] });
  blocks.push(cardActions(adr, extras));
  return blocks;
}

/** `Scored by 3: @a, @b, @c`, and whether scoring is closed. */
export function scoringLine(extras: AdrCardExtras): string | null {
  const scoring = extras.scoring;
  if (!scoring || (scoring.scorers.length === 0 && !scoring.closed)) return null;
  const { scorers } = scoring;
  const shown = scorers.slice(0, MAX_SCORER_MENTIONS);
  const more = scorers.length > shown.length ? ` and ${scorers.length - shown.length} more` : '';
  const who = scorers.length > 0 ? `Scored by ${scorers.length}: ${listOf(shown)}${more}` : 'Nobody scored';
  return `:bar_chart: ${who}${scoring.closed ? ' · scoring closed' : ''}`;
}

function linkLine(adr: Adr & CardExtras): string | null {
  const parts: string[] = [];
  if (adr.status === 'accepted' && adr.reviewDueAt) parts.push(`Review due ${dayOf(adr.reviewDueAt)}`);
  if (adr.supersedes.length > 0) parts.push(`Supersedes ${adr.supersedes.map(formatAdrNumber).join(', ')}`);
  if (adr.supersededBy !== null) parts.push(`Superseded by ${formatAdrNumber(adr.supersededBy)}`);
  if (adr.options.length > 0) parts.push(`${adr.options.length} options considered`);
  return parts.length > 0 ? parts.join(' · ') : null;
}

/** A button acting on one ADR: its value is the ADR number, read back by `onAdrButton`. */
export function adrButton(
  text: string,
  actionId: string,
  adr: Pick<Adr, 'number'>,
  style?: 'primary' | 'danger',
): Button {
  return {
    type: 'button',
    text: { type: 'plain_text', text },
    action_id: actionId,
    value: String(adr.number),
    ...(style ? { style } : {}),
  };
}

export function cardActions(adr: Adr, extras: AdrCardExtras = {}): ActionsBlock {
  const elements: Button[] = [adrButton('View full ADR', CardActions.view, adr)];
  if (adr.status === 'proposed') {
    elements.push(
      adrButton('Accept', CardActions.accept, adr, 'primary'),
      adrButton('Reject', CardActions.reject, adr),
      adrButton('Edit', CardActions.edit, adr),
      adrButton('Request approval', CardActions.requestApproval, adr),
    );
  }
  if (adr.status === 'accepted') {
    elements.push(
      adrButton('Supersede', CardActions.supersede, adr),
      adrButton('Deprecate', CardActions.deprecate, adr),
      adrButton('Set review date', CardActions.setReviewDate, adr),
    );
  }
  // Options are scored while an ADR is Proposed; afterwards the results stay readable.
  const scoring = extras.scoring;
  const scoringOpen = adr.status === 'proposed' && !scoring?.closed;
  if (adr.options.length >= 2 && scoringOpen) elements.push(adrButton('Score options', CardActions.score, adr));
  if (scoring && (scoring.scorers.length > 0 || scoring.closed)) {
    elements.push(adrButton('Results', CardActions.results, adr));
  }
  elements.push(adrButton('Export Markdown', CardActions.exportMarkdown, adr));
  return { type: 'actions', block_id: CardBlocks.actions(adr.number), elements };
}
