import type { WebClient } from '@slack/web-api';
import type { Actor } from '../../domain/actor.js';
import { settingsView } from '../blocks/settings.js';
import type { Services } from '../deps.js';

/** Opens `/adr config` for someone who may change the settings (the caller checked). */
export async function openSettings(client: WebClient, services: Services, triggerId: string, actor: Actor) {
  const view = settingsView(
    await services.settings.get(actor.teamId),
    actor.userId,
    await services.repositories.get(actor.teamId),
  );
  await client.views.open({ trigger_id: triggerId, view });
}
