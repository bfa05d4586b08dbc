import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { SEARCH_MARK_END, SEARCH_MARK_START } from '../../db/adr-repository.js';
import { formatAdrNumber } from '../../domain/adr-number.js';
import { statusLabel } from '../../domain/lifecycle.js';
import { toRows } from '../../domain/scoring-criteria.js';
import {
  adrListMessage,
  adrShowMessage,
  draftsMessage,
  LIST_PAGE_SIZE,
  searchResultsMessage,
} from '../blocks/adr-list.js';
import { notice } from '../blocks/common.js';
import { criteriaEditorView } from '../blocks/criteria-editor.js';
import { helpMessage, usageMessage } from '../blocks/help.js';
import { scoringPageView } from '../blocks/scoring-modal.js';
import { resultsMessage } from '../blocks/scoring-results.js';
import { settingsSummary } from '../blocks/settings.js';
import { refreshAdrCard } from '../card-poster.js';
import type { Deps } from '../deps.js';
import { ADR_COMMAND } from '../ids.js';
import type { ListenerRegistry } from '../router.js';
import { announceClosed, postChartToCardThread, resultsOptionsFor } from '../scoring-poster.js';
import { slackFailureMessage } from '../slack-errors.js';
import { uploadExport } from '../uploads.js';
import { openSettings } from '../views/settings-views.js';
import { openWizard } from '../views/wizard-views.js';
import { type AdrCommand, parseAdrCommand } from './parse-command.js';

type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;
type Handler<C extends AdrCommand> = (parsed: C, args: CommandArgs, deps: Deps) => Promise<void>;
type Handlers = { [K in AdrCommand['name']]: Handler<Extract<AdrCommand, { name: K }>> };

const ephemeral = (message: { text: string; blocks?: unknown[] }) => ({
  response_type: 'ephemeral' as const,
  ...message,
});

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
    await openWizard(client, command.trigger_id, state, deps);
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
    await ack(
      ephemeral(
        adrShowMessage(
          found.value,
          deps.adrs.history(command.team_id, found.value.number),
          deps.cardExtras(found.value),
        ),
      ),
    );
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
    deps.background.run('refresh card', () => refreshAdrCard(client, adr, deps.cardExtras(adr)));
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
      await refreshAdrCard(client, old, deps.cardExtras(old));
      await refreshAdrCard(client, replacement, deps.cardExtras(replacement));
    });
  },
  edit: async (parsed, { ack, command, client }, deps) => {
    const found = deps.decisions.resolve(command.team_id, parsed.ref);
    if (!found.ok) return ack(ephemeral(notice(found.reason, ':warning:')));
    const started = deps.wizard.startEdit({ teamId: command.team_id, userId: command.user_id }, found.value);
    if (!started.ok) return ack(ephemeral(notice(started.reason, ':warning:')));
    await ack();
    await openWizard(client, command.trigger_id, started.value, deps);
  },
  drafts: async (_parsed, { ack, command }, deps) => {
    const drafts = deps.wizard.list({ teamId: command.team_id, userId: command.user_id });
    await ack(ephemeral(draftsMessage(drafts, deps.now())));
  },
  export: async (parsed, { ack, command, client, respond }, deps) => {
    const all = parsed.ref === 'all';
    const adrs = all ? deps.adrs.all(command.team_id) : [];
    if (!all) {
      const found = deps.decisions.resolve(command.team_id, parsed.ref);
      if (!found.ok) return ack(ephemeral(notice(found.reason, ':warning:')));
      adrs.push(found.value);
    } else if (adrs.length === 0) {
      return ack(ephemeral(notice('There are no ADRs to export yet. Start one with /adr new.')));
    }
    await ack(ephemeral(notice(all ? `Exporting ${adrs.length} ADRs…` : 'Exporting…', ':hourglass_flowing_sand:')));
    const outcome = await uploadExport(client, deps.exporter, {
      teamId: command.team_id,
      channelId: command.channel_id,
      adrs,
      all,
      profile: parsed.format,
    });
    if (!outcome.ok) await respond(ephemeral(notice(outcome.message, ':warning:')));
  },
  score: async (parsed, { ack, command, client }, deps) => {
    const actor = { teamId: command.team_id, userId: command.user_id };
    switch (parsed.mode) {
      case 'score': {
        const started = deps.scoring.start(actor, parsed.ref);
        if (!started.ok) return ack(ephemeral(notice(started.reason, ':warning:')));
        await ack();
        await client.views.open({ trigger_id: command.trigger_id, view: scoringPageView(started.value) });
        return;
      }
      case 'results': {
        const found = deps.scoring.results(actor.teamId, parsed.ref);
        if (!found.ok) return ack(ephemeral(notice(found.reason, ':warning:')));
        const snapshot = found.value;
        await ack(ephemeral(resultsMessage(snapshot, resultsOptionsFor(deps, snapshot, actor, command.channel_id))));
        if (snapshot.result.scorers.length > 0) {
          deps.background.run('post score chart', () => postChartToCardThread(client, deps, snapshot));
        }
        return;
      }
      case 'criteria': {
        const found = deps.scoring.criteriaForEditing(actor, parsed.ref);
        if (!found.ok) return ack(ephemeral(notice(found.reason, ':warning:')));
        await ack();
        const { adr, criteria } = found.value;
        await client.views.open({
          trigger_id: command.trigger_id,
          view: criteriaEditorView({ scope: { kind: 'adr', adrNumber: adr.number }, rows: toRows(criteria) }),
        });
        return;
      }
      case 'close': {
        const closed = deps.scoring.close(actor, parsed.ref);
        if (!closed.ok) return ack(ephemeral(notice(closed.reason, ':warning:')));
        const snapshot = closed.value;
        const where = snapshot.adr.card ? " The final results are posted in the ADR card's thread." : '';
        await ack(
          ephemeral(
            notice(
              `Scoring of ${formatAdrNumber(snapshot.adr.number)} is closed; the scores are final.${where}`,
              ':lock:',
            ),
          ),
        );
        deps.background.run('announce closed scoring', () => announceClosed(client, deps, snapshot));
        return;
      }
    }
  },
  config: async (_parsed, { ack, command, client }, deps) => {
    if (!deps.settings.mayConfigure(command.team_id, command.user_id)) {
      return ack(ephemeral(settingsSummary(deps.settings.get(command.team_id))));
    }
    await ack();
    await openSettings(client, deps, command.trigger_id, command.team_id, command.user_id);
  },
};

export function registerAdrCommand(app: ListenerRegistry, deps: Deps): void {
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
