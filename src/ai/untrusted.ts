/**
 * Text written by people (thread messages, titles, problem statements) goes into prompts only as fenced data:
 * secrets redacted, our delimiter neutralised, size bounded.
 */

export interface ThreadMessage {
  /** Resolved display name, not a user id. */
  author: string;
  text: string;
  /** Slack message timestamp ("1712345678.000100"). */
  ts: string;
}

export const MAX_THREAD_MESSAGES = 200;
export const MAX_THREAD_CHARS = 24_000;
export const MAX_MESSAGE_CHARS = 4_000;
export const MAX_FIELD_CHARS = 6_000;

const REDACTED = '[redacted]';

const SECRET_PATTERNS: readonly RegExp[] = [
  // Slack bot, user, app-level, refresh and config tokens.
  /\bxox[abposr]-[A-Za-z0-9-]+/g,
  /\bxoxe(?:\.xox[a-z])?-[A-Za-z0-9-]+/g,
  /\bxapp-[A-Za-z0-9-]+/g,
  // OpenAI-style keys (sk-…, sk-proj-…).
  /\bsk-[A-Za-z0-9_-]{8,}/g,
  /\bBearer\s+[A-Za-z0-9._~+/=-]{16,}/gi,
];

export function redactSecrets(text: string): string {
  let redacted = text;
  for (const pattern of SECRET_PATTERNS) redacted = redacted.replace(pattern, REDACTED);
  return redacted;
}

/** The tag family used to fence data; any look-alike in the content is defused so it cannot close the fence. */
const FENCE_TAG = 'untrusted';
const FENCE_LOOKALIKE = /<\s*\/?\s*untrusted\b/gi;

export function neutraliseFence(text: string): string {
  return text.replace(FENCE_LOOKALIKE, (match) => match.replace('<', '‹'));
}

export function cleanUntrusted(text: string, maxChars = MAX_FIELD_CHARS): string {
  // Control characters other than tab and newline can hide text from reviewers of the prompt.
  const cleaned = neutraliseFence(redactSecrets(text.replace(/\r\n?/g, '\n')))
    // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
    .trim();
  return cleaned.length > maxChars ? `${cleaned.slice(0, maxChars - 1)}…` : cleaned;
}

/** Wraps people's text as data: `<untrusted kind="thread">…</untrusted>`. */
export function fenceUntrusted(kind: string, text: string, maxChars = MAX_FIELD_CHARS): string {
  const safeKind = kind.replace(/[^a-z_]/gi, '') || 'text';
  return `<${FENCE_TAG} kind="${safeKind}">\n${cleanUntrusted(text, maxChars)}\n</${FENCE_TAG}>`;
}

export interface BoundedThread {
  /** One line per message (continuation lines indented), with an omission note where messages were dropped. */
  text: string;
  includedMessages: number;
  omittedMessages: number;
}

function formatMessage(message: ThreadMessage): string {
  const author = cleanUntrusted(message.author, 80).replace(/\s+/g, ' ') || 'someone';
  const body = cleanUntrusted(message.text, MAX_MESSAGE_CHARS).replace(/\n/g, '\n  ');
  return `${author}: ${body}`;
}

/**
 * Keeps the first message (it usually states the problem) and as many of the most recent ones as fit in
 * `maxMessages` and `maxChars`, and says how many were left out in between.
 */
export function boundThread(
  messages: readonly ThreadMessage[],
  limits: { maxMessages?: number; maxChars?: number } = {},
): BoundedThread {
  const maxMessages = Math.max(1, limits.maxMessages ?? MAX_THREAD_MESSAGES);
  const maxChars = Math.max(200, limits.maxChars ?? MAX_THREAD_CHARS);
  // Callers pass messages in conversation order (as conversations.replies returns them).
  const lines = messages.map(formatMessage).filter((line) => line.trim() !== '');
  const [first, ...rest] = lines;
  if (first === undefined) return { text: '(the thread is empty)', includedMessages: 0, omittedMessages: 0 };

  const omissionNoteBudget = 60;
  const head =
    first.length > maxChars - omissionNoteBudget ? `${first.slice(0, maxChars - omissionNoteBudget - 1)}…` : first;
  let used = head.length + omissionNoteBudget;
  const tail: string[] = [];
  for (let index = rest.length - 1; index >= 0; index--) {
    const line = rest[index] as string;
    if (tail.length + 1 >= maxMessages || used + line.length + 1 > maxChars) break;
    tail.unshift(line);
    used += line.length + 1;
  }
  const omitted = rest.length - tail.length;
  const parts = [head];
  if (omitted > 0) parts.push(`[… ${omitted} message${omitted === 1 ? '' : 's'} omitted …]`);
  parts.push(...tail);
  return { text: parts.join('\n'), includedMessages: 1 + tail.length, omittedMessages: omitted };
}
