import type { Installation, InstallationQuery, InstallationStore } from '@slack/bolt';
import type { TokenCipher } from '../security/token-cipher.js';
import type { DataStore } from './store.js';

interface InstallationRow {
  id: number;
  enterprise_id: string;
  team_id: string;
  is_enterprise_install: number;
  sealed_installation: string;
}

export interface InstallationKey {
  enterpriseId: string;
  teamId: string;
  isEnterpriseInstall: boolean;
}

export class InstallationNotFoundError extends Error {
  constructor(key: InstallationKey) {
    super(
      key.isEnterpriseInstall
        ? `ADR Assistant is not installed in organisation ${key.enterpriseId}`
        : `ADR Assistant is not installed in workspace ${key.teamId}`,
    );
    this.name = 'InstallationNotFoundError';
  }
}

/** Org-wide installs are keyed by enterprise alone; workspace installs by their team (ids are unique across Slack). */
function keyOfQuery(query: InstallationQuery<boolean>): InstallationKey {
  return query.isEnterpriseInstall
    ? { enterpriseId: query.enterpriseId ?? '', teamId: '', isEnterpriseInstall: true }
    : { enterpriseId: query.enterpriseId ?? '', teamId: query.teamId ?? '', isEnterpriseInstall: false };
}

function keyOfInstallation(installation: Installation): InstallationKey {
  const enterpriseId = installation.enterprise?.id ?? '';
  return installation.isEnterpriseInstall && enterpriseId
    ? { enterpriseId, teamId: '', isEnterpriseInstall: true }
    : { enterpriseId, teamId: installation.team?.id ?? '', isEnterpriseInstall: false };
}

/** Additional authenticated data: a sealed installation only opens on the row of the workspace it belongs to. */
function sealContext(row: { enterprise_id: string; team_id: string }): string {
  return `installation:${row.enterprise_id}/${row.team_id}`;
}

/**
 * Bolt's InstallationStore in the app's database (either engine). The whole Installation, bot and user tokens
 * included, is stored sealed with AES-256-GCM; only the ids needed to find a row are in plain text.
 */
export class DatabaseInstallationStore implements InstallationStore {
  constructor(
    private readonly store: DataStore,
    private readonly cipher: TokenCipher,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private get db() {
    return this.store.query();
  }

  async storeInstallation(installation: Installation): Promise<void> {
    const key = keyOfInstallation(installation);
    if (!key.isEnterpriseInstall && !key.teamId) throw new Error('An installation needs a team or an enterprise id.');
    const row = { enterprise_id: key.enterpriseId, team_id: key.teamId };
    const now = this.now().toISOString();
    await this.db
      .insertInto('installations')
      .values({
        enterprise_id: key.enterpriseId,
        team_id: key.teamId,
        is_enterprise_install: key.isEnterpriseInstall ? 1 : 0,
        sealed_installation: this.cipher.encrypt(JSON.stringify(installation), sealContext(row)),
        bot_user_id: installation.bot?.userId ?? null,
        installer_user_id: installation.user?.id ?? null,
        installed_at: now,
        updated_at: now,
      })
      .onConflict((conflict) =>
        conflict.columns(['enterprise_id', 'team_id']).doUpdateSet((eb) => ({
          is_enterprise_install: eb.ref('excluded.is_enterprise_install'),
          sealed_installation: eb.ref('excluded.sealed_installation'),
          bot_user_id: eb.ref('excluded.bot_user_id'),
          installer_user_id: eb.ref('excluded.installer_user_id'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
  }

  async fetchInstallation(query: InstallationQuery<boolean>): Promise<Installation<'v1' | 'v2', boolean>> {
    const key = keyOfQuery(query);
    const row = await this.find(key);
    if (!row) throw new InstallationNotFoundError(key);
    return this.open(row);
  }

  async deleteInstallation(query: InstallationQuery<boolean>): Promise<void> {
    await this.remove(keyOfQuery(query));
  }

  /** Forgets the installation (and so every token) of a workspace or organisation; true when there was one. */
  async remove(key: InstallationKey): Promise<boolean> {
    const result = await this.whereKey(this.db.deleteFrom('installations'), key).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /** Drops the user tokens of `userIds` (a tokens_revoked event), keeping the bot's. True when something changed. */
  async removeUserTokens(key: InstallationKey, userIds: readonly string[]): Promise<boolean> {
    const row = await this.find(key);
    if (!row) return false;
    const installation = this.open(row);
    if (!installation.user?.token || !userIds.includes(installation.user.id)) return false;
    const { token: _token, refreshToken: _refresh, expiresAt: _expires, ...user } = installation.user;
    const updated = { ...installation, user: { ...user, token: undefined } } as Installation;
    await this.reseal(row.id, this.cipher.encrypt(JSON.stringify(updated), sealContext(row)));
    return true;
  }

  /** Installer and bot user of a workspace, without opening the sealed tokens to callers. */
  async installerOf(teamId: string): Promise<string | null> {
    const row = await this.db
      .selectFrom('installations')
      .select('installer_user_id')
      .where('team_id', '=', teamId)
      .where('is_enterprise_install', '=', 0)
      .executeTakeFirst();
    return row?.installer_user_id ?? null;
  }

  async count(): Promise<number> {
    const row = await this.db
      .selectFrom('installations')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  /**
   * Re-seals rows still sealed with an older key, so that key can then be retired. A row no configured key
   * opens is left as it is (that workspace cannot be served until its key is configured or it reinstalls).
   */
  async resealStale(): Promise<{ resealed: number; unreadable: string[] }> {
    let resealed = 0;
    const unreadable: string[] = [];
    const rows = await this.db
      .selectFrom('installations')
      .select(['id', 'enterprise_id', 'team_id', 'is_enterprise_install', 'sealed_installation'])
      .execute();
    for (const row of rows as InstallationRow[]) {
      if (!this.cipher.isStale(row.sealed_installation)) continue;
      let plain: string;
      try {
        plain = this.cipher.decrypt(row.sealed_installation, sealContext(row));
      } catch {
        unreadable.push(row.team_id || row.enterprise_id);
        continue;
      }
      await this.reseal(row.id, this.cipher.encrypt(plain, sealContext(row)));
      resealed += 1;
    }
    return { resealed, unreadable };
  }

  private async reseal(id: number, sealed: string): Promise<void> {
    await this.db
      .updateTable('installations')
      .set({ sealed_installation: sealed, updated_at: this.now().toISOString() })
      .where('id', '=', id)
      .execute();
  }

  private whereKey<Q extends { where: (...args: never[]) => unknown }>(query: Q, key: InstallationKey): Q {
    const builder = query as unknown as {
      where(column: string, op: string, value: unknown): typeof builder;
    };
    const scoped = key.isEnterpriseInstall
      ? builder
          .where('enterprise_id', '=', key.enterpriseId)
          .where('team_id', '=', '')
          .where('is_enterprise_install', '=', 1)
      : builder.where('team_id', '=', key.teamId).where('is_enterprise_install', '=', 0);
    return scoped as unknown as Q;
  }

  private async find(key: InstallationKey): Promise<InstallationRow | undefined> {
    const row = await this.whereKey(
      this.db
        .selectFrom('installations')
        .select(['id', 'enterprise_id', 'team_id', 'is_enterprise_install', 'sealed_installation']),
      key,
    ).executeTakeFirst();
    return row as InstallationRow | undefined;
  }

  private open(row: InstallationRow): Installation {
    return JSON.parse(this.cipher.decrypt(row.sealed_installation, sealContext(row))) as Installation;
  }
}
