import type { App } from '@slack/bolt';
import { registerAdrCommand } from './commands/adr-command.js';
import type { Deps } from './deps.js';

export function registerListeners(app: App, deps: Deps): void {
  registerAdrCommand(app, deps);
}
