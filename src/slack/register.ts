import type { App } from '@slack/bolt';
import { registerCardActions } from './actions/card-actions.js';
import { registerListActions } from './actions/list-actions.js';
import { registerAdrCommand } from './commands/adr-command.js';
import type { Deps } from './deps.js';
import { registerNewAdrShortcut } from './shortcuts/new-adr.js';
import { registerWizardViews } from './views/wizard-views.js';

export function registerListeners(app: App, deps: Deps): void {
  registerAdrCommand(app, deps);
  registerWizardViews(app, deps);
  registerCardActions(app, deps);
  registerListActions(app, deps);
  registerNewAdrShortcut(app, deps);
}
