import type { Deps } from '../deps.js';
import { Shortcuts } from '../ids.js';
import { onShortcut } from '../listen.js';
import type { ListenerRegistry } from '../router.js';
import { openWizard } from '../wizard/wizard-modal.js';

export function registerNewAdrShortcut(app: ListenerRegistry, { services, slack }: Deps): void {
  onShortcut(app, slack.logger, Shortcuts.newAdr, async ({ body, client }, actor) => {
    // A global shortcut has no channel: the card goes to the author as a DM.
    const state = await services.wizard.startNew(actor, null);
    await openWizard(client, body.trigger_id, state, { aiEnabled: services.ai !== null });
  });
}
