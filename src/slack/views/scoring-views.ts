import type { ViewOutput } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import type { Result } from '../../services/result.js';
import type { CriteriaOutcome } from '../../services/scoring-service.js';
import { noticeView } from '../blocks/common.js';
import {
  type CriteriaMetadata,
  criteriaBlockErrors,
  parseCriteriaMetadata,
  readCriteriaRows,
} from '../blocks/criteria-editor.js';
import { escapeMrkdwn } from '../blocks/mrkdwn.js';
import { pageRefOf, parseScoringMetadata, readScoreCells, scoringPageView } from '../blocks/scoring-modal.js';
import { resultsModalView } from '../blocks/scoring-results.js';
import { CardRefresher } from '../card-refresher.js';
import type { Deps } from '../deps.js';
import { Views } from '../ids.js';
import { type Actor, actorOf } from '../payload.js';
import type { ListenerRegistry } from '../router.js';
import { placeOf } from '../scoring-poster.js';

const OUT_OF_DATE = 'This form is out of date. Open it again from the ADR card or with /adr score <n>.';

type Values = Parameters<typeof readScoreCells>[0];

export function registerScoringViews(app: ListenerRegistry, deps: Deps): void {
  // Submissions come in bursts (a team scoring together): the card shows who scored, refreshed once per burst.
  const cards = new CardRefresher(deps);
  app.view(Views.scoring, async ({ ack, body, view, client }) => {
    const actor = actorOf(body);
    const meta = parseScoringMetadata(view.private_metadata);
    if (!actor || !meta) {
      await ack({ response_action: 'update', view: noticeView('Scoring', OUT_OF_DATE) });
      return;
    }
    const cells = readScoreCells(view.state.values as unknown as Values);
    const result = deps.scoring.submitPage(actor, meta.n, pageRefOf(meta), cells);
    if (!result.ok) {
      await ack({ response_action: 'update', view: noticeView('Scoring', result.reason) });
      return;
    }
    const outcome = result.value;
    switch (outcome.kind) {
      case 'errors':
        await ack({ response_action: 'errors', errors: outcome.errors });
        return;
      case 'page':
        await ack({ response_action: 'update', view: scoringPageView(outcome.page) });
        return;
      case 'done': {
        const { snapshot, missingCells } = outcome;
        const missing =
          missingCells > 0
            ? ` ${missingCells} of your cells are still unscored (the criteria or options changed); use *Revise my scores* to fill them in.`
            : '';
        await ack({
          response_action: 'update',
          view: resultsModalView(snapshot, {
            note: `:white_check_mark: Thanks, your scores are saved.${missing}`,
            mayManage: deps.scoring.mayManage(snapshot.adr, actor.userId),
            canShare: placeOf(snapshot) !== null,
          }),
        });
        cards.refresh(client, snapshot.adr.teamId, snapshot.adr.number);
        return;
      }
    }
  });

  app.view(Views.scoringCriteria, async ({ ack, body, view, client }) => {
    const actor = actorOf(body);
    const meta = parseCriteriaMetadata(view.private_metadata);
    if (!actor || !meta) {
      await ack({ response_action: 'update', view: noticeView('Criteria', OUT_OF_DATE) });
      return;
    }
    if (meta.s === 'workspace' && !deps.settings.mayConfigure(actor.teamId, actor.userId)) {
      await ack({
        response_action: 'update',
        view: noticeView('Criteria', 'Only the settings admins of this workspace can change the default criteria.'),
      });
      return;
    }
    const rows = readCriteriaRows(view.state.values as unknown as Parameters<typeof readCriteriaRows>[0], meta.ids);
    const result: Result<CriteriaOutcome> =
      meta.s === 'adr' && meta.n !== undefined
        ? deps.scoring.saveCriteria(actor, meta.n, rows)
        : deps.scoring.saveDefaultCriteriaRows(actor, rows);
    if (!result.ok) {
      await ack({ response_action: 'update', view: noticeView('Criteria', result.reason) });
      return;
    }
    if (result.value.kind === 'errors') {
      await ack({ response_action: 'errors', errors: criteriaBlockErrors(result.value.errors, rows.length) });
      return;
    }
    const list = result.value.criteria.map((criterion) => `${criterion.name} ${criterion.weight} %`).join(', ');
    const saved = `:white_check_mark: Criteria saved: ${escapeMrkdwn(list)}.`;
    const previousViewId = (view as ViewOutput & { previous_view_id?: string | null }).previous_view_id ?? null;
    if (meta.s === 'workspace') {
      // Pushed from the settings modal: closing this view returns there.
      await ack(
        previousViewId
          ? undefined
          : { response_action: 'update', view: noticeView('Default criteria', `Default criteria saved: ${list}.`) },
      );
      return;
    }
    const next = viewAfterCriteriaSaved(deps, actor, meta, saved);
    if (meta.r && previousViewId) {
      // Pushed from the scoring page or the results: this view closes, and the one below shows the new criteria.
      await ack();
      await client.views.update({ view_id: previousViewId, view: next });
      return;
    }
    await ack({ response_action: 'update', view: next });
  });
}

/** Where the editor was opened from, showing the new criteria: the scoring page, or the results. */
function viewAfterCriteriaSaved(deps: Deps, actor: Actor, meta: CriteriaMetadata, saved: string): ModalView {
  const ref = String(meta.n);
  if (meta.r?.to === 'scoring') {
    const page = deps.scoring.page(actor, ref, meta.r.page, saved);
    return page.ok ? scoringPageView(page.value) : noticeView('Scoring', page.reason);
  }
  const results = deps.scoring.results(actor.teamId, ref);
  if (!results.ok) return noticeView('Criteria', results.reason);
  return resultsModalView(results.value, {
    note: saved,
    mayManage: deps.scoring.mayManage(results.value.adr, actor.userId),
    canShare: placeOf(results.value) !== null,
  });
}
