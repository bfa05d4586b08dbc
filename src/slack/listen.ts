import type {
  AllMiddlewareArgs,
  BlockAction,
  ButtonAction,
  SlackActionMiddlewareArgs,
  SlackCommandMiddlewareArgs,
  SlackShortcut,
  SlackShortcutMiddlewareArgs,
  SlackViewMiddlewareArgs,
  ViewClosedAction,
  ViewSubmitAction,
} from '@slack/bolt';
import type { Logger } from '@slack/logger';
import type { ModalView } from '@slack/types';
import type { Actor } from '../domain/actor.js';
import type { Result } from '../services/result.js';
import { notice, noticeView } from './blocks/common.js';
import { actorOf, parseIdValue } from './payload.js';
import type { ListenerRegistry } from './router.js';
import { slackFailureMessage } from './slack-errors.js';

/**
 * The one way listeners are written. Each kind of request has its wrapper: it acks (or lets the handler ack with an
 * answer), reads the person from the signed payload, and turns what went wrong into a message where the person is:
 * a `Refusal` (a rule said no) into an ephemeral message, field errors or a notice in the modal, and an unexpected
 * error into an apology, logged. Handlers hold only the request's own logic.
 */

/** A rule said no: shown to the person where they are. `field` is the modal input block it is about, if any. */
export class Refusal extends Error {
  constructor(
    readonly reason: string,
    readonly field?: string,
  ) {
    super(reason);
    this.name = 'Refusal';
  }
}

/** The value of an ok result; a refused one becomes a `Refusal` (about `field`, in a modal). */
export function unwrap<T>(result: Result<T>, field?: string): T {
  if (!result.ok) throw new Refusal(result.reason, field);
  return result.value;
}

/** Refuses unless `value` is there (a button value or metadata that did not parse: the surface is out of date). */
export function required<T>(value: T | null | undefined, reason = OUT_OF_DATE): T {
  if (value === null || value === undefined) throw new Refusal(reason);
  return value;
}

export const OUT_OF_DATE = 'This is out of date. Open it again from the ADR card or with /adr.';
const APOLOGY = 'Something went wrong on our side; nothing was changed. Please try again.';

export const ephemeral = (message: { text: string; blocks?: unknown[] }) => ({
  response_type: 'ephemeral' as const,
  replace_original: false,
  ...message,
});

/** A one-line ephemeral message (a refusal by default). */
export const ephemeralNotice = (text: string, emoji = ':warning:') => ephemeral(notice(text, emoji));

function messageFor(error: unknown, logger: Logger, what: string): string {
  if (error instanceof Refusal) return error.reason;
  logger.error(`${what} failed`, error);
  return slackFailureMessage(error) ?? APOLOGY;
}

export type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/** A slash command: the handler acks with its answer; a refusal or failure is an ephemeral message. */
export function onCommand(
  app: ListenerRegistry,
  logger: Logger,
  name: string,
  handler: (args: CommandArgs, actor: Actor) => Promise<void>,
): void {
  app.command(name, async (args) => {
    let acked = false;
    const ack: CommandArgs['ack'] = async (response) => {
      acked = true;
      await args.ack(response);
    };
    const actor = { teamId: args.command.team_id, userId: args.command.user_id };
    try {
      await handler({ ...args, ack }, actor);
      if (!acked) await args.ack();
    } catch (error) {
      // Only the subcommand: the rest of the text is the person's and stays out of the log.
      const subcommand = (args.command.text ?? '').trim().split(/\s+/)[0] ?? '';
      const answer = ephemeralNotice(messageFor(error, logger, `${name} ${subcommand}`.trim()));
      if (!acked) await args.ack(answer);
      else await args.respond(answer).catch((failure) => logger.warn('Could not send the reply', failure));
    }
  });
}

export type ActionArgs<A extends BlockAction = BlockAction> = SlackActionMiddlewareArgs<A> & AllMiddlewareArgs;

/** The modal a button was clicked in, when it was clicked in one. */
export function modalOf(body: BlockAction) {
  return body.container?.type === 'view' && body.view ? body.view : undefined;
}

/**
 * A block action (button, select): acked at once. A refusal or failure is shown in the modal it came from, as an
 * ephemeral reply in the conversation, or (a click in App Home, which has neither) as a DM.
 */
