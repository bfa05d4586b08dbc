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
 * number of listeners (about 50 here). The router keeps the app's handlers in maps keyed by id and looks the id up
 * once, as the last global middleware. Handlers receive exactly the args Bolt would have given them.
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
   * Installs the router as the last global middleware: it hands each request to the handler of its id and
   * ends the chain there, so Bolt's listener phase (every registered listener's matchers, then allSettled over
   * them) never runs; the app registers no Bolt listeners. A handler gets the same args a Bolt listener
   * registered for its id would. A request whose id has no handler is acked at once with an empty answer.
   */
  install(app: App): void {
    if (this.installed) throw new Error('ListenerRouter.install: already installed');
    this.installed = true;
    app.use((args) => this.dispatch(args as unknown as DispatchArgs));
  }

  private async dispatch(args: DispatchArgs): Promise<void> {
    const { body } = args;
    const handler = this.handlerFor(args);
    if (handler) return handler(args as unknown as AllMiddlewareArgs);
    // Bolt acked an event delivery already; anything else nobody handles gets an empty answer now.
    if (body.type !== 'event_callback') await args.ack?.();
  }

  private handlerFor(args: DispatchArgs): Handler | undefined {
    const { body } = args;
    switch (body.type) {
      case 'block_actions': {
        const actionId = args.action?.action_id;
        if (typeof actionId !== 'string') return undefined;
        const exact = this.actions.get(actionId);
        if (exact) return exact;
        for (const { pattern, handler } of this.actionPatterns) {
          const matches = actionId.match(pattern);
          if (matches) {
            // As Bolt's matchConstraints does for a RegExp action_id.
            args.context.actionIdMatches = matches;
            return handler;
          }
        }
        return undefined;
      }
      case 'view_submission':
        return this.submissions.get(String(args.view?.callback_id));
      case 'view_closed':
        return this.closings.get(String(args.view?.callback_id));
      case 'shortcut':
      case 'message_action':
        return this.shortcuts.get(String(args.shortcut?.callback_id));
      case 'event_callback':
        return this.events.get(String(args.event?.type));
      default:
        return typeof args.command?.command === 'string' ? this.commands.get(args.command.command) : undefined;
    }
  }
}

/** The parts of Bolt's middleware args the router reads; which are present depends on the payload type. */
interface DispatchArgs {
  body: { type?: unknown };
  context: Record<string, unknown>;
  ack?: (response?: unknown) => Promise<void>;
  action?: { action_id?: unknown };
  view?: { callback_id?: unknown };
  shortcut?: { callback_id?: unknown };
  event?: { type?: unknown };
  command?: { command?: unknown };
}

/** Two handlers for one id would both have run under Bolt; here that is a mistake found at start. */
function add(map: Map<string, Handler>, kind: string, id: string, handler: unknown): void {
  if (map.has(id)) throw new Error(`ListenerRouter: ${kind} ${id} is registered twice`);
  map.set(id, handler as Handler);
}
