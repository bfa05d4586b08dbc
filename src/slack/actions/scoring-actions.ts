import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs, StaticSelectAction } from '@slack/bolt';
import { formatAdrNumber } from '../../domain/adr-number.js';
import { MAX_CRITERIA } from '../../domain/scoring.js';
import { toRows } from '../../domain/scoring-criteria.js';
import { noticeView } from '../blocks/common.js';
import {
  type CriteriaReturn,
  criteriaEditorView,
  parseCriteriaMetadata,
  readCriteriaRows,
  scopeOf,
} from '../blocks/criteria-editor.js';
import { pageRefOf, parseScoringMetadata, readScoreCells, scoringPageView } from '../blocks/scoring-modal.js';
import { resultsMessage, resultsModalView } from '../blocks/scoring-results.js';
import type { Deps } from '../deps.js';
import { CardActions, CriteriaActions, ScoringActions, Views } from '../ids.js';
import type { ListenerRegistry } from '../router.js';
import { announceClosed, placeOf, postChartToCardThread, resultsOptionsFor, shareResults } from '../scoring-poster.js';
import { ephemeralReply, modalOf, onAdrButton } from './adr-button.js';

export function registerScoringActions(app: ListenerRegistry, deps: Deps): void {
  // Score options: on the card, in a results message, or "Revise my scores" in the results modal.
  onAdrButton(app, deps, CardActions.score, async ({ client, body, respond }, actor, number) => {
    const started = deps.scoring.start(actor, String(number));
    const view = modalOf(body);
    if (view) {
      await client.views.update({
        view_id: view.id,
        hash: view.hash,
        view: started.ok ? scoringPageView(started.value) : noticeView('Scoring', started.reason),
      });
      return;
    }
    if (!started.ok) return void (await respond(ephemeralReply(started.reason)));
    await client.views.open({ trigger_id: body.trigger_id, view: scoringPageView(started.value) });
  });

  onAdrButton(app, deps, CardActions.results, async ({ client, body, respond }, actor, number) => {
    const found = deps.scoring.results(actor.teamId, String(number));
    if (!found.ok) return void (await respond(ephemeralReply(found.reason)));
    const snapshot = found.value;
    const options = resultsOptionsFor(deps, snapshot, actor, body.channel?.id);
    await respond({ response_type: 'ephemeral', replace_original: false, ...resultsMessage(snapshot, options) });
    if (snapshot.result.scorers.length > 0) {
      deps.background.run('post score chart', () => postChartToCardThread(client, deps, snapshot));
    }
  });

  onAdrButton(app, deps, ScoringActions.previous, async ({ client, body }, actor) => {
    const view = modalOf(body);
    const meta = parseScoringMetadata(view?.private_metadata);
    if (!view || !meta) return;
    const cells = readScoreCells(view.state.values as Parameters<typeof readScoreCells>[0]);
    const result = deps.scoring.previousPage(actor, meta.n, pageRefOf(meta), cells);
    await client.views.update({
      view_id: view.id,
      hash: view.hash,
      view: result.ok ? scoringPageView(result.value) : noticeView('Scoring', result.reason),
    });
  });

  onAdrButton(app, deps, ScoringActions.editCriteria, async ({ client, body, respond }, actor, number) => {
    const found = deps.scoring.criteriaForEditing(actor, String(number));
    const view = modalOf(body);
    if (view) {
      const meta = view.callback_id === Views.scoring ? parseScoringMetadata(view.private_metadata) : null;
      const returnTo: CriteriaReturn = meta ? { to: 'scoring', page: meta.p } : { to: 'results' };
      await client.views.push({
        trigger_id: body.trigger_id,
        view: found.ok
          ? criteriaEditorView({
              scope: { kind: 'adr', adrNumber: number },
              rows: toRows(found.value.criteria),
              returnTo,
            })
          : noticeView('Criteria', found.reason),
      });
      return;
    }
    if (!found.ok) return void (await respond(ephemeralReply(found.reason)));
    await client.views.open({
      trigger_id: body.trigger_id,
      view: criteriaEditorView({ scope: { kind: 'adr', adrNumber: number }, rows: toRows(found.value.criteria) }),
    });
  });

  onAdrButton(app, deps, ScoringActions.share, async ({ client, body, respond }, actor, number) => {
    const found = deps.scoring.results(actor.teamId, String(number));
    const view = modalOf(body);
    if (!found.ok) {
      if (view) await client.views.update({ view_id: view.id, view: noticeView('Scoring', found.reason) });
      else await respond(ephemeralReply(found.reason));
      return;
    }
    const snapshot = found.value;
    const place = placeOf(snapshot, view ? undefined : body.channel?.id);
    const shared = place
      ? await shareResults(client, deps, snapshot, place)
      : { ok: false, text: `${formatAdrNumber(number)} has no card in a channel to share the results in.` };
    if (view) {
      const note = shared.ok ? `:white_check_mark: ${shared.text}` : `:warning: ${shared.text}`;
      await client.views.update({
        view_id: view.id,
        view: resultsModalView(snapshot, { ...resultsOptionsFor(deps, snapshot, actor), note }),
      });
    } else {
      await respond(ephemeralReply(shared.text, shared.ok ? ':white_check_mark:' : ':warning:'));
    }
  });

  onAdrButton(app, deps, ScoringActions.close, async ({ client, body, respond }, actor, number) => {
    const closed = deps.scoring.close(actor, String(number));
    const view = modalOf(body);
    if (!closed.ok) {
      if (view) await client.views.update({ view_id: view.id, view: noticeView('Scoring', closed.reason) });
      else await respond(ephemeralReply(closed.reason));
      return;
    }
    const snapshot = closed.value;
    const label = formatAdrNumber(number);
    const where = snapshot.adr.card ? " The final results are posted in the ADR card's thread." : '';
    const text = `Scoring of ${label} is closed; the scores are final.${where}`;
    if (view) {
      await client.views.update({
        view_id: view.id,
        view: resultsModalView(snapshot, { ...resultsOptionsFor(deps, snapshot, actor), note: `:lock: ${text}` }),
      });
    } else {
      await respond(ephemeralReply(text, ':lock:'));
    }
    deps.background.run(`close scoring of ${label}`, () => announceClosed(client, deps, snapshot));
  });

  // The criteria editor's + Add criterion and Remove a criterion… only change the view; Save writes.
  const editRows =
    (change: (rows: ReturnType<typeof readCriteriaRows>, body: BlockAction) => void) =>
    async ({ ack, body, client }: SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs): Promise<void> => {
      await ack();
      const view = modalOf(body);
      const meta = parseCriteriaMetadata(view?.private_metadata);
      if (!view || !meta) return;
      const rows = readCriteriaRows(view.state.values as Parameters<typeof readCriteriaRows>[0], meta.ids);
      change(rows, body);
      await client.views.update({
        view_id: view.id,
        hash: view.hash,
        view: criteriaEditorView({ scope: scopeOf(meta), rows, returnTo: meta.r }),
      });
    };
  app.action<BlockAction>(
    CriteriaActions.add,
    editRows((rows) => {
      if (rows.length < MAX_CRITERIA) rows.push({ id: null, name: '', weight: '' });
    }),
  );
  app.action<BlockAction>(
    CriteriaActions.remove,
    editRows((rows, body) => {
      const action = body.actions[0] as StaticSelectAction | undefined;
      const index = Number(action?.selected_option?.value);
      if (rows.length > 1 && Number.isInteger(index) && index >= 0 && index < rows.length) rows.splice(index, 1);
    }),
  );
}
