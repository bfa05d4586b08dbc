import { registerAiActions } from './actions/ai-actions.js';
import { registerApprovalActions } from './actions/approval-actions.js';
import { registerCardActions } from './actions/card-actions.js';
import { registerListActions } from './actions/list-actions.js';
import { registerReviewActions } from './actions/review-actions.js';
import { registerAdrCommand } from './commands/adr-command.js';
import type { Deps } from './deps.js';
import { registerAppHome } from './events/app-home.js';
import { registerInstallationEvents } from './events/installation-events.js';
import type { ListenerRegistry } from './router.js';
import { registerScoringActions } from './scoring/scoring-actions.js';
import { registerScoringViews } from './scoring/scoring-views.js';
import { registerSettingsViews } from './settings/settings-views.js';
import { registerAdminShortcut } from './shortcuts/admin-shortcut.js';
import { registerDraftFromThreadShortcut } from './shortcuts/draft-from-thread.js';
import { registerNewAdrShortcut } from './shortcuts/new-adr.js';
import { registerWizardViews } from './wizard/wizard-views.js';

/** Every listener of the app, by surface; each file registers one surface's handlers. */
export function registerListeners(app: ListenerRegistry, deps: Deps): void {
  registerAdrCommand(app, deps);
  registerWizardViews(app, deps);
  registerCardActions(app, deps);
  registerListActions(app, deps);
  registerNewAdrShortcut(app, deps);
  registerAiActions(app, deps);
  registerDraftFromThreadShortcut(app, deps);
  registerScoringActions(app, deps);
  registerScoringViews(app, deps);
  registerApprovalActions(app, deps);
  registerReviewActions(app, deps);
  registerSettingsViews(app, deps);
  registerAppHome(app, deps);
  registerInstallationEvents(app, deps);
  registerAdminShortcut(app, deps);
}
