import type { Actor } from '../../domain/actor.js';
import { formatAdrNumber } from '../../domain/adr-number.js';
import { toRows } from '../../domain/scoring-criteria.js';
import type { AdrCommand } from '../commands/parse-command.js';
import type { Deps } from '../deps.js';
import { type CommandArgs, ephemeral, ephemeralNotice, unwrap } from '../listen.js';
import { criteriaEditorView } from './criteria-editor.js';
import { scoringPageView } from './scoring-modal.js';
import { announceClosed, postChartToCardThread, resultsOptionsFor } from './scoring-poster.js';
import { resultsMessage } from './scoring-results.js';

/** `/adr score <n> [results|criteria|close]`. */
export async function scoreCommand(
  parsed: Extract<AdrCommand, { name: 'score' }>,
  { ack, command, client }: CommandArgs,
  actor: Actor,
  deps: Deps,
): Promise<void> {
  const { services, slack } = deps;
  switch (parsed.mode) {
    case 'score': {
      const page = unwrap(await services.scoring.start(actor, parsed.ref));
      await ack();
      await client.views.open({ trigger_id: command.trigger_id, view: scoringPageView(page) });
      return;
    }
    case 'results': {
      const snapshot = unwrap(await services.scoring.results(actor.teamId, parsed.ref));
      await ack(ephemeral(resultsMessage(snapshot, resultsOptionsFor(deps, snapshot, actor, command.channel_id))));
      if (snapshot.result.scorers.length > 0) {
        slack.background.run('post score chart', () => postChartToCardThread(deps, snapshot));
      }
      return;
    }
    case 'criteria': {
      const { adr, criteria } = unwrap(await services.scoring.criteriaForEditing(actor, parsed.ref));
      await ack();
      const view = criteriaEditorView({ scope: { kind: 'adr', adrNumber: adr.number }, rows: toRows(criteria) });
      await client.views.open({ trigger_id: command.trigger_id, view });
      return;
    }
    case 'close': {
      const snapshot = unwrap(await services.scoring.close(actor, parsed.ref));
      const where = snapshot.adr.card ? " The final results are posted in the ADR card's thread." : '';
      const label = formatAdrNumber(snapshot.adr.number);
      await ack(ephemeralNotice(`Scoring of ${label} is closed; the scores are final.${where}`, ':lock:'));
      slack.background.run('announce closed scoring', () => announceClosed(deps, snapshot));
      return;
    }
  }
}
