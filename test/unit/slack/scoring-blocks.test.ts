import { describe, expect, it } from 'vitest';
import type { StoredAdr } from '../../../src/db/adr-repository.js';
import { emptyContent } from '../../../src/domain/adr.js';
import {
  aggregate,
  type Criterion,
  DEFAULT_CRITERIA,
  type Score,
  type ScoreValue,
} from '../../../src/domain/scoring.js';
import { toRows } from '../../../src/domain/scoring-criteria.js';
import { optionPages } from '../../../src/domain/scoring-pages.js';
import { describeSensitivity } from '../../../src/domain/sensitivity.js';
import type { ScoringPage, ScoringSnapshot } from '../../../src/services/scoring-service.js';
import { adrCardBlocks } from '../../../src/slack/blocks/adr-card.js';
import { criteriaMetadata, scoringMetadata } from '../../../src/slack/metadata.js';
import {
  criteriaBlockErrors,
  criteriaEditorView,
  readCriteriaRows,
} from '../../../src/slack/scoring/criteria-editor.js';
import { readScoreCells, scoringPageView } from '../../../src/slack/scoring/scoring-modal.js';
import { resultsBlocks, resultsModalView } from '../../../src/slack/scoring/scoring-results.js';
import { validateBlocks, validateView } from '../../support/block-kit-limits.js';

const TEN_CRITERIA: Criterion[] = Array.from({ length: 10 }, (_, index) => ({
  id: `criterion_${index}`,
  name: `A criterion with a long name number ${index + 1}`.padEnd(60, '.'),
  weight: 10,
}));

function adrWith(options: string[], overrides: Partial<StoredAdr> = {}): StoredAdr {
  return {
    ...emptyContent('Primary database <!channel>'),
    options: options.map((name) => ({ name, pros: [], cons: [] })),
    teamId: 'T_TEST',
    number: 7,
    status: 'proposed',
    supersededBy: null,
    supersedes: [],
    authorId: 'U_ALICE',
    date: '2026-01-02',
    createdAt: '2026-01-02T00:00:00.000Z',
    updatedAt: '2026-01-02T00:00:00.000Z',
    card: { channelId: 'C_GENERAL', ts: '1.000100' },
    ...overrides,
  };
}

function snapshotOf(adr: StoredAdr, criteria: Criterion[], scores: Score[]): ScoringSnapshot {
  const options = adr.options.map((option) => option.name);
  const result = aggregate(criteria, options, scores);
  return {
    adr,
    criteria,
    options,
    result,
    sensitivity: describeSensitivity(result, 'ADR-007'),
    closedReason: null,
    closedAt: null,
    closedBy: null,
  };
}

const longOptions = Array.from({ length: 10 }, (_, index) => `Option \`\`\` <!here> & ${index + 1}`.padEnd(75, 'x'));

function allScores(options: string[], criteria: Criterion[], scorers = 3): Score[] {
  const scores: Score[] = [];
  options.forEach((option, o) => {
    criteria.forEach((criterion, c) => {
      for (let s = 0; s < scorers; s++) {
        scores.push({
          scorerId: `U${s}`,
          option,
          criterionId: criterion.id,
          value: (((o + c + s * 2) % 5) + 1) as ScoreValue,
        });
      }
    });
  });
  return scores;
}

function text(blocks: unknown): string {
  return JSON.stringify(blocks);
}

/** Every mrkdwn text, where Slack would turn `<!channel>` into a broadcast. */
function mrkdwnTexts(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(mrkdwnTexts);
  if (typeof value !== 'object' || value === null) return [];
  const record = value as Record<string, unknown>;
  const own = record.type === 'mrkdwn' && typeof record.text === 'string' ? [record.text] : [];
  return [...own, ...Object.values(record).flatMap(mrkdwnTexts)];
}

