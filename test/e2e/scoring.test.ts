import { unzlibSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderScoreChartPng } from '../../src/charts/score-chart.js';
import type { StoredAdr } from '../../src/db/adr-repository.js';
import { emptyContent } from '../../src/domain/adr.js';
import { renderAdrMarkdown } from '../../src/domain/markdown/render.js';
import { aggregate, type Criterion, DEFAULT_CRITERIA, type Score, type ScoreValue } from '../../src/domain/scoring.js';
import { postAdrCard } from '../../src/slack/card-poster.js';
import { wizardMetadata } from '../../src/slack/metadata.js';
import { criteriaEditorView } from '../../src/slack/scoring/criteria-editor.js';
import { answerOf, startTestApp, type TestApp, viewOf } from '../support/app-harness.js';
import type { RecordedCall, SlackView } from '../support/fake-slack.js';
import { count, firstRow, storeDb, value } from '../support/rows.js';
import { buildViewState } from '../support/view-state.js';

let t: TestApp;

beforeEach(async () => {
  t = await startTestApp();
});

afterEach(async () => {
  expect(t.fake.violations).toEqual([]);
  expect(t.fake.broadcasts).toEqual([]);
  await t.stop();
});

const TEAM = 'T_TEST';
const CRITERIA_IDS = DEFAULT_CRITERIA.map((criterion) => criterion.id);

/** Per option: one value for every criterion, or a value per criterion id with `all` for the rest. */
type Sheet = Record<string, number | ({ all: number } & Record<string, number>)>;

async function proposeAdr(options: string[], title = 'Primary database'): Promise<StoredAdr> {
  const content = {
    ...emptyContent(title),
    deciders: ['U_BOB'],
    options: options.map((name) => ({ name, pros: [], cons: [] })),
  };
  const adr = await t.adr.services.decisions.propose(TEAM, 'U_ALICE', content, 'C_GENERAL');
  await postAdrCard(t.adr.app.client, t.adr.services.decisions, adr, 'C_GENERAL');
  return (await t.adr.services.decisions.find(TEAM, adr.number)) as StoredAdr;
}

async function card(number = 1) {
  const adr = (await t.adr.services.decisions.find(TEAM, number)) as StoredAdr;
  const message = t.fake.messages(adr.card?.channelId).find((m) => m.ts === adr.card?.ts);
  if (!message) throw new Error('card not posted');
  return message;
}

async function clickCard(actionId: string, userId: string, teamId = TEAM, number = 1) {
  const message = await card(number);
  return t.slack.blockAction({
    actionId,
    value: String(number),
    userId,
    teamId,
    channelId: message.channel,
    message: { ts: message.ts, blocks: message.blocks },
  });
}

async function openScoring(userId: string): Promise<SlackView> {
  const since = t.fake.calls.length;
  await clickCard('adr_card_score', userId);
  return viewOf(t.fake, await t.fake.waitFor('views.open', undefined, { since }));
}

/** The select inputs of a scoring page, keyed by action id, filled from `sheet`. */
function fill(view: SlackView, sheet: Sheet): Record<string, string> {
  const inputs: Record<string, string> = {};
  let option = '';
  for (const block of view.blocks) {
    if (block.type === 'header') option = (block.text as { text: string }).text;
    const actionId = (block.element as { action_id?: string } | undefined)?.action_id ?? '';
    const match = /^score_\d+_(.+)$/.exec(actionId);
    const row = sheet[option];
    if (!match?.[1] || row === undefined) continue;
    inputs[actionId] = String(typeof row === 'number' ? row : (row[match[1]] ?? row.all));
  }
  return inputs;
}

function scoresOf(scorerId: string, sheet: Sheet, criteria: readonly Criterion[] = DEFAULT_CRITERIA): Score[] {
  return Object.entries(sheet).flatMap(([option, row]) =>
    criteria.map((criterion) => ({
      scorerId,
      option,
      criterionId: criterion.id,
      value: (typeof row === 'number' ? row : (row[criterion.id] ?? row.all)) as ScoreValue,
    })),
  );
}

