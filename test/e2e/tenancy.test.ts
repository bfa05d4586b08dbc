import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { emptyContent } from '../../src/domain/adr.js';
import { AdminIds, CardActions, ListActions, SupersedeBlocks, Views, WizardActions } from '../../src/slack/ids.js';
import { adrMetadata, wizardMetadata } from '../../src/slack/metadata.js';
import { startTestApp, type TestApp, testEngine, viewOf } from '../support/app-harness.js';
import type { SlackView } from '../support/fake-slack.js';
import { count, rows, value } from '../support/rows.js';
import type { SlackResponse } from '../support/slack-client.js';

// Two workspaces served by one app. In token mode the same bot token serves both, which is what a forged
// payload would exploit if any query trusted a number, a button value or private_metadata over the signed team.
const HOME = 'T_TEST';
const OTHER = 'T_OTHER';
const SECRET = 'NIGHTJAR';

let t: TestApp;
let aliceDraftView: SlackView;
let responses: SlackResponse[];

/** The tables a forged request could touch: the search index is one table on SQLite, two on PostgreSQL. */
const TOUCHABLE = [
  'adrs',
  'drafts',
  'status_changes',
  'workspaces',
  'adr_search',
  ...(testEngine() === 'postgres' ? ['adr_search_sections'] : []),
] as const;

/** Every row T_TEST has in the tables a forged request could touch (each table's rows in a stable order). */
async function snapshot(teamId: string): Promise<string> {
  const dumps: string[] = [];
  for (const table of TOUCHABLE) {
    const found = (await rows(t, table as 'adrs', { team_id: teamId })).map((row) => JSON.stringify(row)).sort();
    dumps.push(`${table}: ${found.join(',')}`);
  }
  return dumps.join('\n');
}

async function propose(
  teamId: string,
  title: string,
  authorId: string,
  extra: Partial<ReturnType<typeof emptyContent>> = {},
) {
  const content = {
    ...emptyContent(title),
    options: [
      { name: 'Option A', pros: [], cons: [] },
      { name: 'Option B', pros: [], cons: [] },
    ],
    ...extra,
  };
  return await t.adr.services.decisions.propose(teamId, authorId, content, 'C_GENERAL');
}

async function asMallory<T extends SlackResponse>(request: Promise<T>): Promise<T> {
  const response = await request;
  responses.push(response);
  expect(response.status).toBeLessThan(500);
  return response;
}

const mallory = { teamId: OTHER, userId: 'U_MALLORY' };

beforeEach(async () => {
  t = await startTestApp();
  responses = [];
  await propose(HOME, `Project ${SECRET} migration`, 'U_ALICE', {
    context: `CONFIDENTIAL ${SECRET} context`,
    deciders: ['U_CAROL'],
  });
  await propose(HOME, `${SECRET} data retention`, 'U_ALICE');
  const since = t.fake.calls.length;
  await t.slack.command(`new ${SECRET} draft`, { teamId: HOME, userId: 'U_ALICE' });
  aliceDraftView = viewOf(t.fake, await t.fake.waitFor('views.open', undefined, { since }));
  await t.settle();
});

afterEach(async () => {
  expect(t.fake.violations).toEqual([]);
  expect(t.fake.broadcasts).toEqual([]);
  await t.stop();
});

/** Runs `forge`, then checks nothing of T_TEST changed and nothing of it reached Slack or the responses. */
async function expectNoLeak(forge: () => Promise<void>): Promise<void> {
  const before = await snapshot(HOME);
  const since = t.fake.calls.length;
  await forge();
  await t.settle();
  expect(await snapshot(HOME)).toBe(before);
  const sent = JSON.stringify(t.fake.calls.slice(since).map((call) => ({ args: call.args, response: call.response })));
  expect(sent).not.toContain(SECRET);
  for (const response of responses) expect(response.body).not.toContain(SECRET);
}

