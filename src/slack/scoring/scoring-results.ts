import type { Button, KnownBlock, ModalView } from '@slack/types';
import { formatAdrNumber } from '../../domain/adr-number.js';
import {
  DISAGREEMENT_SPREAD,
  formatPercent,
  formatScore,
  MAX_SCORE,
  type MatrixResult,
  type OptionResult,
  rankLabel,
  textBar,
} from '../../domain/scoring.js';
import type { ScoringSnapshot } from '../../services/scoring-service.js';
import { escapeMrkdwn, listOf, truncate } from '../blocks/mrkdwn.js';
import { CardActions, ScoringActions, ScoringBlocks, Views } from '../ids.js';
import { adrMetadata } from '../metadata.js';
import { button } from './scoring-modal.js';

export interface ResultsOptions {
  /** A copy posted for everyone (Share results, final results): no buttons only the viewer may use. */
  shared?: boolean;
  /** The viewer may edit the criteria and close scoring. */
  mayManage?: boolean;
  /** There is a channel to share in (the card's thread, or the channel the results were asked for in). */
  canShare?: boolean;
  /** Shown in a modal rather than a message. */
  inModal?: boolean;
  /** A line at the top, e.g. "Your scores are saved." */
  note?: string;
}

const MAX_DISAGREEMENTS = 10;
const MAX_SCORER_MENTIONS = 20;
const EMPTY_BAR = `${'░'.repeat(10)}    –`;

/** The results as Block Kit: a ranked table per option with text bars, disagreements and how robust the winner is. */
export function resultsBlocks(snapshot: ScoringSnapshot, options: ResultsOptions = {}): KnownBlock[] {
  const { adr, result } = snapshot;
  const blocks: KnownBlock[] = [
    {
      type: 'header',
      text: { type: 'plain_text', text: truncate(`Scores: ${formatAdrNumber(adr.number)}: ${adr.title}`, 150) },
    },
  ];
  const headline = [options.note, headlineOf(result), snapshot.closedReason ? `:lock: ${snapshot.closedReason}` : '']
    .filter((line) => line)
    .join('\n');
  blocks.push({ type: 'section', text: { type: 'mrkdwn', text: truncate(headline, 2900) } });

  if (result.scorers.length > 0) {
    for (const option of result.options) {
      blocks.push({ type: 'section', text: { type: 'mrkdwn', text: optionTable(result, option) } });
    }
    const disagreements = disagreementText(result);
    if (disagreements) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: disagreements } });
    if (snapshot.sensitivity.length > 0) {
      const sentences = snapshot.sensitivity.map((sentence) => `• ${safe(sentence)}`).join('\n');
      blocks.push({
        type: 'section',
        text: { type: 'mrkdwn', text: truncate(`*How robust is the ranking?*\n${sentences}`, 2900) },
      });
    }
  }
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: contextLine(snapshot) }] });

  const actions = resultsButtons(snapshot, options);
  if (actions.length > 0) blocks.push({ type: 'actions', block_id: ScoringBlocks.resultsActions, elements: actions });
  return blocks;
}

/** One plain sentence on the results (not escaped: for alt text; use resultsFallbackText in messages). */
export function resultsSummary(snapshot: ScoringSnapshot): string {
  return `Scores of ${formatAdrNumber(snapshot.adr.number)}: ${plainHeadline(snapshot.result)}`;
}

export function resultsFallbackText(snapshot: ScoringSnapshot): string {
  return escapeMrkdwn(resultsSummary(snapshot));
}

export function resultsMessage(
  snapshot: ScoringSnapshot,
  options: ResultsOptions = {},
): { text: string; blocks: KnownBlock[] } {
  return { text: resultsFallbackText(snapshot), blocks: resultsBlocks(snapshot, options) };
}

/** The results in a modal (after the last page of scores is saved, or after a change from the modal). */
export function resultsModalView(snapshot: ScoringSnapshot, options: ResultsOptions = {}): ModalView {
  return {
    type: 'modal',
    callback_id: Views.scoringResults,
    title: { type: 'plain_text', text: truncate(`${formatAdrNumber(snapshot.adr.number)} results`, 24) },
    close: { type: 'plain_text', text: 'Done' },
    private_metadata: adrMetadata.encode({ adrNumber: snapshot.adr.number }),
    blocks: resultsBlocks(snapshot, { ...options, inModal: true }),
  };
}

function headlineOf(result: MatrixResult): string {
  if (result.scorers.length === 0) return 'Nobody has scored the options yet.';
  const leaders = result.options.filter((option) => option.rank === 1);
  const top = leaders[0];
  if (!top || top.total === null) {
    return 'No option is fully scored yet, so none is ranked: every weighted criterion needs at least one score.';
  }
  const score = `*${formatScore(top.total)}* / ${MAX_SCORE} (${formatPercent(top.percentOfMax ?? 0)})`;
  if (leaders.length > 1) {
    return `:balance_scale: ${joinNames(leaders.map((leader) => `*${safe(leader.option)}*`))} tie for first with ${score}.`;
  }
  return `:trophy: *${safe(top.option)}* ranks first with ${score}.`;
}

