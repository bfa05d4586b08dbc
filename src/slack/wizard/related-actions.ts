import type { BlockAction, ButtonAction } from '@slack/bolt';
import type { Actor } from '../../domain/actor.js';
import { withoutSupersedesLinks, withRelatedLink, withSupersedesLink } from '../../domain/related-links.js';
import { adrDetailView } from '../blocks/adr-list.js';
import type { Deps } from '../deps.js';
import { RelatedActions } from '../ids.js';
import { type ActionArgs, onAdrButton, required, unwrap } from '../listen.js';
import { wizardMetadata } from '../metadata.js';
import type { ListenerRegistry } from '../router.js';
import { callSlack } from '../slack-errors.js';
import { renderWizardFor } from './wizard-modal.js';

/** The wizard's related-decisions panel: *Related*, *This replaces it* (and its undo), *View*. */
export function registerRelatedActions(app: ListenerRegistry, { services, slack }: Deps): void {
  const changeLinks = (
    actionId: string,
    change: (links: string[], adrNumber: number, self: number | null) => string[],
  ) =>
    onAdrButton(app, slack.logger, actionId, async (args, actor, adrNumber) => {
      const { view, draftId } = wizardOf(args);
      const editing = (await services.wizard.find(actor, draftId))?.adrNumber ?? null;
      const related = unwrap(await services.decisions.resolve(actor.teamId, String(adrNumber)));
      const state = unwrap(
        await services.wizard.changeLinks(actor, draftId, (links) => change(links, related.number, editing)),
      );
      const wizard = await renderWizardFor(services, actor, state);
      await callSlack('views.update', () =>
        args.client.views.update({ view_id: view.id, hash: view.hash, view: wizard }),
      );
    });

  changeLinks(RelatedActions.markRelated, (links, adrNumber, self) => withRelatedLink(links, adrNumber, self));
  changeLinks(RelatedActions.replaces, (links, adrNumber) => withSupersedesLink(links, adrNumber));
  changeLinks(RelatedActions.undoReplaces, (links) => withoutSupersedesLinks(links));

  onAdrButton(app, slack.logger, RelatedActions.view, async ({ client, body }, actor: Actor, adrNumber) => {
    const adr = unwrap(await services.decisions.resolve(actor.teamId, String(adrNumber)));
    const view = adrDetailView(
      adr,
      await services.decisions.history(actor.teamId, adr.number),
      await services.related.bothWays(adr),
    );
    await callSlack('views.push', () => client.views.push({ trigger_id: body.trigger_id, view }));
  });
}

/** The wizard modal a panel button was pressed in, and its draft. */
function wizardOf(args: ActionArgs<BlockAction<ButtonAction>>) {
  const view = required(args.body.view);
  return { view, draftId: required(wizardMetadata.decode(view.private_metadata)).draftId };
}
