import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { BOT_SCOPES } from '../../src/slack/scopes.js';
import { sameDatabaseAs, startTestApp, type TestApp, viewOf } from '../support/app-harness.js';
import { expectErrorLogged } from '../support/log-capture.js';
import { count, firstRow, rows, tableNames } from '../support/rows.js';

const CLIENT_ID = '1111.2222';
const CLIENT_SECRET = 'oauth-client-secret-value';
const KEY = randomBytes(32).toString('hex');

let t: TestApp;

beforeEach(async () => {
  t = await startTestApp({
    env: {
      SLACK_CLIENT_ID: CLIENT_ID,
      SLACK_CLIENT_SECRET: CLIENT_SECRET,
      SLACK_STATE_SECRET: 'state-secret-for-tests-0123456789',
      TOKEN_ENCRYPTION_KEY: KEY,
    },
  });
});

afterEach(async () => {
  expect(t.fake.violations).toEqual([]);
  expect(t.fake.broadcasts).toEqual([]);
  await t.stop();
});

/** What a browser does: open the install page, keep the state cookie, come back from Slack with a code. */
async function install(
  teamId: string,
  userId = 'U_INSTALLER',
): Promise<{ token: string; status: number; html: string }> {
  const page = await fetch(`${t.baseUrl}/slack/install`, { redirect: 'manual' });
  expect(page.status).toBe(200);
  const cookie = page.headers.get('set-cookie') ?? '';
  const stateCookie = /slack-app-oauth-state=([^;]+)/.exec(cookie)?.[1];
  expect(stateCookie).toBeDefined();
  const html = await page.text();
  const authorizeUrl = new URL((/href="(https:\/\/slack.com[^"]+)"/.exec(html)?.[1] ?? '').replace(/&amp;/g, '&'));
  expect(authorizeUrl.origin + authorizeUrl.pathname).toBe('https://slack.com/oauth/v2/authorize');
  expect(authorizeUrl.searchParams.get('client_id')).toBe(CLIENT_ID);
  expect(authorizeUrl.searchParams.get('scope')?.split(',')).toEqual([...BOT_SCOPES]);
  const state = authorizeUrl.searchParams.get('state') ?? '';
  expect(state).toBe(stateCookie);

  const tokensBefore = new Set(t.fake.issuedTokens.keys());
  const code = t.fake.oauthCode({ teamId, teamName: `Team ${teamId}`, userId, scopes: [...BOT_SCOPES] });
  const redirect = await fetch(
    `${t.baseUrl}/slack/oauth_redirect?code=${encodeURIComponent(code)}&state=${encodeURIComponent(state)}`,
    { headers: { cookie: `slack-app-oauth-state=${stateCookie}` }, redirect: 'manual' },
  );
  const token = [...t.fake.issuedTokens.keys()].find((issued) => !tokensBefore.has(issued)) ?? '';
  return { token, status: redirect.status, html: await redirect.text() };
}

async function everyRow(): Promise<string> {
  const dumps: string[] = [];
  for (const table of await tableNames(t)) dumps.push(JSON.stringify(await rows(t, table as 'adrs')));
  return dumps.join('\n');
}

function installationRow(teamId: string) {
  return firstRow<{ sealed_installation: string; installer_user_id: string }>(t, 'installations', {
    team_id: teamId,
  });
}

