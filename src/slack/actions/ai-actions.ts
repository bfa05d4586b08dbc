import type { BlockAction, ViewOutput } from '@slack/bolt';
import type { Logger } from '@slack/logger';
import type { WebClient } from '@slack/web-api';
import type { AiAssistant } from '../../ai/assistant.js';
import type { ProsConsOutput } from '../../ai/schemas.js';
import type { Actor } from '../../domain/actor.js';
import { relatedSummaryLines } from '../../domain/related-links.js';
import { type Finding, mergeFindings } from '../../domain/review.js';
import { findTopic } from '../../domain/topics.js';
import type { WizardState } from '../../domain/wizard.js';
import { type AiJob, aiFailureMessage, showFailure, showResult, updateModal } from '../ai-delivery.js';
import { AI_OFF_NOTICE, type AiWizardOptions, aiWorkingView, draftedNotice, listPhrase } from '../blocks/ai.js';
import { noticeView } from '../blocks/common.js';
import { escapeMrkdwn, truncate } from '../blocks/mrkdwn.js';
import type { Deps } from '../deps.js';
import { AiActions } from '../ids.js';
import { onAction, required } from '../listen.js';
import { wizardMetadata } from '../metadata.js';
import type { ListenerRegistry } from '../router.js';
import { reader, renderWizard } from '../wizard/wizard-modal.js';

interface WizardAction {
  actor: Actor;
  draftId: number;
  view: ViewOutput;
}

/** The wizard an AI button was pressed in; refused as out of date when it is not one. */
function wizardActionOf(body: BlockAction, actor: Actor): WizardAction {
  const view = required(body.view);
  const meta = required(wizardMetadata.decode(view.private_metadata));
  return { actor, draftId: meta.draftId, view };
}

function isEmptyList(items: readonly string[]): boolean {
  return items.every((item) => item.trim() === '');
}

export function registerAiActions(app: ListenerRegistry, { services, slack }: Deps): void {
  const ui: AiWizardOptions = { aiEnabled: services.ai !== null };
  const { logger } = slack;

  /** Shows the step again with a one-line notice (no model call). */
  const showNotice = (client: WebClient, action: WizardAction, state: WizardState, notice: string) =>
    updateModal(client, action.view.id, action.view.hash, renderWizard({ ...state, notice }, ui));

  /** Replaces the modal by the "working" view and runs the model in the background; the answer comes by update. */
  const startJob = async (
    client: WebClient,
    action: WizardAction,
    state: WizardState,
    message: string,
    name: string,
    work: (job: AiJob) => Promise<void>,
  ) => {
    const hash = await updateModal(client, action.view.id, action.view.hash, aiWorkingView(state, message));
    // Null: the person already moved on or closed the modal, so nobody is waiting for an answer.
    if (hash === null) return;
    const { actor, draftId } = action;
    slack.background.run(name, () =>
      slack.clients.withClient(actor.teamId, name, (workspace) =>
        work({ client: workspace, services, logger, actor, draftId, viewId: action.view.id, hash, ui }),
      ),
    );
  };

  onAction(app, logger, AiActions.draftWithAi, async ({ body, client }, actor) => {
    const action = wizardActionOf(body, actor);
    const saved = await services.wizard.saveStep(action.actor, action.draftId, 1, reader(1, action.view));
    if (!saved.ok) {
      await updateModal(client, action.view.id, action.view.hash, noticeView('ADR Assistant', saved.reason));
      return;
    }
    const { state, topicId } = saved.value;
    const ai = services.ai;
    if (!ai) return void (await showNotice(client, action, state, AI_OFF_NOTICE));
    const { title, context } = state.content;
    if (title.trim() === '' && context.trim() === '') {
      await showNotice(
        client,
        action,
        state,
        ':information_source: Type a title or a problem statement first, then press *Draft with AI*.',
      );
      return;
    }
    const topic = topicId ? findTopic(topicId)?.label : undefined;
    // Earlier decisions that look related, so the draft can say what changed since.
    const related = relatedSummaryLines(
      await services.related.forDraft(actor.teamId, state.content, { editing: state.editing, topicId }),
    );
    await startJob(
      client,
      action,
      state,
      'Drafting context, drivers and options from your problem statement…',
      'AI draft from problem',
      (job) => draftFromProblem(job, ai, { title, problem: context, topic, related }),
    );
  });

  const suggestProsCons = async (client: WebClient, action: WizardAction, only: number | null) => {
    const saved = await services.wizard.saveStep(action.actor, action.draftId, 3, reader(3, action.view));
    if (!saved.ok) {
      await updateModal(client, action.view.id, action.view.hash, noticeView('ADR Assistant', saved.reason));
      return;
    }
    const { state } = saved.value;
    const ai = services.ai;
    if (!ai) return void (await showNotice(client, action, state, AI_OFF_NOTICE));
    const targets = state.content.options.filter(
      (option, index) =>
        (only === null || index === only) &&
        option.name.trim() !== '' &&
        (isEmptyList(option.pros) || isEmptyList(option.cons)),
    );
    if (targets.length === 0) {
      const notice =
        only === null
          ? ':information_source: Every option already has pros and cons. Empty a box to get suggestions for it.'
          : ':information_source: This option already has pros and cons. Empty a box to get suggestions for it.';
      await showNotice(client, action, state, notice);
      return;
    }
    const what = targets.length === 1 ? `"${truncate(targets[0]?.name ?? '', 75)}"` : `${targets.length} options`;
    await startJob(client, action, state, `Suggesting pros and cons for ${what}…`, 'AI pros and cons', (job) =>
      suggestFor(
        job,
        ai,
        state,
        targets.map((option) => option.name),
      ),
    );
  };

  onAction(app, logger, AiActions.suggestProsCons, async ({ body, client }, actor) => {
    const action = wizardActionOf(body, actor);
    const button = body.actions[0];
    const value = button?.type === 'button' ? button.value : undefined;
    // The option's position; a forged value can at most name another option of the person's own draft.
    await suggestProsCons(client, action, Number(required(/^\d{1,2}$/.exec(value ?? ''))[0]));
  });

  onAction(app, logger, AiActions.suggestAllProsCons, async ({ body, client }, actor) => {
    await suggestProsCons(client, wizardActionOf(body, actor), null);
  });

  onAction(app, logger, AiActions.review, async ({ body, client }, actor) => {
    const action = wizardActionOf(body, actor);
    const reviewed = await services.wizard.review(action.actor, action.draftId);
    if (!reviewed.ok) {
      await updateModal(client, action.view.id, action.view.hash, noticeView('ADR Assistant', reviewed.reason));
      return;
    }
    const { state, findings } = reviewed.value;
    const ai = services.ai;
    // The checklist findings show at once; the AI's join them when they arrive.
    const view = renderWizard(state, { ...ui, review: { findings, aiPending: ai !== null } });
    const hash = await updateModal(client, action.view.id, action.view.hash, view);
    if (!ai || hash === null) return;
    slack.background.run('AI review', () =>
      slack.clients.withClient(actor.teamId, 'the AI review', (workspace) =>
        reviewWithAi(logger, workspace, ai, { ...action, hash }, state, findings, ui),
      ),
    );
  });
}

