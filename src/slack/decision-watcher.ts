import type { Logger } from '@slack/logger';
import type { WebClient } from '@slack/web-api';
import type { AiAssistant } from '../ai/assistant.js';
import type { ThreadKey } from '../db/thread-offer-repository.js';
import type { ConfirmDecision } from '../services/thread-watch-service.js';
import { decisionOfferMessage } from './blocks/decision-offer.js';
import type { Deps } from './deps.js';
import { type ApiMessage, plainMessages, readThreadMessages } from './thread-reader.js';

/** Where something happened that may have settled a thread: a reply (its thread known) or a ✅ on a message. */
export interface ThreadActivity {
  teamId: string;
  channelId: string;
  /** Known for a reply; for a reaction, found by reading the reacted message. */
  threadTs?: string | undefined;
  messageTs: string;
  botUserId?: string | undefined;
}

/**
 * Work after the ack of a thread reply or a ✅ in a watched channel: reads the thread with the workspace's
 * client, asks the service whether to offer (it claims the thread), and posts the ephemeral offer in the thread
 * to the author of the deciding message. Nothing of the thread is stored or logged but its place.
 */
export function watchThread({ services, slack }: Deps, activity: ThreadActivity): void {
  const { teamId, channelId } = activity;
  slack.background.run('notice a decision in a thread', () =>
    slack.clients.withClient(teamId, 'noticing a decision in a thread', async (client) => {
      const threadTs = activity.threadTs ?? (await threadOfReply(client, channelId, activity.messageTs));
      if (!threadTs) return;
      const thread: ThreadKey = { teamId, channelId, threadTs };
      if (!(await services.threads.worthReading(thread))) return;
      const read = await readThreadMessages(client, channelId, threadTs);
      if (!read.ok) return void slack.logger.info(`Could not read a watched thread: ${read.error}`);
      const confirm = services.ai ? confirmWith(services.ai, client, read.messages, slack.logger) : undefined;
      const noticed = await services.threads.consider(thread, read.messages, {
        botUserId: activity.botUserId,
        confirm,
      });
      if (!noticed.offer) return void slack.logger.debug(`No decision offer for a watched thread: ${noticed.reason}`);
      try {
        const offer = decisionOfferMessage({ channelId, threadTs });
        await client.chat.postEphemeral({ channel: channelId, user: noticed.userId, thread_ts: threadTs, ...offer });
      } catch (error) {
        await services.threads.offerFailed(thread, noticed.userId);
        throw error;
      }
    }),
  );
}

/** The thread a message replies to, or null for a message that is not a reply (a parent, or not threaded). */
async function threadOfReply(client: WebClient, channel: string, ts: string): Promise<string | null> {
  const answer = await client.conversations.replies({ channel, ts, limit: 1 });
  const message = (answer.messages as Partial<ApiMessage>[] | undefined)?.find((found) => found.ts === ts);
  const threadTs = message?.thread_ts;
  return threadTs && threadTs !== ts ? threadTs : null;
}

/** With an AI key: the model confirms before the offer. When it cannot answer, the detector's verdict stands. */
function confirmWith(ai: AiAssistant, client: WebClient, raw: readonly ApiMessage[], logger: Logger): ConfirmDecision {
  return async (verdict) => {
    if (!verdict.decidingTs) return null;
    try {
      const messages = await plainMessages(client, raw);
      return (await ai.confirmDecision({ messages, decidingTs: verdict.decidingTs })).decided;
    } catch (error) {
      const kind = (error as { kind?: unknown }).kind;
      logger.warn(`The AI could not confirm a decision in a thread (${String(kind ?? 'error')}); the detector decides`);
      return null;
    }
  };
}