describe('OAuth installation for many workspaces', () => {
  it('installs through /slack/install and /slack/oauth_redirect, storing the token encrypted', async () => {
    const { token, status } = await install('T_NEW');
    expect(status).toBe(200);
    expect(token).toMatch(/^xoxb-T_NEW-/);
    const exchange = t.fake.lastCall('oauth.v2.access');
    expect(exchange?.args).toMatchObject({ client_id: CLIENT_ID, client_secret: CLIENT_SECRET });

    const row = await installationRow('T_NEW');
    expect(row?.installer_user_id).toBe('U_INSTALLER');
    expect(row?.sealed_installation.startsWith('enc1:')).toBe(true);
    // Neither the token nor any recognisable part of it is anywhere in the database.
    const dump = await everyRow();
    expect(dump).not.toContain(token);
    expect(dump).not.toContain('xoxb-');
  });

  it('authorises a signed command from that workspace with that workspace’s token', async () => {
    const first = await install('T_ONE');
    const second = await install('T_TWO');
    expect(first.token).not.toBe(second.token);

    for (const [teamId, token] of [
      ['T_ONE', first.token],
      ['T_TWO', second.token],
    ] as const) {
      const since = t.fake.calls.length;
      const response = await t.slack.command('new Choose a cache', { teamId });
      expect(response.status).toBe(200);
      const opened = await t.fake.waitFor('views.open', undefined, { since });
      expect(opened.token).toBe(token);
      expect(viewOf(t.fake, opened).callback_id).toBe('adr_wizard_modal');
    }
  });

  it('refuses a redirect without the browser’s state cookie (CSRF) and stores nothing', async () => {
    const page = await fetch(`${t.baseUrl}/slack/install`);
    const state = /state=([^&"]+)/.exec(await page.text())?.[1] ?? '';
    const code = t.fake.oauthCode({ teamId: 'T_EVIL' });
    const response = await fetch(`${t.baseUrl}/slack/oauth_redirect?code=${code}&state=${state}`);
    expect(response.status).toBe(400);
    expect(t.fake.callsTo('oauth.v2.access')).toHaveLength(0);
    expect(await installationRow('T_EVIL')).toBeUndefined();
    expect(expectErrorLogged('InvalidStateError')[0]?.text).toContain(
      'The state parameter is not for this browser session',
    );
  });

  it('does nothing for a workspace that has not installed the app', async () => {
    const since = t.fake.calls.length;
    const response = await t.slack.command('new Sneaky', { teamId: 'T_NOT_INSTALLED' });
    expect(response.status).toBeLessThan(500);
    await t.settle();
    expect(t.fake.calls.slice(since)).toEqual([]);
    expect(await count(t, 'drafts')).toBe(0);
  });

  it('forgets the tokens on app_uninstalled and keeps the decisions', async () => {
    await install('T_GONE');
    const since = t.fake.calls.length;
    await t.slack.command('new Keep me', { teamId: 'T_GONE' });
    await t.fake.waitFor('views.open', undefined, { since });
    await t.adr.services.decisions.propose('T_GONE', 'U_ALICE', { ...emptyAdr('Kept decision') }, null);

    const response = await t.slack.event({ type: 'app_uninstalled' }, { teamId: 'T_GONE', eventId: 'EvUninstall1' });
    expect(response.status).toBe(200);
    await t.settle();
    expect(await installationRow('T_GONE')).toBeUndefined();
    expect((await t.adr.services.decisions.find('T_GONE', 1))?.title).toBe('Kept decision');

    const after = t.fake.calls.length;
    await t.slack.command('list', { teamId: 'T_GONE' });
    await t.settle();
    expect(t.fake.calls.slice(after)).toEqual([]);
  });

  it('acts once on an event Slack retries: a late retry of an old uninstall does not remove a reinstall', async () => {
    await install('T_BACK');
    await t.slack.event({ type: 'app_uninstalled' }, { teamId: 'T_BACK', eventId: 'EvUninstall2' });
    await t.settle();
    expect(await installationRow('T_BACK')).toBeUndefined();

    const { token } = await install('T_BACK');
    const retry = await t.slack.event(
      { type: 'app_uninstalled' },
      { teamId: 'T_BACK', eventId: 'EvUninstall2', retryNum: 1, retryReason: 'http_timeout' },
    );
    expect(retry.status).toBe(200);
    await t.settle();
    expect(await installationRow('T_BACK')).toBeDefined();
    const since = t.fake.calls.length;
    await t.slack.command('new Still here', { teamId: 'T_BACK' });
    expect((await t.fake.waitFor('views.open', undefined, { since })).token).toBe(token);
    expect(await count(t, 'processed_events', { event_id: 'EvUninstall2' })).toBe(1);
  });

  it('forgets the installation when the bot token is revoked', async () => {
    await install('T_REVOKE');
    await t.slack.event({ type: 'tokens_revoked', tokens: { bot: ['U_BOT'] } }, { teamId: 'T_REVOKE' });
    await t.settle();
    expect(await installationRow('T_REVOKE')).toBeUndefined();
  });

  it('rotates the encryption key: a restart with the old key listed re-seals every installation', async () => {
    const { token } = await install('T_ROTATE');
    const { fake } = t;
    const database = sameDatabaseAs(t);
    // The first app's fake and database outlive it: close the fake when this test is done.
    onTestFinished(() => fake.close());
    const sealedBefore = (await installationRow('T_ROTATE'))?.sealed_installation ?? '';
    await t.adr.stop();
    const newKey = randomBytes(32).toString('base64');
    const env = {
      SLACK_CLIENT_ID: CLIENT_ID,
      SLACK_CLIENT_SECRET: CLIENT_SECRET,
      SLACK_STATE_SECRET: 'state-secret-for-tests-0123456789',
      TOKEN_ENCRYPTION_KEY: newKey,
    };
    const rotated = await startTestApp({ fake, ...database, env: { ...env, TOKEN_ENCRYPTION_OLD_KEYS: KEY } });
    await rotated.stop();
    // Only the new key from now on: the re-sealed installation still serves its workspace.
    t = await startTestApp({ fake, ...database, env });
    const sealedAfter = (await installationRow('T_ROTATE'))?.sealed_installation ?? '';
    expect(sealedAfter.split(':')[1]).not.toBe(sealedBefore.split(':')[1]);
    const since = t.fake.calls.length;
    await t.slack.command('new After rotation', { teamId: 'T_ROTATE' });
    expect((await t.fake.waitFor('views.open', undefined, { since })).token).toBe(token);
  });

  it('lets the installer open the admin data view', async () => {
    await install('T_ADMIN', 'U_BOSS');
    const since = t.fake.calls.length;
    await t.slack.shortcut('adr_admin_shortcut', { teamId: 'T_ADMIN', userId: 'U_BOSS' });
    const opened = await t.fake.waitFor('views.open', undefined, { since });
    expect(viewOf(t.fake, opened).callback_id).toBe('adr_admin_modal');
  });
});

function emptyAdr(title: string) {
  return {
    title,
    deciders: [],
    technicalStory: '',
    context: '',
    drivers: [],
    options: [
      { name: 'A', pros: [], cons: [] },
      { name: 'B', pros: [], cons: [] },
    ],
    chosenOption: null,
    justification: '',
    positiveConsequences: [],
    negativeConsequences: [],
    links: [],
  };
}
