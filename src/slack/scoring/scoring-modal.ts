import type { Button, KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import { formatAdrNumber } from '../../domain/adr-number.js';
import { SCORE_LABELS, SCORE_VALUES, type ScoreValue } from '../../domain/scoring.js';
import { optionsFingerprint } from '../../domain/scoring-pages.js';
import type { CellInput, PageRef, ScoringPage } from '../../services/scoring-service.js';
import { escapeMrkdwn, truncate } from '../blocks/mrkdwn.js';
import { ScoringActions, ScoringBlocks, Views } from '../ids.js';
import { type ScoringMetadata, scoringMetadata } from '../metadata.js';

export const SCORE_CHOICES: PlainTextOption[] = SCORE_VALUES.map((value) => scoreChoice(value));

function scoreChoice(value: ScoreValue): PlainTextOption {
  return { text: { type: 'plain_text', text: `${value} · ${SCORE_LABELS[value]}` }, value: String(value) };
}

/** One page of the scoring modal: every option on the page against every criterion, prefilled with earlier scores. */
export function scoringPageView(page: ScoringPage): ModalView {
  const { adr, criteria, options, pages } = page;
  const indexes = pages[page.page] ?? [];
  const last = page.page >= pages.length - 1;
  const mine = new Map(page.myScores.map((score) => [`${score.option}\u0000${score.criterionId}`, score.value]));
  const pageNote = pages.length > 1 ? `Page ${page.page + 1} of ${pages.length} · ` : '';
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: truncate(`*${escapeMrkdwn(`${formatAdrNumber(adr.number)}: ${adr.title}`)}*`, 2900),
      },
    },
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `${pageNote}Score each option from 1 (poor) to 5 (excellent) on every criterion. Your earlier scores are filled in; change any of them.`,
        },
      ],
    },
  ];
  if (page.notice) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: truncate(page.notice, 2900) } });

  indexes.forEach((optionIndex, slot) => {
    const option = options[optionIndex] ?? '';
    blocks.push({ type: 'header', text: { type: 'plain_text', text: truncate(option, 150) } });
    for (const criterion of criteria) {
      const id = ScoringBlocks.cell(slot, criterion.id);
      const earlier = mine.get(`${option}\u0000${criterion.id}`);
      blocks.push({
        type: 'input',
        block_id: id,
        label: { type: 'plain_text', text: truncate(`${criterion.name} (${criterion.weight} %)`, 2000) },
        element: {
          type: 'static_select',
          action_id: id,
          placeholder: { type: 'plain_text', text: 'Pick 1–5' },
          options: SCORE_CHOICES,
          ...(earlier ? { initial_option: scoreChoice(earlier) } : {}),
        },
      });
    }
  });

  const navigation: Button[] = [];
  if (page.page > 0) navigation.push(button('← Previous', ScoringActions.previous, adr.number));
  if (page.mayManage) navigation.push(button('Edit criteria', ScoringActions.editCriteria, adr.number));
  if (navigation.length > 0) blocks.push({ type: 'actions', block_id: ScoringBlocks.navigation, elements: navigation });

  return {
    type: 'modal',
    callback_id: Views.scoring,
    title: { type: 'plain_text', text: truncate(`Score ${formatAdrNumber(adr.number)}`, 24) },
    submit: { type: 'plain_text', text: last ? 'Save scores' : 'Next' },
    close: { type: 'plain_text', text: 'Cancel' },
    private_metadata: scoringMetadata.encode({
      adrNumber: adr.number,
      page: page.page,
      optionIndexes: indexes,
      fingerprint: optionsFingerprint(options),
    }),
    blocks,
  };
}

export function pageRefOf(metadata: ScoringMetadata): PageRef {
  return { page: metadata.page, optionIndexes: metadata.optionIndexes, fingerprint: metadata.fingerprint };
}

type StateValues = Record<string, Record<string, { selected_option?: { value?: string } | null }>>;

const CELL_ID = /^score_(\d{1,2})_(.+)$/; // ScoringBlocks.cell(slot, criterionId)

/** The cells of a scoring page as the person left them; an unpicked select has value null. */
export function readScoreCells(values: StateValues): CellInput[] {
  const cells: CellInput[] = [];
  for (const [blockId, actions] of Object.entries(values)) {
    const match = CELL_ID.exec(blockId);
    if (!match?.[1] || !match[2]) continue;
    const raw = actions[blockId]?.selected_option?.value;
    const value = raw === undefined ? null : Number(raw);
    cells.push({
      key: blockId,
      slot: Number(match[1]),
      criterionId: match[2],
      value: value !== null && Number.isInteger(value) ? value : null,
    });
  }
  return cells;
}

export function button(text: string, actionId: string, adrNumber: number, style?: 'primary' | 'danger'): Button {
  return {
    type: 'button',
    text: { type: 'plain_text', text },
    action_id: actionId,
    value: String(adrNumber),
    ...(style ? { style } : {}),
  };
}