describe('workspace scoping: forged references from another workspace', () => {
  it('commands naming T_TEST’s ADR numbers see only T_OTHER’s (empty) log', async () => {
    await expectNoLeak(async () => {
      // Words of T_TEST's titles and context: a leak would show them with T_TEST's title.
      for (const text of [
        'show 1',
        'show ADR-002',
        'list',
        'list proposed',
        'search migration',
        'search context',
        'drafts',
      ]) {
        await asMallory(t.slack.command(text, mallory));
      }
      for (const text of ['accept 1', 'reject 1', 'deprecate 1', 'supersede 1 by 2', 'edit 1']) {
        const response = await asMallory(t.slack.command(text, mallory));
        expect(response.body).toContain('does not exist in this workspace');
      }
    });
    expect(t.fake.callsTo('views.open')).toHaveLength(1);
  });

  it('card and list buttons carrying T_TEST’s ADR numbers are refused', async () => {
    await expectNoLeak(async () => {
      for (const actionId of [...Object.values(CardActions), ListActions.view]) {
        for (const value of ['1', '2']) {
          await asMallory(
            t.slack.blockAction({
              ...mallory,
              actionId,
              value,
              channelId: 'C_RANDOM',
              message: { ts: '1700000000.000100', blocks: [] },
            }),
          );
        }
      }
    });
    expect(t.fake.callsTo('views.open')).toHaveLength(1);
    const refusals = t.fake.callsTo('response_url').map((call) => String(call.args.text));
    expect(refusals.some((text) => text.includes('does not exist in this workspace'))).toBe(true);
  });

  it('a number that exists in both workspaces acts on the clicker’s own ADR only', async () => {
    const theirs = await propose(OTHER, 'Other team decision', 'U_MALLORY');
    expect(theirs.number).toBe(1);
    await expectNoLeak(async () => {
      await asMallory(
        t.slack.blockAction({
          ...mallory,
          actionId: CardActions.accept,
          value: '1',
          channelId: 'C_RANDOM',
          message: { ts: '1700000000.000200', blocks: [] },
        }),
      );
    });
    expect((await t.adr.services.decisions.find(OTHER, 1))?.status).toBe('accepted');
    expect((await t.adr.services.decisions.find(HOME, 1))?.status).toBe('proposed');
  });

  it('list paging values cannot widen the query to another workspace', async () => {
    await expectNoLeak(async () => {
      for (const value of [
        '{"status":null,"page":1}',
        '{"status":"proposed","page":1}',
        '{"teamId":"T_TEST","page":1}',
      ]) {
        await asMallory(
          t.slack.blockAction({
            ...mallory,
            actionId: `${ListActions.page}_1`,
            value,
            channelId: 'C_RANDOM',
            message: { ts: '1700000000.000300', blocks: [] },
          }),
        );
      }
    });
  });

  it('draft ids of T_TEST drafts cannot be resumed or discarded from T_OTHER', async () => {
    const draftId = String(await value(t, 'drafts', 'id', { team_id: HOME }));
    await expectNoLeak(async () => {
      for (const actionId of [ListActions.resumeDraft, ListActions.discardDraft]) {
        await asMallory(
          t.slack.blockAction({
            ...mallory,
            actionId,
            value: draftId,
            channelId: 'C_RANDOM',
            message: { ts: '1700000000.000400', blocks: [] },
          }),
        );
      }
    });
    expect(await count(t, 'drafts', { team_id: HOME })).toBe(1);
  });

  it('wizard private_metadata and view ids of a T_TEST draft are refused on submit, close and every wizard button', async () => {
    await expectNoLeak(async () => {
      const submitted = await asMallory(
        t.slack.viewSubmission(
          aliceDraftView,
          {
            wizard_title: { wizard_title: { type: 'plain_text_input', value: 'Hijacked' } },
          },
          mallory,
        ),
      );
      expect(submitted.body).toContain('no longer exists');
      await asMallory(t.slack.viewClosed(aliceDraftView, mallory));
      // Each button with the view as Slack holds it now (current hash), forged metadata included.
      const current = () => t.fake.getView(aliceDraftView.id) ?? aliceDraftView;
      const forgedMetadata = aliceDraftView.private_metadata;
      for (const actionId of [WizardActions.back, WizardActions.addOption]) {
        await asMallory(
          t.slack.blockAction({ ...mallory, actionId, view: { ...current(), private_metadata: forgedMetadata } }),
        );
        await t.settle();
      }
      await asMallory(
        t.slack.blockAction({
          ...mallory,
          actionId: WizardActions.removeOption,
          type: 'static_select',
          selectedOption: { text: { type: 'plain_text', text: 'x' }, value: '0' },
          view: { ...current(), private_metadata: wizardMetadata.encode({ draftId: 1, step: 2 }) },
        }),
      );
    });
    // Every view update carried only a refusal. (In OAuth mode it goes out with T_OTHER's token, which Slack
    // refuses for a T_TEST view; with one token for both, the refusal notice is all that can reach it.)
    const updates = t.fake.callsTo('views.update');
    expect(updates).toHaveLength(3);
    for (const call of updates) {
      expect(call.response?.body).toMatchObject({ ok: true });
      expect(JSON.stringify(call.args.view)).toContain('no longer exists');
    }
  });

  it('supersede private_metadata naming T_TEST’s ADR is refused', async () => {
    await expectNoLeak(async () => {
      const forgedView = {
        id: 'V_FORGED',
        callback_id: Views.supersede,
        private_metadata: adrMetadata.encode({ adrNumber: 1 }),
        blocks: [],
        state: { values: {} },
      };
      const response = await asMallory(
        t.slack.viewSubmission(
          forgedView,
          {
            [SupersedeBlocks.replacement]: { [SupersedeBlocks.replacement]: { type: 'plain_text_input', value: '2' } },
          },
          mallory,
        ),
      );
      expect(response.json()).toEqual({
        response_action: 'errors',
        errors: { [SupersedeBlocks.replacement]: expect.stringContaining('does not exist in this workspace') },
      });
    });
  });

  it('an admin of T_OTHER purging deletes T_OTHER’s rows only', async () => {
    t.fake.seedUser({ id: 'U_MALLORY', name: 'mallory', is_admin: true });
    await propose(OTHER, 'Their own decision', 'U_MALLORY');
    await expectNoLeak(async () => {
      const response = await asMallory(
        t.slack.viewSubmission(
          { id: 'V_ADMIN', callback_id: AdminIds.view, private_metadata: JSON.stringify({ teamId: HOME }), blocks: [] },
          { [AdminIds.confirm]: { [AdminIds.confirm]: { type: 'plain_text_input', value: 'delete everything' } } },
          mallory,
        ),
      );
      expect(response.body).toContain('Deleted everything');
    });
    expect(await count(t, 'adrs', { team_id: OTHER })).toBe(0);
  });
});