async function draftFromProblem(
  job: AiJob,
  ai: AiAssistant,
  input: { title: string; problem: string; topic: string | undefined; related: string },
): Promise<void> {
  let output: Awaited<ReturnType<AiAssistant['draftFromProblem']>>;
  try {
    output = await ai.draftFromProblem(input);
  } catch (error) {
    await showFailure(job, error);
    return;
  }
  const merged = await job.services.wizard.mergeAiDraft(job.actor, job.draftId, output);
  if (!merged.ok) return;
  const notice = draftedNotice(merged.value.filled, 'From your problem statement,');
  await showResult(job, renderWizard({ ...merged.value.state, notice }, job.ui), { ok: true });
}

async function suggestFor(job: AiJob, ai: AiAssistant, state: WizardState, options: string[]): Promise<void> {
  const { title, context } = state.content;
  const answers = await Promise.allSettled(
    options.map((option) =>
      ai.suggestProsCons({ title, context, option }).then((output: ProsConsOutput) => ({ option, ...output })),
    ),
  );
  const suggestions = answers.flatMap((answer) => (answer.status === 'fulfilled' ? [answer.value] : []));
  const failure = answers.find((answer): answer is PromiseRejectedResult => answer.status === 'rejected');
  if (suggestions.length === 0) {
    await showFailure(job, failure?.reason);
    return;
  }
  const merged = await job.services.wizard.mergeProsCons(job.actor, job.draftId, suggestions);
  if (!merged.ok) return;
  const { filled } = merged.value;
  const parts = [
    filled.length > 0
      ? `:sparkles: Suggested pros and cons for ${listPhrase(filled.map((name) => `"${escapeMrkdwn(truncate(name, 75))}"`))}; only empty boxes were filled. Edit or delete what does not fit.`
      : ':sparkles: The AI had nothing to add: those boxes were filled in meanwhile.',
  ];
  if (failure) {
    parts.push(`:warning: Some options got no suggestions: ${aiFailureMessage(job.logger, failure.reason)}`);
  }
  await showResult(job, renderWizard({ ...merged.value.state, notice: parts.join('\n') }, job.ui), { ok: true });
}

async function reviewWithAi(
  logger: Logger,
  client: WebClient,
  ai: AiAssistant,
  action: WizardAction & { hash: string | undefined },
  state: WizardState,
  ruleFindings: Finding[],
  ui: AiWizardOptions,
): Promise<void> {
  let aiFindings: Finding[] = [];
  let notice: string | undefined;
  try {
    aiFindings = await ai.reviewDraft(state.content);
  } catch (error) {
    notice = `:warning: No AI review this time: ${aiFailureMessage(logger, error)} The checklist review below still applies.`;
  }
  const view = renderWizard(
    { ...state, ...(notice ? { notice } : {}) },
    { ...ui, review: { findings: mergeFindings(ruleFindings, aiFindings) } },
  );
  // A review is advice on the screen, not data: when the modal is gone there is nothing to save.
  await updateModal(client, action.view.id, action.hash, view);
}
