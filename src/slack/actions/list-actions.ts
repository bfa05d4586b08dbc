import type { BlockAction, ButtonAction } from '@slack/bolt';
import { z } from 'zod';
import { ADR_STATUSES } from '../../domain/adr.js';
import { adrListMessage, draftsMessage, LIST_PAGE_SIZE } from '../blocks/adr-list.js';
import { notice } from '../blocks/common.js';
import type { Deps } from '../deps.js';
import { ListActions } from '../ids.js';
import { actorOf, parseIdValue } from '../payload.js';
import type { ListenerRegistry } from '../router.js';
import { openWizard } from '../views/wizard-views.js';

const PageValue = z.object({ status: z.enum(ADR_STATUSES).nullable(), page: z.number().int().min(1).max(10_000) });

export function registerListActions(app: ListenerRegistry, deps: Deps): void {
  app.action<BlockAction<ButtonAction>>(
    new RegExp(`^${ListActions.page}_\\d+$`),
    async ({ ack, body, action, respond }) => {
      await ack();
      const actor = actorOf(body);
      const value = PageValue.safeParse(safeJson(action.value));
      if (!actor || !value.success) return;
      const { status, page } = value.data;
      const { items, total } = deps.adrs.list(actor.teamId, {
        status,
        limit: LIST_PAGE_SIZE,
        offset: (page - 1) * LIST_PAGE_SIZE,
      });
      await respond({ replace_original: true, ...adrListMessage({ items, total, page, status }) });
    },
  );

  app.action<BlockAction<ButtonAction>>(ListActions.resumeDraft, async ({ ack, body, action, client, respond }) => {
    await ack();
    const actor = actorOf(body);
    const draftId = parseIdValue(action.value);
    if (!actor || draftId === null) return;
    const resumed = deps.wizard.resume(actor, draftId);
    if (!resumed.ok) {
      await respond({ replace_original: false, response_type: 'ephemeral', ...notice(resumed.reason, ':warning:') });
      return;
    }
    await openWizard(client, body.trigger_id, resumed.value, deps);
  });

  app.action<BlockAction<ButtonAction>>(ListActions.discardDraft, async ({ ack, body, action, respond }) => {
    await ack();
    const actor = actorOf(body);
    const draftId = parseIdValue(action.value);
    if (!actor || draftId === null) return;
    deps.wizard.discard(actor, draftId);
    await respond({ replace_original: true, ...draftsMessage(deps.wizard.list(actor), deps.now()) });
  });

  app.action<BlockAction<ButtonAction>>(ListActions.newAdr, async ({ ack, body, client }) => {
    await ack();
    const actor = actorOf(body);
    if (!actor) return;
    await openWizard(client, body.trigger_id, deps.wizard.startNew(actor, null), deps);
  });
}

function safeJson(text: string | undefined): unknown {
  try {
    return JSON.parse(text ?? '');
  } catch {
    return null;
  }
}
