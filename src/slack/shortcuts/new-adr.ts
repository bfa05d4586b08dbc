import type { Deps } from '../deps.js';
import { Shortcuts } from '../ids.js';
import { actorOf } from '../payload.js';
import type { ListenerRegistry } from '../router.js';
import { openWizard } from '../views/wizard-views.js';

export function registerNewAdrShortcut(app: ListenerRegistry, deps: Deps): void {
  app.shortcut(Shortcuts.newAdr, async ({ ack, body, client }) => {
    await ack();
    const actor = actorOf(body);
    if (!actor) return;
    // A global shortcut has no channel: the card goes to the author as a DM.
    await openWizard(client, body.trigger_id, deps.wizard.startNew(actor, null), deps);
  });
}
