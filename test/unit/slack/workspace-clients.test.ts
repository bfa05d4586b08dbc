import type { Installation, InstallationStore } from '@slack/bolt';
import { ConsoleLogger, LogLevel } from '@slack/logger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InstalledBotTokens, SlackClients } from '../../../src/slack/workspace-clients.js';
import { type FakeSlack, startFakeSlack } from '../../support/fake-slack.js';

/** An installation store holding bot tokens by team, counting how often it is asked. */
function storeOf(tokens: Map<string, string>) {
  const store = {
    lookups: 0,
    async fetchInstallation(query: { teamId?: string }) {
      store.lookups += 1;
      const token = tokens.get(query.teamId ?? '');
      if (!token) throw new Error('not installed');
      return {
        team: { id: query.teamId },
        bot: { token, userId: 'U_BOT', id: 'B_BOT', scopes: [] },
      } as unknown as Installation;
    },
    async storeInstallation() {},
  };
  return store as typeof store & InstallationStore;
}

let fake: FakeSlack;
const logger = new ConsoleLogger();
logger.setLevel(LogLevel.ERROR);

beforeAll(async () => {
  fake = await startFakeSlack();
});

afterAll(async () => {
  await fake.close();
});

describe('each workspace’s Slack client', () => {
  it('finds each workspace’s token once, then reuses it and its client', async () => {
    const one = fake.addWorkspace('T_ONE');
    const two = fake.addWorkspace('T_TWO');
    const store = storeOf(
      new Map([
        ['T_ONE', one],
        ['T_TWO', two],
      ]),
    );
    const clients = new SlackClients(new InstalledBotTokens(store), { slackApiUrl: fake.url }, logger);
    const first = await clients.clientFor('T_ONE');
    expect(await clients.clientFor('T_ONE')).toBe(first);
    expect((await first?.auth.test())?.team_id).toBe('T_ONE');
    expect((await (await clients.clientFor('T_TWO'))?.auth.test())?.team_id).toBe('T_TWO');
    expect(store.lookups).toBe(2);
  });

  it('has no client for a workspace without an installation, and asks again next time', async () => {
    const tokens = new Map<string, string>();
    const store = storeOf(tokens);
    const clients = new SlackClients(new InstalledBotTokens(store), { slackApiUrl: fake.url }, logger);
    expect(await clients.clientFor('T_LATER')).toBeNull();
    tokens.set('T_LATER', fake.addWorkspace('T_LATER'));
    expect(await clients.clientFor('T_LATER')).not.toBeNull();
  });

  it('looks the token up again after the cache expires or the token is forgotten', async () => {
    let now = 0;
    const tokens = new Map([['T_ONE', fake.addWorkspace('T_ONE')]]);
    const store = storeOf(tokens);
    const clients = new SlackClients(new InstalledBotTokens(store, () => now), { slackApiUrl: fake.url }, logger);
    await clients.clientFor('T_ONE');
    now += 6 * 60_000;
    await clients.clientFor('T_ONE');
    expect(store.lookups).toBe(2);
    clients.forget('T_ONE');
    tokens.delete('T_ONE');
    expect(await clients.clientFor('T_ONE')).toBeNull();
  });

  it('forgets a token Slack refuses, so the next call finds the new one', async () => {
    const revoked = fake.addWorkspace('T_ONE');
    const tokens = new Map([['T_ONE', revoked]]);
    const store = storeOf(tokens);
    const clients = new SlackClients(
      new InstalledBotTokens(store),
      { slackApiUrl: fake.url, retryConfig: { retries: 0 } },
      logger,
    );
    fake.revokeToken(revoked);
    await expect(clients.withClient('T_ONE', 'a test call', (client) => client.auth.test())).rejects.toMatchObject({
      data: { error: 'token_revoked' },
    });
    tokens.set('T_ONE', fake.addWorkspace('T_ONE'));
    await clients.withClient('T_ONE', 'a test call', async (client) => {
      expect((await client.auth.test()).team_id).toBe('T_ONE');
    });
    expect(store.lookups).toBe(2);
  });
});
