import type { Logger } from '@slack/logger';
import type { ModalView } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import { isAiError } from '../ai/errors.js';
import type { Actor } from '../domain/actor.js';
import { type AiWizardOptions, aiResultNote } from './blocks/ai.js';
import type { Services } from './deps.js';
import { slackErrorCode } from './slack-errors.js';
import { renderWizard } from './wizard/wizard-modal.js';

/** Slack refuses a views.update this way when the modal was closed (not_found) or has moved on (hash_conflict). */
const MODAL_GONE = new Set(['not_found', 'hash_conflict']);

/** An AI request running after the ack, and the modal waiting for its answer. */
export interface AiJob {
  /** The workspace's client (the request that started the job has been answered). */
  client: WebClient;
  services: Pick<Services, 'wizard' | 'related'>;
  logger: Logger;
  actor: Actor;
  draftId: number;
  viewId: string;
  /** The hash of the "working" view we showed; a newer view means the person moved on. */
  hash: string | undefined;
  ui: AiWizardOptions;
}

export type AiOutcome = { ok: true } | { ok: false; userMessage: string };

/**
 * Updates the modal; returns the new hash, or null when the modal is gone (closed, or moved on).
 * Other Slack errors are thrown.
 */
export async function updateModal(
  client: WebClient,
  viewId: string,
  hash: string | undefined,
  view: ModalView,
): Promise<string | null | undefined> {
  try {
    const updated = await client.views.update({ view_id: viewId, ...(hash ? { hash } : {}), view });
    return updated.view?.hash;
  } catch (error) {
    if (MODAL_GONE.has(slackErrorCode(error) ?? '')) return null;
    throw error;
  }
}

/**
 * Shows the result in the modal. The draft already holds it, so when the modal is gone the person only needs
 * to hear where it is: an ephemeral note in the draft's channel, or a DM.
 */
export async function showResult(job: AiJob, view: ModalView, outcome: AiOutcome): Promise<void> {
  const shown = await updateModal(job.client, job.viewId, job.hash, view);
  if (shown === null) await notePerson(job, outcome);
}

/** Shows an AI failure as a notice on the step the draft is at; everything typed was saved before the request. */
export async function showFailure(job: AiJob, error: unknown, prefix = ''): Promise<void> {
  const userMessage = aiFailureMessage(job.logger, error);
  const current = await job.services.wizard.resume(job.actor, job.draftId);
  if (!current.ok) return;
  const notice = `:warning: ${prefix}${userMessage}`;
  await showResult(job, renderWizard({ ...current.value, notice }, job.ui), { ok: false, userMessage });
}

export function aiFailureMessage(logger: Logger, error: unknown): string {
  if (isAiError(error)) return error.userMessage;
  logger.error('AI assist failed unexpectedly', error);
  return 'The AI assist failed unexpectedly. Fill in the fields yourself; your text is kept.';
}

async function notePerson(job: AiJob, outcome: AiOutcome): Promise<void> {
  const { client, services, logger, actor } = job;
  const draft = await services.wizard.find(actor, job.draftId);
  if (!draft) return;
  const message = aiResultNote(draft.content.title, outcome);
  if (draft.channelId) {
    try {
      await client.chat.postEphemeral({ channel: draft.channelId, user: actor.userId, ...message });
      return;
    } catch (error) {
      logger.debug(`AI note: ephemeral in ${draft.channelId} failed (${slackErrorCode(error)}); sending a DM`);
    }
  }
  await client.chat.postMessage({ channel: actor.userId, ...message });
}
