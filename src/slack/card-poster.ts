import type { WebClient } from '@slack/web-api';
import type { StoredAdr } from '../db/adr-repository.js';
import type { DecisionService } from '../services/decision-service.js';
import { type AdrCardExtras, adrCardBlocks, adrFallbackText } from './blocks/adr-card.js';
import { slackErrorCode } from './slack-errors.js';

/** Slack errors meaning the bot cannot post in that conversation, so a DM is the next best place. */
const CANNOT_POST_HERE = new Set(['not_in_channel', 'channel_not_found', 'is_archived', 'restricted_action']);

/**
 * Posts a newly proposed ADR's card where the wizard was started, or as a DM to its author when
 * the bot cannot post there, and remembers where it went so later changes update that message.
 */
export async function postAdrCard(
  client: WebClient,
  decisions: Pick<DecisionService, 'recordCard'>,
  adr: StoredAdr,
  channelId: string | null,
): Promise<{ channelId: string; ts: string; fellBackToDm: boolean }> {
  const message = { text: adrFallbackText(adr), blocks: adrCardBlocks(adr), unfurl_links: false, unfurl_media: false };
  let fellBackToDm = channelId === null;
  let posted: { channel?: string; ts?: string } | undefined;
  if (channelId !== null) {
    try {
      posted = await client.chat.postMessage({ channel: channelId, ...message });
    } catch (error) {
      if (!CANNOT_POST_HERE.has(slackErrorCode(error) ?? '')) throw error;
      fellBackToDm = true;
    }
  }
  if (!posted) {
    const where = channelId
      ? ` I could not post it in <#${channelId}>: invite me there with \`/invite @ADR Assistant\`.`
      : '';
    posted = await client.chat.postMessage({
      channel: adr.authorId,
      ...message,
      text: `${message.text}.${where}`,
      blocks: [
        ...message.blocks,
        { type: 'context', elements: [{ type: 'mrkdwn', text: `Proposed by you.${where}` }] },
      ],
    });
  }
  const card = { channelId: posted.channel ?? channelId ?? adr.authorId, ts: posted.ts ?? '' };
  if (card.ts) await decisions.recordCard(adr.teamId, adr.number, card);
  return { ...card, fellBackToDm };
}

/**
 * Re-renders a posted card after a status change or edit; a missing message is not an error. `extras` is required
 * (pass `cards.extras(adr)`): without it the card would lose its scoring line and buttons.
 */
export async function refreshAdrCard(client: WebClient, adr: StoredAdr, extras: AdrCardExtras): Promise<void> {
  if (!adr.card) return;
  try {
    await client.chat.update({
      channel: adr.card.channelId,
      ts: adr.card.ts,
      text: adrFallbackText(adr),
      blocks: adrCardBlocks(adr, extras),
    });
  } catch (error) {
    if (slackErrorCode(error) !== 'message_not_found') throw error;
  }
}