async function scoreAll(userId: string, sheet: Sheet): Promise<SlackView | undefined> {
  const view = await openScoring(userId);
  const submitted = await t.submit(view, fill(view, sheet), { userId });
  expect(submitted.body?.response_action).toBe('update');
  return submitted.next;
}

function blocksText(value: unknown): string {
  return JSON.stringify(value);
}

function lastResponse(since: number): Promise<RecordedCall> {
  return t.fake.waitFor('response_url', undefined, { since });
}

function initialOf(view: SlackView, actionId: string): string | undefined {
  const block = view.blocks.find((b) => (b.element as { action_id?: string } | undefined)?.action_id === actionId);
  const element = block?.element as { initial_option?: { value: string }; initial_value?: string } | undefined;
  return element?.initial_option?.value ?? element?.initial_value;
}

/** Checks a PNG the way a decoder would: signature, IHDR, and that the IDAT stream inflates to every row. */
function decodePng(bytes: Buffer): { width: number; height: number } {
  expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  let offset = 8;
  let header: { width: number; height: number; bitDepth: number; colorType: number } | undefined;
  const data: Buffer[] = [];
  let ended = false;
  while (offset + 8 <= bytes.length) {
    const length = bytes.readUInt32BE(offset);
    const type = bytes.toString('ascii', offset + 4, offset + 8);
    const chunk = bytes.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      header = {
        width: chunk.readUInt32BE(0),
        height: chunk.readUInt32BE(4),
        bitDepth: chunk[8] ?? 0,
        colorType: chunk[9] ?? 0,
      };
    }
    if (type === 'IDAT') data.push(chunk);
    if (type === 'IEND') ended = true;
    offset += 12 + length;
  }
  expect(ended).toBe(true);
  if (!header) throw new Error('no IHDR chunk');
  const channels = ({ 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 } as Record<number, number>)[header.colorType] ?? 0;
  const raw = unzlibSync(Buffer.concat(data));
  expect(raw.length).toBe(header.height * (1 + Math.ceil((header.width * channels * header.bitDepth) / 8)));
  return { width: header.width, height: header.height };
}

// PostgreSQL: 5, 4 and (after Carol's revision) 3 everywhere → 4.00. MySQL: 4, 4, 3 → 3.67.
// MongoDB: 3, 4, 2 but Carol gives Performance 1 → Performance 2.67 (spread 3: worth discussing) → 2.93.
const ALICE: Sheet = { PostgreSQL: 5, MongoDB: 3, MySQL: 4 };
const BOB: Sheet = { PostgreSQL: 4, MongoDB: 4, MySQL: 4 };
const CAROL_FIRST: Sheet = { PostgreSQL: 1, MongoDB: 5, MySQL: 3 };
const CAROL_REVISED: Sheet = { PostgreSQL: 3, MongoDB: { all: 2, performance: 1 }, MySQL: 3 };
const OPTIONS = ['PostgreSQL', 'MongoDB', 'MySQL'];

