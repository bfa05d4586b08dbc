import type { ActionsBlock, KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import { formatAdrNumber } from '../../domain/adr-number.js';
import { MAX_CRITERIA, MAX_CRITERION_NAME_LENGTH } from '../../domain/scoring.js';
import { type CriteriaFieldErrors, type CriterionRow, parseWeight } from '../../domain/scoring-criteria.js';
import { truncate } from '../blocks/mrkdwn.js';
import { CriteriaActions, CriteriaBlocks, Views } from '../ids.js';
import { type CriteriaMetadata, type CriteriaReturn, criteriaMetadata } from '../metadata.js';

/** Whose criteria the editor changes: one ADR's matrix, or the workspace default. */
export type CriteriaScope = { kind: 'adr'; adrNumber: number } | { kind: 'workspace' };

export interface CriteriaEditorModel {
  scope: CriteriaScope;
  rows: CriterionRow[];
  /** Where to go once saved: back to the scoring page or results modal it was pushed from. */
  returnTo?: CriteriaReturn | null;
  notice?: string;
}

export function scopeOf(metadata: CriteriaMetadata): CriteriaScope {
  return metadata.scope === 'adr' ? { kind: 'adr', adrNumber: metadata.adrNumber } : { kind: 'workspace' };
}

/**
 * The criteria editor: a name and a weight per criterion, + Add criterion and Remove a criterion…, saved as a whole.
 * Reusable for the workspace default (scope `workspace`), e.g. pushed from the settings modal.
 */
export function criteriaEditorView(model: CriteriaEditorModel): ModalView {
  const { scope, rows } = model;
  const total = rows.reduce(
    (sum, row) => sum + (Number.isFinite(parseWeight(row.weight)) ? parseWeight(row.weight) : 0),
    0,
  );
  const about =
    scope.kind === 'adr'
      ? `These criteria apply to ${formatAdrNumber(scope.adrNumber)} only; the workspace default stays as it is.`
      : 'The default for new scoring matrices; ADRs whose scoring has started keep their own criteria.';
  const blocks: KnownBlock[] = [
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `${about} Weights are whole percentages that total 100; up to ${MAX_CRITERIA} criteria. Renaming a criterion keeps the scores given so far; a removed criterion's scores stop counting.`,
        },
      ],
    },
  ];
  if (model.notice) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: truncate(model.notice, 2900) } });
  rows.forEach((row, index) => {
    const weight = parseWeight(row.weight);
    blocks.push(
      {
        type: 'input',
        block_id: CriteriaBlocks.name(index),
        label: { type: 'plain_text', text: `Criterion ${index + 1}` },
        element: {
          type: 'plain_text_input',
          action_id: CriteriaBlocks.name(index),
          max_length: MAX_CRITERION_NAME_LENGTH,
          placeholder: { type: 'plain_text', text: 'e.g. Operational cost' },
          ...(row.name ? { initial_value: row.name.slice(0, MAX_CRITERION_NAME_LENGTH) } : {}),
        },
      },
      {
        type: 'input',
        block_id: CriteriaBlocks.weight(index),
        label: { type: 'plain_text', text: `Weight of criterion ${index + 1} (%)` },
        element: {
          type: 'number_input',
          action_id: CriteriaBlocks.weight(index),
          is_decimal_allowed: false,
          min_value: '0',
          max_value: '100',
          ...(Number.isFinite(weight) ? { initial_value: String(weight) } : {}),
        },
      },
    );
  });
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `Weights now total ${total} %.` }] });
  const actions = editorActions(rows);
  if (actions) blocks.push(actions);

  const rowIds = rows.map((row) => row.id);
  const returnTo = model.returnTo ?? null;
  const metadata: CriteriaMetadata =
    scope.kind === 'adr'
      ? { scope: 'adr', adrNumber: scope.adrNumber, rowIds, returnTo }
      : { scope: 'workspace', rowIds, returnTo };
  return {
    type: 'modal',
    callback_id: Views.scoringCriteria,
    title: {
      type: 'plain_text',
      text: truncate(scope.kind === 'adr' ? `Criteria: ${formatAdrNumber(scope.adrNumber)}` : 'Default criteria', 24),
    },
    submit: { type: 'plain_text', text: 'Save criteria' },
    close: { type: 'plain_text', text: model.returnTo ? 'Back' : 'Cancel' },
    private_metadata: criteriaMetadata.encode(metadata),
    blocks,
  };
}

function editorActions(rows: CriterionRow[]): ActionsBlock | null {
  const elements: ActionsBlock['elements'] = [];
  if (rows.length < MAX_CRITERIA) {
    elements.push({
      type: 'button',
      text: { type: 'plain_text', text: '+ Add criterion' },
      action_id: CriteriaActions.add,
    });
  }
  if (rows.length > 1) {
    const options: PlainTextOption[] = rows.map((row, index) => ({
      text: {
        type: 'plain_text',
        text: truncate(`Remove ${index + 1}${row.name.trim() ? `: ${row.name.trim()}` : ''}`, 75),
      },
      value: String(index),
    }));
    elements.push({
      type: 'static_select',
      action_id: CriteriaActions.remove,
      placeholder: { type: 'plain_text', text: 'Remove a criterion…' },
      options,
    });
  }
  return elements.length > 0 ? { type: 'actions', block_id: CriteriaBlocks.actions, elements } : null;
}

type StateValues = Record<string, Record<string, { value?: string | null }>>;

/** The rows as typed: one per id in the metadata, in order. A field the state lacks reads as empty. */
export function readCriteriaRows(values: StateValues, ids: readonly (string | null)[]): CriterionRow[] {
  return ids.map((id, index) => ({
    id,
    name: values[CriteriaBlocks.name(index)]?.[CriteriaBlocks.name(index)]?.value ?? '',
    weight: values[CriteriaBlocks.weight(index)]?.[CriteriaBlocks.weight(index)]?.value ?? '',
  }));
}

/**
 * Field errors keyed by block id, for `response_action: 'errors'`. A problem with the whole list (the total) goes
 * under the last weight, right above the line that shows the total.
 */
export function criteriaBlockErrors(errors: CriteriaFieldErrors, rowCount: number): Record<string, string> {
  const byBlock: Record<string, string> = {};
  for (const [index, message] of Object.entries(errors.names)) byBlock[CriteriaBlocks.name(Number(index))] = message;
  for (const [index, message] of Object.entries(errors.weights)) {
    byBlock[CriteriaBlocks.weight(Number(index))] = message;
  }
  if (errors.total && rowCount > 0) {
    const last = CriteriaBlocks.weight(rowCount - 1);
    byBlock[last] = byBlock[last] ? `${byBlock[last]} ${errors.total}` : errors.total;
  }
  return byBlock;
}
