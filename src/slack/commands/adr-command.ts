import { SEARCH_MARK_END, SEARCH_MARK_START } from '../../db/adr-repository.js';
import type { Actor } from '../../domain/actor.js';
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
import { settingsSummary } from '../blocks/settings.js';
import { capacityModalFor, estimateTarget } from '../capacity/capacity-views.js';
import type { Deps } from '../deps.js';
import { ADR_COMMAND } from '../ids.js';
import { type CommandArgs, ephemeral, ephemeralNotice, onCommand, unwrap } from '../listen.js';
import type { ListenerRegistry } from '../router.js';
import { scoreCommand } from '../scoring/score-command.js';
import { openSettings } from '../settings/settings-modal.js';
import { uploadExport } from '../uploads.js';
import { openWizard } from '../wizard/wizard-modal.js';
import { type AdrCommand, parseAdrCommand } from './parse-command.js';

type Handler<C extends AdrCommand> = (parsed: C, args: CommandArgs, actor: Actor, deps: Deps) => Promise<void>;
type Handlers = { [K in AdrCommand['name']]: Handler<Extract<AdrCommand, { name: K }>> };

const HANDLERS: Handlers = {
  help: async (_parsed, { ack }, _actor, { services }) => {
    await ack(ephemeral(helpMessage({ aiEnabled: services.ai !== null })));
  },
  usage: async (parsed, { ack }) => {
    await ack(ephemeral(usageMessage(parsed.usage)));
  },
  unknown: async (parsed, { ack }, _actor, { services }) => {
    await ack(ephemeral(helpMessage({ unknownCommand: parsed.input, aiEnabled: services.ai !== null })));
  },
  new: async (parsed, { ack, command, client }, actor, { services }) => {
    await ack();
    const state = await services.wizard.startNew(actor, command.channel_id, parsed.title);
    await openWizard(client, command.trigger_id, state, { aiEnabled: services.ai !== null });
  },
  list: async (parsed, { ack }, actor, { services, slack }) => {
    const key = `list\u0000${actor.teamId}\u0000${parsed.status}\u0000${parsed.page}`;
    const message = await slack.answers.get(key, async () => {
      const offset = (parsed.page - 1) * LIST_PAGE_SIZE;
      const { items, total } = await services.decisions.list(actor.teamId, {
        status: parsed.status,
        limit: LIST_PAGE_SIZE,
        offset,
      });
      return ephemeral(adrListMessage({ items, total, page: parsed.page, status: parsed.status }));
    });
    await ack(message);
  },
  show: async (parsed, { ack }, actor, { services, slack }) => {
    const message = await slack.answers.get(`show\u0000${actor.teamId}\u0000${parsed.ref}`, async () => {
      const adr = unwrap(await services.decisions.resolve(actor.teamId, parsed.ref));
      const history = await services.decisions.history(actor.teamId, adr.number);
      const related = await services.related.bothWays(adr);
      return ephemeral(adrShowMessage(adr, history, await slack.cards.extras(adr), related));
    });
    await ack(message);
  },
  search: async (parsed, { ack }, actor, { services }) => {
    const hits = await services.decisions.search(actor.teamId, parsed.query, 10);
    const marks = { start: SEARCH_MARK_START, end: SEARCH_MARK_END };
    await ack(ephemeral(searchResultsMessage(parsed.query, hits, marks)));
  },
  status: async (parsed, { ack }, actor, { services, slack }) => {
    const { adr } = unwrap(await services.decisions.changeStatus(actor.teamId, parsed.ref, parsed.to, actor.userId));
    const changed = `${formatAdrNumber(adr.number)} is now ${statusLabel(adr.status)}.`;
    await ack(ephemeral(notice(changed, ':white_check_mark:')));
    slack.cards.refresh(actor.teamId, adr.number);
  },
  supersede: async (parsed, { ack }, actor, { services, slack }) => {
    const result = await services.decisions.supersede(actor.teamId, parsed.ref, parsed.byRef, actor.userId);
    const { old, replacement } = unwrap(result);
    const text = `${formatAdrNumber(old.number)} is now superseded by ${formatAdrNumber(replacement.number)}.`;
    await ack(ephemeral(notice(text, ':white_check_mark:')));
    slack.cards.refresh(actor.teamId, old.number, replacement.number);
  },
  edit: async (parsed, { ack, command, client }, actor, { services }) => {
    const adr = unwrap(await services.decisions.resolve(actor.teamId, parsed.ref));
    const state = unwrap(await services.wizard.startEdit(actor, adr));
    await ack();
    await openWizard(client, command.trigger_id, state, { aiEnabled: services.ai !== null });
  },
  drafts: async (_parsed, { ack }, actor, { services, slack }) => {
    await ack(ephemeral(draftsMessage(await services.wizard.list(actor), slack.now())));
  },
  export: async (parsed, { ack, command, client, respond }, actor, { services }) => {
    const all = parsed.ref === 'all';
    const adrs = all
      ? await services.decisions.all(actor.teamId)
      : [unwrap(await services.decisions.resolve(actor.teamId, parsed.ref))];
    if (adrs.length === 0) return ack(ephemeralNotice('There are no ADRs to export yet. Start one with /adr new.'));
    const working = all ? `Exporting ${adrs.length} ADRs…` : 'Exporting…';
    await ack(ephemeralNotice(working, ':hourglass_flowing_sand:'));
    const request = { teamId: actor.teamId, channelId: command.channel_id, adrs, all, profile: parsed.format };
    const outcome = await uploadExport(client, services.exporter, request);
    if (!outcome.ok) await respond(ephemeralNotice(outcome.message));
  },
  score: (parsed, args, actor, deps) => scoreCommand(parsed, args, actor, deps),
  estimate: async (parsed, { ack, command, client }, actor, { services }) => {
    const view = await capacityModalFor(services, actor, await estimateTarget(services, actor, parsed.ref));
    await ack();
    await client.views.open({ trigger_id: command.trigger_id, view });
  },
  config: async (_parsed, { ack, command, client }, actor, { services }) => {
    if (!(await services.settings.mayConfigure(actor.teamId, actor.userId))) {
      return ack(ephemeral(settingsSummary(await services.settings.get(actor.teamId))));
    }
    await ack();
    await openSettings(client, services, command.trigger_id, actor);
  },
};

export function registerAdrCommand(app: ListenerRegistry, deps: Deps): void {
  onCommand(app, deps.slack.logger, ADR_COMMAND, async (args, actor) => {
    const parsed = parseAdrCommand(args.command.text ?? '');
    await (HANDLERS[parsed.name] as Handler<AdrCommand>)(parsed, args, actor, deps);
  });
}
