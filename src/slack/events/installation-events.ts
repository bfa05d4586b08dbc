import { z } from 'zod';
import type { InstallationKey } from '../../db/installation-store.js';
import type { UninstallOutcome } from '../../services/workspace-service.js';
import type { Deps } from '../deps.js';
import type { ListenerRegistry } from '../router.js';

const EventEnvelope = z.object({
  team_id: z.string().optional(),
  enterprise_id: z.string().nullish(),
  is_enterprise_install: z.boolean().optional(),
  authorizations: z
    .array(
      z.object({
        team_id: z.string().nullish(),
        enterprise_id: z.string().nullish(),
        is_enterprise_install: z.boolean().optional(),
      }),
    )
    .optional(),
});

/** Which installation an event is about, from the signed envelope. */
function installationOf(body: unknown): InstallationKey | null {
  const parsed = EventEnvelope.safeParse(body);
  if (!parsed.success) return null;
  const authorization = parsed.data.authorizations?.[0];
  const enterpriseId = authorization?.enterprise_id ?? parsed.data.enterprise_id ?? '';
  const teamId = authorization?.team_id ?? parsed.data.team_id ?? '';
  const isEnterpriseInstall = authorization?.is_enterprise_install ?? parsed.data.is_enterprise_install ?? false;
  if (isEnterpriseInstall ? !enterpriseId : !teamId) return null;
  return { enterpriseId, teamId: isEnterpriseInstall ? '' : teamId, isEnterpriseInstall };
}

const RevokedTokens = z.object({
  tokens: z.object({ oauth: z.array(z.string()).optional(), bot: z.array(z.string()).optional() }),
});

function describe(outcome: UninstallOutcome, where: string): string {
  switch (outcome) {
    case 'tokens-deleted':
      return `its tokens for ${where} were deleted`;
    case 'nothing-stored':
      return `no tokens were stored for ${where}`;
    case 'token-mode':
      return 'the app runs on SLACK_BOT_TOKEN: remove that token from the configuration';
  }
}

/**
 * app_uninstalled and tokens_revoked: the tokens go at once; the decision log stays until an admin purges it
 * (`npx adr-assistant purge --team T --yes`, or the *Manage ADR data* shortcut before uninstalling).
 */
export function registerInstallationEvents(app: ListenerRegistry, { services, slack }: Deps): void {
  const { workspaces } = services;
  const { logger } = slack;
  app.event('app_uninstalled', async ({ body }) => {
    const key = installationOf(body);
    if (!key) return void logger.warn('app_uninstalled without a team or enterprise id: ignored');
    const where = key.isEnterpriseInstall ? `organisation ${key.enterpriseId}` : `workspace ${key.teamId}`;
    const outcome = await workspaces.uninstalled(key);
    // An organisation-wide install's workspaces are not listed here; their cached tokens expire within minutes.
    if (key.teamId) slack.clients.forget(key.teamId);
    logger.info(`ADR Assistant was uninstalled from ${where}: ${describe(outcome, where)}; decisions are kept.`);
  });

  app.event('tokens_revoked', async ({ body, event }) => {
    const key = installationOf(body);
    const revoked = RevokedTokens.safeParse(event);
    if (!key || !revoked.success) return void logger.warn('tokens_revoked of an unexpected shape: ignored');
    const where = key.isEnterpriseInstall ? `organisation ${key.enterpriseId}` : `workspace ${key.teamId}`;
    const outcome = await workspaces.tokensRevoked(key, {
      bot: revoked.data.tokens.bot ?? [],
      oauth: revoked.data.tokens.oauth ?? [],
    });
    if (key.teamId && (revoked.data.tokens.bot ?? []).length > 0) slack.clients.forget(key.teamId);
    logger.info(`Tokens were revoked in ${where}: ${describe(outcome, where)}.`);
  });
}
