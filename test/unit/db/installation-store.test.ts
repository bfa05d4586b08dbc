import { randomBytes } from 'node:crypto';
import type { Installation } from '@slack/bolt';
import { beforeEach, describe, expect, it } from 'vitest';
import { DatabaseInstallationStore, InstallationNotFoundError } from '../../../src/db/installation-store.js';
import { migrate } from '../../../src/db/migrate.js';
import { type Db, openDatabase } from '../../../src/db/open.js';
import { TokenCipher } from '../../../src/security/token-cipher.js';
import { storeOf } from '../../support/stores.js';

const key = randomBytes(32);

function installation(teamId: string, token: string, extra: Partial<Installation> = {}): Installation {
  return {
    team: { id: teamId, name: `Team ${teamId}` },
    enterprise: undefined,
    user: { id: 'U_INSTALLER', token: 'xoxp-user-token-1', scopes: ['identify'] },
    bot: { id: 'B1', userId: 'U_BOT', token, scopes: ['commands', 'chat:write'] },
    appId: 'A1',
    tokenType: 'bot',
    isEnterpriseInstall: false,
    authVersion: 'v2',
    ...extra,
  } as Installation;
}

const query = (teamId: string) => ({ teamId, enterpriseId: undefined, isEnterpriseInstall: false as const });

describe('DatabaseInstallationStore', () => {
  let db: Db;
  let store: DatabaseInstallationStore;

  beforeEach(() => {
    db = openDatabase(':memory:');
    migrate(db);
    store = new DatabaseInstallationStore(storeOf(db), new TokenCipher(key));
  });

  it('stores and fetches an installation by team, with every token sealed at rest', async () => {
    await store.storeInstallation(installation('T1', 'xoxb-plain-bot-token'));
    const fetched = await store.fetchInstallation(query('T1'));
    expect(fetched.bot?.token).toBe('xoxb-plain-bot-token');
    expect(fetched.user.token).toBe('xoxp-user-token-1');
    const dump = JSON.stringify(db.prepare('SELECT * FROM installations').all());
    expect(dump).not.toContain('xoxb-plain-bot-token');
    expect(dump).not.toContain('xoxp-user-token-1');
    expect(dump).toContain('"installer_user_id":"U_INSTALLER"');
  });

  it('keeps workspaces apart and replaces a workspace on reinstall', async () => {
    await store.storeInstallation(installation('T1', 'xoxb-one'));
    await store.storeInstallation(installation('T2', 'xoxb-two'));
    await store.storeInstallation(installation('T1', 'xoxb-one-again'));
    expect((await store.fetchInstallation(query('T1'))).bot?.token).toBe('xoxb-one-again');
    expect((await store.fetchInstallation(query('T2'))).bot?.token).toBe('xoxb-two');
    expect(await store.count()).toBe(2);
  });

  it('fails to fetch a workspace that never installed, or uninstalled', async () => {
    await expect(store.fetchInstallation(query('T_NONE'))).rejects.toBeInstanceOf(InstallationNotFoundError);
    await store.storeInstallation(installation('T1', 'xoxb-one'));
    await store.deleteInstallation(query('T1'));
    await expect(store.fetchInstallation(query('T1'))).rejects.toThrow(/not installed in workspace T1/);
  });

  it('keys an org-wide install by its enterprise', async () => {
    await store.storeInstallation(
      installation('', 'xoxb-org', {
        team: undefined,
        enterprise: { id: 'E1', name: 'Org' },
        isEnterpriseInstall: true,
      } as Partial<Installation>),
    );
    const fetched = await store.fetchInstallation({ enterpriseId: 'E1', teamId: undefined, isEnterpriseInstall: true });
    expect(fetched.bot?.token).toBe('xoxb-org');
    await expect(store.fetchInstallation(query('E1'))).rejects.toThrow();
  });

  it('does not open a sealed installation copied onto another workspace row', async () => {
    await store.storeInstallation(installation('T1', 'xoxb-one'));
    await store.storeInstallation(installation('T2', 'xoxb-two'));
    db.prepare(
      "UPDATE installations SET sealed_installation = (SELECT sealed_installation FROM installations WHERE team_id = 'T1') WHERE team_id = 'T2'",
    ).run();
    await expect(store.fetchInstallation(query('T2'))).rejects.toThrow(/integrity check/);
  });

  it('drops revoked user tokens and keeps the bot token', async () => {
    await store.storeInstallation(installation('T1', 'xoxb-one'));
    expect(
      await store.removeUserTokens({ enterpriseId: '', teamId: 'T1', isEnterpriseInstall: false }, ['U_OTHER']),
    ).toBe(false);
    expect(
      await store.removeUserTokens({ enterpriseId: '', teamId: 'T1', isEnterpriseInstall: false }, ['U_INSTALLER']),
    ).toBe(true);
    const fetched = await store.fetchInstallation(query('T1'));
    expect(fetched.user.token).toBeUndefined();
    expect(fetched.bot?.token).toBe('xoxb-one');
  });

  it('re-seals rows sealed with an old key once the key rotates', async () => {
    const oldKey = randomBytes(32);
    const before = new DatabaseInstallationStore(storeOf(db), new TokenCipher(oldKey));
    await before.storeInstallation(installation('T1', 'xoxb-one'));
    const rotated = new DatabaseInstallationStore(storeOf(db), new TokenCipher(key, [oldKey]));
    expect(await rotated.resealStale()).toEqual({ resealed: 1, unreadable: [] });
    expect(await rotated.resealStale()).toEqual({ resealed: 0, unreadable: [] });
    const onlyNewKey = new DatabaseInstallationStore(storeOf(db), new TokenCipher(key));
    expect((await onlyNewKey.fetchInstallation(query('T1'))).bot?.token).toBe('xoxb-one');
  });

  it('names the workspaces no configured key opens, and leaves their rows alone', async () => {
    await new DatabaseInstallationStore(storeOf(db), new TokenCipher(randomBytes(32))).storeInstallation(
      installation('T_LOST', 'xoxb-x'),
    );
    const before = db.prepare('SELECT sealed_installation FROM installations').pluck().get();
    expect(await store.resealStale()).toEqual({ resealed: 0, unreadable: ['T_LOST'] });
    expect(db.prepare('SELECT sealed_installation FROM installations').pluck().get()).toBe(before);
  });
});