describe('scoring options', () => {
  it('three people score through the modal, one revises, and the results and chart show the ranking', async () => {
    await proposeAdr(OPTIONS);

    const alice = await openScoring('U_ALICE');
    expect(alice.title).toMatchObject({ text: 'Score ADR-001' });
    expect(alice.submit).toMatchObject({ text: 'Save scores' });
    const selects = alice.blocks.filter((block) => block.type === 'input');
    expect(selects).toHaveLength(3 * 7);
    expect(blocksText(selects[0])).toContain('Team Expertise (25 %)');
    expect(blocksText(selects[0])).toContain('5 · excellent');

    // A page is saved only when every select on it is picked.
    const incomplete = fill(alice, ALICE);
    delete incomplete.score_2_cost;
    const refused = await t.submit(alice, incomplete);
    expect(refused.body).toEqual({
      response_action: 'errors',
      errors: { score_2_cost: 'Pick a score from 1 (poor) to 5 (excellent).' },
    });
    expect(await count(t, 'scores')).toBe(0);

    const saved = await t.submit(alice, fill(alice, ALICE));
    expect(saved.next?.callback_id).toBe('adr_scoring_results_modal');
    expect(blocksText(saved.next?.blocks)).toContain('your scores are saved');

    await scoreAll('U_BOB', BOB);
    await scoreAll('U_CAROL', CAROL_FIRST);

    // Carol revises: her earlier scores are filled in, and the new ones replace them.
    const revising = await openScoring('U_CAROL');
    expect(initialOf(revising, 'score_0_team_expertise')).toBe('1');
    expect(initialOf(revising, 'score_1_cost')).toBe('5');
    await t.submit(revising, fill(revising, CAROL_REVISED), { userId: 'U_CAROL' });
    await t.settle();

    expect(await count(t, 'scores', { team_id: TEAM })).toBe(3 * 3 * 7);
    const carolPostgres = (
      await storeDb(t)
        .selectFrom('scores')
        .select('value')
        .distinct()
        .where('scorer_id', '=', 'U_CAROL')
        .where('option', '=', 'PostgreSQL')
        .execute()
    ).map((row) => row.value);
    expect(carolPostgres).toEqual([3]);

    // The card says who has scored, and now offers the results.
    const cardText = blocksText((await card()).blocks);
    expect(cardText).toContain('Scored by 3: <@U_ALICE>, <@U_BOB>, <@U_CAROL>');
    expect(cardText).toContain('adr_card_results');

    // Anyone in the workspace may read the results.
    let since = t.fake.calls.length;
    await clickCard('adr_card_results', 'U_DAVE');
    const results = await lastResponse(since);
    expect(results.args.response_type).toBe('ephemeral');
    const text = blocksText(results.args.blocks);
    const order = ['#1  PostgreSQL', '#2  MySQL', '#3  MongoDB'].map((label) => text.indexOf(label));
    expect(order.every((position) => position >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(text).toContain(':trophy: *PostgreSQL* ranks first with *4.00* / 5 (80 %).');
    expect(text).toContain('*#2  MySQL*  ·  *3.67* / 5  ·  73 %  ·  3 scorers');
    expect(text).toContain('*#3  MongoDB*  ·  *2.93* / 5  ·  59 %  ·  3 scorers');
    expect(text).toContain('Performance         20 %  █████░░░░░ 2.67  ⚠ 1–4');
    expect(text).toContain('• *MongoDB* on Performance: scores from 1 to 4');
    expect(text).toContain("ADR-001's winner, PostgreSQL, holds for any single weight moved by ±10 points.");
    // Dave is neither author nor decider: no Edit criteria or Close scoring for him.
    expect(text).not.toContain('scoring_close');
    expect(text).toContain('scoring_share');

    // The chart goes to the card's thread: a real PNG of exactly the expected matrix.
    await t.settle();
    expect(t.fake.uploadedFiles).toHaveLength(1);
    const [chart] = t.fake.uploadedFiles;
    expect(chart).toMatchObject({
      filename: 'adr-001-scores.png',
      channelId: (await card()).channel,
      threadTs: (await card()).ts,
    });
    expect(chart?.initialComment).toContain('Weighted scores of ADR-001 from 3 scorers');
    expect(chart?.altText).toContain('PostgreSQL ranks first with 4.00 / 5');
    const { width, height } = decodePng(chart?.bytes as Buffer);
    expect(width).toBeGreaterThanOrEqual(600);
    expect(height).toBeGreaterThanOrEqual(200);
    const expected = aggregate(DEFAULT_CRITERIA, OPTIONS, [
      ...scoresOf('U_ALICE', ALICE),
      ...scoresOf('U_BOB', BOB),
      ...scoresOf('U_CAROL', CAROL_REVISED),
    ]);
    expect(expected.options.map((option) => option.option)).toEqual(['PostgreSQL', 'MySQL', 'MongoDB']);
    const expectedPng = await renderScoreChartPng(expected, DEFAULT_CRITERIA, { title: 'ADR-001: Primary database' });
    expect(Buffer.compare(chart?.bytes as Buffer, expectedPng)).toBe(0);

    // Asking again without a change does not post the same chart twice.
    since = t.fake.calls.length;
    await clickCard('adr_card_results', 'U_ALICE');
    await lastResponse(since);
    await t.settle();
    expect(t.fake.uploadedFiles).toHaveLength(1);

    // The matrix is ready for the Markdown export's Decision Outcome section.
    const adr = (await t.adr.services.decisions.find(TEAM, 1)) as StoredAdr;
    const table = await t.adr.services.scoring.outcomeTable(adr);
    const markdown = renderAdrMarkdown(adr, { profile: 'seed', ...(table ? { outcomeTable: table } : {}) });
    expect(markdown).toContain('| Criterion | Weight | PostgreSQL | MySQL | MongoDB |');
    expect(markdown).toContain('| Weighted total | 100 % | 4.00 (80 %) | 3.67 (73 %) | 2.93 (59 %) |');
  });

  it('shares the results in the card thread for everyone, with user text escaped', async () => {
    await proposeAdr(['PostgreSQL', '<!channel> Mongo & co'], 'Pick a <!here> store');
    await scoreAll('U_ALICE', { PostgreSQL: 4, '<!channel> Mongo & co': 2 });

    let since = t.fake.calls.length;
    await clickCard('adr_card_results', 'U_CAROL');
    const results = await lastResponse(since);
    await t.settle();
    since = t.fake.calls.length;
    await t.slack.blockAction({
      actionId: 'scoring_share',
      userId: 'U_CAROL',
      channelId: 'C_GENERAL',
      isEphemeral: true,
      message: { ts: '1700000099.000100', blocks: results.args.blocks as unknown[] },
    });
    const posted = await t.fake.waitFor('chat.postMessage', undefined, { since });
    expect(posted.args.thread_ts).toBe((await card()).ts);
    expect(posted.args.channel).toBe('C_GENERAL');
    const text = blocksText(posted.args.blocks);
    expect(text).toContain('&lt;!channel&gt; Mongo &amp; co');
    expect(text).toContain('adr_card_score');
    expect(text).not.toContain('scoring_share');
    const reply = await lastResponse(since);
    expect(blocksText(reply.args.blocks)).toContain("shared in the ADR card's thread");
    await t.settle();
    // The chart was already posted in the thread when Carol asked for the results.
    expect(t.fake.uploadedFiles).toHaveLength(1);
  });

  it('pages through 10 options × 10 criteria, keeping each page and what Previous leaves', async () => {
    const criteria: Criterion[] = Array.from({ length: 10 }, (_, index) => ({
      id: `c${index}`,
      name: `Criterion ${index + 1}`,
      weight: 10,
    }));
    expect((await t.adr.services.scoring.setDefaultCriteria(TEAM, criteria, 'U_ALICE')).ok).toBe(true);
    const options = Array.from({ length: 10 }, (_, index) => `Option ${index + 1}`);
    await proposeAdr(options);
    const sheet: Sheet = Object.fromEntries(options.map((option, index) => [option, (index % 5) + 1]));

    const page1 = await openScoring('U_ALICE');
    expect(page1.blocks.filter((block) => block.type === 'input')).toHaveLength(40);
    expect(blocksText(page1.blocks)).toContain('Page 1 of 3');
    expect(page1.submit).toMatchObject({ text: 'Next' });

    const s1 = await t.submit(page1, fill(page1, sheet));
    const page2 = s1.next as SlackView;
    expect(page2.id).toBe(page1.id);
    expect(blocksText(page2.blocks)).toContain('Page 2 of 3');
    expect(await count(t, 'scores')).toBe(40);

    // Two picks, then Previous: they are kept, and page 1 shows its saved scores.
    await t.slack.blockAction({
      actionId: 'scoring_previous',
      view: page2,
      stateValues: buildViewState(page2, { score_0_c0: '2', score_1_c9: '5' }),
    });
    await t.settle();
    const back = t.fake.getView(page1.id) as SlackView;
    expect(blocksText(back.blocks)).toContain('Page 1 of 3');
    expect(initialOf(back, 'score_3_c4')).toBe('4');
    expect(await count(t, 'scores')).toBe(42);

    const again = await t.submit(back, {});
    const page2Again = again.next as SlackView;
    expect(initialOf(page2Again, 'score_0_c0')).toBe('2');
    expect(initialOf(page2Again, 'score_1_c9')).toBe('5');
    const s2 = await t.submit(page2Again, fill(page2Again, sheet));
    const page3 = s2.next as SlackView;
    expect(page3.blocks.filter((block) => block.type === 'input')).toHaveLength(20);
    expect(page3.submit).toMatchObject({ text: 'Save scores' });
    const done = await t.submit(page3, fill(page3, sheet));
    expect(done.next?.callback_id).toBe('adr_scoring_results_modal');
    expect(await count(t, 'scores')).toBe(100);
    // Option 5 and Option 10 got 5 everywhere: a tie for first, shown as such.
    expect(blocksText(done.next?.blocks)).toContain('#1 (tie)  Option 5');
    expect(blocksText(done.next?.blocks)).toContain('#1 (tie)  Option 10');
  });
  it('works from the results modal too: share, edit criteria, then revise my scores', async () => {
    await proposeAdr(OPTIONS);
    const results = (await scoreAll('U_ALICE', ALICE)) as SlackView;
    const buttons = blocksText(results.blocks);
    for (const id of ['adr_card_score', 'scoring_share', 'scoring_edit_criteria', 'scoring_close']) {
      expect(buttons).toContain(id);
    }

    let since = t.fake.calls.length;
    await t.slack.blockAction({ actionId: 'scoring_share', view: results, userId: 'U_ALICE' });
    const posted = await t.fake.waitFor('chat.postMessage', undefined, { since });
    expect(posted.args.thread_ts).toBe((await card()).ts);
    await t.settle();
    let modal = t.fake.getView(results.id) as SlackView;
    expect(blocksText(modal.blocks)).toContain("shared in the ADR card's thread");

    since = t.fake.calls.length;
    await t.slack.blockAction({ actionId: 'scoring_edit_criteria', view: modal, userId: 'U_ALICE' });
    const editor = viewOf(t.fake, await t.fake.waitFor('views.push', undefined, { since }));
    await t.submit(editor, { criteria_weight_0: '15', criteria_weight_6: '15' }, { userId: 'U_ALICE' });
    await t.settle();
    modal = t.fake.getView(results.id) as SlackView;
    expect(modal.callback_id).toBe('adr_scoring_results_modal');
    expect(blocksText(modal.blocks)).toContain('Criteria saved: Team Expertise 15 %');

    await t.slack.blockAction({ actionId: 'adr_card_score', view: modal, userId: 'U_ALICE' });
    await t.settle();
    const page = t.fake.getView(results.id) as SlackView;
    expect(page.callback_id).toBe('adr_scoring_modal');
    expect(initialOf(page, 'score_0_team_expertise')).toBe('5');
    expect(blocksText(page.blocks)).toContain('Learning Curve (15 %)');
  });
});

describe('criteria', () => {
  it('refuses weights that do not total 100, duplicate and empty names, then saves an edited list', async () => {
    await proposeAdr(OPTIONS);
    const notAllowed = (await t.slack.command('score 1 criteria', { userId: 'U_CAROL' })).json();
    expect(blocksText(notAllowed)).toContain('Only the author and the deciders of ADR-001 can change its criteria.');

    const since = t.fake.calls.length;
    await t.slack.command('score 1 criteria', { userId: 'U_ALICE' });
    let view = viewOf(t.fake, await t.fake.waitFor('views.open', undefined, { since }));
    expect(initialOf(view, 'criteria_name_0')).toBe('Team Expertise');
    expect(initialOf(view, 'criteria_weight_0')).toBe('25');

    const wrongTotal = await t.submit(view, { criteria_weight_0: '30' });
    expect(wrongTotal.body).toEqual({
      response_action: 'errors',
      errors: { criteria_weight_6: 'Weights add up to 105 %; they must total 100 %.' },
    });
    const badNames = await t.submit(view, { criteria_name_1: ' team expertise ', criteria_name_2: '  ' });
    expect(badNames.body?.errors).toEqual({
      criteria_name_1: '"team expertise" is already criterion 1; each criterion needs its own name.',
      criteria_name_2: 'Give this criterion a name.',
    });

    // + Add criterion keeps what was typed; Remove drops Learning Curve.
    await t.slack.blockAction({
      actionId: 'criteria_add',
      view,
      userId: 'U_ALICE',
      stateValues: buildViewState(view, { criteria_name_3: 'Total cost' }),
    });
    await t.settle();
    view = t.fake.getView(view.id) as SlackView;
    expect(initialOf(view, 'criteria_name_3')).toBe('Total cost');
    expect(initialOf(view, 'criteria_name_7')).toBeUndefined();
    await t.slack.blockAction({ actionId: 'criteria_remove', view, userId: 'U_ALICE', selectedOption: '6' });
    await t.settle();
    view = t.fake.getView(view.id) as SlackView;
    expect(initialOf(view, 'criteria_name_6')).toBeUndefined();
    expect(blocksText(view.blocks)).toContain('Weights now total 95 %');

    const saved = await t.submit(view, { criteria_name_6: 'Security', criteria_weight_6: '5' });
    expect(saved.body?.response_action).toBe('update');
    expect(blocksText(saved.next?.blocks)).toContain('Criteria saved: Team Expertise 25 %');
    const stored = JSON.parse(
      (await value(t, 'scoring_matrices', 'criteria_json', { team_id: TEAM, adr_number: 1 })) as string,
    ) as Criterion[];
    expect(stored).toEqual([
      { id: 'team_expertise', name: 'Team Expertise', weight: 25 },
      { id: 'performance', name: 'Performance', weight: 20 },
      { id: 'community_support', name: 'Community Support', weight: 15 },
      { id: 'cost', name: 'Total cost', weight: 15 },
      { id: 'maturity', name: 'Maturity', weight: 10 },
      { id: 'ecosystem', name: 'Ecosystem', weight: 10 },
      { id: 'security', name: 'Security', weight: 5 },
    ]);
    // The workspace default is untouched: the next ADR starts from the seed's matrix.
    expect((await t.adr.services.scoring.getDefaultCriteria(TEAM)).map((criterion) => criterion.id)).toEqual(
      CRITERIA_IDS,
    );
  });

  it('lets the author edit the criteria from the scoring modal and returns to the page with them', async () => {
    await proposeAdr(OPTIONS);
    const carol = await openScoring('U_CAROL');
    expect(blocksText(carol.blocks)).not.toContain('scoring_edit_criteria');

    const view = await openScoring('U_ALICE');
    const since = t.fake.calls.length;
    await t.slack.blockAction({ actionId: 'scoring_edit_criteria', view, userId: 'U_ALICE' });
    const pushed = viewOf(t.fake, await t.fake.waitFor('views.push', undefined, { since }));
    expect(pushed.close).toMatchObject({ text: 'Back' });
    const saved = await t.submit(pushed, { criteria_weight_0: '20', criteria_weight_1: '25' });
    expect(saved.body).toBeNull();
    await t.settle();
    const page = t.fake.getView(view.id) as SlackView;
    const text = blocksText(page.blocks);
    expect(text).toContain('Team Expertise (20 %)');
    expect(text).toContain('Performance (25 %)');
    expect(text).toContain('Criteria saved');
  });
  it('edits the workspace default with the same editor; ADRs copy it when first scored', async () => {
    // The settings modal (another feature) opens or pushes this view; here it is submitted as Slack would.
    const editor = criteriaEditorView({
      scope: { kind: 'workspace' },
      rows: [
        { id: null, name: 'Operability', weight: '60' },
        { id: null, name: 'Cost', weight: '30' },
      ],
    });
    const view = { ...editor, id: 'V_SETTINGS', team_id: TEAM, state: { values: {} } } as unknown as SlackView;
    const wrong = await t.submit(view, {});
    expect(wrong.body).toEqual({
      response_action: 'errors',
      errors: { criteria_weight_1: 'Weights add up to 90 %; they must total 100 %.' },
    });
    const saved = await t.submit(view, { criteria_weight_1: '40' });
    expect(blocksText(saved.body)).toContain('Default criteria saved: Operability 60 %, Cost 40 %.');
    expect(await t.adr.services.scoring.getDefaultCriteria(TEAM)).toEqual([
      { id: 'operability', name: 'Operability', weight: 60 },
      { id: 'cost', name: 'Cost', weight: 40 },
    ]);
    expect((await t.adr.services.scoring.getDefaultCriteria('T_OTHER')).map((c) => c.id)).toEqual(CRITERIA_IDS);

    await proposeAdr(OPTIONS);
    const scoring = await openScoring('U_CAROL');
    expect(scoring.blocks.filter((block) => block.type === 'input')).toHaveLength(3 * 2);
    expect(blocksText(scoring.blocks)).toContain('Operability (60 %)');
  });
});

describe('closing scoring', () => {
  it('freezes the scores for good: only author and deciders close, later attempts get the reason', async () => {
    await proposeAdr(OPTIONS);
    await scoreAll('U_ALICE', ALICE);
    const stale = await openScoring('U_CAROL');

    const notAllowed = (await t.slack.command('score 1 close', { userId: 'U_CAROL' })).json();
    expect(blocksText(notAllowed)).toContain('Only the author and the deciders of ADR-001 can close scoring.');

    // Bob, a decider, closes from his results message.
    let since = t.fake.calls.length;
    await clickCard('adr_card_results', 'U_BOB');
    const results = await lastResponse(since);
    expect(blocksText(results.args.blocks)).toContain('scoring_close');
    await t.settle();
    since = t.fake.calls.length;
    await t.slack.blockAction({
      actionId: 'scoring_close',
      userId: 'U_BOB',
      channelId: 'C_GENERAL',
      isEphemeral: true,
      message: { ts: '1700000099.000200', blocks: results.args.blocks as unknown[] },
    });
    expect(blocksText((await lastResponse(since)).args.blocks)).toContain('Scoring of ADR-001 is closed');
    await t.settle();

    const matrix = (await firstRow(
      t,
      'scoring_matrices',
      { team_id: TEAM, adr_number: 1 },
      { columns: ['closed_at', 'closed_by'] },
    )) as { closed_at: string | null; closed_by: string };
    expect(matrix.closed_at).not.toBeNull();
    expect(matrix.closed_by).toBe('U_BOB');
    const cardText = blocksText((await card()).blocks);
    expect(cardText).toContain('scoring closed');
    expect(cardText).not.toContain('adr_card_score');
    const cardTs = (await card()).ts;
    const final = t.fake.messages('C_GENERAL').find((m) => m.thread_ts === cardTs && m.blocks);
    expect(blocksText(final?.blocks)).toContain('the scores are final');
    expect(blocksText(final?.blocks)).not.toContain('adr_card_score');
    expect(t.fake.uploadedFiles.at(-1)?.initialComment).toContain('(final)');

    // Score options on an old copy of the card: a clear reason, no modal.
    const before = await count(t, 'scores');
    since = t.fake.calls.length;
    await clickCard('adr_card_score', 'U_CAROL');
    const refusal = blocksText((await lastResponse(since)).args.blocks);
    expect(refusal).toMatch(/Scoring of ADR-001 was closed on \d{4}-\d{2}-\d{2}; the scores are final\./);
    await t.settle();
    expect(t.fake.callsTo('views.open').filter((call) => call.index >= since)).toEqual([]);

    // A modal opened before the close cannot slip scores in afterwards.
    const late = await t.submit(stale, fill(stale, CAROL_FIRST), { userId: 'U_CAROL' });
    expect(late.body?.response_action).toBe('update');
    expect(blocksText(late.next?.blocks)).toContain('were not saved');
    expect(await count(t, 'scores')).toBe(before);

    const command = (await t.slack.command('score 1', { userId: 'U_CAROL' })).json();
    expect(blocksText(command)).toContain('was closed on');
    const criteria = (await t.slack.command('score 1 criteria', { userId: 'U_ALICE' })).json();
    expect(blocksText(criteria)).toContain('Its criteria can no longer change.');
  });
});

describe('workspaces', () => {
  it("keeps another workspace's users from scoring or reading the results", async () => {
    await proposeAdr(OPTIONS);
    await scoreAll('U_ALICE', ALICE);
    const aliceView = await openScoring('U_ALICE');
    const stored = await count(t, 'scores');

    for (const text of ['score 1', 'score 1 results', 'score 1 close', 'score 1 criteria']) {
      const answer = blocksText((await t.slack.command(text, { userId: 'U_EVE', teamId: 'T_OTHER' })).json());
      expect(answer).toContain('ADR-001 does not exist in this workspace.');
      expect(answer).not.toContain('PostgreSQL');
    }
    for (const actionId of ['adr_card_score', 'adr_card_results', 'scoring_share', 'scoring_close']) {
      const since = t.fake.calls.length;
      await clickCard(actionId, 'U_EVE', 'T_OTHER');
      const answer = blocksText((await lastResponse(since)).args.blocks);
      expect(answer).toContain('ADR-001 does not exist in this workspace.');
      expect(answer).not.toContain('PostgreSQL');
    }
    await t.settle();
    expect(t.fake.callsTo('views.open')).toHaveLength(2);

    const forged = await t.submit(aliceView, fill(aliceView, CAROL_FIRST), { userId: 'U_EVE', teamId: 'T_OTHER' });
    expect(blocksText(forged.body)).toContain('ADR-001 does not exist in this workspace.');
    expect(await count(t, 'scores')).toBe(stored);
    expect(await count(t, 'scores', { scorer_id: 'U_EVE' })).toBe(0);
    expect(await count(t, 'scoring_matrices', { team_id: 'T_OTHER' })).toBe(0);
    expect(t.fake.uploadedFiles).toEqual([]);
  });
});

describe('decision outcome', () => {
  it('offers the top-ranked option and its score when an edit of the ADR reaches the outcome step', async () => {
    await proposeAdr(['PostgreSQL', 'MySQL']);
    await scoreAll('U_ALICE', { PostgreSQL: 5, MySQL: 3 });
    await scoreAll('U_BOB', { PostgreSQL: 4, MySQL: 3 });

    const since = t.fake.calls.length;
    await t.slack.command('edit 1', { userId: 'U_ALICE' });
    let view = viewOf(t.fake, await t.fake.waitFor('views.open', undefined, { since }));
    for (let step = 1; step <= 3; step++) view = (await t.submit(view, {}, { userId: 'U_ALICE' })).next as SlackView;
    expect(wizardMetadata.decode(view.private_metadata)?.step).toBe(4);
    expect(initialOf(view, 'wizard_chosen_option')).toBe('PostgreSQL');
    expect(initialOf(view, 'wizard_justification')).toBe(
      'PostgreSQL ranked first in the weighted matrix with 4.50 / 5 (90 %) from 2 scorers.',
    );
    expect(blocksText(view.blocks)).toContain('prefilled from the weighted scoring matrix');

    // Saved as the outcome when the person keeps it.
    await t.submit((await t.submit(view, {}, { userId: 'U_ALICE' })).next as SlackView, {}, { userId: 'U_ALICE' });
    await t.settle();
    const adr = (await t.adr.services.decisions.find(TEAM, 1)) as StoredAdr;
    expect(adr.chosenOption).toBe('PostgreSQL');
    expect(answerOf(t.fake.lastCall('chat.update') as RecordedCall)).toMatchObject({ ok: true });
    expect(blocksText((await card()).blocks)).toContain('Scored by 2: <@U_ALICE>, <@U_BOB>');
  });
});
