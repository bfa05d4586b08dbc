import type { KnownBlock, ModalView } from '@slack/types';
import { escapeMrkdwn, truncate } from './mrkdwn.js';

/** A modal that only tells the person something (a refusal, a missing draft). */
export function noticeView(title: string, text: string): ModalView {
  return {
    type: 'modal',
    title: { type: 'plain_text', text: truncate(title, 24) },
    close: { type: 'plain_text', text: 'Close' },
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: escapeMrkdwn(truncate(text, 2900)) } }],
  };
}

/** An ephemeral message with a single line of text. */
export function notice(text: string, emoji = ':information_source:'): { text: string; blocks: KnownBlock[] } {
  const escaped = escapeMrkdwn(truncate(text, 2800));
  return { text: escaped, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `${emoji} ${escaped}` } }] };
}
