import type { AllMiddlewareArgs, App, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { SEARCH_MARK_END, SEARCH_MARK_START } from '../../db/adr-repository.js';
import { formatAdrNumber } from '../../domain/adr-number.js';
import { statusLabel } from '../../domain/lifecycle.js';
import {
  adrListMessage,
  adrShowMessage,
  draftsMessage,
  LIST_PAGE_SIZE,
  searchResultsMessage,
} from '../blocks/adr-list.js';
import { notice } from '../blocks/common.js';
import { helpMessage, usageMessage } from '../blocks/help.js';
import { refreshAdrCard } from '../card-poster.js';
import type { Deps } from '../deps.js';
import { ADR_COMMAND } from '../ids.js';
import { slackFailureMessage } from '../slack-errors.js';
import { openWizard } from '../views/wizard-views.js';
import { type AdrCommand, parseAdrCommand } from './parse-command.js';

type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;
type Handler<C extends AdrCommand> = (parsed: C, args: CommandArgs, deps: Deps) => Promise<void>;
type Handlers = { [K in AdrCommand['name']]: Handler<Extract<AdrCommand, { name: K }>> };

const ephemeral = (message: { text: string; blocks?: unknown[] }) => ({
  response_type: 'ephemeral' as const,
  ...message,
});

/** Subcommands later issues fill in; until then they say so instead of failing. */
const notYet: Handler<AdrCommand> = async (parsed, { ack }) => {
  await ack(ephemeral(notice(`/adr ${parsed.name} is not available yet.`)));
};

const HANDLERS: Handlers = {
  help: async (_parsed, { ack }, deps) => {
    await ack(ephemeral(helpMessage({ aiEnabled: Boolean(deps.config.ai.apiKey) })));
  },
  usage: async (parsed, { ack }) => {
    await ack(ephemeral(usageMessage(parsed.usage)));
  },
  unknown: async (parsed, { ack }, deps) => {
    await ack(ephemeral(helpMessage({ unknownCommand: parsed.input, aiEnabled: Boolean(deps.config.ai.apiKey) })));
  },
  new: async (parsed, { ack, command, client }, deps) => {
    await ack();
    const state = deps.wizard.startNew(
      { teamId: command.team_id, userId: command.user_id },
      command.channel_id,
      parsed.title,
    );
    await openWizard(client, command.trigger_id, state);
  },
  list: async (parsed, { ack, command }, deps) => {
    const { items, total } = deps.adrs.list(command.team_id, {
      status: parsed.status,
      limit: LIST_PAGE_SIZE,
      offset: (parsed.page - 1) * LIST_PAGE_SIZE,
    });
    await ack(ephemeral(adrListMessage({ items, total, page: parsed.page, status: parsed.status })));
  },
  show: async (parsed, { ack, command }, deps) => {
    const found = deps.decisions.resolve(command.team_id, parsed.ref);
    if (!found.ok) return ack(ephemeral(notice(found.reason, ':warning:')));
    await ack(ephemeral(adrShowMessage(found.value, deps.adrs.history(command.team_id, found.value.number))));
  },
  search: async (parsed, { ack, command }, deps) => {
    const hits = deps.adrs.search(command.team_id, parsed.query, 10);
    await ack(ephemeral(searchResultsMessage(parsed.query, hits, { start: SEARCH_MARK_START, end: SEARCH_MARK_END })));
  },
  status: async (parsed, { ack, command, client }, deps) => {
    const result = deps.decisions.changeStatus(command.team_id, parsed.ref, parsed.to, command.user_id);
    if (!result.ok) return ack(ephemeral(notice(result.reason, ':warning:')));
    const { adr } = result.value;
    await ack(
      ephemeral(notice(`${formatAdrNumber(adr.number)} is now ${statusLabel(adr.status)}.`, ':white_check_mark:')),
    );
    deps.background.run('refresh card', () => refreshAdrCard(client, adr));
  },
  supersede: async (parsed, { ack, command, client }, deps) => {
    const result = deps.decisions.supersede(command.team_id, parsed.ref, parsed.byRef, command.user_id);
    if (!result.ok) return ack(ephemeral(notice(result.reason, ':warning:')));
    const { old, replacement } = result.value;
    await ack(
      ephemeral(
        notice(
          `${formatAdrNumber(old.number)} is now superseded by ${formatAdrNumber(replacement.number)}.`,
          ':white_check_mark:',
        ),
      ),
    );
    deps.background.run('refresh cards', async () => {
      await refreshAdrCard(client, old);
      await refreshAdrCard(client, replacement);
    });
  },
  edit: async (parsed, { ack, command, client }, deps) => {
    const found = deps.decisions.resolve(command.team_id, parsed.ref);
    if (!found.ok) return ack(ephemeral(notice(found.reason, ':warning:')));
    const started = deps.wizard.startEdit({ teamId: command.team_id, userId: command.user_id }, found.value);
    if (!started.ok) return ack(ephemeral(notice(started.reason, ':warning:')));
    await ack();
    await openWizard(client, command.trigger_id, started.value);
  },
  drafts: async (_parsed, { ack, command }, deps) => {
    const drafts = deps.wizard.list({ teamId: command.team_id, userId: command.user_id });
    await ack(ephemeral(draftsMessage(drafts, deps.now())));
  },
  export: notYet,
  score: notYet,
  config: notYet,
};

export function registerAdrCommand(app: App, deps: Deps): void {
  app.command(ADR_COMMAND, async (args) => {
    const parsed = parseAdrCommand(args.command.text ?? '');
    const handler = HANDLERS[parsed.name] as Handler<AdrCommand>;
    let acked = false;
    const ack: CommandArgs['ack'] = async (response) => {
      acked = true;
      await args.ack(response);
    };
    try {
      await handler(parsed, { ...args, ack }, deps);
    } catch (error) {
      deps.logger.error(`/adr ${parsed.name} failed`, error);
      const apology = ephemeral(
        notice(
          slackFailureMessage(error) ?? 'Something went wrong on our side; nothing was changed. Please try again.',
          ':warning:',
        ),
      );
      if (!acked) await args.ack(apology);
      else await args.respond(apology).catch(() => undefined);
    }
  });
}
