import type { Logger } from '@slack/logger';
import type { WebClient } from '@slack/web-api';
import type { StoredAdr } from '../db/adr-repository.js';
import { formatAdrNumber } from '../domain/adr-number.js';
import { notice } from './blocks/common.js';
import { callSlack, slackReason } from './slack-errors.js';

/**
 * Runs a card post or update after the ADR was saved. When Slack fails it, the author is told by DM that the
 * ADR is safe and how to share it, instead of the failure staying in the log.
 */
export async function deliverOrTellAuthor(
  client: WebClient,
  logger: Logger,
  adr: StoredAdr,
  action: 'post' | 'update',
  deliver: () => Promise<unknown>,
): Promise<void> {
  try {
    await callSlack(action === 'post' ? 'chat.postMessage' : 'chat.update', deliver);
  } catch (error) {
    const label = formatAdrNumber(adr.number);
    logger.warn(`Could not ${action} the card of ${label}`, error);
    const reason = slackReason(error) ?? 'something went wrong on our side';
    const text =
      action === 'post'
        ? `${label} is saved, but its card could not be posted (${reason}). Share it with /adr show ${adr.number}.`
        : `Your changes to ${label} are saved, but its card in the channel could not be updated (${reason}). /adr show ${adr.number} shows the current version.`;
    await callSlack('chat.postMessage', () =>
      client.chat.postMessage({ channel: adr.authorId, ...notice(text, ':warning:') }),
    ).catch((failure) => logger.error(`Could not tell the author of ${label} either`, failure));
  }
}