describe('scoringPageView', () => {
  const page = (pageIndex: number, myScores: Score[] = []): ScoringPage => ({
    adr: adrWith(longOptions),
    criteria: TEN_CRITERIA,
    options: longOptions,
    page: pageIndex,
    pages: optionPages(10, 10),
    myScores,
    mayManage: true,
  });

  it('keeps 10 options × 10 criteria within Block Kit limits by paging', () => {
    for (let index = 0; index < 3; index++) {
      const view = scoringPageView(page(index));
      expect(validateView(view)).toEqual([]);
      expect(view.blocks.length).toBeLessThanOrEqual(100);
    }
    expect(scoringPageView(page(0)).submit?.text).toBe('Next');
    expect(scoringPageView(page(2)).submit?.text).toBe('Save scores');
  });

  it("prefills the person's earlier scores and remembers the page's options", () => {
    const mine: Score[] = [{ scorerId: 'U1', option: longOptions[5] as string, criterionId: 'criterion_3', value: 4 }];
    const view = scoringPageView(page(1, mine));
    const cell = view.blocks.find((block) => block.block_id === 'score_1_criterion_3') as {
      element: { initial_option?: { value: string } };
    };
    expect(cell.element.initial_option?.value).toBe('4');
    expect(scoringMetadata.decode(view.private_metadata)).toMatchObject({
      adrNumber: 7,
      page: 1,
      optionIndexes: [4, 5, 6, 7],
    });
  });

  it('reads picked and unpicked cells back from the state', () => {
    const cells = readScoreCells({
      score_0_cost: { score_0_cost: { selected_option: { value: '5' } } },
      score_1_team_expertise: { score_1_team_expertise: { selected_option: null } },
      scoring_navigation: {},
    });
    expect(cells).toEqual([
      { key: 'score_0_cost', slot: 0, criterionId: 'cost', value: 5 },
      { key: 'score_1_team_expertise', slot: 1, criterionId: 'team_expertise', value: null },
    ]);
  });
});