export function onAction<A extends BlockAction = BlockAction>(
  app: ListenerRegistry,
  logger: Logger,
  actionId: string | RegExp,
  handler: (args: ActionArgs<A>, actor: Actor) => Promise<void>,
): void {
  app.action<A>(actionId, async (args) => {
    await args.ack();
    try {
      await handler(args, required(actorOf(args.body)));
    } catch (error) {
      const text = messageFor(error, logger, `${String(actionId)}`);
      await tellClicker(args, text).catch((failure) => logger.warn('Could not tell the person', failure));
    }
  });
}

/** Answers a click where it happened. */
export async function tellClicker(args: ActionArgs, text: string, emoji = ':warning:'): Promise<void> {
  const view = modalOf(args.body);
  if (view) {
    await args.client.views.update({ view_id: view.id, view: noticeView('ADR Assistant', text) });
  } else if (args.body.response_url) {
    await args.respond(ephemeralNotice(text, emoji));
  } else {
    await args.client.chat.postMessage({ channel: args.body.user.id, ...notice(text, emoji) });
  }
}

/** Answers a click with an ephemeral message, or nowhere when the click came from App Home. */
export async function replyTo(args: ActionArgs, message: Parameters<ActionArgs['respond']>[0]): Promise<void> {
  if (args.body.response_url) await args.respond(message);
}

export type SubmissionArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/**
 * A modal submission: the handler acks with its answer (update, errors, clear); when it does not, the modal
 * closes. A refusal about a field becomes that field's error, any other refusal or failure replaces the modal with
 * a notice titled `title`.
 */
export function onSubmission(
  app: ListenerRegistry,
  logger: Logger,
  callbackId: string,
  handler: (args: SubmissionArgs, actor: Actor) => Promise<void>,
  title = 'ADR Assistant',
): void {
  app.view<ViewSubmitAction>(callbackId, async (args) => {
    let acked = false;
    const ack: SubmissionArgs['ack'] = async (response) => {
      acked = true;
      await args.ack(response);
    };
    try {
      await handler({ ...args, ack }, required(actorOf(args.body)));
      if (!acked) await args.ack();
    } catch (error) {
      if (acked) return void logger.error(`${callbackId} failed after its answer`, error);
      if (error instanceof Refusal && error.field) {
        await args.ack({ response_action: 'errors', errors: { [error.field]: error.reason } });
        return;
      }
      const view: ModalView = noticeView(title, messageFor(error, logger, callbackId));
      await args.ack({ response_action: 'update', view });
    }
  });
}

/** A modal closed with notify_on_close: acked; nothing can be shown any more, so failures are only logged. */
export function onClose(
  app: ListenerRegistry,
  logger: Logger,
  callbackId: string,
  handler: (args: SlackViewMiddlewareArgs<ViewClosedAction> & AllMiddlewareArgs, actor: Actor) => Promise<void>,
): void {
  app.view<ViewClosedAction>({ callback_id: callbackId, type: 'view_closed' }, async (args) => {
    await args.ack();
    const actor = actorOf(args.body);
    if (!actor) return;
    await handler(args, actor).catch((error: unknown) => logger.error(`closing ${callbackId} failed`, error));
  });
}

export type ShortcutArgs<S extends SlackShortcut = SlackShortcut> = SlackShortcutMiddlewareArgs<S> & AllMiddlewareArgs;

/** A global or message shortcut: acked at once; a refusal or failure is sent to the person as a DM. */
export function onShortcut<S extends SlackShortcut = SlackShortcut>(
  app: ListenerRegistry,
  logger: Logger,
  callbackId: string,
  handler: (args: ShortcutArgs<S>, actor: Actor) => Promise<void>,
): void {
  app.shortcut<S>(callbackId, async (args) => {
    await args.ack();
    try {
      await handler(args, required(actorOf(args.body)));
    } catch (error) {
      const text = messageFor(error, logger, callbackId);
      await args.client.chat
        .postMessage({ channel: args.body.user.id, ...notice(text, ':warning:') })
        .catch((failure) => logger.warn('Could not tell the person', failure));
    }
  });
}

export type ButtonArgs = ActionArgs<BlockAction<ButtonAction>>;

/**
 * A button whose value is an ADR number, looked up in the clicking person's own workspace (from the signed payload),
 * so a forged value can at most name another ADR of that workspace.
 */
export function onAdrButton(
  app: ListenerRegistry,
  logger: Logger,
  actionId: string,
  handler: (args: ButtonArgs, actor: Actor, adrNumber: number) => Promise<void>,
): void {
  onAction<BlockAction<ButtonAction>>(app, logger, actionId, (args, actor) =>
    handler(args, actor, required(parseIdValue(args.action.value))),
  );
}
