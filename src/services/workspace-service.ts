import type { InstallationKey, SqliteInstallationStore } from '../db/installation-store.js';
import type { Db } from '../db/open.js';
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
    private readonly db: Db,
    private readonly installations: SqliteInstallationStore | null,
  ) {}

  /** app_uninstalled: forget the tokens; the decision log stays until an admin purges it. */
  uninstalled(key: InstallationKey): UninstallOutcome {
    if (!this.installations) return 'token-mode';
    return this.installations.remove(key) ? 'tokens-deleted' : 'nothing-stored';
  }

  /** tokens_revoked: a revoked bot token ends the installation; revoked user tokens are dropped from it. */
  tokensRevoked(key: InstallationKey, revoked: { bot: readonly string[]; oauth: readonly string[] }): UninstallOutcome {
    if (!this.installations) return 'token-mode';
    if (revoked.bot.length > 0) return this.installations.remove(key) ? 'tokens-deleted' : 'nothing-stored';
    return this.installations.removeUserTokens(key, revoked.oauth) ? 'tokens-deleted' : 'nothing-stored';
  }

  /** Workspace admins and owners, and whoever installed the app (OAuth mode). */
  mayAdminister(actor: Actor, role: SlackRole): boolean {
    if (role.isAdmin || role.isOwner) return true;
    return this.installations !== null && this.installations.installerOf(actor.teamId) === actor.userId;
  }

  /** Rows the app holds for the actor's workspace, by table, for admins only. */
  overview(actor: Actor, role: SlackRole): Result<Record<string, number>> {
    if (!this.mayAdminister(actor, role)) return refuse(ADMINS_ONLY);
    return ok(countTeamRows(this.db, actor.teamId));
  }

  /** Why the typed confirmation does not confirm a purge, or null when it does. */
  confirmationProblem(typed: string): string | null {
    return typed.trim().toLowerCase() === PURGE_CONFIRMATION ? null : `Type "${PURGE_CONFIRMATION}" to confirm.`;
  }

  /** Deletes every row of the actor's workspace, in one transaction; admins only, with the typed confirmation. */
  purge(actor: Actor, role: SlackRole, confirmation: string): Result<Record<string, number>> {
    if (!this.mayAdminister(actor, role)) return refuse(ADMINS_ONLY);
    const problem = this.confirmationProblem(confirmation);
    if (problem) return refuse(problem);
    return ok(purgeTeam(this.db, actor.teamId));
  }
}
