import type { Button, KnownBlock, ModalView, PlainTextOption, SectionBlock } from '@slack/types';
import { formatDistanceStrict } from 'date-fns/formatDistanceStrict';
import type { PublishJob } from '../../db/publishing-repository.js';
import type { Adr } from '../../domain/adr.js';
import { formatAdrNumber } from '../../domain/adr-number.js';
import type { MarkdownProfile } from '../../domain/markdown/conventions.js';
import { type AccessReport, PROVIDER_KINDS, PROVIDER_LABELS } from '../../integrations/git-provider.js';
import type { ImportReport } from '../../services/import-service.js';
import type { Publication } from '../../services/publish-service.js';
import { DEFAULT_FOLDER, type RepositorySettings } from '../../services/repository-service.js';
import { HomeActions, RepositoryBlocks, SettingsActions, Views } from '../ids.js';
import type { SlackMessage } from './announcements.js';
import { escapeMrkdwn, truncate } from './mrkdwn.js';
import { textInput as wizardTextInput } from './wizard.js';

const STATE_LABELS: Record<Publication['state'], string> = {
  open: 'open',
  merged: ':large_purple_circle: merged',
  closed: ':no_entry_sign: closed without merging',
};

/** A link Slack renders safely: only http(s) URLs without the characters that end a link. */
function link(url: string, label: string): string {
  return /^https?:\/\/[^\s<>|]+$/.test(url) ? `<${url}|${escapeMrkdwn(label)}>` : escapeMrkdwn(label);
}

/** `:twisted_rightwards_arrows: Pull request #3 · merged`, on the card and in `/adr show`. */
export function publicationText(publication: Publication): string {
  const noun = publication.noun.charAt(0).toUpperCase() + publication.noun.slice(1);
  const number = publication.noun === 'merge request' ? `!${publication.number}` : `#${publication.number}`;
  return `:twisted_rightwards_arrows: ${link(publication.url, `${noun} ${number}`)} · ${STATE_LABELS[publication.state]}`;
}

/** The reply in the proposal's thread once the pull request is open. */
export function publishedThreadReply(adr: Adr, publication: Publication): SlackMessage {
  const label = formatAdrNumber(adr.number);
  const number = publication.noun === 'merge request' ? `!${publication.number}` : `#${publication.number}`;
  return {
    text: escapeMrkdwn(`${label} has a ${publication.noun} in the repository: ${publication.url}`),
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `:twisted_rightwards_arrows: *${label}* is in the repository for review: ${link(publication.url, `${publication.noun} ${number}`)}.`,
        },
      },
    ],
  };
}

function option(text: string, value: string): PlainTextOption {
  return { text: { type: 'plain_text', text }, value };
}

/** The repository part of `/adr config`: what is connected, and the buttons. */
export function repositorySettingsBlocks(settings: RepositorySettings | null): KnownBlock[] {
  const summary = settings
    ? `${PROVIDER_LABELS[settings.provider]} · \`${escapeMrkdwn(settings.repository)}\` · branch \`${escapeMrkdwn(settings.baseBranch)}\` · folder \`${escapeMrkdwn(settings.folder)}\``
    : 'Not connected. Accepted decisions can open a pull request in your repository.';
  const buttons: Button[] = [
    { type: 'button', text: { type: 'plain_text', text: 'Repository' }, action_id: SettingsActions.repository },
    {
      type: 'button',
      text: { type: 'plain_text', text: 'Test connection' },
      action_id: SettingsActions.testConnection,
    },
    {
      type: 'button',
      text: { type: 'plain_text', text: 'Import from repository' },
      action_id: SettingsActions.importRepository,
    },
  ];
  return [
    {
      type: 'section',
      block_id: RepositoryBlocks.section,
      text: { type: 'mrkdwn', text: truncate(`*Repository*\n${summary}`, 2900) },
    },
    { type: 'actions', block_id: RepositoryBlocks.actions, elements: buttons },
  ];
}

