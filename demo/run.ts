/**
 * `npm run demo`: the whole product against the built-in fake Slack and fake OpenAI, no workspace needed.
 * A team drafts an ADR from a Slack thread with AI, scores the options, approves it, and the decision is announced.
 * Prints each step as a person would see it and writes every screen (Block Kit JSON with a Block Kit Builder link),
 * the chart and the Markdown exports to demo-output/.
 * It is also an end-to-end test run in CI: any step that does not do what it should stops the demo with exit code 1.
 */

import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type AdrContent, emptyContent } from '../src/domain/adr.js';
import { ADD_DRIVER_VALUE, CapacityActions, CapacityBlocks, RelatedActions, RelatedBlocks } from '../src/slack/ids.js';
import { wizardMetadata } from '../src/slack/metadata.js';
import { answerOf, startTestApp, type TestApp, viewOf } from '../test/support/app-harness.js';
import { type FakeOpenAI, startFakeOpenAI } from '../test/support/fake-openai.js';
import {
  type FakeSlack,
  type RecordedCall,
  type SlackView,
  type StoredMessage,
  startFakeSlack,
} from '../test/support/fake-slack.js';
import { buildViewState } from '../test/support/view-state.js';
import { blockKitBuilderLink, type RenderOptions, renderMessage, renderView } from './render-text.js';
import { AI_DRAFT, AI_REVIEW, CAPACITY_INPUTS, EARLIER_ADR, PEOPLE, SCORES, type Sheet, THREAD } from './story.js';

const OUT = join(import.meta.dirname, '..', 'demo-output');
const TEAM = 'T_TEST';
const ARCH = 'C_ARCH';
const DECISIONS = 'C_DECISIONS';
const ALICE = 'U_ALICE';
const BOB = 'U_BOB';
const CAROL = 'U_CAROL';
const DAN = 'U_DAN';
const TITLE = 'Choose the primary database for the order service';
/** The decision already in the log (EARLIER_ADR), and the one the story makes, which replaces it. */
const EARLIER = 1;
const ADR = 2;
const ANSI = process.stdout.isTTY === true && !process.env.NO_COLOR;

/** Fields Slack (the fake) adds to a view; the saved JSON is the view as the app built it. */
const SLACK_VIEW_FIELDS = new Set([
  'id',
  'team_id',
  'state',
  'hash',
  'root_view_id',
  'previous_view_id',
  'app_id',
  'app_installed_team_id',
  'bot_id',
]);
/** Fields Slack fills with a default when the app leaves them out. */
const VIEW_DEFAULTS: Record<string, unknown> = {
  clear_on_close: false,
  notify_on_close: false,
  external_id: '',
  private_metadata: '',
  callback_id: '',
};

type Kind = 'modal' | 'message' | 'home';

class DemoFailure extends Error {}

function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new DemoFailure(`Demo step failed: ${message}`);
}

/** A clock the demo moves on by hand, so dates on cards, approvals and exports are the same on every run. */
class Clock {
  private current = new Date('2026-03-02T10:05:00Z');
  readonly now = () => new Date(this.current);
  set(iso: string): void {
    this.current = new Date(iso);
  }
}

class Demo {
  private step = 0;
  private screens = 0;
  private readonly index: string[] = [
    '# ADR Assistant demo output',
    '',
    'Every screen of `npm run demo`, in order, as Block Kit JSON, each with a link that opens it in Block Kit Builder',
    '(sign in to Slack first). Then the score chart and the ADR exported in both Markdown profiles.',
    '',
  ];
  readonly render: RenderOptions;

  constructor(
    readonly t: TestApp,
    readonly ai: FakeOpenAI,
    readonly clock: Clock,
  ) {
    this.render = {
      users: Object.fromEntries(PEOPLE.map((person) => [person.id, person.name])),
      channels: { [ARCH]: 'architecture', [DECISIONS]: 'decisions' },
      ansi: ANSI,
      width: 96,
    };
  }

  get fake(): FakeSlack {
    return this.t.fake;
  }

