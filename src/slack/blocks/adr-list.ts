import type { KnownBlock, ModalView, SectionBlock } from '@slack/types';
import { formatDistanceStrict } from 'date-fns';
import type { AdrSummary, SearchHit, StatusChange, StoredAdr } from '../../db/adr-repository.js';
import type { Draft } from '../../db/draft-repository.js';
import type { AdrStatus } from '../../domain/adr.js';
import { formatAdrNumber } from '../../domain/adr-number.js';
import { statusLabel } from '../../domain/lifecycle.js';
import { LAST_STEP, WIZARD_STEPS } from '../../domain/wizard.js';
import { CardBlocks, ListActions, Views } from '../ids.js';
import { type AdrCardExtras, adrButton, adrCardBlocks, adrFallbackText, adrHeading, STATUS_EMOJI } from './adr-card.js';
import { adrDocumentBlocks } from './adr-document.js';
import type { EphemeralMessage } from './help.js';
import { escapeMrkdwn, mention, truncate } from './mrkdwn.js';

export const LIST_PAGE_SIZE = 10;

function summaryLine(adr: AdrSummary): string {
  return `${STATUS_EMOJI[adr.status]} *${formatAdrNumber(adr.number)}*  ${escapeMrkdwn(truncate(adr.title, 150))}\n${statusLabel(adr.status, adr.supersededBy)} · ${escapeMrkdwn(adr.date)}`;
}

/** One ADR as a line of a list (decision log, search, App Home), with a button opening it. */
export function summarySection(adr: AdrSummary, options: { extra?: string; button?: string } = {}): SectionBlock {
  return {
    type: 'section',
    text: { type: 'mrkdwn', text: truncate(`${summaryLine(adr)}${options.extra ?? ''}`, 2900) },
    accessory: adrButton(options.button ?? 'View', ListActions.view, adr),
  };
}

export function adrListMessage(input: {
  items: AdrSummary[];
  total: number;
  page: number;
  status: AdrStatus | null;
}): EphemeralMessage {
  const { items, total, page, status } = input;
  const pages = Math.max(1, Math.ceil(total / LIST_PAGE_SIZE));
  const scope = status ? `${statusLabel(status).toLowerCase()} ` : '';
  if (total === 0) {
    const text = status
      ? `No ${scope}ADRs yet. Try \`/adr list\` for all of them.`
      : 'No ADRs yet. Start the first one with `/adr new`.';
    return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
  }
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: status ? `${statusLabel(status)} ADRs` : 'Decision log' } },
    ...items.map((adr) => summarySection(adr)),
  ];
  const navigation = [];
  if (page > 1) navigation.push(pageButton('← Previous', status, page - 1));
  if (page < pages) navigation.push(pageButton('Next →', status, page + 1));
  blocks.push({
    type: 'context',
    elements: [{ type: 'mrkdwn', text: `Page ${page} of ${pages} · ${total} ${scope}ADR${total === 1 ? '' : 's'}` }],
  });
  if (navigation.length > 0)
    blocks.push({ type: 'actions', block_id: CardBlocks.listNavigation, elements: navigation });
  return { text: `${total} ${scope}ADRs, page ${page} of ${pages}`, blocks };
}

function pageButton(text: string, status: AdrStatus | null, page: number) {
  return {
    type: 'button' as const,
    text: { type: 'plain_text' as const, text },
    action_id: `${ListActions.page}_${page}`,
    value: JSON.stringify({ status, page }),
  };
}

/** Search results; matched words are shown in bold, everything else escaped. */
export function searchResultsMessage(
  query: string,
  hits: SearchHit[],
  marks: { start: string; end: string },
): EphemeralMessage {
  const shownQuery = escapeMrkdwn(truncate(query, 200));
  if (hits.length === 0) {
    const text = `No ADR matches “${shownQuery}”. Search looks at titles, context, drivers, options and outcomes.`;
    return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
  }
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `*${hits.length} result${hits.length === 1 ? '' : 's'} for “${shownQuery}”*, best first`,
      },
    },
    ...hits.map((hit) => summarySection(hit, { extra: `\n>${highlight(hit.snippet, marks)}` })),
  ];
  return { text: `${hits.length} results for ${shownQuery}`, blocks };
}

