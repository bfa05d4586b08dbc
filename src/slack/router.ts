import type {
  AllMiddlewareArgs,
  App,
  Middleware,
  SlackAction,
  SlackActionMiddlewareArgs,
  SlackCommandMiddlewareArgs,
  SlackEventMiddlewareArgs,
  SlackShortcut,
  SlackShortcutMiddlewareArgs,
  SlackViewAction,
  SlackViewMiddlewareArgs,
} from '@slack/bolt';

// Stored without their payload type; each is called only with the Bolt args of the kind it was registered for.
type Handler = (args: AllMiddlewareArgs) => Promise<void>;

interface PatternRoute {
  pattern: RegExp;
  handler: Handler;
}

/** What the app registers, by kind: the same calls as Bolt's App, one handler each. */
export interface ListenerRegistry {
  action<Action extends SlackAction = SlackAction>(
    actionId: string | RegExp,
    handler: Middleware<SlackActionMiddlewareArgs<Action>>,
  ): void;
  view<ViewAction extends SlackViewAction = SlackViewAction>(
    callbackId: string | { callback_id: string; type: 'view_closed' },
    handler: Middleware<SlackViewMiddlewareArgs<ViewAction>>,
  ): void;
  shortcut<Shortcut extends SlackShortcut = SlackShortcut>(
    callbackId: string,
    handler: Middleware<SlackShortcutMiddlewareArgs<Shortcut>>,
  ): void;
  event<EventType extends string = string>(
    type: EventType,
    handler: Middleware<SlackEventMiddlewareArgs<EventType>>,
  ): void;
  command(name: string, handler: Middleware<SlackCommandMiddlewareArgs>): void;
}

/**
 * Bolt runs the matching middleware of every registered listener for every request, so its cost grows with the
 * number of listeners (about 50 here). The router keeps the app's handlers in maps keyed by id and gives Bolt one
 * listener per kind, which looks the id up once. Handlers receive exactly the args Bolt would have given them.
 * See docs/adr/0006-route-listeners-by-id.md.
 */
export class ListenerRouter implements ListenerRegistry {
  private readonly actions = new Map<string, Handler>();
  private readonly actionPatterns: PatternRoute[] = [];
  private readonly submissions = new Map<string, Handler>();
  private readonly closings = new Map<string, Handler>();
  private readonly shortcuts = new Map<string, Handler>();
  private readonly events = new Map<string, Handler>();
  private readonly commands = new Map<string, Handler>();
  private installed = false;

  action<Action extends SlackAction = SlackAction>(
    actionId: string | RegExp,
    handler: Middleware<SlackActionMiddlewareArgs<Action>>,
  ): void {
    if (typeof actionId === 'string') add(this.actions, 'action', actionId, handler);
    else this.actionPatterns.push({ pattern: actionId, handler: handler as unknown as Handler });
  }

  view<ViewAction extends SlackViewAction = SlackViewAction>(
    callbackId: string | { callback_id: string; type: 'view_closed' },
    handler: Middleware<SlackViewMiddlewareArgs<ViewAction>>,
  ): void {
    if (typeof callbackId === 'string') add(this.submissions, 'view_submission', callbackId, handler);
    else add(this.closings, 'view_closed', callbackId.callback_id, handler);
  }

  shortcut<Shortcut extends SlackShortcut = SlackShortcut>(
    callbackId: string,
    handler: Middleware<SlackShortcutMiddlewareArgs<Shortcut>>,
  ): void {
    add(this.shortcuts, 'shortcut', callbackId, handler);
  }

  event<EventType extends string = string>(
    type: EventType,
    handler: Middleware<SlackEventMiddlewareArgs<EventType>>,
  ): void {
    add(this.events, 'event', type, handler);
  }

  command(name: string, handler: Middleware<SlackCommandMiddlewareArgs>): void {
    add(this.commands, 'command', name, handler);
  }

  /** How many handlers are registered (what Bolt would otherwise hold as listeners). */
  get size(): number {
    return (
      this.actions.size +
      this.actionPatterns.length +
      this.submissions.size +
      this.closings.size +
      this.shortcuts.size +
      this.events.size +
      this.commands.size
    );
  }

  /**
   * Registers one Bolt listener per kind. A request whose id has no handler is acked at once with an empty
   * answer (what `answerUnansweredRequests` in src/app.ts would send after Bolt found no listener).
   */
  install(app: App): void {
    if (this.installed) throw new Error('ListenerRouter.install: already installed');
    this.installed = true;

    app.action({ type: 'block_actions' }, async (args) => {
      const actionId = args.action.action_id;
      const handler = typeof actionId === 'string' ? this.actions.get(actionId) : undefined;
      if (handler) return handler(args);
      if (typeof actionId === 'string') {
        for (const { pattern, handler: patternHandler } of this.actionPatterns) {
          const matches = actionId.match(pattern);
          if (matches) {
            // As Bolt's matchConstraints does for a RegExp action_id.
            args.context.actionIdMatches = matches;
            return patternHandler(args);
          }
        }
      }
      await args.ack();
    });

    app.view({}, async (args) => {
      const handlers = args.body.type === 'view_closed' ? this.closings : this.submissions;
      const handler = handlers.get(args.view.callback_id);
      if (handler) return handler(args);
      await args.ack();
    });

    app.shortcut({}, async (args) => {
      const handler = this.shortcuts.get(args.shortcut.callback_id);
      if (handler) return handler(args);
      await args.ack();
    });

    app.event(/.*/, async (args) => {
      // Bolt's RegExp match leaves `context.matches`, which a listener registered for the type alone never sees.
      delete args.context.matches;
      // Bolt has acked the delivery already; an event type nobody handles needs nothing more.
      await this.events.get(args.event.type)?.(args);
    });

    app.command(/.*/, async (args) => {
      const handler = this.commands.get(args.command.command);
      if (handler) return handler(args);
      await args.ack();
    });
  }
}

/** Two handlers for one id would both have run under Bolt; here that is a mistake found at start. */
function add(map: Map<string, Handler>, kind: string, id: string, handler: unknown): void {
  if (map.has(id)) throw new Error(`ListenerRouter: ${kind} ${id} is registered twice`);
  map.set(id, handler as Handler);
}
