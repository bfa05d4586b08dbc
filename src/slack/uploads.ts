import type { WebClient } from '@slack/web-api';
import type { Adr } from '../domain/adr.js';
import { formatAdrNumber } from '../domain/adr-number.js';
import { MARKDOWN_PROFILE_NAMES, type MarkdownProfile } from '../domain/markdown/conventions.js';
import type { ExportService } from '../services/export-service.js';
import { isUserId } from './blocks/mrkdwn.js';
import { callSlack, slackErrorCode } from './slack-errors.js';

/** Resolves Slack user ids to display names for Markdown, asking Slack once per id. */
export function nameResolver(client: WebClient): (ids: string[]) => Promise<(id: string) => string> {
  return async (ids) => {
    const names = new Map<string, string>();
    await Promise.all(
      [...new Set(ids)].filter(isUserId).map(async (id) => {
        try {
          const { user } = await client.users.info({ user: id });
          names.set(id, user?.real_name || user?.profile?.display_name || user?.name || id);
        } catch {
          names.set(id, id);
        }
      }),
    );
    return (id) => names.get(id) ?? id;
  };
}

export type UploadOutcome = { ok: true; message: string } | { ok: false; message: string };

/** Uploads one ADR, or the whole log as a zip, into the conversation where it was asked for. */
export async function uploadExport(
  client: WebClient,
  exporter: ExportService,
  request: { teamId: string; channelId: string; adrs: Adr[]; all: boolean; profile: MarkdownProfile },
): Promise<UploadOutcome> {
  const displayName = await nameResolver(client)(request.adrs.flatMap((adr) => adr.deciders));
  const options = { profile: request.profile, displayName };
  let upload: { filename: string; title: string; bytes: Buffer; comment: string };
  if (request.all) {
    const archive = await exporter.archive(request.teamId, options);
    upload = {
      filename: archive.filename,
      title: `Decision log (${archive.count} ADRs, ${MARKDOWN_PROFILE_NAMES[request.profile]})`,
      bytes: archive.bytes,
      comment: `The decision log as \`docs/adr/\`: ${archive.count} ADRs in ${MARKDOWN_PROFILE_NAMES[request.profile]} format.`,
    };
  } else {
    const adr = request.adrs[0] as Adr;
    const file = await exporter.one(adr, options);
    upload = {
      filename: file.filename,
      title: `${formatAdrNumber(adr.number)} (${MARKDOWN_PROFILE_NAMES[request.profile]})`,
      bytes: Buffer.from(file.content, 'utf8'),
      comment: `${formatAdrNumber(adr.number)} as Markdown (${MARKDOWN_PROFILE_NAMES[request.profile]}).`,
    };
  }
  try {
    await callSlack('files.uploadV2', () =>
      client.files.uploadV2({
        channel_id: request.channelId,
        file: upload.bytes,
        filename: upload.filename,
        title: upload.title,
        initial_comment: upload.comment,
      }),
    );
    return { ok: true, message: `Uploaded ${upload.filename}.` };
  } catch (error) {
    const code = slackErrorCode(error);
    if (code === 'not_in_channel' || code === 'channel_not_found') {
      return {
        ok: false,
        message:
          'I cannot upload files here: invite me to this channel with `/invite @ADR Assistant`, or run the export in a DM with me.',
      };
    }
    throw error;
  }
}
