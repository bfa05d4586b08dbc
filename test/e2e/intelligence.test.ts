import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { emptyContent } from '../../src/domain/adr.js';
import { CapacityActions, CapacityBlocks, CapacityViews, RelatedActions, RelatedBlocks } from '../../src/slack/ids.js';
import { wizardMetadata } from '../../src/slack/metadata.js';
import { startTestApp, type TestApp, viewOf } from '../support/app-harness.js';
import { allText } from '../support/decisions.js';
import type { SlackView } from '../support/fake-slack.js';
import { value } from '../support/rows.js';
import { buildViewState } from '../support/view-state.js';

// The app knows the decision log (issue 16): capacity estimates while drafting, and related decisions offered
// after step 1 and on the review step, through signed requests to the real app.

let t: TestApp;

beforeEach(async () => {
  t = await startTestApp();
});

afterEach(async () => {
  expect(t.fake.violations).toEqual([]);
  expect(t.fake.broadcasts).toEqual([]);
  await t.stop();
});

async function openWizard(text = 'new', userId = 'U_ALICE'): Promise<SlackView> {
  const since = t.fake.calls.length;
  await t.slack.command(text, { userId });
  return viewOf(t.fake, await t.fake.waitFor('views.open', undefined, { since }));
}

async function lastDraftJson(): Promise<string> {
  return (await value(t, 'drafts', 'content_json', {}, { orderBy: ['id'], desc: true })) as string;
}

async function draftContext(): Promise<string> {
  const row = await lastDraftJson();
  return (JSON.parse(row) as { context: string }).context;
}

async function draftContent() {
  const row = await lastDraftJson();
  return JSON.parse(row) as { context: string; drivers: string[]; links: string[] };
}

const SEED_INPUTS = {
  [CapacityBlocks.dailyActiveUsers]: '200M',
  [CapacityBlocks.actionsPerUserPerDay]: '2',
  [CapacityBlocks.bytesPerItem]: '500',
  [CapacityBlocks.readsPerWrite]: '100',
  [CapacityBlocks.peakFactor]: '3',
  [CapacityBlocks.retentionYears]: '1',
};

/** Clicks *Estimate capacity* on the wizard's first step and returns the inputs view pushed over it. */
async function estimateFrom(wizard: SlackView, typed: Record<string, unknown>): Promise<SlackView> {
  const since = t.fake.calls.length;
  const current = t.fake.getView(wizard.id) ?? wizard;
  await t.slack.blockAction({
    actionId: CapacityActions.open,
    view: current,
    stateValues: buildViewState(current, typed),
  });
  return viewOf(t.fake, await t.fake.waitFor('views.push', undefined, { since }));
}

describe('capacity estimates', () => {
  it("reproduces the seed's worked example and adds it to the draft's context, with the peak as a driver", async () => {
    const wizard = await openWizard('new Store the timeline');
    const typed = { wizard_title: 'Store the timeline', wizard_context: 'Tweets must be stored and read fast.' };
    const inputs = await estimateFrom(wizard, typed);
    expect(inputs.callback_id).toBe(CapacityViews.inputs);
    // What was typed on step 1 was saved before the estimate opened.
    expect(await draftContext()).toBe('Tweets must be stored and read fast.');

    const bad = await t.submit(inputs, { ...SEED_INPUTS, [CapacityBlocks.peakFactor]: 'lots' });
    expect(bad.body?.response_action).toBe('errors');
    expect(Object.keys(bad.body?.errors ?? {})).toEqual([CapacityBlocks.peakFactor]);

    const results = await t.submit(inputs, SEED_INPUTS);
    expect(results.body?.response_action).toBe('update');
    const shown = allText(results.next?.blocks);
    for (const figure of ['400M', '4,630/s', 'plan for 15k/s', '200 GB', '73 TB', '7.5 MB/s', '750 MB/s']) {
      expect(shown).toContain(figure);
    }
    const since = t.fake.calls.length;
    const added = await t.submit(results.next as SlackView, {
      [CapacityBlocks.addDriver]: [{ value: 'add_peak_driver' }],
    });
    expect(added.body).toBeNull();
    const update = await t.fake.waitFor('views.update', (call) => call.args.view_id === wizard.id, { since });
    expect(allText(update.args.view)).toContain('Capacity estimate');
    const content = await draftContent();
    expect(content.context).toContain('Tweets must be stored and read fast.');
    expect(content.context).toContain('Capacity estimate (back of the envelope):');
    expect(content.context).toContain('73 TB');
    expect(content.drivers.some((driver) => driver.includes('15k'))).toBe(true);
  });

  it('editing the estimate replaces its block instead of adding a second', async () => {
    const wizard = await openWizard('new Store the timeline');
    for (const users of ['200M', '50M']) {
      const inputs = await estimateFrom(wizard, { wizard_title: 'Store the timeline' });
      const results = await t.submit(inputs, { ...SEED_INPUTS, [CapacityBlocks.dailyActiveUsers]: users });
      await t.submit(results.next as SlackView, {});
      await t.settle();
    }
    const context = await draftContext();
    expect(context.match(/Capacity estimate \(back of the envelope\):/g)).toHaveLength(1);
    expect(context).toContain('50M');
    expect(context).not.toContain('200M daily');
  });

  it('/adr estimate opens the estimate on its own, with no Add to ADR', async () => {
    const since = t.fake.calls.length;
    await t.slack.command('estimate');
    const inputs = viewOf(t.fake, await t.fake.waitFor('views.open', undefined, { since }));
    const results = await t.submit(inputs, SEED_INPUTS);
    expect(results.next?.submit).toBeUndefined();
    expect(allText(results.next?.blocks)).toContain('4,630/s');
  });
});