function plainHeadline(result: MatrixResult): string {
  const leaders = result.options.filter((option) => option.rank === 1);
  const top = leaders[0];
  if (result.scorers.length === 0) return 'nobody has scored yet';
  if (!top || top.total === null) return 'no option is fully scored yet';
  const score = `${formatScore(top.total)} / ${MAX_SCORE}`;
  return leaders.length > 1
    ? `${joinNames(leaders.map((leader) => leader.option))} tie for first with ${score}`
    : `${top.option} ranks first with ${score}`;
}

function joinNames(names: string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** User text for mrkdwn: escaped, and unable to open or close a code block (a backtick becomes ˋ). */
function safe(text: string): string {
  return escapeMrkdwn(text).replace(/`/g, 'ˋ');
}

function optionTable(result: MatrixResult, option: OptionResult): string {
  const scorers = `${option.scorerCount} ${option.scorerCount === 1 ? 'scorer' : 'scorers'}`;
  let heading: string;
  if (option.total !== null) {
    const rank = rankLabel(result, option);
    heading = `*#${rank}  ${safe(option.option)}*  ·  *${formatScore(option.total)}* / ${MAX_SCORE}  ·  ${formatPercent(option.percentOfMax ?? 0)}  ·  ${scorers}`;
  } else {
    const missing = result.criteria
      .filter((criterion) => criterion.weight > 0 && option.means[criterion.id] === null)
      .map((criterion) => safe(criterion.name));
    const soFar =
      option.provisionalTotal === null
        ? ''
        : ` (so far ${formatScore(option.provisionalTotal)} over ${option.scoredWeight} % of the weight)`;
    heading = `*–  ${safe(option.option)}*  ·  not ranked yet: nobody scored ${joinNames(missing)}${soFar}  ·  ${scorers}`;
  }
  const nameWidth = Math.max(...result.criteria.map((criterion) => criterion.name.length), 0);
  const labels = result.criteria.map(
    (criterion) => `${criterion.name.padEnd(nameWidth)}  ${String(criterion.weight).padStart(3)} %`,
  );
  const width = Math.max('Weighted total'.length, ...labels.map((label) => label.length));
  const lines = [
    `${'Weighted total'.padEnd(width)}  ${option.total === null ? EMPTY_BAR : textBar(option.total)}`,
    '─'.repeat(width + 17),
  ];
  labels.forEach((label, index) => {
    const cell = option.cells[index];
    const bar = cell?.mean === null || cell?.mean === undefined ? EMPTY_BAR : textBar(cell.mean);
    const flag = cell?.disagreement ? `  ⚠ ${cell.min}–${cell.max}` : '';
    lines.push(`${label.padEnd(width)}  ${bar}${flag}`);
  });
  return truncate(`${truncate(heading, 600)}\n\`\`\`\n${safe(lines.join('\n'))}\n\`\`\``, 2990);
}

function disagreementText(result: MatrixResult): string | null {
  if (result.disagreements.length === 0) return null;
  const names = new Map(result.criteria.map((criterion) => [criterion.id, criterion.name]));
  const lines = result.disagreements
    .slice(0, MAX_DISAGREEMENTS)
    .map(
      (item) =>
        `• *${safe(item.option)}* on ${safe(names.get(item.criterionId) ?? item.criterionId)}: scores from ${item.min} to ${item.max}`,
    );
  const more = result.disagreements.length - MAX_DISAGREEMENTS;
  if (more > 0) lines.push(`…and ${more} more`);
  return truncate(
    `:warning: *Worth discussing*: scorers differ by ${DISAGREEMENT_SPREAD} points or more on\n${lines.join('\n')}`,
    2900,
  );
}

function contextLine(snapshot: ScoringSnapshot): string {
  const weights = snapshot.criteria.map((criterion) => `${safe(criterion.name)} ${criterion.weight} %`);
  const { scorers } = snapshot.result;
  const shown = scorers.slice(0, MAX_SCORER_MENTIONS);
  const more = scorers.length > shown.length ? ` and ${scorers.length - shown.length} more` : '';
  const scoredBy = scorers.length > 0 ? `Scored by ${scorers.length}: ${listOf(shown)}${more}` : 'Not scored yet';
  return truncate(`${scoredBy}  ·  Criteria: ${weights.join(' · ')}`, 2900);
}

function resultsButtons(snapshot: ScoringSnapshot, options: ResultsOptions): Button[] {
  const number = snapshot.adr.number;
  const open = snapshot.closedReason === null;
  const buttons: Button[] = [];
  if (options.shared) {
    if (open) buttons.push(button('Score options', CardActions.score, number, 'primary'));
    buttons.push(button('Latest results', CardActions.results, number));
    return buttons;
  }
  if (open) buttons.push(button(options.inModal ? 'Revise my scores' : 'Score options', CardActions.score, number));
  if (options.canShare && snapshot.result.scorers.length > 0) {
    buttons.push(button('Share results', ScoringActions.share, number, 'primary'));
  }
  if (open && options.mayManage) {
    buttons.push(button('Edit criteria', ScoringActions.editCriteria, number), {
      ...button('Close scoring', ScoringActions.close, number, 'danger'),
      confirm: {
        title: { type: 'plain_text', text: 'Close scoring?' },
        text: {
          type: 'plain_text',
          text: `Nobody can score ${formatAdrNumber(number)} after this, and the results become final.`,
        },
        confirm: { type: 'plain_text', text: 'Close scoring' },
        deny: { type: 'plain_text', text: 'Cancel' },
        style: 'danger',
      },
    });
  }
  return buttons;
}
