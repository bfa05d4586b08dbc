import type { ViewOutput } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import type { Actor } from '../../domain/actor.js';
import type { Result } from '../../services/result.js';
import type { CriteriaOutcome } from '../../services/scoring-service.js';
import { noticeView } from '../blocks/common.js';
import { escapeMrkdwn } from '../blocks/mrkdwn.js';
import type { Deps, Services } from '../deps.js';
import { Views } from '../ids.js';
import { onSubmission, Refusal, required, unwrap } from '../listen.js';
import { type CriteriaMetadata, criteriaMetadata, scoringMetadata } from '../metadata.js';
import type { ListenerRegistry } from '../router.js';
import { criteriaBlockErrors, readCriteriaRows } from './criteria-editor.js';
import { pageRefOf, readScoreCells, scoringPageView } from './scoring-modal.js';
import { placeOf } from './scoring-poster.js';
import { resultsModalView } from './scoring-results.js';

const OUT_OF_DATE = 'This form is out of date. Open it again from the ADR card or with /adr score <n>.';

type Values = Parameters<typeof readScoreCells>[0];

export function registerScoringViews(app: ListenerRegistry, { services, slack }: Deps): void {
  onSubmission(
    app,
    slack.logger,
    Views.scoring,
    async ({ ack, view }, actor) => {
      const meta = required(scoringMetadata.decode(view.private_metadata), OUT_OF_DATE);
      const cells = readScoreCells(view.state.values as unknown as Values);
      const outcome = unwrap(await services.scoring.submitPage(actor, meta.adrNumber, pageRefOf(meta), cells));
      if (outcome.kind === 'errors') return ack({ response_action: 'errors', errors: outcome.errors });
      if (outcome.kind === 'page') return ack({ response_action: 'update', view: scoringPageView(outcome.page) });
      const { snapshot, missingCells } = outcome;
      const missing =
        missingCells > 0
          ? ` ${missingCells} of your cells are still unscored (the criteria or options changed); use *Revise my scores* to fill them in.`
          : '';
      const results = resultsModalView(snapshot, {
        note: `:white_check_mark: Thanks, your scores are saved.${missing}`,
        mayManage: services.scoring.mayManage(snapshot.adr, actor.userId),
        canShare: placeOf(snapshot) !== null,
      });
      await ack({ response_action: 'update', view: results });
      // Submissions come in bursts (a team scoring together): the card is refreshed once per burst.
      slack.cards.refresh(snapshot.adr.teamId, snapshot.adr.number);
    },
    'Scoring',
  );

  onSubmission(
    app,
    slack.logger,
    Views.scoringCriteria,
    async ({ ack, view, client }, actor) => {
      const meta = required(criteriaMetadata.decode(view.private_metadata), OUT_OF_DATE);
      if (meta.scope === 'workspace' && !(await services.settings.mayConfigure(actor.teamId, actor.userId))) {
        throw new Refusal('Only the settings admins of this workspace can change the default criteria.');
      }
      const rows = readCriteriaRows(
        view.state.values as unknown as Parameters<typeof readCriteriaRows>[0],
        meta.rowIds,
      );
      const result: Result<CriteriaOutcome> =
        meta.scope === 'adr'
          ? await services.scoring.saveCriteria(actor, meta.adrNumber, rows)
          : await services.scoring.saveDefaultCriteriaRows(actor, rows);
      const outcome = unwrap(result);
      if (outcome.kind === 'errors') {
        return ack({ response_action: 'errors', errors: criteriaBlockErrors(outcome.errors, rows.length) });
      }
      const list = outcome.criteria.map((criterion) => `${criterion.name} ${criterion.weight} %`).join(', ');
      const previousViewId = (view as ViewOutput & { previous_view_id?: string | null }).previous_view_id ?? null;
      if (meta.scope === 'workspace') {
        // Pushed from the settings modal: closing this view returns there.
        const saved = noticeView('Default criteria', `Default criteria saved: ${list}.`);
        return ack(previousViewId ? undefined : { response_action: 'update', view: saved });
      }
      const next = await viewAfterCriteriaSaved(
        services,
        actor,
        meta,
        `:white_check_mark: Criteria saved: ${escapeMrkdwn(list)}.`,
      );
      if (!meta.returnTo || !previousViewId) return ack({ response_action: 'update', view: next });
      // Pushed from the scoring page or the results: this view closes, and the one below shows the new criteria.
      await ack();
      await client.views.update({ view_id: previousViewId, view: next });
    },
    'Criteria',
  );
}

/** Where the editor was opened from, showing the new criteria: the scoring page, or the results. */
async function viewAfterCriteriaSaved(
  services: Services,
  actor: Actor,
  meta: Extract<CriteriaMetadata, { scope: 'adr' }>,
  saved: string,
): Promise<ModalView> {
  const ref = String(meta.adrNumber);
  if (meta.returnTo?.to === 'scoring') {
    const page = await services.scoring.page(actor, ref, meta.returnTo.page, saved);
    return page.ok ? scoringPageView(page.value) : noticeView('Scoring', page.reason);
  }
  const results = await services.scoring.results(actor.teamId, ref);
  if (!results.ok) return noticeView('Criteria', results.reason);
  return resultsModalView(results.value, {
    note: saved,
    mayManage: services.scoring.mayManage(results.value.adr, actor.userId),
    canShare: placeOf(results.value) !== null,
  });
}
