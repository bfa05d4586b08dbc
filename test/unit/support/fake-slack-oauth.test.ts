import { LogLevel, WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_BOT_TOKEN, type FakeSlack, startFakeSlack } from '../../support/fake-slack.js';

let fake: FakeSlack;
let client: WebClient;

beforeAll(async () => {
  fake = await startFakeSlack();
  client = new WebClient(undefined, { slackApiUrl: fake.url, retryConfig: { retries: 0 }, logLevel: LogLevel.ERROR });
});

afterAll(async () => {
  await fake.close();
});

describe('fake Slack: oauth.v2.access', () => {
  it('exchanges a one-time code for a bot token of the granted team, once', async () => {
    const code = fake.oauthCode({ teamId: 'T_NEW', teamName: 'New Team', userId: 'U_INSTALLER', scopes: ['commands'] });
    const answer = await client.oauth.v2.access({ code, client_id: '1.2', client_secret: 's' });
    expect(answer).toMatchObject({
      ok: true,
      token_type: 'bot',
      scope: 'commands',
      team: { id: 'T_NEW', name: 'New Team' },
      authed_user: { id: 'U_INSTALLER' },
      bot_user_id: fake.botUserId,
      is_enterprise_install: false,
    });
    expect(fake.issuedTokens.get(String(answer.access_token))?.teamId).toBe('T_NEW');
    await expect(client.oauth.v2.access({ code, client_id: '1.2', client_secret: 's' })).rejects.toMatchObject({
      data: { error: 'invalid_code' },
    });
  });

  it('answers auth.test for an issued token with that token’s team', async () => {
    const code = fake.oauthCode({ teamId: 'T_AUTH' });
    const { access_token: token } = await client.oauth.v2.access({ code, client_id: '1.2', client_secret: 's' });
    const identity = await new WebClient(token, { slackApiUrl: fake.url }).auth.test();
    expect(identity.team_id).toBe('T_AUTH');
  });

  it('reports admins and owners in users.info', async () => {
    fake.seedUser({ id: 'U_ADMIN', name: 'admin', is_admin: true });
    fake.seedUser({ id: 'U_PLAIN', name: 'plain' });
    const authed = new WebClient(DEFAULT_BOT_TOKEN, { slackApiUrl: fake.url });
    expect((await authed.users.info({ user: 'U_ADMIN' })).user).toMatchObject({ is_admin: true, is_owner: false });
    expect((await authed.users.info({ user: 'U_PLAIN' })).user).toMatchObject({ is_admin: false, is_owner: false });
  });
});
