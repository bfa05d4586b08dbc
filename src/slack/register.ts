import { registerAiActions } from './actions/ai-actions.js';
import { registerApprovalActions } from './actions/approval-actions.js';
import { registerCardActions } from './actions/card-actions.js';
import { registerListActions } from './actions/list-actions.js';
import { registerReviewActions } from './actions/review-actions.js';
import { registerScoringActions } from './actions/scoring-actions.js';
import { registerAdrCommand } from './commands/adr-command.js';
import type { Deps } from './deps.js';
import { registerAppHome } from './events/app-home.js';
import type { ListenerRegistry } from './router.js';
import { registerDraftFromThreadShortcut } from './shortcuts/draft-from-thread.js';
import { registerNewAdrShortcut } from './shortcuts/new-adr.js';
import { registerScoringViews } from './views/scoring-views.js';
import { registerSettingsViews } from './views/settings-views.js';
import { registerWizardViews } from './views/wizard-views.js';

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
}
