import { randomBytes } from 'node:crypto';
import { addMonths } from 'date-fns';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BOT_SCOPES } from '../../src/slack/scopes.js';
import { startTestApp, type TestApp } from '../support/app-harness.js';
import { allText, click, configure, current, dmsTo, proposeAdr } from '../support/decisions.js';
import type { RecordedCall, StoredMessage } from '../support/fake-slack.js';
import { rows as outboxRows } from '../support/rows.js';

// The whole decision flow in OAuth mode, where no SLACK_BOT_TOKEN exists: every Web API call the app makes on its
// own (outbox, App Home refreshes, reminders, card refreshes, uploads) must carry the token of the workspace it
// is for, found through the installation store. The fake Slack refuses anything else, as Slack does.

const OAUTH_ENV = {
  SLACK_CLIENT_ID: '1111.2222',
  SLACK_CLIENT_SECRET: 'oauth-client-secret-value',
  SLACK_STATE_SECRET: 'state-secret-for-tests-0123456789',
  TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
};
/** Calls Slack serves without a bot token. */
const TOKENLESS = new Set(['oauth.v2.access', 'response_url', 'upload']);

let t: TestApp;

beforeEach(async () => {
  t = await startTestApp({ env: OAUTH_ENV });
});

afterEach(async () => {
  expect(t.fake.violations).toEqual([]);
  expect(t.fake.broadcasts).toEqual([]);
  await t.stop();
});

