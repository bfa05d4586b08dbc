import type { BlockAction, ViewOutput } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import { toRows } from '../../domain/scoring-criteria.js';
import { ACCEPT_POLICIES, APPROVAL_RULES } from '../../domain/settings.js';
import type { SettingsInput } from '../../services/settings-service.js';
import { noticeView } from '../blocks/common.js';
import { criteriaEditorView } from '../blocks/criteria-editor.js';
import { notInChannelError, settingsView } from '../blocks/settings.js';
import { slackErrorCode } from '../card-poster.js';
import type { Deps } from '../deps.js';
import { SettingsActions, SettingsBlocks, Views } from '../ids.js';
import { actorOf } from '../payload.js';
import type { ListenerRegistry } from '../router.js';

const SettingsValues = z.object({
  decisionsChannelId: z.string().min(1).nullable(),
  acceptPolicy: z.enum(ACCEPT_POLICIES),
  approvalRule: z.enum(APPROVAL_RULES),
  reviewPeriodMonths: z.coerce.number().int().min(0),
  approvalReminderDays: z.coerce.number().int().min(0),
  adminIds: z.array(z.string().min(1)),
});

/** Opens `/adr config` for someone who may change the settings (the caller checked). */
export async function openSettings(client: WebClient, deps: Deps, triggerId: string, teamId: string, userId: string) {
  await client.views.open({ trigger_id: triggerId, view: settingsView(deps.settings.get(teamId), userId) });
}

type Element = {
  selected_conversation?: string | null;
  selected_option?: { value?: string } | null;
  selected_users?: string[];
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

export function registerSettingsViews(app: ListenerRegistry, deps: Deps): void {
  app.view(Views.settings, async ({ ack, body, view, client }) => {
    const actor = actorOf(body);
    if (!actor) {
      await ack({ response_action: 'update', view: noticeView('ADR Assistant', 'This form is out of date.') });
      return;
    }
    const parsed = readSettings(view);
    if (!parsed.success) {
      await ack({
        response_action: 'errors',
        errors: { [SettingsBlocks.approvalRule]: 'Pick one option in each group, then save again.' },
      });
      return;
    }
    const input = parsed.data;
    if (input.decisionsChannelId) {
      const problem = await channelProblem(client, input.decisionsChannelId);
      if (problem) {
        await ack({ response_action: 'errors', errors: { [SettingsBlocks.decisionsChannel]: problem } });
        return;
      }
    }
    const saved = deps.settings.save(actor, input);
    if (!saved.ok) {
      await ack({ response_action: 'update', view: noticeView('ADR settings', saved.reason) });
      return;
    }
    await ack({ response_action: 'clear' });
    deps.refreshHomes(actor.teamId, [actor.userId]);
  });

  // The default criteria editor is pushed over the settings modal; saving it returns here.
  app.action<BlockAction>(SettingsActions.scoringCriteria, async ({ ack, body, client }) => {
    await ack();
    const actor = actorOf(body);
    if (!actor) return;
    await client.views.push({
      trigger_id: body.trigger_id,
      view: criteriaEditorView({
        scope: { kind: 'workspace' },
        rows: toRows(deps.scoring.getDefaultCriteria(actor.teamId)),
      }),
    });
  });
}