/** A one-line field of the repository modal: the wizard's text input, 300 characters at most. */
function textInput(
  blockId: string,
  label: string,
  options: { initial?: string | undefined; placeholder?: string; hint?: string; optional?: boolean },
): KnownBlock {
  return wizardTextInput(blockId, label, { ...options, initial: options.initial ?? '', maxLength: 300 });
}

/** The *Repository* modal. The token is never put back into it: left blank, the stored one is kept. */
export function repositoryView(
  settings: RepositorySettings | null,
  profiles: { value: MarkdownProfile; label: string }[],
): ModalView {
  const providerOptions = PROVIDER_KINDS.map((kind) => option(PROVIDER_LABELS[kind], kind));
  const profileOptions = profiles.map((p) => option(p.label, p.value));
  const initialProvider = providerOptions.find((o) => o.value === (settings?.provider ?? 'github'));
  const initialProfile = profileOptions.find((o) => o.value === (settings?.profile ?? 'madr')) ?? profileOptions[0];
  return {
    type: 'modal',
    callback_id: Views.repository,
    title: { type: 'plain_text', text: 'Repository' },
    submit: { type: 'plain_text', text: 'Save' },
    close: { type: 'plain_text', text: 'Back' },
    blocks: [
      {
        type: 'input',
        block_id: RepositoryBlocks.provider,
        label: { type: 'plain_text', text: 'Hosted on' },
        element: {
          type: 'static_select',
          action_id: RepositoryBlocks.provider,
          options: providerOptions,
          ...(initialProvider ? { initial_option: initialProvider } : {}),
        },
      },
      textInput(RepositoryBlocks.repository, 'Repository', {
        initial: settings?.repository,
        placeholder: 'owner/name, or a GitLab project path',
      }),
      textInput(RepositoryBlocks.baseBranch, 'Base branch', { initial: settings?.baseBranch ?? 'main' }),
      textInput(RepositoryBlocks.folder, 'Folder', { initial: settings?.folder ?? DEFAULT_FOLDER }),
      {
        type: 'input',
        block_id: RepositoryBlocks.profile,
        label: { type: 'plain_text', text: 'File format' },
        element: {
          type: 'static_select',
          action_id: RepositoryBlocks.profile,
          options: profileOptions,
          ...(initialProfile ? { initial_option: initialProfile } : {}),
        },
      },
      textInput(RepositoryBlocks.token, 'Access token', {
        optional: settings?.hasToken ?? false,
        placeholder: settings?.hasToken ? 'Stored. Leave blank to keep it.' : 'github_pat_… or glpat-…',
        hint: 'GitHub: a fine-grained token on this one repository with Contents and Pull requests read and write. GitLab: a project access token with the api scope and the Developer role. Stored encrypted, never shown again.',
      }),
      textInput(RepositoryBlocks.apiUrl, 'API base URL', {
        optional: true,
        initial: settings?.apiUrl ?? undefined,
        placeholder: 'https://github.example.com/api/v3 or https://gitlab.example.com',
        hint: 'Only for GitHub Enterprise Server or self-managed GitLab, when it differs from the app’s GITHUB_API_URL / GITLAB_URL.',
      }),
    ],
  };
}

/** Shown while the host is asked. */
export function workingView(title: string): ModalView {
  return {
    type: 'modal',
    callback_id: Views.repositoryReport,
    title: { type: 'plain_text', text: title },
    close: { type: 'plain_text', text: 'Back' },
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: ':hourglass_flowing_sand: Asking the repository host…' } },
    ],
  };
}

/** After *Save*: what is connected, and what to do next. */
export function savedView(settings: RepositorySettings): ModalView {
  return {
    type: 'modal',
    callback_id: Views.repositoryReport,
    title: { type: 'plain_text', text: 'Repository' },
    close: { type: 'plain_text', text: 'Back' },
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: truncate(
            `:white_check_mark: Saved: ${PROVIDER_LABELS[settings.provider]} \`${escapeMrkdwn(settings.repository)}\`, branch \`${escapeMrkdwn(settings.baseBranch)}\`, folder \`${escapeMrkdwn(settings.folder)}\`. The token is stored encrypted and will not be shown again.\nAccepted, superseded and deprecated decisions now open a pull request there. Use *Test connection* in the settings to check the token’s permissions.`,
            2900,
          ),
        },
      },
    ],
  };
}

