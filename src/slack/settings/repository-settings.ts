import type { ViewOutput } from '@slack/bolt';
import { z } from 'zod';
import { MARKDOWN_PROFILE_NAMES, type MarkdownProfile } from '../../domain/markdown/conventions.js';
import type { RepositoryField } from '../../services/repository-service.js';
import { noticeView } from '../blocks/common.js';
import { accessReportView, importReportView, repositoryView, savedView, workingView } from '../blocks/publishing.js';
import type { Deps } from '../deps.js';
import { RepositoryBlocks, SettingsActions, Views } from '../ids.js';
import { onAction, onSubmission, Refusal, required } from '../listen.js';
import type { ListenerRegistry } from '../router.js';

const FIELD_BLOCKS: Record<RepositoryField, string> = {
  provider: RepositoryBlocks.provider,
  repository: RepositoryBlocks.repository,
  baseBranch: RepositoryBlocks.baseBranch,
  folder: RepositoryBlocks.folder,
  profile: RepositoryBlocks.profile,
  token: RepositoryBlocks.token,
  apiUrl: RepositoryBlocks.apiUrl,
};

/** Every export profile the app has, so a profile added to MarkdownProfile shows up here by itself. */
const PROFILES = (Object.entries(MARKDOWN_PROFILE_NAMES) as [MarkdownProfile, string][]).map(([value, label]) => ({
  value,
  label,
}));

const Element = z.object({ value: z.string().nullish(), selected_option: z.object({ value: z.string() }).nullish() });

function readRepository(view: ViewOutput) {
  const values = view.state.values as Record<string, Record<string, unknown> | undefined>;
  const field = (id: string) => {
    const parsed = Element.safeParse(values[id]?.[id] ?? {});
    return parsed.success ? (parsed.data.value ?? parsed.data.selected_option?.value ?? '') : '';
  };
  return {
    provider: field(RepositoryBlocks.provider),
    repository: field(RepositoryBlocks.repository),
    baseBranch: field(RepositoryBlocks.baseBranch),
    folder: field(RepositoryBlocks.folder),
    profile: field(RepositoryBlocks.profile),
    token: field(RepositoryBlocks.token),
    apiUrl: field(RepositoryBlocks.apiUrl),
  };
}

const ADMINS_ONLY = 'Only the settings admins can connect a repository.';
const NOT_CONNECTED = 'No repository is connected yet: use Repository first.';

/** `/adr config` → *Repository*, *Test connection*, *Import from repository* (settings admins only). */
export function registerRepositorySettings(app: ListenerRegistry, { services, slack }: Deps): void {
  onAction(app, slack.logger, SettingsActions.repository, async ({ body, client }, actor) => {
    if (!(await services.settings.mayConfigure(actor.teamId, actor.userId))) throw new Refusal(ADMINS_ONLY);
    const view = repositoryView(await services.repositories.get(actor.teamId), PROFILES);
    await client.views.push({ trigger_id: body.trigger_id, view });
  });

  // Saved, the modal closes back onto the settings, whose repository line is brought up to date.
  onSubmission(
    app,
    slack.logger,
    Views.repository,
    async ({ ack, view }, actor) => {
      const saved = await services.repositories.save(actor, readRepository(view));
      if (!saved.ok) throw new Refusal(saved.reason, FIELD_BLOCKS[saved.field]);
      await ack({ response_action: 'update', view: savedView(saved.value) });
    },
    'Repository',
  );

  // The host may take longer than a trigger id lives (3 s): a "working" view is pushed first, then filled in.
  onAction(app, slack.logger, SettingsActions.testConnection, async ({ body, client }, actor) => {
    const settings = required(await services.repositories.get(actor.teamId), NOT_CONNECTED);
    const pushed = await client.views.push({ trigger_id: body.trigger_id, view: workingView('Test connection') });
    const viewId = required(pushed.view?.id);
    const report = await services.repositories.test(actor);
    const view = report.ok ? accessReportView(settings, report.value) : noticeView('Test connection', report.reason);
    await client.views.update({ view_id: viewId, view });
  });

  onAction(app, slack.logger, SettingsActions.importRepository, async ({ body, client }, actor) => {
    required(await services.repositories.get(actor.teamId), NOT_CONNECTED);
    const pushed = await client.views.push({ trigger_id: body.trigger_id, view: workingView('Import') });
    const viewId = required(pushed.view?.id);
    const report = await services.repositories.importFolder(actor);
    const view = report.ok ? importReportView(report.value) : noticeView('Import', report.reason);
    await client.views.update({ view_id: viewId, view });
    if (report.ok && report.value.imported.length > 0) slack.homes.refresh(actor.teamId, [actor.userId]);
  });
}