/** What a browser does: the install page, its state cookie, and the redirect back from Slack with a code. */
async function install(teamId: string, userId: string): Promise<string> {
  const page = await fetch(`${t.baseUrl}/slack/install`, { redirect: 'manual' });
  const stateCookie = /slack-app-oauth-state=([^;]+)/.exec(page.headers.get('set-cookie') ?? '')?.[1] ?? '';
  const state = /[?&;]state=([^&"]+)/.exec((await page.text()).replace(/&amp;/g, '&'))?.[1] ?? '';
  const before = new Set(t.fake.issuedTokens.keys());
  const code = t.fake.oauthCode({ teamId, userId, scopes: [...BOT_SCOPES] });
  const redirect = await fetch(`${t.baseUrl}/slack/oauth_redirect?code=${code}&state=${state}`, {
    headers: { cookie: `slack-app-oauth-state=${stateCookie}` },
    redirect: 'manual',
  });
  expect(redirect.status).toBe(200);
  const token = [...t.fake.issuedTokens.keys()].find((issued) => !before.has(issued));
  if (!token) throw new Error(`no token was issued for ${teamId}`);
  return token;
}

/** Web API calls from `since` (to `until`) that needed a token, with the workspace each token belongs to. */
function tokenTeams(since: number, until = Number.POSITIVE_INFINITY) {
  return t.fake.calls
    .filter((call) => call.index >= since && call.index < until)
    .filter((call) => !TOKENLESS.has(call.method))
    .map((call: RecordedCall) => ({ method: call.method, team: t.fake.teamOfToken(call.token), call }));
}

interface Workspace {
  teamId: string;
  author: string;
  decider: string;
  decisions: string;
  channel: string;
}

/** Installs, configures, proposes, asks for approval, approves (accepting), opens App Home, gets a reminder, exports. */
async function decideIn(w: Workspace): Promise<number> {
  const since = t.fake.calls.length;
  await install(w.teamId, w.author);
  for (const id of [w.author, w.decider]) t.fake.seedUser({ id, name: id.slice(2).toLowerCase(), teamId: w.teamId });
  t.fake.seedChannel({ id: w.decisions, name: 'decisions', teamId: w.teamId });
  await configure(t, { channel: w.decisions, rule: 'any', reviewMonths: 6 }, w.author, w.teamId);
  const { card } = await proposeAdr(t, {
    teamId: w.teamId,
    userId: w.author,
    channelId: w.channel,
    deciders: [w.decider],
    title: `Pick a queue for ${w.teamId}`,
  });
  await click(t, card, 'adr_card_request_approval', w.author, { teamId: w.teamId });
  const request = dmsTo(t, w.decider).at(-1) as StoredMessage;
  expect(allText(request.blocks)).toContain('adr_approval_approve');
  const acceptedAt = new Date();
  await click(t, request, 'adr_approval_approve', w.decider, { teamId: w.teamId });

  // Acceptance: the announcement, the reply in the proposal's thread, the refreshed card and App Homes.
  const announcement = t.fake.messages(w.decisions).at(-1);
  expect(announcement?.text).toContain(`Pick a queue for ${w.teamId}`);
  expect(t.fake.messages(w.channel).some((m) => m.thread_ts === card.ts)).toBe(true);
  expect(allText(current(t, card).blocks)).toContain('Accepted');
  expect(t.fake.homeView(w.author)).toBeDefined();

  await t.slack.event({ type: 'app_home_opened', user: w.author, tab: 'home' }, { teamId: w.teamId });
  await t.settle();

  // The review reminder, six months on, from the reminder loop and the outbox.
  const later = addMonths(acceptedAt, 7);
  expect((await t.adr.services.reviews.runDue(later)).reviews).toBe(1);
  await t.adr.slack.dispatcher.runOnce(later);
  expect(dmsTo(t, w.author).some((m) => (m.text ?? '').includes('due for review'))).toBe(true);

  const exported = await t.slack.command('export all', { teamId: w.teamId, userId: w.author, channelId: w.channel });
  expect(exported.status).toBe(200);
  await t.settle();
  expect(t.fake.uploadedFiles.at(-1)?.channelId).toBe(w.channel);
  return since;
}

describe('OAuth mode: every call carries the installing workspace’s token', () => {
  it('runs the whole flow with the workspace’s bot token on every Web API call', async () => {
    const since = await decideIn({
      teamId: 'T_ONE',
      author: 'U_ALICE',
      decider: 'U_BOB',
      decisions: 'C_DECISIONS',
      channel: 'C_ARCH',
    });
    const calls = tokenTeams(since);
    for (const method of ['chat.postMessage', 'chat.update', 'views.publish', 'files.completeUploadExternal']) {
      expect(calls.map((call) => call.method)).toContain(method);
    }
    expect(calls.filter((call) => call.team !== 'T_ONE').map((call) => [call.method, call.call.response])).toEqual([]);
    const refused = t.fake.calls.filter((call) => (call.response?.body as { ok?: boolean } | undefined)?.ok === false);
    expect(refused.map((call) => [call.method, call.response?.body])).toEqual([]);
  });

  it('with two workspaces installed, each call carries its own workspace’s token and nothing crosses', async () => {
    const one = { teamId: 'T_ONE', author: 'U_ANN', decider: 'U_BEN', decisions: 'C_DEC_ONE', channel: 'C_ONE' };
    const two = { teamId: 'T_TWO', author: 'U_ZOE', decider: 'U_YAN', decisions: 'C_DEC_TWO', channel: 'C_TWO' };
    const sinceOne = await decideIn(one);
    const sinceTwo = await decideIn(two);
    const first = tokenTeams(sinceOne, sinceTwo);
    const second = tokenTeams(sinceTwo);
    expect(first.filter((call) => call.team !== 'T_ONE').map((call) => call.method)).toEqual([]);
    expect(second.filter((call) => call.team !== 'T_TWO').map((call) => call.method)).toEqual([]);
    expect(t.fake.messages('C_DEC_ONE').map((m) => m.text)).not.toContain(expect.stringContaining('T_TWO'));
    expect(t.fake.messages('C_DEC_TWO').map((m) => m.text)).not.toContain(expect.stringContaining('T_ONE'));
    const refused = t.fake.calls.filter((call) => (call.response?.body as { ok?: boolean } | undefined)?.ok === false);
    expect(refused.map((call) => [call.method, call.response?.body])).toEqual([]);
  });

  it('skips, with the reason, what is owed to a workspace that uninstalled the app, instead of retrying it', async () => {
    await install('T_GONE', 'U_GUS');
    t.fake.claim('T_GONE', { channelId: 'C_GONE_DECISIONS' });
    await configure(t, { channel: 'C_GONE_DECISIONS' }, 'U_GUS', 'T_GONE');
    await proposeAdr(t, { teamId: 'T_GONE', userId: 'U_GUS', channelId: 'C_GONE' });
    await t.slack.event({ type: 'app_uninstalled' }, { teamId: 'T_GONE' });
    await t.settle();

    const since = t.fake.calls.length;
    const accepted = await t.adr.services.decisions.changeStatus('T_GONE', '1', 'accepted', 'U_GUS');
    expect(accepted.ok).toBe(true);
    await t.settle();
    await t.adr.slack.dispatcher.runOnce(new Date(Date.now() + 60 * 60_000));
    expect(t.fake.calls.slice(since)).toEqual([]);
    const rows = await outboxRows(
      t,
      'outbox',
      { team_id: 'T_GONE' },
      { columns: ['kind', 'status', 'attempts', 'last_error'] },
    );
    expect(rows).not.toHaveLength(0);
    for (const row of rows as { status: string; attempts: number; last_error: string }[]) {
      expect(row).toMatchObject({ status: 'skipped', attempts: 0 });
      expect(row.last_error).toContain('no longer installed');
    }
  });
});
