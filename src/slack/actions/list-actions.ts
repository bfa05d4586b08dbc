import type { BlockAction, ButtonAction } from '@slack/bolt';
import { z } from 'zod';
import { ADR_STATUSES } from '../../domain/adr.js';
import { adrListMessage, draftsMessage, LIST_PAGE_SIZE } from '../blocks/adr-list.js';
import type { Deps } from '../deps.js';
import { ListActions } from '../ids.js';
import { onAction, required, unwrap } from '../listen.js';
import { parseIdValue } from '../payload.js';
import type { ListenerRegistry } from '../router.js';
import { openWizard } from '../wizard/wizard-modal.js';

const PageValue = z.object({ status: z.enum(ADR_STATUSES).nullable(), page: z.number().int().min(1).max(10_000) });

/** A list page button's value: which status filter and page it shows. */
function pageOf(value: string | undefined): z.infer<typeof PageValue> | null {
  try {
    const parsed = PageValue.safeParse(JSON.parse(value ?? ''));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function registerListActions(app: ListenerRegistry, { services, slack }: Deps): void {
  const { logger } = slack;
  const aiEnabled = services.ai !== null;

  const pageButton = new RegExp(`^${ListActions.page}_\\d+$`);
  onAction<BlockAction<ButtonAction>>(app, logger, pageButton, async ({ action, respond }, actor) => {
    const { status, page } = required(pageOf(action.value));
    const query = { status, limit: LIST_PAGE_SIZE, offset: (page - 1) * LIST_PAGE_SIZE };
    const { items, total } = await services.decisions.list(actor.teamId, query);
    await respond({ replace_original: true, ...adrListMessage({ items, total, page, status }) });
  });

  onAction<BlockAction<ButtonAction>>(app, logger, ListActions.resumeDraft, async ({ action, body, client }, actor) => {
    const state = unwrap(await services.wizard.resume(actor, required(parseIdValue(action.value))));
    await openWizard(client, body.trigger_id, state, { aiEnabled });
  });

  onAction<BlockAction<ButtonAction>>(app, logger, ListActions.discardDraft, async ({ action, respond }, actor) => {
    await services.wizard.discard(actor, required(parseIdValue(action.value)));
    await respond({ replace_original: true, ...draftsMessage(await services.wizard.list(actor), slack.now()) });
  });

  onAction(app, logger, ListActions.newAdr, async ({ body, client }, actor) => {
    await openWizard(client, body.trigger_id, await services.wizard.startNew(actor, null), { aiEnabled });
  });
}
