import type { MessageShortcut } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import type { AiAssistant } from '../../ai/assistant.js';
import type { Actor } from '../../domain/actor.js';
import { relatedSummaryLines } from '../../domain/related-links.js';
import { type AiJob, showFailure, showResult, updateModal } from '../ai-delivery.js';
import { AI_OFF_NOTICE, type AiWizardOptions, aiWorkingView, draftedNotice } from '../blocks/ai.js';
import type { Deps } from '../deps.js';
import { Shortcuts } from '../ids.js';
import { onShortcut, required } from '../listen.js';
import type { ListenerRegistry } from '../router.js';
import { readThread, threadReadProblem } from '../thread-reader.js';
import { renderWizard } from '../wizard/wizard-modal.js';

const ThreadShortcut = z.object({
  trigger_id: z.string().min(1),
  channel: z.object({ id: z.string().min(1), name: z.string().optional() }),
  message: z.object({ ts: z.string().min(1), thread_ts: z.string().min(1).optional() }),
});

/**
 * Message shortcut "Draft ADR from thread": opens the wizard at once (trigger ids expire in 3 s), then reads the
 * thread and drafts the ADR in the background, and updates the modal with the result.
 */
export function registerDraftFromThreadShortcut(app: ListenerRegistry, deps: Deps): void {
  onShortcut<MessageShortcut>(app, deps.slack.logger, Shortcuts.draftFromThread, async ({ body, client }, actor) => {
    const { channel, message, trigger_id } = required(ThreadShortcut.safeParse(body).data);
    const thread = { channelId: channel.id, channelName: channel.name, threadTs: message.thread_ts ?? message.ts };
    await openDraftFromThread(deps, { client, triggerId: trigger_id, actor, thread });
  });
}

export interface DraftFromThreadRequest {
  /** The request's own client: it opens the modal with the request's trigger id. */
  client: WebClient;
  triggerId: string;
  actor: Actor;
  thread: { channelId: string; channelName?: string | undefined; threadTs: string };
}

/**
 * The draft-from-thread flow, from the message shortcut or the offer on a thread that reads like a decision: a
 * draft linked to the thread, the wizard opened at once, and the thread drafted from in the background.
 */
export async function openDraftFromThread({ services, slack }: Deps, request: DraftFromThreadRequest): Promise<void> {
  const { client, triggerId, actor } = request;
  const { channelId, channelName, threadTs } = request.thread;
  const ui: AiWizardOptions = { aiEnabled: services.ai !== null };
  // Until chat.getPermalink answers, the technical story names the thread by channel and timestamp.
  const provisional = `${channelId}/${threadTs}`;
  const state = await services.wizard.startFromThread(actor, channelId, provisional);
  const ai = services.ai;
  const opened = await client.views.open({
    trigger_id: triggerId,
    view: ai
      ? aiWorkingView(state, 'Reading the thread and drafting the ADR…')
      : renderWizard(
          {
            ...state,
            notice: `${AI_OFF_NOTICE} The thread is linked as the technical story; fill in the ADR yourself.`,
          },
          ui,
        ),
  });
  const viewId = opened.view?.id;
  if (!viewId) return;
  const thread = { channelId, channelName, threadTs, provisional };
  slack.background.run('draft ADR from thread', () =>
    slack.clients.withClient(actor.teamId, 'the draft from a thread', (workspace) => {
      const hash = opened.view?.hash;
      const job: AiJob = {
        client: workspace,
        services,
        logger: slack.logger,
        actor,
        draftId: state.draftId,
        viewId,
        hash,
        ui,
      };
      return draftFromThread(job, ai, thread);
    }),
  );
}

async function permalinkOf(client: WebClient, channel: string, ts: string): Promise<string | null> {
  try {
    return (await client.chat.getPermalink({ channel, message_ts: ts })).permalink ?? null;
  } catch {
    return null;
  }
}

async function draftFromThread(
  job: AiJob,
  ai: AiAssistant | null,
  thread: { channelId: string; channelName: string | undefined; threadTs: string; provisional: string },
): Promise<void> {
  const { client, services, actor, draftId } = job;
  const permalink = await permalinkOf(client, thread.channelId, thread.threadTs);
  if (permalink) await services.wizard.linkThread(actor, draftId, thread.provisional, permalink);

  if (!ai) {
    // The wizard is already open for manual drafting; only the link changed.
    const current = await services.wizard.resume(actor, draftId);
    if (!permalink || !current.ok) return;
    const notice = `${AI_OFF_NOTICE} The thread is linked as the technical story; fill in the ADR yourself.`;
    await updateModal(client, job.viewId, job.hash, renderWizard({ ...current.value, notice }, job.ui));
    return;
  }

  const read = await readThread(client, thread.channelId, thread.threadTs);
  if (!read.ok || read.messages.length === 0) {
    const problem = read.ok
      ? 'This thread has no text to draft from. Fill in the ADR yourself.'
      : threadReadProblem(read.error);
    const current = await services.wizard.resume(actor, draftId);
    if (!current.ok) return;
    await showResult(job, renderWizard({ ...current.value, notice: `:warning: ${problem}` }, job.ui), {
      ok: false,
      userMessage: problem,
    });
    return;
  }

  // Earlier decisions the thread looks related to, so the draft can say what changed since.
  const related = relatedSummaryLines(await services.related.forThread(actor.teamId, read.messages));
  let result: Awaited<ReturnType<AiAssistant['draftFromThread']>>;
  try {
    result = await ai.draftFromThread({ messages: read.messages, channelName: thread.channelName, related });
  } catch (error) {
    await showFailure(job, error);
    return;
  }
  const merged = await services.wizard.mergeAiDraft(actor, draftId, result.draft);
  if (!merged.ok) return;
  const seen =
    result.omittedMessages > 0 || !read.readAll
      ? `From ${result.includedMessages} messages of the thread (the first and the latest; the rest were left out for length),`
      : `From the thread's ${result.includedMessages} message${result.includedMessages === 1 ? '' : 's'},`;
  const titleHint = merged.value.state.content.title.trim()
    ? ''
    : '\nGive the decision a title: the thread is linked as its technical story.';
  const notice = `${draftedNotice(merged.value.filled, seen)}${titleHint}`;
  await showResult(job, renderWizard({ ...merged.value.state, notice }, job.ui), { ok: true });
}