describe('resultsBlocks', () => {
  it('fits a message for 10 options × 10 criteria with long names, and escapes every name', () => {
    const snapshot = snapshotOf(adrWith(longOptions), TEN_CRITERIA, allScores(longOptions, TEN_CRITERIA));
    const blocks = resultsBlocks(snapshot, { mayManage: true, canShare: true });
    expect(validateBlocks(blocks, 'message')).toEqual([]);
    expect(validateView(resultsModalView(snapshot, { mayManage: true, canShare: true }))).toEqual([]);
    const all = mrkdwnTexts(blocks).join('\n');
    expect(all).not.toContain('<!here>');
    expect(all).toContain('&lt;!here&gt;');
    // A backtick in a name cannot open or close a code block: only the tables' own fences remain.
    expect(all.match(/```/g)?.length).toBe(2 * 10);
  });

  it('shows each option with its rank, total, percentage, scorers and a text bar per criterion', () => {
    const criteria = DEFAULT_CRITERIA.map((criterion) => ({ ...criterion }));
    const every = (scorerId: string, option: string, value: ScoreValue) =>
      criteria.map((criterion) => ({ scorerId, option, criterionId: criterion.id, value }));
    const snapshot = snapshotOf(adrWith(['PostgreSQL', 'MySQL', 'SQLite']), criteria, [
      ...every('U01', 'PostgreSQL', 4),
      ...every('U01', 'MySQL', 4),
      { scorerId: 'U01', option: 'SQLite', criterionId: 'cost', value: 5 },
      { scorerId: 'U02', option: 'MySQL', criterionId: 'cost', value: 1 },
      { scorerId: 'U03', option: 'MySQL', criterionId: 'cost', value: 4 },
    ]);
    const all = text(resultsBlocks(snapshot));
    expect(all).toContain('*#1  PostgreSQL*  ·  *4.00* / 5  ·  80 %  ·  1 scorer');
    expect(all).toContain('#2  MySQL');
    expect(all).toContain('Team Expertise      25 %  ████████░░ 4.00');
    expect(all).toContain('Cost                15 %  ██████░░░░ 3.00  ⚠ 1–4');
    expect(all).toContain('*–  SQLite*  ·  not ranked yet');
    expect(all).toContain('Worth discussing');
    expect(all).toContain('Scored by 3: <@U01>, <@U02>, <@U03>');
  });

  it('shows ties as ties', () => {
    const criteria = [{ id: 'a', name: 'A', weight: 100 }];
    const snapshot = snapshotOf(adrWith(['X', 'Y']), criteria, [
      { scorerId: 'U1', option: 'X', criterionId: 'a', value: 3 },
      { scorerId: 'U1', option: 'Y', criterionId: 'a', value: 3 },
    ]);
    const all = text(resultsBlocks(snapshot));
    expect(all).toContain('#1 (tie)  X');
    expect(all).toContain('#1 (tie)  Y');
    expect(all).toContain('tie for first');
  });

  it('offers managing buttons only to managers, and none but scoring in a shared copy', () => {
    const snapshot = snapshotOf(
      adrWith(['X', 'Y']),
      DEFAULT_CRITERIA.slice(),
      allScores(['X', 'Y'], DEFAULT_CRITERIA.slice()),
    );
    const ids = (blocks: unknown[]) =>
      (blocks.at(-1) as { elements: Array<{ action_id: string }> }).elements.map((element) => element.action_id);
    expect(ids(resultsBlocks(snapshot, { mayManage: true, canShare: true }))).toEqual([
      'adr_card_score',
      'scoring_share',
      'scoring_edit_criteria',
      'scoring_close',
    ]);
    expect(ids(resultsBlocks(snapshot, { mayManage: false, canShare: true }))).toEqual([
      'adr_card_score',
      'scoring_share',
    ]);
    expect(ids(resultsBlocks(snapshot, { shared: true }))).toEqual(['adr_card_score', 'adr_card_results']);
  });
});

describe('criteriaEditorView', () => {
  it('fits ten criteria, without + Add, and round-trips the rows through the state', () => {
    const rows = toRows(TEN_CRITERIA);
    const view = criteriaEditorView({
      scope: { kind: 'adr', adrNumber: 7 },
      rows,
      returnTo: { to: 'scoring', page: 1 },
    });
    expect(validateView(view)).toEqual([]);
    expect(text(view.blocks)).not.toContain('criteria_add');
    const meta = criteriaMetadata.decode(view.private_metadata);
    expect(meta).toMatchObject({ scope: 'adr', adrNumber: 7, returnTo: { to: 'scoring', page: 1 } });
    const values = Object.fromEntries(
      view.blocks
        .filter((block) => block.type === 'input')
        .map((block) => {
          const element = (block as { element: { action_id: string; initial_value?: string } }).element;
          return [block.block_id, { [element.action_id]: { value: element.initial_value ?? null } }];
        }),
    );
    expect(readCriteriaRows(values, meta?.rowIds ?? [])).toEqual(rows);
  });

  it('maps field errors to blocks, the total under the last weight', () => {
    expect(
      criteriaBlockErrors(
        { total: 'Weights add up to 95 %.', names: { 1: 'Give this criterion a name.' }, weights: {} },
        3,
      ),
    ).toEqual({ criteria_name_1: 'Give this criterion a name.', criteria_weight_2: 'Weights add up to 95 %.' });
  });

  it('refuses metadata that is not its own', () => {
    expect(
      criteriaMetadata.decode('{"kind":"criteria","v":1,"data":{"scope":"adr","rowIds":[],"returnTo":null}}'),
    ).toBeNull();
    expect(
      criteriaMetadata.decode(scoringMetadata.encode({ adrNumber: 7, page: 0, optionIndexes: [], fingerprint: '' })),
    ).toBeNull();
    expect(criteriaMetadata.decode('not json')).toBeNull();
  });
});

describe('adrCardBlocks scoring line', () => {
  it('says who scored, offers Results, and drops Score options once scoring is closed', () => {
    const adr = adrWith(['X', 'Y']);
    const open = text(adrCardBlocks(adr, { scoring: { scorers: ['UA1', 'UB2', 'UC3'], closed: false } }));
    expect(open).toContain('Scored by 3: <@UA1>, <@UB2>, <@UC3>');
    expect(open).toContain('adr_card_score');
    expect(open).toContain('adr_card_results');
    const closed = text(adrCardBlocks(adr, { scoring: { scorers: ['UA1'], closed: true } }));
    expect(closed).toContain('scoring closed');
    expect(closed).not.toContain('adr_card_score');
    expect(text(adrCardBlocks(adr))).not.toContain('Scored by');
  });
});
