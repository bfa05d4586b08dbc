import type { ViewOutput } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import { toRows } from '../../domain/scoring-criteria.js';
import { ACCEPT_POLICIES, APPROVAL_RULES } from '../../domain/settings.js';
import type { SettingsInput } from '../../services/settings-service.js';
import { notInChannelError, notWatchableError } from '../blocks/settings.js';
import type { Deps } from '../deps.js';
import { SettingsActions, SettingsBlocks, Views } from '../ids.js';
import { onAction, onSubmission, Refusal, unwrap } from '../listen.js';
import type { ListenerRegistry } from '../router.js';
import { criteriaEditorView } from '../scoring/criteria-editor.js';
import { slackErrorCode } from '../slack-errors.js';

const SettingsValues = z.object({
  decisionsChannelId: z.string().min(1).nullable(),
  acceptPolicy: z.enum(ACCEPT_POLICIES),
  approvalRule: z.enum(APPROVAL_RULES),
  reviewPeriodMonths: z.coerce.number().int().min(0),
  approvalReminderDays: z.coerce.number().int().min(0),
  adminIds: z.array(z.string().min(1)),
  watchedChannelIds: z.array(z.string().min(1)),
});

type Element = {
  selected_conversation?: string | null;
  selected_option?: { value?: string } | null;
  selected_users?: string[];
  selected_conversations?: string[];
};

function readSettings(view: ViewOutput): z.ZodSafeParseResult<SettingsInput> {
  const values = view.state.values as unknown as Record<string, Record<string, Element | undefined> | undefined>;
  const field = (id: string) => values[id]?.[id];
  return SettingsValues.safeParse({
    decisionsChannelId: field(SettingsBlocks.decisionsChannel)?.selected_conversation ?? null,
    acceptPolicy: field(SettingsBlocks.acceptPolicy)?.selected_option?.value,
    approvalRule: field(SettingsBlocks.approvalRule)?.selected_option?.value,
    reviewPeriodMonths: field(SettingsBlocks.reviewPeriod)?.selected_option?.value ?? '0',
    approvalReminderDays: field(SettingsBlocks.reminderDays)?.selected_option?.value ?? '0',
    adminIds: field(SettingsBlocks.admins)?.selected_users ?? [],
    watchedChannelIds: field(SettingsBlocks.watchedChannels)?.selected_conversations ?? [],
  });
}

/**
 * Why the app cannot announce in `channelId`, as a field error, or null when it is a member. Checked when the
 * settings are saved, so a wrong channel is fixed now rather than discovered when a decision is accepted.
 */
async function channelProblem(client: WebClient, channelId: string): Promise<string | null> {
  try {
    const info = await client.conversations.info({ channel: channelId });
    const channel = info.channel as { is_member?: boolean; is_archived?: boolean; name?: string } | undefined;
    if (channel?.is_archived) return `#${channel.name ?? 'that channel'} is archived. Pick another channel.`;
    if (channel?.is_member === false) return notInChannelError(channel.name ?? null);
    return null;
  } catch (error) {
    const code = slackErrorCode(error);
    if (code === 'not_in_channel' || code === 'channel_not_found') return notInChannelError(null);
    if (code === 'missing_scope') {
      return 'The app lacks the channels:read and groups:read scopes needed to check the channel. Reinstall it from manifest.yml.';
    }
    return 'I could not check that channel just now. Please try saving again.';
  }
}

/** The watched channels the app is not a member of (it would receive none of their messages), as a field error. */
async function unwatchable(client: WebClient, channelIds: readonly string[]): Promise<string | null> {
  const missing = await Promise.all(
    channelIds.map(async (channel) => {
      try {
        const info = await client.conversations.info({ channel });
        const found = info.channel as { is_member?: boolean; name?: string } | undefined;
        return found?.is_member === false ? [found.name ?? null] : [];
      } catch (error) {
        const code = slackErrorCode(error);
        return code === 'not_in_channel' || code === 'channel_not_found' ? [null] : [];
      }
    }),
  );
  const names = missing.flat();
  return names.length > 0 ? notWatchableError(names) : null;
}

export function registerSettingsViews(app: ListenerRegistry, { services, slack }: Deps): void {
  onSubmission(
    app,
    slack.logger,
    Views.settings,
    async ({ ack, view, client }, actor) => {
      const parsed = readSettings(view);
      if (!parsed.success)
        throw new Refusal('Pick one option in each group, then save again.', SettingsBlocks.approvalRule);
      const input = parsed.data;
      const problem = input.decisionsChannelId ? await channelProblem(client, input.decisionsChannelId) : null;
      if (problem) throw new Refusal(problem, SettingsBlocks.decisionsChannel);
      const notWatchable = await unwatchable(client, input.watchedChannelIds);
      if (notWatchable) throw new Refusal(notWatchable, SettingsBlocks.watchedChannels);
      unwrap(await services.settings.save(actor, input));
      await ack({ response_action: 'clear' });
      slack.homes.refresh(actor.teamId, [actor.userId]);
    },
    'ADR settings',
  );

  // The default criteria editor is pushed over the settings modal; saving it returns here.
  onAction(app, slack.logger, SettingsActions.scoringCriteria, async ({ body, client }, actor) => {
    const rows = toRows(await services.scoring.getDefaultCriteria(actor.teamId));
    const view = criteriaEditorView({ scope: { kind: 'workspace' }, rows });
    await client.views.push({ trigger_id: body.trigger_id, view });
  });
}