describe('who may do what', () => {
  it('only the author and the deciders change a status', async () => {
    const bob = await t.slack.command('accept 1', { teamId: HOME, userId: 'U_BOB' });
    expect(bob.body).toContain('Only the author and the deciders of ADR-001');
    expect((await t.adr.services.decisions.find(HOME, 1))?.status).toBe('proposed');
    const carol = await t.slack.command('accept 1', { teamId: HOME, userId: 'U_CAROL' });
    expect(carol.body).toContain('ADR-001 is now Accepted');
    const alice = await t.slack.command('reject 2', { teamId: HOME, userId: 'U_ALICE' });
    expect(alice.body).toContain('ADR-002 is now Rejected');
  });

  it('only workspace admins and owners (or the installer) see and purge the workspace’s data', async () => {
    t.fake.seedUser({ id: 'U_BOB', name: 'bob' });
    t.fake.seedUser({ id: 'U_OWNER', name: 'owner', is_owner: true });
    const before = await snapshot(HOME);
    let since = t.fake.calls.length;
    await t.slack.shortcut(AdminIds.shortcut, { teamId: HOME, userId: 'U_BOB' });
    const refused = viewOf(t.fake, await t.fake.waitFor('views.open', undefined, { since }));
    expect(JSON.stringify(refused.blocks)).toContain('Only workspace admins and owners');

    const purgeView = { id: 'V_P', callback_id: AdminIds.view, private_metadata: '', blocks: [] };
    const confirm = {
      [AdminIds.confirm]: { [AdminIds.confirm]: { type: 'plain_text_input', value: 'delete everything' } },
    };
    const bobPurge = await t.slack.viewSubmission(purgeView, confirm, { teamId: HOME, userId: 'U_BOB' });
    expect(bobPurge.body).toContain('Only workspace admins and owners');
    expect(await snapshot(HOME)).toBe(before);

    since = t.fake.calls.length;
    await t.slack.shortcut(AdminIds.shortcut, { teamId: HOME, userId: 'U_OWNER' });
    const adminView = viewOf(t.fake, await t.fake.waitFor('views.open', undefined, { since }));
    expect(adminView.callback_id).toBe(AdminIds.view);
    expect(JSON.stringify(adminView.blocks)).toContain('2 decisions');

    const unconfirmed = await t.submit(adminView, { [AdminIds.confirm]: 'yes' }, { teamId: HOME, userId: 'U_OWNER' });
    expect(unconfirmed.body).toEqual({
      response_action: 'errors',
      errors: { [AdminIds.confirm]: expect.stringContaining('delete everything') },
    });
    expect(await snapshot(HOME)).toBe(before);

    const done = await t.submit(
      adminView,
      { [AdminIds.confirm]: 'Delete everything' },
      { teamId: HOME, userId: 'U_OWNER' },
    );
    expect(JSON.stringify(done.body)).toContain('2 decisions');
    for (const table of TOUCHABLE) {
      expect(await count(t, table as 'adrs', { team_id: HOME }), table).toBe(0);
    }
  });
});
