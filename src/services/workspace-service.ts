import type { DatabaseInstallationStore, InstallationKey } from '../db/installation-store.js';
import type { DataStore } from '../db/store.js';
import { countTeamRows, purgeTeam } from '../db/team-data.js';
import type { Actor } from '../domain/actor.js';
import { ok, type Result, refuse } from './result.js';

/** What Slack says about a person (users.info): workspace admins and owners may manage the app's data. */
export interface SlackRole {
  isAdmin: boolean;
  isOwner: boolean;
}

/** The phrase an admin types to confirm deleting everything. */
export const PURGE_CONFIRMATION = 'delete everything';

const ADMINS_ONLY =
  'Only workspace admins and owners, and the person who installed ADR Assistant, can manage its data.';

export type UninstallOutcome = 'tokens-deleted' | 'nothing-stored' | 'token-mode';

/**
 * The app's life in a workspace: installs end with uninstall or revoked tokens (tokens go, decisions stay),
 * and an admin can purge everything the app holds for their workspace.
 */
export class WorkspaceService {
  constructor(
    private readonly db: DataStore,
    private readonly installations: DatabaseInstallationStore | null,
  ) {}

  /** app_uninstalled: forget the tokens; the decision log stays until an admin purges it. */
  async uninstalled(key: InstallationKey): Promise<UninstallOutcome> {
    if (!this.installations) return 'token-mode';
    return (await this.installations.remove(key)) ? 'tokens-deleted' : 'nothing-stored';
  }

  /** tokens_revoked: a revoked bot token ends the installation; revoked user tokens are dropped from it. */
  async tokensRevoked(
    key: InstallationKey,
    revoked: { bot: readonly string[]; oauth: readonly string[] },
  ): Promise<UninstallOutcome> {
    if (!this.installations) return 'token-mode';
    if (revoked.bot.length > 0) return (await this.installations.remove(key)) ? 'tokens-deleted' : 'nothing-stored';
    return (await this.installations.removeUserTokens(key, revoked.oauth)) ? 'tokens-deleted' : 'nothing-stored';
  }

  /** Workspace admins and owners, and whoever installed the app (OAuth mode). */
  async mayAdminister(actor: Actor, role: SlackRole): Promise<boolean> {
    if (role.isAdmin || role.isOwner) return true;
    return this.installations !== null && (await this.installations.installerOf(actor.teamId)) === actor.userId;
  }

  /** Rows the app holds for the actor's workspace, by table, for admins only. */
  async overview(actor: Actor, role: SlackRole): Promise<Result<Record<string, number>>> {
    if (!(await this.mayAdminister(actor, role))) return refuse(ADMINS_ONLY);
    return ok(await countTeamRows(this.db, actor.teamId));
  }

  /** Why the typed confirmation does not confirm a purge, or null when it does. */
  confirmationProblem(typed: string): string | null {
    return typed.trim().toLowerCase() === PURGE_CONFIRMATION ? null : `Type "${PURGE_CONFIRMATION}" to confirm.`;
  }

  /** Deletes every row of the actor's workspace, in one transaction; admins only, with the typed confirmation. */
  async purge(actor: Actor, role: SlackRole, confirmation: string): Promise<Result<Record<string, number>>> {
    if (!(await this.mayAdminister(actor, role))) return refuse(ADMINS_ONLY);
    const problem = this.confirmationProblem(confirmation);
    if (problem) return refuse(problem);
    return ok(await purgeTeam(this.db, actor.teamId));
  }
}