  say(title: string): void {
    this.step++;
    const line = `${this.step}. ${title}`;
    console.log(`\n${ANSI ? `\x1b[1;36m${line}\x1b[0m` : line}`);
    this.index.push('', `## ${line}`, '');
  }

  /** A line for the terminal and the index. */
  note(text: string): void {
    this.print(text);
    this.index.push(`- ${text}`);
  }

  /** A line for the terminal only. */
  print(text: string): void {
    console.log(`   ${ANSI ? `\x1b[2m${text}\x1b[0m` : text}`);
  }

  /**
   * Prints a screen as text and saves its Block Kit JSON. `who` says whose Slack shows it; `lines` cuts the printed
   * text short when the rest was just shown: after so many lines, or to `count` lines from the one that has `from`
   * (the JSON is always complete).
   */
  screen(name: string, who: string, shown: object, kind: Kind, lines?: number | { from: string; count: number }): void {
    const payload = shown as Record<string, unknown>;
    this.screens++;
    const file = `${String(this.screens).padStart(2, '0')}-${name}.json`;
    const json = kind === 'message' ? messagePayload(payload) : viewPayload(payload);
    writeFileSync(join(OUT, file), `${JSON.stringify(json, null, 2)}\n`);
    const text =
      kind === 'message'
        ? renderMessage(payload as { text?: string; blocks?: unknown[] }, this.render)
        : renderView(payload, this.render);
    const all = text.split('\n');
    const start =
      typeof lines === 'object'
        ? Math.max(
            0,
            all.findIndex((line) => line.includes(lines.from)),
          )
        : 0;
    const printed =
      typeof lines === 'object'
        ? ['   …', ...all.slice(start, start + lines.count), '   …']
        : lines !== undefined && all.length > lines + 1
          ? [...all.slice(0, lines), '   …']
          : all;
    console.log(`   ${ANSI ? `\x1b[33m${who}\x1b[0m` : who}`);
    console.log(printed.join('\n').replace(/^/gm, '   '));
    const builder = blockKitBuilderLink(kind === 'message' ? { blocks: json.blocks ?? [] } : json);
    this.index.push(`- ${who}: [${file}](${file}) · [open in Block Kit Builder](${builder})`);
  }

  file(name: string, content: string | Buffer, what: string): void {
    writeFileSync(join(OUT, name), content);
    // The index links the file; only the terminal says where it went.
    this.index.push(`- ${what}: [${name}](${name})`);
    this.print(`wrote demo-output/${name}`);
  }

  finish(): void {
    writeFileSync(join(OUT, 'README.md'), `${this.index.join('\n')}\n`);
  }
}

/** The view as the app sent it: without the fields the fake adds, nor the `auto_` ids it fills in as Slack does. */
function viewPayload(view: Record<string, unknown>): Record<string, unknown> {
  const sent = Object.fromEntries(
    Object.entries(view).filter(([key, value]) => !SLACK_VIEW_FIELDS.has(key) && VIEW_DEFAULTS[key] !== value),
  );
  return JSON.parse(
    JSON.stringify(sent, (key, value: unknown) =>
      (key === 'block_id' || key === 'action_id') && typeof value === 'string' && value.startsWith('auto_')
        ? undefined
        : value,
    ),
  ) as Record<string, unknown>;
}

function messagePayload(message: Record<string, unknown>): Record<string, unknown> {
  const payload: Record<string, unknown> = {};
  if (typeof message.text === 'string') payload.text = message.text;
  if (Array.isArray(message.blocks)) payload.blocks = message.blocks;
  return payload;
}

function text(value: unknown): string {
  return JSON.stringify(value) ?? '';
}

function stepOf(view: SlackView | undefined): number {
  return wizardMetadata.decode(view?.private_metadata)?.step ?? 0;
}

function initialOf(view: SlackView | undefined, actionId: string): unknown {
  for (const block of view?.blocks ?? []) {
    const element = block.element as Record<string, unknown> | undefined;
    if (element?.action_id === actionId) return element.initial_value ?? element.initial_option;
  }
  return undefined;
}

function db(t: TestApp) {
  return t.adr.db;
}

function status(t: TestApp, number: number): string {
  return db(t).prepare('SELECT status FROM adrs WHERE team_id = ? AND number = ?').pluck().get(TEAM, number) as string;
}

/** The latest version of a stored message. */
function current(fake: FakeSlack, message: StoredMessage): StoredMessage {
  const found = fake.messages(message.channel).find((m) => m.ts === message.ts);
  check(found, `message ${message.ts} in ${message.channel} should still be there`);
  return found;
}

function responsesSince(fake: FakeSlack, since: number): RecordedCall[] {
  return fake.callsTo('response_url').filter((call) => call.index >= since);
}

async function clickMessage(t: TestApp, message: StoredMessage, actionId: string, userId: string, value?: string) {
  const response = await t.slack.blockAction({
    actionId,
    userId,
    channelId: message.channel,
    message: { ...message, channel: message.channel },
    ...(value === undefined ? {} : { value }),
  });
  check(response.status === 200, `${actionId} should be acknowledged (HTTP ${response.status})`);
  await t.settle();
}

async function clickInView(t: TestApp, view: SlackView, actionId: string, userId: string): Promise<SlackView> {
  const response = await t.slack.blockAction({
    actionId,
    userId,
    view,
    stateValues: buildViewState(view, {}),
  });
  check(response.status === 200, `${actionId} should be acknowledged (HTTP ${response.status})`);
  await t.settle();
  const updated = t.fake.getView(view.id);
  check(updated, `the modal should still be open after ${actionId}`);
  return updated;
}

/** The Links of Alice's draft, as stored. */
function draftLinks(t: TestApp): string[] {
  const json = db(t).prepare('SELECT content_json FROM drafts ORDER BY id DESC LIMIT 1').pluck().get() as string;
  return (JSON.parse(json) as AdrContent).links;
}

/** The draft as stored. */
function draftContent(t: TestApp): AdrContent {
  return JSON.parse(
    db(t).prepare('SELECT content_json FROM drafts ORDER BY id DESC LIMIT 1').pluck().get() as string,
  ) as AdrContent;
}

/** 3b. *Estimate capacity* on step 1: the inputs over the wizard, the figures, *Add to ADR*. */
async function estimateCapacity(demo: Demo, wizard: SlackView): Promise<SlackView> {
  const { t, fake } = demo;
  demo.say('She gives it a title and the deciders, then runs "Estimate capacity" on step 1');
  let since = fake.calls.length;
  const typed = { wizard_title: TITLE, wizard_deciders: [BOB, CAROL, DAN] };
  const clicked = await t.slack.blockAction({
    actionId: CapacityActions.open,
    userId: ALICE,
    view: wizard,
    stateValues: buildViewState(wizard, typed),
  });
  check(clicked.status === 200, 'Estimate capacity should be acknowledged');
  const inputs = viewOf(fake, await fake.waitFor('views.push', undefined, { since }));
  demo.screen('capacity-inputs', 'The estimate opens over the wizard', inputs, 'modal');
  const values = {
    [CapacityBlocks.dailyActiveUsers]: CAPACITY_INPUTS.dailyActiveUsers,
    [CapacityBlocks.actionsPerUserPerDay]: CAPACITY_INPUTS.actionsPerUserPerDay,
    [CapacityBlocks.bytesPerItem]: CAPACITY_INPUTS.bytesPerItem,
    [CapacityBlocks.readsPerWrite]: CAPACITY_INPUTS.readsPerWrite,
    [CapacityBlocks.peakFactor]: CAPACITY_INPUTS.peakFactor,
    [CapacityBlocks.retentionYears]: CAPACITY_INPUTS.retentionYears,
  };
  demo.note(
    `She types the thread's Q3 load: ${Object.values(CAPACITY_INPUTS).join(' · ')} (daily users, writes per user a ` +
      'day, bytes per write, reads per write, peak factor for Black Friday, years kept for finance).',
  );
  const results = await t.submit(inputs, values, { userId: ALICE });
  check(results.body?.response_action === 'update', `the inputs should be accepted: ${text(results.body)}`);
  const figures = text(results.next?.blocks);
  for (const figure of ['4.8M', '2,000/s', '16k/s', '9.6 GB', '24.5 TB', '4 MB/s', '32 MB/s']) {
    check(figures.includes(figure), `the estimate should show ${figure}: ${figures}`);
  }
  demo.screen('capacity-results', 'The figures, with "Add to ADR"', results.next as SlackView, 'modal');

  demo.note('She ticks "add the peak as a decision driver" and clicks "Add to ADR".');
  since = fake.calls.length;
  const added = await t.submit(
    results.next as SlackView,
    { [CapacityBlocks.addDriver]: [{ value: ADD_DRIVER_VALUE }] },
    { userId: ALICE },
  );
  check(added.body === null, `Add to ADR should close the estimate: ${text(added.body)}`);
  const update = await fake.waitFor('views.update', (call) => call.args.view_id === wizard.id, { since });
  await t.settle();
  const content = draftContent(t);
  check(content.context.startsWith(AI_DRAFT.context), 'the AI context should stay as it was');
  check(content.context.includes('Capacity estimate (back of the envelope):'), 'the estimate should be in the context');
  check(content.context.includes('2,000/s at peak'), 'with the peak');
  const peak = content.drivers.find((driver) => driver.startsWith('Handle 2,000 writes/s'));
  check(peak, `the peak should be a decision driver: ${text(content.drivers)}`);
  check(content.title === TITLE, 'what she typed on step 1 should be saved');
  demo.note(`The context now ends with the estimate, and "${peak}" is a driver.`);
  const view = fake.getView(wizard.id);
  check(view && stepOf(view) === 1, 'the wizard should be back on step 1');
  demo.screen(
    'wizard-basics-estimated',
    'The wizard again (views.update), the estimate in its context',
    update.args.view as object,
    'modal',
  );
  return view;
}

/** The select inputs of a scoring page, by action id, filled from a scorer's sheet. */
function fillScores(view: SlackView, sheet: Sheet): Record<string, string> {
  const inputs: Record<string, string> = {};
  let option = '';
  for (const block of view.blocks) {
    if (block.type === 'header') option = (block.text as { text: string }).text;
    const actionId = (block.element as { action_id?: string } | undefined)?.action_id ?? '';
    const criterion = /^score_\d+_(.+)$/.exec(actionId)?.[1];
    const value = criterion ? sheet[option]?.[criterion] : undefined;
    if (value !== undefined) inputs[actionId] = String(value);
  }
  return inputs;
}

async function main(): Promise<void> {
  const started = performance.now();
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  const fake = await startFakeSlack();
  const ai = await startFakeOpenAI();
  const clock = new Clock();
  for (const person of PEOPLE) {
    fake.seedUser({ id: person.id, name: person.handle, real_name: person.name, tz: 'Europe/Berlin' });
  }
  fake.seedChannel({ id: ARCH, name: 'architecture' });
  fake.seedChannel({ id: DECISIONS, name: 'decisions' });
  const t = await startTestApp({
    fake,
    now: clock.now,
    env: { OPENAI_API_KEY: 'sk-demo', OPENAI_BASE_URL: ai.baseURL },
  });
  const demo = new Demo(t, ai, clock);
  try {
    await earlierDecision(demo);
    const root = await discussInThread(demo);
    await configureWorkspace(demo);
    const card = await draftFromThread(demo, root);
    await scoreOptions(demo, card);
    await approve(demo, card);
    await appHome(demo);
    await exportMarkdown(demo);

    check(fake.violations.length === 0, `Slack would reject: ${JSON.stringify(fake.violations)}`);
    check(fake.broadcasts.length === 0, `no message may ping a channel: ${JSON.stringify(fake.broadcasts)}`);
    check(ai.pending() === 0, 'every scripted AI answer should have been used');
    demo.finish();
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(`\nDemo finished in ${seconds} s: every step did what it should. Output in demo-output/.`);
  } finally {
    await t.stop();
    await ai.close();
    await fake.close();
  }
}

/** 0. What the decision log already holds: the MVP's choice, a year earlier. */
async function earlierDecision(demo: Demo): Promise<void> {
  const { t, clock } = demo;
  demo.say('The decision log already holds ADR-001, from the MVP a year ago');
  clock.set(EARLIER_ADR.date);
  const content: AdrContent = { ...emptyContent(EARLIER_ADR.title), ...EARLIER_ADR, deciders: [ALICE, BOB] };
  const adr = await t.adr.services.decisions.propose(TEAM, BOB, content, ARCH);
  const accepted = await t.adr.services.decisions.changeStatus(TEAM, String(adr.number), 'accepted', ALICE);
  check(adr.number === EARLIER && accepted.ok, `the earlier decision should be ADR-001, accepted: ${text(accepted)}`);
  await t.settle();
  clock.set('2026-03-02T10:05:00Z');
  demo.note(
    `ADR-001: ${EARLIER_ADR.title} (accepted 2025-03-10; chosen: SQLite, because ${EARLIER_ADR.justification}). ` +
      'Written through the app’s service, as the thread is seeded in the fake Slack.',
  );
}

/** 1. The discussion the ADR starts from. */
async function discussInThread(demo: Demo): Promise<StoredMessage> {
  demo.say('The team argues about the order service’s database in #architecture');
  const seeded = demo.fake.seedThread(
    ARCH,
    THREAD[0]?.ts ?? '',
    THREAD.map((message) => ({ user: message.user, text: message.text, ts: message.ts })),
  );
  const root = seeded[0];
  check(root && seeded.length === THREAD.length, 'the thread should be seeded');
  for (const message of seeded) {
    const person = PEOPLE.find((p) => p.id === message.user);
    const time = new Date(Number(message.ts.split('.')[0]) * 1000).toISOString().slice(11, 16);
    const line = `${person?.name ?? message.user}  ${time}`;
    console.log(`   ${ANSI ? `\x1b[1m${line}\x1b[0m` : line}`);
    console.log(renderMessage({ text: message.text ?? '' }, { ...demo.render, width: 92 }).replace(/^/gm, '     '));
  }
  demo.note(`${seeded.length} messages by Alice, Bob, Carol and Dan (seeded in the fake Slack; printed, not saved).`);
  return root;
}

/** 2. /adr config: decisions channel and approval rule. */
async function configureWorkspace(demo: Demo): Promise<void> {
  const { t, fake } = demo;
  demo.say('Alice configures the workspace: /adr config');
  const since = fake.calls.length;
  await t.slack.command('config', { userId: ALICE, channelId: ARCH });
  const settings = viewOf(fake, await fake.waitFor('views.open', undefined, { since }));
  demo.screen('settings', 'Alice sees the settings modal', settings, 'modal');

  demo.note('She picks #decisions for announcements and "A majority of the deciders", and saves: the modal closes.');
  const saved = await t.submit(
    settings,
    { settings_decisions_channel: DECISIONS, settings_approval_rule: 'majority' },
    { userId: ALICE },
  );
  await t.settle();
  check(saved.body?.response_action !== 'errors', `settings should save: ${text(saved.body)}`);
  const row = db(t).prepare('SELECT * FROM workspace_settings WHERE team_id = ?').get(TEAM) as
    | Record<string, unknown>
    | undefined;
  check(row?.decisions_channel_id === DECISIONS, `the decisions channel should be saved: ${text(row)}`);
  check(row?.approval_rule === 'majority', `the majority rule should be saved: ${text(row)}`);
}

/** 3. The message shortcut drafts the ADR with AI; Alice walks the wizard, reviews and proposes. */
async function draftFromThread(demo: Demo, root: StoredMessage): Promise<StoredMessage> {
  const { t, fake, ai, clock } = demo;
  demo.say('Alice runs the message shortcut "Draft ADR from thread" on the thread');
  ai.script({ json: AI_DRAFT });
  let since = fake.calls.length;
  const response = await t.slack.messageShortcut('adr_from_thread_shortcut', {
    userId: ALICE,
    channelId: ARCH,
    message: { ts: root.ts, thread_ts: root.ts, user: root.user ?? ALICE, text: root.text ?? '' },
  });
  check(response.status === 200, 'the shortcut should be acknowledged');
  const opened = await fake.waitFor('views.open', undefined, { since });
  const working = answerOf<{ view: SlackView }>(opened).view;
  check(text(working).includes('drafting'), 'the modal should open at once, saying it is drafting');
  demo.screen('drafting', 'The modal opens at once', working, 'modal');

  await t.settle();
  let view = fake.getView(working.id);
  check(stepOf(view) === 1, 'the filled wizard should replace the "Drafting…" modal');
  check(initialOf(view, 'wizard_context') === AI_DRAFT.context, 'the AI context should fill the problem statement');
  const prompt = text(ai.requests.at(-1)?.body);
  check(
    prompt.includes('Dan Okafor: DynamoDB means designing every access pattern'),
    'the thread should reach the model with names resolved',
  );
  check(!prompt.includes('U_DAN'), 'no user ids should reach the model');
  const relatedLine = `ADR-001 (accepted, 2025-03-10): ${EARLIER_ADR.title}. Chosen: SQLite, because ${EARLIER_ADR.justification}.`;
  check(
    prompt.includes(`<untrusted kind=\\"related_decisions\\">\\n${relatedLine}`),
    `the decision the thread looks related to should reach the model, fenced as data: ${prompt}`,
  );
  demo.note(
    `The model was told, as fenced data, of the earlier decision the thread looks related to: "${relatedLine}"`,
  );
  demo.screen('wizard-basics-drafted', 'Seconds later the AI draft fills the wizard', view as SlackView, 'modal');

  view = await estimateCapacity(demo, view as SlackView);

  demo.say('Step 2 offers ADR-001 as related; she clicks "This replaces it"');
  let submitted = await t.submit(
    view as SlackView,
    { wizard_title: TITLE, wizard_deciders: [BOB, CAROL, DAN] },
    { userId: ALICE },
  );
  view = submitted.next;
  check(stepOf(view) === 2, `step 2 should follow step 1: ${text(submitted.body)}`);
  check(initialOf(view, 'wizard_option_2') === 'DynamoDB', 'the three options should come from the AI draft');
  check(text(view?.blocks).includes(RelatedBlocks.item(EARLIER)), 'step 2 should offer ADR-001 as related');
  demo.screen(
    'wizard-drivers-options',
    'Step 2: drivers and options, and "Looks related" below',
    view as SlackView,
    'modal',
  );
  since = fake.calls.length;
  const replaced = await t.slack.blockAction({
    actionId: RelatedActions.replaces,
    blockId: RelatedBlocks.actions(EARLIER),
    userId: ALICE,
    view: view as SlackView,
  });
  check(replaced.status === 200, 'This replaces it should be acknowledged');
  await t.settle();
  const update = fake.callsTo('views.update').find((call) => call.index >= since);
  check(update && update.args.view_id === view?.id, 'the wizard should be updated in place');
  view = fake.getView((view as SlackView).id);
  check(draftLinks(t).includes('Supersedes: ADR-001'), `the draft's Links should say it supersedes ADR-001`);
  check(text(view?.blocks).includes('Replaces it (undo)'), 'the panel should say the draft replaces ADR-001');
  check(stepOf(view) === 2, 'the wizard should stay on step 2');
  demo.note('Her draft’s Links now read "Supersedes: ADR-001": accepting the new ADR will supersede ADR-001.');
  demo.screen(
    'wizard-related-replaces',
    'Slack’s copy of the modal after the click (views.update)',
    update.args.view as object,
    'modal',
    { from: 'Looks related', count: 6 },
  );

  demo.say('She goes through the remaining steps');

  submitted = await t.submit(view as SlackView, {}, { userId: ALICE });
  view = submitted.next;
  check(stepOf(view) === 3, 'step 3 should follow step 2');
  demo.screen('wizard-pros-cons', 'Step 3: pros and cons', view as SlackView, 'modal');

  submitted = await t.submit(view as SlackView, {}, { userId: ALICE });
  view = submitted.next;
  check(stepOf(view) === 4, 'step 4 should follow step 3');
  check(text(initialOf(view, 'wizard_chosen_option')).includes('PostgreSQL'), 'the AI should suggest PostgreSQL');
  demo.screen('wizard-outcome', 'Step 4: the decision outcome, as the AI suggested it', view as SlackView, 'modal');

  submitted = await t.submit(view as SlackView, {}, { userId: ALICE });
  view = submitted.next;
  check(stepOf(view) === 5, 'step 5 should follow step 4');
  check(text(view?.blocks).includes(RelatedBlocks.item(EARLIER)), 'the review step should show ADR-001 again');
  check(text(view?.blocks).includes('Supersedes: ADR-001'), 'the review should show the Links');
  demo.screen('wizard-review', 'Step 5: review, with the related decision again', view as SlackView, 'modal');

  demo.say('She clicks "Review draft": the checklist and the AI review the draft');
  ai.script({ json: AI_REVIEW });
  const requestsBefore = ai.requests.length;
  view = await clickInView(t, view as SlackView, 'ai_review_draft', ALICE);
  check(ai.requests.length === requestsBefore + 1, 'the AI review should be asked once');
  const findings = text(view.blocks);
  check(findings.includes(':bulb: *Links*'), `the AI's suggestions should be listed by section: ${findings}`);
  check(!findings.includes('still running'), 'the review should be complete');
  demo.screen('wizard-review-findings', 'The findings, by template section, above the draft', view, 'modal', 14);

  demo.say('She proposes it: ADR-002 is posted in #architecture');
  clock.set('2026-03-02T10:20:00Z');
  since = fake.calls.length;
  submitted = await t.submit(view, {}, { userId: ALICE });
  check(submitted.body?.response_action === 'clear', `proposing should close the modal: ${text(submitted.body)}`);
  const posted = await fake.waitFor('chat.postMessage', (call) => call.args.channel === ARCH, { since });
  await t.settle();
  const card = fake.messages(ARCH).find((m) => m.ts === answerOf<{ ts: string }>(posted).ts);
  check(card, 'the ADR card should be posted in #architecture');
  check(text(card.blocks).includes(`ADR-002: ${TITLE}`), 'the card should carry the number and title');
  check(status(t, ADR) === 'proposed', 'ADR-002 should be Proposed');
  check(status(t, EARLIER) === 'accepted', 'ADR-001 stays Accepted until ADR-002 is');
  demo.screen('adr-card', 'Everyone in #architecture sees the card', card, 'message');
  return card;
}

/** 4. Bob, Carol and Dan score the options; the results, the chart and sharing them. */
async function scoreOptions(demo: Demo, card: StoredMessage): Promise<void> {
  const { t, fake, clock } = demo;
  demo.say('Bob, Carol and Dan score the options against the weighted criteria');
  clock.set('2026-03-03T09:00:00Z');
  const openScoring = async (userId: string): Promise<SlackView> => {
    const since = fake.calls.length;
    await clickMessage(t, current(fake, card), 'adr_card_score', userId, String(ADR));
    return viewOf(fake, await fake.waitFor('views.open', undefined, { since }));
  };
  const score = async (userId: string, sheet: Sheet): Promise<SlackView | undefined> => {
    const view = await openScoring(userId);
    const name = PEOPLE.find((p) => p.id === userId)?.first ?? userId;
    const inputs = fillScores(view, sheet);
    check(Object.keys(inputs).length === 3 * 7, `${name} should fill 3 options × 7 criteria`);
    const submitted = await t.submit(view, inputs, { userId });
    await t.settle();
    check(submitted.body?.response_action === 'update', `${name}'s scores should save: ${text(submitted.body)}`);
    return submitted.next;
  };

  const bobSaved = await score(BOB, SCORES.bob);
  check(text(bobSaved?.blocks).includes('your scores are saved'), 'Bob should see his scores are saved');
  demo.screen('scoring-saved', 'Bob sees the results so far', bobSaved as SlackView, 'modal');
  await score(CAROL, SCORES.carolFirst);
  await score(DAN, SCORES.dan);
  demo.note('Carol and Dan score too: every option against every criterion, 21 picks each.');

  demo.say('Carol revises a score after Bob shares last year’s load test');
  const revising = await openScoring(CAROL);
  demo.screen('scoring-modal', 'Carol opens "Score options" again: her scores are filled in', revising, 'modal');
  demo.note('She changes PostgreSQL’s Performance from 2 to 4 and saves.');
  const earlier = initialOf(revising, 'score_0_performance') as { value?: string } | undefined;
  check(
    earlier?.value === String(SCORES.carolFirst.PostgreSQL?.performance),
    `Carol should find her earlier scores filled in: ${text(earlier)}`,
  );
  const revised = await t.submit(revising, fillScores(revising, SCORES.carolRevised), { userId: CAROL });
  await t.settle();
  check(revised.body?.response_action === 'update', 'the revision should save');
  const carolPerformance = db(t)
    .prepare("SELECT value FROM scores WHERE scorer_id = ? AND option = 'PostgreSQL' AND criterion_id = 'performance'")
    .pluck()
    .get(CAROL);
  check(carolPerformance === SCORES.carolRevised.PostgreSQL?.performance, 'the revised score should replace the first');
  const rows = db(t).prepare('SELECT COUNT(*) FROM scores WHERE team_id = ?').pluck().get(TEAM);
  check(rows === 3 * 3 * 7, `3 scorers × 3 options × 7 criteria should be stored, not ${String(rows)}`);
  const scoredBy = text(current(fake, card).blocks);
  check(scoredBy.includes('Scored by 3: <@U_BOB>, <@U_CAROL>, <@U_DAN>'), 'the card should say who has scored');

  demo.say('Alice opens the results: ranking, text bars, disagreements, sensitivity; the chart goes to the thread');
  clock.set('2026-03-03T11:30:00Z');
  let since = fake.calls.length;
  const uploadsBefore = fake.uploadedFiles.length;
  await clickMessage(t, current(fake, card), 'adr_card_results', ALICE, String(ADR));
  const results = responsesSince(fake, since).at(-1);
  check(results?.args.response_type === 'ephemeral', 'the results should come back to Alice only');
  const resultsText = text(results.args.blocks);
  check(resultsText.includes(':trophy: *PostgreSQL* ranks first'), `PostgreSQL should rank first: ${resultsText}`);
  check(resultsText.includes('⚠'), 'a criterion where scorers disagree should be flagged');
  check(resultsText.includes('scores from 2 to 5'), 'the disagreement should be spelled out');
  check(/holds for any single weight|would need/.test(resultsText), 'a sensitivity sentence should follow');
  demo.screen('scoring-results', 'Alice sees (only she does)', results.args, 'message');

  const chart = fake.uploadedFiles.at(-1);
  check(fake.uploadedFiles.length === uploadsBefore + 1 && chart, 'the chart should be uploaded once');
  check(chart.filename === 'adr-002-scores.png', `the chart should be a PNG named for the ADR: ${chart.filename}`);
  check(chart.channelId === ARCH && chart.threadTs === card.ts, "the chart should go to the card's thread");
  check(chart.bytes.subarray(1, 4).toString('ascii') === 'PNG', 'the chart should be a PNG');
  demo.note(`${renderMessage({ text: chart.initialComment ?? '' }, demo.render)} (in the card's thread)`);
  demo.file('score-chart.png', chart.bytes, "The score chart posted in the card's thread");

  demo.say('She clicks "Share results": the results go to the card’s thread for everyone');
  since = fake.calls.length;
  await t.slack.blockAction({
    actionId: 'scoring_share',
    userId: ALICE,
    channelId: ARCH,
    isEphemeral: true,
    // An ephemeral message has a ts of its own; the fake keeps no copy of response_url replies.
    message: { ts: '1700000999.000100', blocks: results.args.blocks as unknown[] },
  });
  await t.settle();
  const shared = fake
    .messages(ARCH)
    .filter((m) => m.thread_ts === card.ts && !m.seeded)
    .find((m) => text(m.blocks).includes('ranks first'));
  check(shared, "the results should be posted in the card's thread");
  check(!text(shared.blocks).includes('scoring_share'), 'the shared copy should not offer sharing again');
  check(fake.uploadedFiles.length === uploadsBefore + 1, 'sharing should not upload the same chart again');
  demo.screen('scoring-shared', "Everyone sees in the card's thread (the same results)", shared, 'message', 2);
}

/** 5. Approval by DM; the majority rule accepts the ADR; the announcement and the thread reply. */
async function approve(demo: Demo, card: StoredMessage): Promise<void> {
  const { t, fake, clock } = demo;
  demo.say('Alice clicks "Request approval": each decider gets a DM');
  clock.set('2026-03-03T14:00:00Z');
  let since = fake.calls.length;
  await clickMessage(t, current(fake, card), 'adr_card_request_approval', ALICE, String(ADR));
  const askedReply = responsesSince(fake, since).at(-1);
  const asked = text(askedReply?.args);
  check(
    askedReply && asked.includes('Asked <@U_BOB>, <@U_CAROL>, <@U_DAN>'),
    `Alice should be told who was asked: ${asked}`,
  );
  demo.screen('approval-requested', 'Alice sees (only she does)', askedReply.args, 'message');
  const dmOf = (userId: string): StoredMessage => {
    const dm = fake.messages(userId).find((m) => text(m.blocks).includes('adr_approval_approve'));
    check(dm, `${userId} should get an approval request by DM`);
    return dm;
  };
  for (const decider of [BOB, CAROL, DAN]) dmOf(decider);
  demo.screen('approval-request-dm', 'Dan’s DM (Bob and Carol get the same)', dmOf(DAN), 'message');

  demo.say('Dan requests changes, with a comment that goes to Alice');
  clock.set('2026-03-03T15:10:00Z');
  since = fake.calls.length;
  await clickMessage(t, dmOf(DAN), 'adr_approval_changes', DAN, String(ADR));
  const modal = viewOf(fake, await fake.waitFor('views.open', undefined, { since }));
  demo.screen('request-changes', 'Dan sees', modal, 'modal');
  const sent = await t.submit(
    modal,
    {
      request_changes_comment:
        'Please name an owner and a date for the SQLite → PostgreSQL cut-over, and add the replica to the cost.',
    },
    { userId: DAN },
  );
  await t.settle();
  check(sent.body?.response_action === 'clear', `the comment should be sent: ${text(sent.body)}`);
  const toAlice = fake.messages(ALICE).find((m) => text(m.blocks).includes('requested changes'));
  check(toAlice && text(toAlice.blocks).includes('cut-over'), 'Alice should get Dan’s comment by DM');
  demo.screen('changes-requested-dm', 'Alice’s DM', toAlice, 'message');
  check(status(t, ADR) === 'proposed', 'a change request should not decide the ADR');

  demo.say('Bob approves; the card shows who answered and when');
  clock.set('2026-03-04T08:45:00Z');
  since = fake.calls.length;
  await clickMessage(t, dmOf(BOB), 'adr_approval_approve', BOB, String(ADR));
  check(status(t, ADR) === 'proposed', 'one approval of three is not a majority');
  const bobsDm = responsesSince(fake, since).find((call) => call.args.replace_original === true);
  check(bobsDm && text(bobsDm.args).includes('You approved'), `Bob's DM should say he approved: ${text(bobsDm?.args)}`);
  demo.screen('approved-dm', 'Bob’s DM now says', bobsDm.args, 'message');
  const afterBob = text(current(fake, card).blocks);
  check(
    afterBob.includes(':white_check_mark: <@U_BOB> 2026-03-04'),
    `the card should show Bob's approval: ${afterBob}`,
  );
  check(afterBob.includes(':pencil2: <@U_DAN>'), "the card should show Dan's change request");
  check(afterBob.includes('Scored by 3'), 'the card should keep its scoring line through approvals');
  demo.screen('adr-card-approvals', 'The card in #architecture', current(fake, card), 'message');

  demo.say('Carol approves: 2 of 3 is a majority, so ADR-002 is Accepted on its own, and supersedes ADR-001');
  clock.set('2026-03-04T09:30:00Z');
  since = fake.calls.length;
  await clickMessage(t, dmOf(CAROL), 'adr_approval_approve', CAROL, String(ADR));
  // The outbox dispatcher runs in the background; settle() waited for it. Run it once more to prove nothing is left.
  const rest = await t.adr.slack.dispatcher.runOnce(clock.now());
  check(rest.sent === 0 && rest.failed === 0, `every notification should already be sent: ${text(rest)}`);
  check(status(t, ADR) === 'accepted', 'ADR-002 should be Accepted');
  const earlier = db(t)
    .prepare('SELECT status, superseded_by FROM adrs WHERE team_id = ? AND number = ?')
    .get(TEAM, EARLIER);
  check(
    text(earlier) === text({ status: 'superseded', superseded_by: ADR }),
    `accepting ADR-002 should supersede ADR-001 (This replaces it): ${text(earlier)}`,
  );
  const toldCarol = responsesSince(fake, since).find((call) => text(call.args).includes('is now Accepted'));
  check(toldCarol, 'Carol should be told her approval accepted the ADR');
  demo.screen('accepted-by-approval', 'Carol sees (only she does)', toldCarol.args, 'message');
  const pending = db(t).prepare("SELECT COUNT(*) FROM outbox WHERE status != 'sent'").pluck().get();
  check(pending === 0, `no notification should be left in the outbox (${String(pending)})`);

  // The acceptance, and the supersede it brought with it (This replaces it), each announced once.
  const announcements = fake.messages(DECISIONS);
  check(
    announcements.length === 2,
    `two announcements should be posted in #decisions (ADR-002 accepted, ADR-001 superseded), not ${announcements.length}`,
  );
  const announcement = announcements.find((m) => text(m.blocks).includes('*Accepted* by')) as StoredMessage;
  const superseded = announcements.find((m) => m !== announcement);
  check(
    announcement && superseded,
    `one announcement should be the acceptance: ${text(announcements.map((m) => m.blocks))}`,
  );
  const supersededText = text(superseded.blocks);
  check(
    supersededText.includes(`ADR-001: ${EARLIER_ADR.title}`) && supersededText.includes(`ADR-002: ${TITLE}`),
    `the other should say ADR-001 is superseded by ADR-002: ${supersededText}`,
  );
  const announced = text(announcement.blocks);
  check(announced.includes(`ADR-002: ${TITLE}`), 'the announcement should name the ADR');
  check(/Weighted score \d\.\d\d \/ 5 \(\d+ %\), ranked 1 of 3 by 3 scorers/.test(announced), 'with the score line');
  check(announced.includes('<@U_BOB>, <@U_CAROL>, <@U_DAN>'), 'and the deciders');
  demo.screen('announcement', 'Everyone in #decisions sees', announcement, 'message');
  demo.screen('announcement-superseded', 'And, in #decisions, what ADR-002 replaces', superseded, 'message');

  const reply = fake.messages(ARCH).find((m) => m.thread_ts === card.ts && text(m).includes('ADR-002 is accepted'));
  check(reply, "the proposal's thread should get a reply");
  demo.screen('thread-reply', "In the card's thread in #architecture", reply, 'message');
  const accepted = current(fake, card);
  check(text(accepted.blocks).includes(':white_check_mark: Accepted'), 'the card should show Accepted');
  demo.screen('adr-card-accepted', 'The card, updated', accepted, 'message');
}

/** 6. Alice's App Home. */
async function appHome(demo: Demo): Promise<void> {
  const { t, fake } = demo;
  demo.say('Alice opens the app’s Home tab: the decision log');
  const response = await t.slack.event({ type: 'app_home_opened', user: ALICE, channel: 'D_ALICE', tab: 'home' });
  check(response.status === 200, 'the event should be acknowledged');
  await t.settle();
  const home = fake.homeView(ALICE);
  check(home, "Alice's Home should be published");
  const homeText = text(home.blocks);
  check(homeText.includes('Decision log'), 'the Home should show the decision log');
  check(homeText.includes(TITLE), 'with ADR-002 in it');
  demo.screen('app-home', 'Alice’s Home tab', home, 'home');
}

/** 7. Markdown exports in both profiles. */
async function exportMarkdown(demo: Demo): Promise<void> {
  const { t, fake } = demo;
  demo.say('Alice exports ADR-002 as Markdown: /adr export 2 seed, /adr export 2 madr');
  for (const profile of ['seed', 'madr'] as const) {
    const before = fake.uploadedFiles.length;
    await t.slack.command(`export ${ADR} ${profile}`, { userId: ALICE, channelId: ARCH });
    await t.settle();
    const upload = fake.uploadedFiles.at(-1);
    check(fake.uploadedFiles.length === before + 1 && upload, `the ${profile} export should be uploaded`);
    check(
      upload.filename === '0002-choose-the-primary-database-for-the-order-service.md',
      `the ${profile} export should be named NNNN-slug.md: ${upload.filename}`,
    );
    const markdown = upload.bytes.toString('utf8');
    const outcomeStart = markdown.search(/^## Decision Outcome/m);
    const outcomeEnd = markdown.search(/^### Positive Consequences/m);
    check(
      outcomeStart >= 0 && outcomeEnd > outcomeStart,
      `the ${profile} export should have a Decision Outcome section`,
    );
    const outcome = markdown.slice(outcomeStart, outcomeEnd);
    check(
      /\| Criterion \| Weight \| PostgreSQL \|/.test(outcome) && outcome.includes('| Weighted total |'),
      `the ${profile} export should have the scoring matrix in its Decision Outcome section`,
    );
    check(profile === 'madr' ? markdown.includes('* Status: accepted') : markdown.includes('# ADR-002:'), 'format');
    check(
      markdown.includes('Capacity estimate (back of the envelope):'),
      `the ${profile} export should hold the estimate`,
    );
    check(/Supersedes/.test(markdown), `the ${profile} export should say ADR-002 supersedes ADR-001`);
    demo.file(`ADR-002.${profile}.md`, upload.bytes, `ADR-002 in the ${profile} profile`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof DemoFailure ? error.message : error);
  process.exit(1);
});
