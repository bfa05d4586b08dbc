import type { WebClient } from '@slack/web-api';
import type { ThreadMessage } from '../ai/untrusted.js';
import { slackErrorCode } from './slack-errors.js';

/** conversations.replies pages read at most; boundThread then keeps the first message and the latest ones. */
export const THREAD_PAGE_SIZE = 200;
export const MAX_THREAD_PAGES = 5;
/** Distinct people looked up with users.info per thread; the rest are "someone". */
export const MAX_NAME_LOOKUPS = 50;

export type ThreadRead = { ok: true; messages: ThreadMessage[]; readAll: boolean } | { ok: false; error: string };

interface ApiMessage {
  ts?: string;
  text?: string;
  user?: string;
  bot_id?: string;
  username?: string;
  subtype?: string;
  bot_profile?: { name?: string };
}

/** Resolves user ids to display names with users.info, once per id within one thread read. */
export class NameResolver {
  private readonly names = new Map<string, Promise<string>>();

  constructor(
    private readonly client: WebClient,
    private readonly maxLookups = MAX_NAME_LOOKUPS,
  ) {}

  name(userId: string): Promise<string> {
    const known = this.names.get(userId);
    if (known) return known;
    if (this.names.size >= this.maxLookups) return Promise.resolve('someone');
    const lookup = this.client.users.info({ user: userId }).then(
      ({ user }) =>
        user?.profile?.real_name?.trim() ||
        user?.real_name?.trim() ||
        user?.profile?.display_name?.trim() ||
        user?.name?.trim() ||
        'someone',
      () => 'someone',
    );
    this.names.set(userId, lookup);
    return lookup;
  }
}

const SLACK_MARKUP = /<([@#!])?([^<>|]+)(?:\|([^<>]*))?>/g;

/**
 * Slack's message markup as plain text: `<@U1>` becomes `@Name`, `<#C1|general>` `#general`, `<!here>` `@here`,
 * `<https://x|label>` `label (https://x)`; then `&lt;` `&gt;` `&amp;` are unescaped.
 */
export async function slackTextToPlain(text: string, names: Pick<NameResolver, 'name'>): Promise<string> {
  const ids = new Set<string>();
  for (const match of text.matchAll(SLACK_MARKUP)) {
    if (match[1] === '@' && match[2]) ids.add(match[2]);
  }
  const resolved = new Map<string, string>();
  await Promise.all([...ids].map(async (id) => resolved.set(id, await names.name(id))));
  const plain = text.replace(SLACK_MARKUP, (_whole, sigil: string | undefined, target: string, label?: string) => {
    if (sigil === '@') return `@${resolved.get(target) ?? 'someone'}`;
    if (sigil === '#') return `#${label || 'a channel'}`;
    if (sigil === '!') {
      const name = (label || target).replace(/^@/, '');
      return name.startsWith('subteam^') ? '@a group' : `@${name}`;
    }
    return label && label !== target ? `${label} (${target})` : target;
  });
  return plain.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/**
 * Reads a thread in conversation order with people's names resolved. Slack errors (not_in_channel,
 * missing_scope, channel_not_found, thread_not_found) come back as `{ ok: false, error }`.
 */
export async function readThread(client: WebClient, channel: string, threadTs: string): Promise<ThreadRead> {
  const raw: ApiMessage[] = [];
  let cursor: string | undefined;
  let readAll = false;
  try {
    for (let page = 0; page < MAX_THREAD_PAGES; page++) {
      const answer = await client.conversations.replies({
        channel,
        ts: threadTs,
        limit: THREAD_PAGE_SIZE,
        ...(cursor ? { cursor } : {}),
      });
      raw.push(...((answer.messages ?? []) as ApiMessage[]));
      cursor = answer.response_metadata?.next_cursor || undefined;
      if (!answer.has_more || !cursor) {
        readAll = true;
        break;
      }
    }
  } catch (error) {
    return { ok: false, error: slackErrorCode(error) ?? 'unknown_error' };
  }

  const names = new NameResolver(client);
  const messages: ThreadMessage[] = [];
  for (const message of raw) {
    if (!message.text?.trim() || message.subtype === 'channel_join') continue;
    const author = message.user
      ? await names.name(message.user)
      : message.bot_profile?.name || message.username || 'a bot';
    messages.push({ author, text: await slackTextToPlain(message.text, names), ts: message.ts ?? '' });
  }
  return { ok: true, messages, readAll };
}

/** What to tell the person when the thread cannot be read, so they can fix it or draft by hand. */
export function threadReadProblem(error: string): string {
  switch (error) {
    case 'not_in_channel':
    case 'channel_not_found':
      return "I can't read this thread: I'm not a member of this channel. Invite me with `/invite @ADR Assistant` and try again, or fill in the ADR yourself.";
    case 'missing_scope':
      return "I'm not allowed to read this conversation (the app lacks the channels:history or groups:history scope; an admin can reinstall it). Fill in the ADR yourself.";
    case 'thread_not_found':
      return 'I could not find this thread any more (was it deleted?). Fill in the ADR yourself.';
    default:
      return `I could not read this thread (${error.replace(/[^a-z_]/gi, '')}). Try again, or fill in the ADR yourself.`;
  }
}
