import type { BlockAction, StaticSelectAction } from '@slack/bolt';
import type { Actor } from '../../domain/actor.js';
import { formatAdrNumber } from '../../domain/adr-number.js';
import { MAX_CRITERIA } from '../../domain/scoring.js';
import { toRows } from '../../domain/scoring-criteria.js';
import type { ScoringSnapshot } from '../../services/scoring-service.js';
import type { Deps } from '../deps.js';
import { CardActions, CriteriaActions, ScoringActions, Views } from '../ids.js';
import {
  type ActionArgs,
  type ButtonArgs,
  ephemeral,
  ephemeralNotice,
  modalOf,
  onAction,
  onAdrButton,
  required,
  unwrap,
} from '../listen.js';
import { type CriteriaReturn, criteriaMetadata, scoringMetadata } from '../metadata.js';
import type { ListenerRegistry } from '../router.js';
import { criteriaEditorView, readCriteriaRows, scopeOf } from './criteria-editor.js';
import { pageRefOf, readScoreCells, scoringPageView } from './scoring-modal.js';
import { announceClosed, placeOf, postChartToCardThread, resultsOptionsFor, shareResults } from './scoring-poster.js';
import { resultsMessage, resultsModalView } from './scoring-results.js';

export function registerScoringActions(app: ListenerRegistry, deps: Deps): void {
  const { services, slack } = deps;
  const { logger } = slack;

  // Score options: on the card, in a results message, or "Revise my scores" in the results modal.
  onAdrButton(app, logger, CardActions.score, async ({ client, body }, actor, number) => {
    const page = unwrap(await services.scoring.start(actor, String(number)));
    const view = modalOf(body);
    if (view) await client.views.update({ view_id: view.id, hash: view.hash, view: scoringPageView(page) });
    else await client.views.open({ trigger_id: body.trigger_id, view: scoringPageView(page) });
  });

  onAdrButton(app, logger, CardActions.results, async ({ body, respond }, actor, number) => {
    const snapshot = unwrap(await services.scoring.results(actor.teamId, String(number)));
    await respond(ephemeral(resultsMessage(snapshot, resultsOptionsFor(deps, snapshot, actor, body.channel?.id))));
    if (snapshot.result.scorers.length > 0) {
      slack.background.run('post score chart', () => postChartToCardThread(deps, snapshot));
    }
  });

  onAdrButton(app, logger, ScoringActions.previous, async ({ client, body }, actor) => {
    const view = required(modalOf(body));
    const meta = required(scoringMetadata.decode(view.private_metadata));
    const cells = readScoreCells(view.state.values as Parameters<typeof readScoreCells>[0]);
    const page = unwrap(await services.scoring.previousPage(actor, meta.adrNumber, pageRefOf(meta), cells));
    await client.views.update({ view_id: view.id, hash: view.hash, view: scoringPageView(page) });
  });

  onAdrButton(app, logger, ScoringActions.editCriteria, async ({ client, body }, actor, number) => {
    const { criteria } = unwrap(await services.scoring.criteriaForEditing(actor, String(number)));
    const scope = { kind: 'adr' as const, adrNumber: number };
    const view = modalOf(body);
    if (!view) {
      const editor = criteriaEditorView({ scope, rows: toRows(criteria) });
      return void (await client.views.open({ trigger_id: body.trigger_id, view: editor }));
    }
    const page = view.callback_id === Views.scoring ? scoringMetadata.decode(view.private_metadata) : null;
    const returnTo: CriteriaReturn = page ? { to: 'scoring', page: page.page } : { to: 'results' };
    const editor = criteriaEditorView({ scope, rows: toRows(criteria), returnTo });
    await client.views.push({ trigger_id: body.trigger_id, view: editor });
  });

  onAdrButton(app, logger, ScoringActions.share, async (args, actor, number) => {
    const snapshot = unwrap(await services.scoring.results(actor.teamId, String(number)));
    const view = modalOf(args.body);
    const place = placeOf(snapshot, view ? undefined : args.body.channel?.id);
    const shared = place
      ? await shareResults(args.client, deps, snapshot, place)
      : { ok: false, text: `${formatAdrNumber(number)} has no card in a channel to share the results in.` };
    await answerInResults(args, actor, snapshot, shared.text, shared.ok ? ':white_check_mark:' : ':warning:');
  });

  onAdrButton(app, logger, ScoringActions.close, async (args, actor, number) => {
    const snapshot = unwrap(await services.scoring.close(actor, String(number)));
    const where = snapshot.adr.card ? " The final results are posted in the ADR card's thread." : '';
    const text = `Scoring of ${formatAdrNumber(number)} is closed; the scores are final.${where}`;
    await answerInResults(args, actor, snapshot, text, ':lock:');
    slack.background.run(`close scoring of ${formatAdrNumber(number)}`, () => announceClosed(deps, snapshot));
  });

  /** Says how it went: as a note on the results modal the button was in, or as an ephemeral reply. */
  const answerInResults = async (
    args: ButtonArgs,
    actor: Actor,
    snapshot: ScoringSnapshot,
    text: string,
    emoji: string,
  ) => {
    const view = modalOf(args.body);
    if (!view) return void (await args.respond(ephemeralNotice(text, emoji)));
    const options = { ...resultsOptionsFor(deps, snapshot, actor), note: `${emoji} ${text}` };
    await args.client.views.update({ view_id: view.id, view: resultsModalView(snapshot, options) });
  };

  // The criteria editor's + Add criterion and Remove a criterion… only change the view; Save writes.
  const editRows =
    (change: (rows: ReturnType<typeof readCriteriaRows>, body: BlockAction) => void) =>
    async ({ body, client }: ActionArgs): Promise<void> => {
      const view = required(modalOf(body));
      const meta = required(criteriaMetadata.decode(view.private_metadata));
      const rows = readCriteriaRows(view.state.values as Parameters<typeof readCriteriaRows>[0], meta.rowIds);
      change(rows, body);
      const editor = criteriaEditorView({ scope: scopeOf(meta), rows, returnTo: meta.returnTo });
      await client.views.update({ view_id: view.id, hash: view.hash, view: editor });
    };
  onAction(
    app,
    logger,
    CriteriaActions.add,
    editRows((rows) => {
      if (rows.length < MAX_CRITERIA) rows.push({ id: null, name: '', weight: '' });
    }),
  );
  onAction(
    app,
    logger,
    CriteriaActions.remove,
    editRows((rows, body) => {
      const action = body.actions[0] as StaticSelectAction | undefined;
      const index = Number(action?.selected_option?.value);
      if (rows.length > 1 && Number.isInteger(index) && index >= 0 && index < rows.length) rows.splice(index, 1);
    }),
  );
}
