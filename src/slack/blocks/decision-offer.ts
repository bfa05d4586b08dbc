import type { KnownBlock } from '@slack/types';
import { z } from 'zod';
import { DecisionOfferActions, DecisionOfferBlocks } from '../decision-offer-ids.js';

/** What the offer's buttons carry: the thread, never its text. */
export interface OfferedThread {
  channelId: string;
  threadTs: string;
}

const ThreadSchema = z.object({
  c: z.string().regex(/^[CGD][A-Z0-9]{2,}$/),
  t: z.string().regex(/^\d{6,}\.\d{1,6}$/),
});

export function encodeOfferedThread(thread: OfferedThread): string {
  return JSON.stringify({ c: thread.channelId, t: thread.threadTs });
}

/** The thread a button names, or null for a value that is not one of ours. */
export function parseOfferedThread(value: string | undefined): OfferedThread | null {
  try {
    const parsed = ThreadSchema.safeParse(JSON.parse(value ?? ''));
    return parsed.success ? { channelId: parsed.data.c, threadTs: parsed.data.t } : null;
  } catch {
    return null;
  }
}

/** The ephemeral offer to the author of the deciding message. No user text: nothing to escape, nothing to leak. */
export function decisionOfferMessage(thread: OfferedThread): { text: string; blocks: KnownBlock[] } {
  const value = encodeOfferedThread(thread);
  return {
    text: 'This thread reads like a decision. Draft an ADR from it?',
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: ':memo: This thread reads like a decision. Write it down while everyone remembers why?',
        },
      },
      {
        type: 'actions',
        block_id: DecisionOfferBlocks.actions,
        elements: [
          {
            type: 'button',
            style: 'primary',
            text: { type: 'plain_text', text: 'Draft ADR from thread' },
            action_id: DecisionOfferActions.draft,
            value,
          },
          {
            type: 'button',
            text: { type: 'plain_text', text: 'Not a decision' },
            action_id: DecisionOfferActions.dismiss,
            value,
          },
        ],
      },
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: 'Only you see this. The app offers once per thread and keeps no message text from this channel.',
          },
        ],
      },
    ],
  };
}

/** What replaces the offer (response_url, replace_original) once answered. */
export function decisionOfferAnswered(answer: 'drafting' | 'dismissed'): { text: string; blocks: KnownBlock[] } {
  const text =
    answer === 'drafting'
      ? ':memo: Drafting an ADR from this thread…'
      : ':ok_hand: Noted: not a decision. The app will not offer again for this thread.';
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
}
