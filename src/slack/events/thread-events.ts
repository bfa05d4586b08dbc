import { z } from 'zod';
import { watchThread } from '../decision-watcher.js';
import type { Deps } from '../deps.js';
import type { ListenerRegistry } from '../router.js';

const Envelope = z.object({ team_id: z.string().min(1) });

/** A person's reply in a thread of a channel (edits, deletions, joins and bots' messages have other shapes). */
const ThreadReply = z.object({
  channel: z.string().min(1),
  channel_type: z.enum(['channel', 'group']).optional(),
  user: z.string().min(1),
  ts: z.string().min(1),
  thread_ts: z.string().min(1),
  // A reply also sent to the channel is still a reply; every other subtype is not a person's new reply.
  subtype: z.literal('thread_broadcast').optional(),
  bot_id: z.string().optional(),
});

const CHECK_MARKS = new Set(['white_check_mark', 'heavy_check_mark']);

const CheckReaction = z.object({
  user: z.string().min(1),
  // Skin tones arrive as "name::skin-tone-2".
  reaction: z.string().refine((name) => CHECK_MARKS.has(name.split('::')[0] ?? name)),
  item: z.object({ type: z.literal('message'), channel: z.string().min(1), ts: z.string().min(1) }),
});

/**
 * message.channels / message.groups and reaction_added (acked by Bolt before any listener): in a watched channel
 * only, a thread reply or a ✅ on a reply starts the background check in src/slack/decision-watcher.ts.
 */
export function registerThreadEvents(app: ListenerRegistry, deps: Deps): void {
  const { threads } = deps.services;

  app.event('message', async ({ event, body, context }) => {
    const reply = ThreadReply.safeParse(event);
    const team = Envelope.safeParse(body);
    if (!reply.success || !team.success || reply.data.bot_id || reply.data.thread_ts === reply.data.ts) return;
    const { channel, ts, thread_ts, user } = reply.data;
    if (user === context.botUserId || !(await threads.isWatched(team.data.team_id, channel))) return;
    const activity = { teamId: team.data.team_id, channelId: channel, threadTs: thread_ts, messageTs: ts };
    watchThread(deps, { ...activity, botUserId: context.botUserId });
  });

  app.event('reaction_added', async ({ event, body, context }) => {
    const reaction = CheckReaction.safeParse(event);
    const team = Envelope.safeParse(body);
    if (!reaction.success || !team.success) return;
    const { channel, ts } = reaction.data.item;
    if (!(await threads.isWatched(team.data.team_id, channel))) return;
    watchThread(deps, { teamId: team.data.team_id, channelId: channel, messageTs: ts, botUserId: context.botUserId });
  });
}
