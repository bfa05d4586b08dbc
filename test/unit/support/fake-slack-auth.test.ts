import { WebClient } from '@slack/web-api';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_BOT_TOKEN, type FakeSlack, startFakeSlack } from '../../support/fake-slack.js';

// The fake refuses what Slack refuses: a call without a token, with a token Slack never issued or revoked, and a
// workspace's token used on another workspace's channel, person or view. Without this, a call sent with the wrong
// workspace's token (or none) would pass every test and fail only in production.

let fake: FakeSlack;

const clientWith = (token?: string) => new WebClient(token, { slackApiUrl: fake.url, retryConfig: { retries: 0 } });

async function errorOf(call: Promise<unknown>): Promise<string | undefined> {
  try {
    await call;
  } catch (error) {
    return (error as { data?: { error?: string } }).data?.error;
  }
  return undefined;
}

beforeAll(async () => {
  fake = await startFakeSlack();
});

afterEach(() => fake.reset());

afterAll(async () => {
  await fake.close();
});

describe('fake Slack: tokens and workspaces', () => {
  it('answers not_authed without a token and invalid_auth for a token it never issued', async () => {
    expect(await errorOf(clientWith().chat.postMessage({ channel: 'C_GENERAL', text: 'hi' }))).toBe('not_authed');
    expect(await errorOf(clientWith('xoxb-made-up').auth.test())).toBe('invalid_auth');
    expect(await errorOf(clientWith(DEFAULT_BOT_TOKEN).auth.test())).toBeUndefined();
  });

  it('answers token_revoked for a revoked token, and nothing it sent with it is stored', async () => {
    const token = fake.addWorkspace('T_LEFT');
    fake.revokeToken(token);
    expect(await errorOf(clientWith(token).chat.postMessage({ channel: 'C_LEFT', text: 'bye' }))).toBe('token_revoked');
    expect(fake.messages('C_LEFT')).toEqual([]);
  });

  it('tells each token which workspace it belongs to', async () => {
    const other = fake.addWorkspace('T_OTHER');
    expect((await clientWith(other).auth.test()).team_id).toBe('T_OTHER');
    expect((await clientWith(DEFAULT_BOT_TOKEN).auth.test()).team_id).toBe('T_TEST');
    expect(fake.teamOfToken(other)).toBe('T_OTHER');
    expect(fake.teamOfToken('xoxb-made-up')).toBeUndefined();
  });

  it("refuses another workspace's channel, user and DM with channel_not_found and user_not_found", async () => {
    const other = clientWith(fake.addWorkspace('T_OTHER'));
    const home = clientWith(DEFAULT_BOT_TOKEN);
    fake.seedChannel({ id: 'C_HOME', name: 'home' });
    fake.seedUser({ id: 'U_HOME', name: 'home' });
    expect(await errorOf(other.chat.postMessage({ channel: 'C_HOME', text: 'x' }))).toBe('channel_not_found');
    expect(await errorOf(other.conversations.info({ channel: 'C_HOME' }))).toBe('channel_not_found');
    expect(await errorOf(other.chat.postMessage({ channel: 'U_HOME', text: 'x' }))).toBe('channel_not_found');
    expect(await errorOf(other.users.info({ user: 'U_HOME' }))).toBe('user_not_found');
    expect(await errorOf(other.views.publish({ user_id: 'U_HOME', view: { type: 'home', blocks: [] } }))).toBe(
      'user_not_found',
    );
    expect(await errorOf(home.chat.postMessage({ channel: 'C_HOME', text: 'x' }))).toBeUndefined();
    expect(fake.messages('C_HOME')).toHaveLength(1);
  });

  it('gives a channel first used by one workspace to that workspace alone', async () => {
    const other = clientWith(fake.addWorkspace('T_OTHER'));
    fake.claim('T_TEST', { channelId: 'C_CLAIMED' });
    expect(await errorOf(other.chat.postMessage({ channel: 'C_CLAIMED', text: 'x' }))).toBe('channel_not_found');
    expect(await errorOf(other.chat.postMessage({ channel: 'C_FRESH', text: 'x' }))).toBeUndefined();
    const home = clientWith(DEFAULT_BOT_TOKEN);
    expect(await errorOf(home.chat.postMessage({ channel: 'C_FRESH', text: 'x' }))).toBe('channel_not_found');
  });

  it("refuses another workspace's view with not_found", async () => {
    const home = clientWith(DEFAULT_BOT_TOKEN);
    const other = clientWith(fake.addWorkspace('T_OTHER'));
    const opened = await home.views.open({
      trigger_id: fake.issueTriggerId(),
      view: { type: 'modal', title: { type: 'plain_text', text: 'Home' }, blocks: [] },
    });
    const viewId = opened.view?.id ?? '';
    expect(fake.getView(viewId)?.team_id).toBe('T_TEST');
    const update = {
      view_id: viewId,
      view: { type: 'modal' as const, title: { type: 'plain_text' as const, text: 'X' }, blocks: [] },
    };
    expect(await errorOf(other.views.update(update))).toBe('not_found');
    expect(await errorOf(home.views.update(update))).toBeUndefined();
  });

  it('lets the OAuth exchange through without a bot token, and its token works at once', async () => {
    const code = fake.oauthCode({ teamId: 'T_NEW' });
    const exchange = await clientWith().oauth.v2.access({ client_id: 'id', client_secret: 'secret', code });
    expect((await clientWith(exchange.access_token).auth.test()).team_id).toBe('T_NEW');
  });
});
