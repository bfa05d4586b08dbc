import type { ActionsBlock, KnownBlock } from '@slack/types';
import type { Adr } from '../../domain/adr.js';
import { formatAdrNumber } from '../../domain/adr-number.js';
import { statusLabel } from '../../domain/lifecycle.js';
import { CardActions, ListActions, MessageBlocks } from '../ids.js';
import { adrButton, adrHeading, outcomeLine, STATUS_EMOJI } from './adr-card.js';
import { escapeMrkdwn, listOf, mention, truncate } from './mrkdwn.js';

/** A Slack message: fallback text (escaped) and blocks. */
export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

export interface AdrRef {
  number: number;
  title: string;
}

const MAX_LIST_ITEMS = 5;

/** `<#C123>` for a channel id the app got from Slack; anything else is shown escaped. */
export function channelMention(channelId: string): string {
  return /^[CGD][A-Z0-9_]{2,}$/.test(channelId) ? `<#${channelId}>` : escapeMrkdwn(channelId);
}

function bullets(items: string[], max = MAX_LIST_ITEMS): string {
  const shown = items
    .map((item) => item.trim())
    .filter(Boolean)
    .slice(0, max);
  const more = items.length > max ? `\n_…and ${items.length - max} more in the full ADR_` : '';
  return shown.map((item) => `• ${escapeMrkdwn(truncate(item, 200))}`).join('\n') + more;
}

function readButton(adr: Pick<Adr, 'number'>): ActionsBlock {
  return {
    type: 'actions',
    block_id: MessageBlocks.announcement(adr.number),
    elements: [adrButton('Read the full ADR', CardActions.view, adr)],
  };
}

function consequencesText(adr: Adr): string | null {
  const good = adr.positiveConsequences.filter((c) => c.trim()).slice(0, 4);
  const bad = adr.negativeConsequences.filter((c) => c.text.trim()).slice(0, 4);
  if (good.length === 0 && bad.length === 0) return null;
  const lines = [
    ...good.map((c) => `:heavy_plus_sign: ${escapeMrkdwn(truncate(c.trim(), 200))}`),
    ...bad.map((c) => {
      const mitigation = c.mitigation?.trim()
        ? ` _(mitigation: ${escapeMrkdwn(truncate(c.mitigation.trim(), 150))})_`
        : '';
      return `:heavy_minus_sign: ${escapeMrkdwn(truncate(c.text.trim(), 200))}${mitigation}`;
    }),
  ];
  return lines.join('\n');
}

/**
 * The decisions-channel announcement of an Accepted ADR. Rendered from the ADR's current state, so the same
 * builder produces the edit shown once it is superseded or deprecated. `scoreLine` is the weighted score of
 * the chosen option when the options were scored (already mrkdwn-safe).
 */
export function acceptedAnnouncement(
  adr: Adr,
  options: { acceptedBy?: string | null; scoreLine?: string; replacement?: AdrRef | null } = {},
): SlackMessage {
  const label = formatAdrNumber(adr.number);
  const retired = adr.status === 'superseded' || adr.status === 'deprecated';
  const blocks: KnownBlock[] = [{ type: 'header', text: { type: 'plain_text', text: adrHeading(adr) } }];
  if (retired) {
    const replacedBy = options.replacement
      ? `*Superseded by ${formatAdrNumber(options.replacement.number)}: ${escapeMrkdwn(truncate(options.replacement.title, 150))}*`
      : `*${statusLabel(adr.status, adr.supersededBy)}*`;
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `${STATUS_EMOJI[adr.status]} ${replacedBy}\nThis decision was accepted earlier and no longer applies.`,
      },
    });
  }
  const by = options.acceptedBy ? ` by ${mention(options.acceptedBy)}` : '';
  blocks.push({
    type: 'context',
    elements: [
      { type: 'mrkdwn', text: `${STATUS_EMOJI.accepted} *Accepted*${by} · proposed by ${mention(adr.authorId)}` },
    ],
  });
  const outcome = outcomeLine(adr);
  const score = options.scoreLine ? `\n${truncate(options.scoreLine, 500)}` : '';
  blocks.push({
    type: 'section',
    text: { type: 'mrkdwn', text: `*Decision*\n${outcome ?? '_No option was named as chosen._'}${score}` },
  });
  if (adr.drivers.some((d) => d.trim())) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `*Key drivers*\n${bullets(adr.drivers)}` } });
  }
  const consequences = consequencesText(adr);
  if (consequences) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: truncate(`*Consequences*\n${consequences}`, 2900) } });
  }
  blocks.push({
    type: 'section',
    fields: [
      { type: 'mrkdwn', text: `*Deciders*\n${truncate(listOf(adr.deciders), 1900)}` },
      { type: 'mrkdwn', text: `*Status*\n${STATUS_EMOJI[adr.status]} ${statusLabel(adr.status, adr.supersededBy)}` },
    ],
  });
  blocks.push(readButton(adr));
  const text = retired
    ? `${label}: ${adr.title} (${statusLabel(adr.status, adr.supersededBy)})`
    : `${label} accepted: ${adr.title}`;
  return { text: escapeMrkdwn(truncate(text, 300)), blocks };
}

/** The reply in the thread where the ADR was proposed (under its card). */
export function acceptedThreadReply(adr: Adr, announcedIn: string | null): SlackMessage {
  const label = formatAdrNumber(adr.number);
  const where = announcedIn ? ` Announced in ${channelMention(announcedIn)}.` : '';
  const outcome = outcomeLine(adr);
  const text = `${STATUS_EMOJI.accepted} *${label} is accepted.*${where}${outcome ? `\n${outcome}` : ''}`;
  return {
    text: escapeMrkdwn(`${label} is accepted: ${truncate(adr.title, 200)}`),
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: truncate(text, 2900) } }, readButton(adr)],
  };
}

/** The decisions-channel message when an Accepted ADR is superseded or deprecated. */
export function retiredAnnouncement(adr: Adr, replacement: AdrRef | null, actorId: string | null): SlackMessage {
  const label = formatAdrNumber(adr.number);
  const title = escapeMrkdwn(truncate(adr.title, 150));
  const line =
    adr.status === 'superseded' && replacement
      ? `${STATUS_EMOJI.superseded} *${label}: ${title}* is superseded by *${formatAdrNumber(replacement.number)}: ${escapeMrkdwn(truncate(replacement.title, 150))}*`
      : `${STATUS_EMOJI[adr.status]} *${label}: ${title}* is now ${statusLabel(adr.status, adr.supersededBy).toLowerCase()}`;
  const by = actorId ? ` by ${mention(actorId)}` : '';
  const elements: ActionsBlock['elements'] = [adrButton(`Read ${label}`, CardActions.view, adr)];
  if (replacement) {
    elements.push({
      type: 'button',
      text: { type: 'plain_text', text: `Read ${formatAdrNumber(replacement.number)}` },
      action_id: ListActions.view,
      value: String(replacement.number),
    });
  }
  const plain =
    adr.status === 'superseded' && replacement
      ? `${label}: ${adr.title} is superseded by ${formatAdrNumber(replacement.number)}: ${replacement.title}`
      : `${label}: ${adr.title} is now ${statusLabel(adr.status).toLowerCase()}`;
  return {
    text: escapeMrkdwn(truncate(plain, 300)),
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: truncate(`${line}${by}.`, 2900) } },
      { type: 'actions', block_id: MessageBlocks.retired(adr.number), elements },
    ],
  };
}