const mark = (ok: boolean, soft = false) => (ok ? ':white_check_mark:' : soft ? ':information_source:' : ':x:');

/** What *Test connection* found, each check on its line and what to fix. */
export function accessReportView(settings: RepositorySettings, report: AccessReport): ModalView {
  const noun = settings.provider.startsWith('gitlab') ? 'merge requests' : 'pull requests';
  const lines = [
    `${mark(report.repository)} Repository \`${escapeMrkdwn(settings.repository)}\``,
    `${mark(report.branch)} Base branch \`${escapeMrkdwn(settings.baseBranch)}\``,
    `${mark(report.folder, report.repository && report.branch)} Folder \`${escapeMrkdwn(settings.folder)}\``,
    `${mark(report.push)} May push a branch`,
    `${mark(report.pullRequests)} May open ${noun}`,
  ];
  const verdict =
    report.problems.length === 0
      ? ':tada: Everything needed is in place.'
      : `*What is missing:*\n${report.problems.map((p) => `• ${escapeMrkdwn(p)}`).join('\n')}`;
  const notes = report.notes.map((note) => `:information_source: ${escapeMrkdwn(note)}`).join('\n');
  return {
    type: 'modal',
    callback_id: Views.repositoryReport,
    title: { type: 'plain_text', text: 'Test connection' },
    close: { type: 'plain_text', text: 'Back' },
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: lines.join('\n') } },
      { type: 'section', text: { type: 'mrkdwn', text: truncate(verdict, 2900) } },
      ...(notes
        ? [{ type: 'context' as const, elements: [{ type: 'mrkdwn' as const, text: truncate(notes, 2900) }] }]
        : []),
    ],
  };
}

/** What *Import from repository* did. */
export function importReportView(report: ImportReport & { folder: string }): ModalView {
  const lines = [
    `*Imported ${report.imported.length}* from \`${escapeMrkdwn(report.folder)}\`${report.imported.length > 0 ? ':' : '.'}`,
    ...report.imported
      .slice(0, 20)
      .map((i) => `• ${formatAdrNumber(i.number)}: ${escapeMrkdwn(truncate(i.title, 100))}`),
  ];
  if (report.skipped.length > 0) lines.push(`Skipped ${report.skipped.length} (already in the log, or not decisions).`);
  if (report.conflicts.length > 0) {
    lines.push(
      `*${report.conflicts.length} conflict(s)*, left out:`,
      ...report.conflicts.slice(0, 10).map((c) => `• \`${escapeMrkdwn(c.fileName)}\`: ${escapeMrkdwn(c.reason)}`),
    );
  }
  if (report.warnings.length > 0) lines.push(`${report.warnings.length} warning(s): check the imported ADRs.`);
  return {
    type: 'modal',
    callback_id: Views.repositoryReport,
    title: { type: 'plain_text', text: 'Import' },
    close: { type: 'plain_text', text: 'Back' },
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: truncate(lines.join('\n'), 2900) } }],
  };
}

/** A publish job that failed for good, with *Retry*, in the admins' App Home. */
export function failedPublishLine(job: PublishJob, now: Date): SectionBlock {
  const age = formatDistanceStrict(new Date(job.updatedAt), now, { addSuffix: true });
  return {
    type: 'section',
    text: {
      type: 'mrkdwn',
      text: truncate(
        `:x: ${formatAdrNumber(job.adrNumber)} · Pull request (${job.reason}) failed ${age} after ${job.attempts} attempt${job.attempts === 1 ? '' : 's'}: \`${escapeMrkdwn(truncate(job.lastError ?? 'unknown error', 300))}\``,
        2900,
      ),
    },
    accessory: {
      type: 'button',
      text: { type: 'plain_text', text: 'Retry' },
      action_id: HomeActions.retryPublish,
      value: String(job.id),
    },
  };
}
