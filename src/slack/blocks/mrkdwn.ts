/**
 * Escapes Slack's three control characters so user text can never form a mention, a broadcast
 * (`<!channel>`) or a link. Apply to every piece of user text placed in mrkdwn.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Whether a stored decider or author is a Slack user id rather than an imported name. */
export function isUserId(value: string): boolean {
  return /^[UW][A-Z0-9_]{2,}$/.test(value);
}

/** Mention markup for a Slack user id; anything that is not an id is escaped as a plain name. */
export function mention(userIdOrName: string): string {
  return isUserId(userIdOrName) ? `<@${userIdOrName}>` : escapeMrkdwn(userIdOrName);
}

/** Cuts text to `max` characters, ending with an ellipsis when it was longer. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, Math.max(0, max - 1)).trimEnd()}…`;
}

/** Mentions for a list of users, or a placeholder when there are none. */
export function listOf(userIds: string[]): string {
  return userIds.length > 0 ? userIds.map(mention).join(', ') : '_none named_';
}