function highlight(snippet: string, marks: { start: string; end: string }): string {
  const flat = snippet.replace(/\s+/g, ' ').trim();
  return flat
    .split(marks.start)
    .map((part, index) => {
      if (index === 0) return escapeMrkdwn(part);
      const [matched = '', rest = ''] = part.split(marks.end);
      return `*${escapeMrkdwn(matched)}*${escapeMrkdwn(rest)}`;
    })
    .join('');
}

export function draftsMessage(drafts: Draft[], now: Date): EphemeralMessage {
  if (drafts.length === 0) {
    const text = 'You have no drafts. Start one with `/adr new`.';
    return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
  }
  const blocks: KnownBlock[] = [{ type: 'header', text: { type: 'plain_text', text: 'Your drafts' } }];
  for (const draft of drafts.slice(0, 20)) {
    const title = draft.content.title.trim() || 'Untitled decision';
    const editing = draft.adrNumber === null ? '' : ` (editing ${formatAdrNumber(draft.adrNumber)})`;
    const age = formatDistanceStrict(new Date(draft.updatedAt), now, { addSuffix: true });
    blocks.push(
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: truncate(
            `*${escapeMrkdwn(title)}*${editing}\nStep ${draft.step} of ${LAST_STEP}: ${WIZARD_STEPS[draft.step - 1] ?? ''} · saved ${age}`,
            2900,
          ),
        },
      },
      {
        type: 'actions',
        block_id: CardBlocks.draft(draft.id),
        elements: [
          {
            type: 'button',
            text: { type: 'plain_text', text: 'Resume' },
            style: 'primary',
            action_id: ListActions.resumeDraft,
            value: String(draft.id),
          },
          {
            type: 'button',
            text: { type: 'plain_text', text: 'Discard' },
            action_id: ListActions.discardDraft,
            value: String(draft.id),
            confirm: {
              title: { type: 'plain_text', text: 'Discard this draft?' },
              text: { type: 'plain_text', text: truncate(`“${title}” will be deleted. This cannot be undone.`, 300) },
              confirm: { type: 'plain_text', text: 'Discard' },
              deny: { type: 'plain_text', text: 'Keep it' },
              style: 'danger',
            },
          },
        ],
      },
    );
  }
  return { text: `You have ${drafts.length} draft${drafts.length === 1 ? '' : 's'}`, blocks };
}

export function historyLines(history: StatusChange[]): string {
  return history
    .map((change) => {
      const when = change.at.slice(0, 16).replace('T', ' ');
      const what =
        change.from === null
          ? `${statusLabel(change.to)}${change.note === 'imported' ? ' (imported)' : ''}`
          : `${statusLabel(change.from)} → ${statusLabel(change.to)}`;
      const note = change.note && change.note !== 'imported' ? ` (${escapeMrkdwn(change.note)})` : '';
      return `• ${what}${note} by ${mention(change.actorId)}, ${when} UTC`;
    })
    .join('\n');
}

/** `/adr show`: the card plus who changed what, when. */
export function adrShowMessage(adr: StoredAdr, history: StatusChange[], extras: AdrCardExtras = {}): EphemeralMessage {
  const blocks = adrCardBlocks(adr, extras);
  if (history.length > 0) {
    blocks.splice(blocks.length - 1, 0, {
      type: 'context',
      elements: [{ type: 'mrkdwn', text: truncate(`*History*\n${historyLines(history.slice(-15))}`, 2900) }],
    });
  }
  return { text: adrFallbackText(adr), blocks };
}

/** The whole ADR, read-only, in a modal. */
export function adrDetailView(adr: StoredAdr, history: StatusChange[]): ModalView {
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: adrHeading(adr) } },
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: truncate(
            `${STATUS_EMOJI[adr.status]} *${statusLabel(adr.status, adr.supersededBy)}* · ${escapeMrkdwn(adr.date)} · proposed by ${mention(adr.authorId)}${adr.supersedes.length > 0 ? ` · supersedes ${adr.supersedes.map(formatAdrNumber).join(', ')}` : ''}`,
            2900,
          ),
        },
      ],
    },
    ...adrDocumentBlocks(adr, { maxBlocks: 90 }),
  ];
  if (history.length > 0) {
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: truncate(`*History*\n${historyLines(history.slice(-15))}`, 2900) }],
    });
  }
  return {
    type: 'modal',
    callback_id: Views.detail,
    title: { type: 'plain_text', text: truncate(formatAdrNumber(adr.number), 24) },
    close: { type: 'plain_text', text: 'Close' },
    blocks: blocks.slice(0, 100),
  };
}