describe('related decisions while drafting', () => {
  async function propose(title: string, context: string, options: string[]) {
    const content = {
      ...emptyContent(title),
      context,
      options: options.map((name) => ({ name, pros: [], cons: [] })),
    };
    const adr = await t.adr.services.decisions.propose('T_TEST', 'U_BOB', content, 'C_GENERAL');
    await t.adr.services.decisions.changeStatus('T_TEST', String(adr.number), 'accepted', 'U_BOB');
    return adr.number;
  }

  it('offers the related ADR after step 1; Related and This replaces it end with a supersede on acceptance', async () => {
    const orders = await propose(
      'Use PostgreSQL for the order service database',
      'Orders need transactions across tables; we compared relational databases for the order service.',
      ['PostgreSQL', 'MongoDB'],
    );
    const ci = await propose('Run CI on GitHub Actions', 'Builds are slow on the old Jenkins.', [
      'GitHub Actions',
      'Jenkins',
    ]);
    const wizard = await openWizard();
    const step2 = await t.submit(wizard, {
      wizard_title: 'Move the order service database to CockroachDB',
      wizard_context: 'The order service database needs multi-region writes; PostgreSQL replicas are not enough.',
    });
    const panel = allText(step2.next?.blocks);
    expect(panel).toContain(RelatedBlocks.item(orders));
    expect(panel).not.toContain(RelatedBlocks.item(ci));

    const view = step2.next as SlackView;
    await t.slack.blockAction({ actionId: RelatedActions.markRelated, blockId: RelatedBlocks.actions(orders), view });
    await t.settle();
    expect((await draftContent()).links).toContain('Related: ADR-001');
    const current = t.fake.getView(view.id) as SlackView;
    await t.slack.blockAction({
      actionId: RelatedActions.replaces,
      blockId: RelatedBlocks.actions(orders),
      view: current,
    });
    await t.settle();
    expect((await draftContent()).links).toContain('Supersedes: ADR-001');
    expect(wizardMetadata.decode(t.fake.getView(view.id)?.private_metadata)?.step).toBe(2);

    let next: SlackView | undefined = t.fake.getView(view.id);
    for (const inputs of [
      { wizard_drivers: 'Multi-region writes', wizard_option_0: 'CockroachDB', wizard_option_1: 'PostgreSQL' },
      {
        wizard_pros_0: 'Multi-region',
        wizard_cons_0: 'New to us',
        wizard_pros_1: 'Known',
        wizard_cons_1: 'One region',
      },
      { wizard_chosen_option: 'CockroachDB', wizard_justification: 'it writes in every region' },
    ]) {
      next = (await t.submit(next as SlackView, inputs)).next;
    }
    // The review step shows the related decision again.
    expect(allText(next?.blocks)).toContain(RelatedBlocks.item(orders));
    await t.submit(next as SlackView, {});
    await t.settle();

    const accepted = await t.slack.command('accept 3', { userId: 'U_ALICE' });
    expect(accepted.status).toBe(200);
    await t.settle();
    const old = await t.adr.services.decisions.find('T_TEST', orders);
    expect(old).toMatchObject({ status: 'superseded', supersededBy: 3 });

    // /adr show lists related decisions both ways.
    const shown = await t.slack.command(`show ${orders}`);
    expect(shown.body).toContain('Related decisions');
    expect(shown.body).toContain('ADR-003');
  });

  it('shows nothing when nothing is close enough', async () => {
    await propose('Run CI on GitHub Actions', 'Builds are slow on the old Jenkins.', ['GitHub Actions', 'Jenkins']);
    const wizard = await openWizard();
    const step2 = await t.submit(wizard, {
      wizard_title: 'Pick a font for the marketing site',
      wizard_context: 'The brand team wants a new typeface.',
    });
    expect(allText(step2.next?.blocks)).not.toContain(RelatedBlocks.heading);
  });
});
