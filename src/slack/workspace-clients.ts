import type { InstallationStore } from '@slack/bolt';
import type { Logger } from '@slack/logger';
import { WebClient, type WebClientOptions } from '@slack/web-api';
import { slackErrorCode, WORKSPACE_GONE_ERRORS } from './slack-errors.js';

/** Where a workspace's bot token comes from: the configured token (one workspace) or its installation (OAuth). */
export interface BotTokens {
  /** The bot token for `teamId`, or null when the app is not installed there (any more). */
  tokenFor(teamId: string, enterpriseId?: string | null): Promise<string | null>;
  /** Drops what is known of the workspace's token (uninstalled, revoked, or refused by Slack). */
  forget(teamId: string): void;
}

/** Token mode: one configured bot token serves the workspace it was issued for. */
export function configuredBotToken(token: string): BotTokens {
  return { tokenFor: async () => token, forget: () => undefined };
}

/** How long an installation's token is trusted without looking again (another instance may have seen an uninstall). */
const TOKEN_TTL_MS = 5 * 60_000;

/**
 * OAuth mode: each workspace's bot token from the installation store, kept for a few minutes so a burst of
 * deliveries opens the sealed installation once. Forgotten at once on app_uninstalled and tokens_revoked, and when
 * Slack refuses it; a workspace with no installation is looked up again every time (it may install meanwhile).
 */
export class InstalledBotTokens implements BotTokens {
  private readonly cache = new Map<string, { token: string; until: number }>();

  constructor(
    private readonly store: InstallationStore,
    private readonly clock: () => number = Date.now,
  ) {}

  async tokenFor(teamId: string, enterpriseId?: string | null): Promise<string | null> {
    const cached = this.cache.get(teamId);
    if (cached && cached.until > this.clock()) return cached.token;
    const installation = await this.store
      .fetchInstallation({
        teamId,
        enterpriseId: enterpriseId ?? undefined,
        isEnterpriseInstall: false,
      })
      .catch(() => undefined);
    const token = installation?.bot?.token;
    if (!token) {
      this.cache.delete(teamId);
      return null;
    }
    this.cache.set(teamId, { token, until: this.clock() + TOKEN_TTL_MS });
    return token;
  }

  forget(teamId: string): void {
    this.cache.delete(teamId);
  }
}

/**
 * The one way to get a Slack client for a workspace outside a request (deliveries, refreshes, uploads, AI results):
 * a WebClient with that workspace's bot token, reused while the token is. Inside a request, listeners use the
 * client Bolt authorised for it, which carries the same token.
 */
export class SlackClients {
  private readonly clients = new Map<string, { token: string; client: WebClient }>();

  constructor(
    private readonly tokens: BotTokens,
    private readonly options: WebClientOptions,
    private readonly logger: Logger,
  ) {}

  /** The workspace's client, or null when the app is not installed there. */
  async clientFor(teamId: string, enterpriseId?: string | null): Promise<WebClient | null> {
    const token = await this.tokens.tokenFor(teamId, enterpriseId);
    if (!token) {
      this.clients.delete(teamId);
      return null;
    }
    const known = this.clients.get(teamId);
    if (known?.token === token) return known.client;
    const client = new WebClient(token, this.options);
    this.clients.set(teamId, { token, client });
    return client;
  }

  /**
   * Runs `use` with the workspace's client. Where the app is no longer installed there is nobody to tell, so it
   * is logged and skipped; a token Slack refuses is forgotten, so the next call looks it up again.
   */
  async withClient(teamId: string, what: string, use: (client: WebClient) => Promise<unknown>): Promise<void> {
    const client = await this.clientFor(teamId);
    if (!client) {
      this.logger.info(`Skipped ${what}: ADR Assistant is not installed in workspace ${teamId}`);
      return;
    }
    try {
      await use(client);
    } catch (error) {
      if (WORKSPACE_GONE_ERRORS.has(slackErrorCode(error) ?? '')) this.forget(teamId);
      throw error;
    }
  }

  /** The workspace's token stopped working (uninstall, revocation, or Slack refused it): look it up afresh next time. */
  forget(teamId: string): void {
    this.tokens.forget(teamId);
    this.clients.delete(teamId);
  }
}
