import type { Installation, InstallationQuery, InstallationStore } from '@slack/bolt';
import type { TokenCipher } from '../security/token-cipher.js';
import type { Db } from './open.js';

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
 * Bolt's InstallationStore on SQLite. The whole Installation, bot and user tokens included, is stored sealed
 * with AES-256-GCM; only the ids needed to find a row are in plain text.
 */
export class SqliteInstallationStore implements InstallationStore {
  private readonly statements;

  constructor(
    db: Db,
    private readonly cipher: TokenCipher,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.statements = {
      upsert: db.prepare(`INSERT INTO installations
          (enterprise_id, team_id, is_enterprise_install, sealed_installation, bot_user_id, installer_user_id, installed_at, updated_at)
        VALUES (@enterpriseId, @teamId, @isEnterpriseInstall, @sealed, @botUserId, @installerUserId, @now, @now)
        ON CONFLICT (enterprise_id, team_id) DO UPDATE SET
          is_enterprise_install = excluded.is_enterprise_install,
          sealed_installation = excluded.sealed_installation,
          bot_user_id = excluded.bot_user_id,
          installer_user_id = excluded.installer_user_id,
          updated_at = excluded.updated_at`),
      findWorkspace: db.prepare('SELECT * FROM installations WHERE team_id = ? AND is_enterprise_install = 0'),
      findOrg: db.prepare(
        "SELECT * FROM installations WHERE enterprise_id = ? AND team_id = '' AND is_enterprise_install = 1",
      ),
      reseal: db.prepare('UPDATE installations SET sealed_installation = ?, updated_at = ? WHERE id = ?'),
      deleteWorkspace: db.prepare('DELETE FROM installations WHERE team_id = ? AND is_enterprise_install = 0'),
      deleteOrg: db.prepare(
        "DELETE FROM installations WHERE enterprise_id = ? AND team_id = '' AND is_enterprise_install = 1",
      ),
      all: db.prepare('SELECT * FROM installations'),
      count: db.prepare('SELECT COUNT(*) FROM installations').pluck(),
    };
  }

  async storeInstallation(installation: Installation): Promise<void> {
    const key = keyOfInstallation(installation);
    if (!key.isEnterpriseInstall && !key.teamId) throw new Error('An installation needs a team or an enterprise id.');
    const row = { enterprise_id: key.enterpriseId, team_id: key.teamId };
    this.statements.upsert.run({
      enterpriseId: key.enterpriseId,
      teamId: key.teamId,
      isEnterpriseInstall: key.isEnterpriseInstall ? 1 : 0,
      sealed: this.cipher.encrypt(JSON.stringify(installation), sealContext(row)),
      botUserId: installation.bot?.userId ?? null,
      installerUserId: installation.user?.id ?? null,
      now: this.now().toISOString(),
    });
  }

  async fetchInstallation(query: InstallationQuery<boolean>): Promise<Installation<'v1' | 'v2', boolean>> {
    const key = keyOfQuery(query);
    const row = this.find(key);
    if (!row) throw new InstallationNotFoundError(key);
    return this.open(row);
  }

  async deleteInstallation(query: InstallationQuery<boolean>): Promise<void> {
    this.remove(keyOfQuery(query));
  }

  /** Forgets the installation (and so every token) of a workspace or organisation; true when there was one. */
  remove(key: InstallationKey): boolean {
    const result = key.isEnterpriseInstall
      ? this.statements.deleteOrg.run(key.enterpriseId)
      : this.statements.deleteWorkspace.run(key.teamId);
    return result.changes > 0;
  }

  /** Drops the user tokens of `userIds` (a tokens_revoked event), keeping the bot's. True when something changed. */
  removeUserTokens(key: InstallationKey, userIds: readonly string[]): boolean {
    const row = this.find(key);
    if (!row) return false;
    const installation = this.open(row);
    if (!installation.user?.token || !userIds.includes(installation.user.id)) return false;
    const { token: _token, refreshToken: _refresh, expiresAt: _expires, ...user } = installation.user;
    const updated = { ...installation, user: { ...user, token: undefined } } as Installation;
    this.statements.reseal.run(
      this.cipher.encrypt(JSON.stringify(updated), sealContext(row)),
      this.now().toISOString(),
      row.id,
    );
    return true;
  }

  /** Installer and bot user of a workspace, without opening the sealed tokens to callers. */
  installerOf(teamId: string): string | null {
    const row = this.statements.findWorkspace.get(teamId) as
      | (InstallationRow & { installer_user_id: string | null })
      | undefined;
    return row?.installer_user_id ?? null;
  }

  count(): number {
    return this.statements.count.get() as number;
  }

  /**
   * Re-seals rows still sealed with an older key, so that key can then be retired. A row no configured key
   * opens is left as it is (that workspace cannot be served until its key is configured or it reinstalls).
   */
  resealStale(): { resealed: number; unreadable: string[] } {
    let resealed = 0;
    const unreadable: string[] = [];
    for (const row of this.statements.all.all() as InstallationRow[]) {
      if (!this.cipher.isStale(row.sealed_installation)) continue;
      let plain: string;
      try {
        plain = this.cipher.decrypt(row.sealed_installation, sealContext(row));
      } catch {
        unreadable.push(row.team_id || row.enterprise_id);
        continue;
      }
      this.statements.reseal.run(this.cipher.encrypt(plain, sealContext(row)), this.now().toISOString(), row.id);
      resealed += 1;
    }
    return { resealed, unreadable };
  }

  private find(key: InstallationKey): InstallationRow | undefined {
    return (
      key.isEnterpriseInstall
        ? this.statements.findOrg.get(key.enterpriseId)
        : this.statements.findWorkspace.get(key.teamId)
    ) as InstallationRow | undefined;
  }

  private open(row: InstallationRow): Installation {
    return JSON.parse(this.cipher.decrypt(row.sealed_installation, sealContext(row))) as Installation;
  }
}
