import { createHash } from 'node:crypto';
import type { Adr } from './adr.js';
import { formatAdrNumber } from './adr-number.js';
import type { Approval } from './approvals.js';
import { statusLabel } from './lifecycle.js';
import { slugify } from './markdown/slug.js';

/**
 * What a publish job writes and says: branch names, the pull request's title and body. Pure, so the same change
 * always gives the same branch (the key that makes a re-run find its own work instead of making more).
 */

export type PublishedChange = 'accepted' | 'superseded' | 'deprecated';

/** The git blob id of a file's content, as every Git host reports it. */
export function gitBlobSha(content: string): string {
  const body = Buffer.from(content, 'utf8');
  return createHash('sha1')
    .update(Buffer.concat([Buffer.from(`blob ${body.length}\0`), body]))
    .digest('hex');
}

/** `adr/007-use-postgresql` on acceptance; `-superseded` / `-deprecated` for a later change of the same ADR. */
export function branchName(adr: Pick<Adr, 'number' | 'title'>, reason: PublishedChange): string {
  const base = `adr/${String(adr.number).padStart(3, '0')}-${slugify(adr.title, 40)}`;
  return reason === 'accepted' ? base : `${base}-${reason}`;
}

export function pullRequestTitle(adr: Pick<Adr, 'number' | 'title'>, reason: PublishedChange): string {
  const title = `${formatAdrNumber(adr.number)}: ${adr.title}`;
  return reason === 'accepted' ? title : `${title} (${reason})`;
}

export interface PullRequestFacts {
  adr: Adr;
  reason: PublishedChange;
  /** Every ADR whose file changes (both sides of a supersede). */
  changed: Adr[];
  /** Where the decision was made, when Slack gave its permalink. */
  threadUrl: string | null;
  approvals: Approval[];
  scoreLine: string | null;
  /** Display name of a Slack user id (the id itself when unknown). */
  nameOf: (id: string) => string;
  files: { path: string; isNew: boolean }[];
  /** Files someone else changed in the repository since the app last wrote them. */
  changedOutside: string[];
}

/** GitHub and GitLab render the body as Markdown: text from people is kept out of link and HTML syntax. */
function plain(text: string): string {
  return text.replace(/[<>]/g, (c) => (c === '<' ? '&lt;' : '&gt;')).replace(/([[\]`*_])/g, '\\$1');
}

export function pullRequestBody(facts: PullRequestFacts): string {
  const { adr } = facts;
  const lines: string[] = [];
  const what =
    facts.reason === 'accepted'
      ? 'was accepted'
      : facts.reason === 'superseded'
        ? `was superseded by ${formatAdrNumber(adr.supersededBy ?? 0)}`
        : 'was deprecated';
  lines.push(`**${formatAdrNumber(adr.number)}: ${plain(adr.title)}** ${what} in Slack.`, '');
  lines.push(
    facts.threadUrl ? `Slack thread: ${facts.threadUrl}` : 'Slack thread: not available (no card was posted).',
  );
  lines.push('');
  for (const changed of facts.changed) {
    lines.push(
      `* ${formatAdrNumber(changed.number)}: ${plain(changed.title)} is now ${statusLabel(changed.status, changed.supersededBy)}`,
    );
  }
  lines.push('');
  const deciders = adr.deciders.map((id) => plain(facts.nameOf(id)));
  lines.push(`**Deciders:** ${deciders.length > 0 ? deciders.join(', ') : 'none named'}`);
  const answers = facts.approvals.map((approval) => {
    const who = plain(facts.nameOf(approval.deciderId));
    const when = approval.answeredAt ? ` (${approval.answeredAt.slice(0, 10)})` : '';
    const label =
      approval.answer === 'approved'
        ? 'approved'
        : approval.answer === 'changes_requested'
          ? 'requested changes'
          : 'pending';
    return `${who}: ${label}${when}`;
  });
  lines.push(`**Approvals:** ${answers.length > 0 ? answers.join(', ') : 'none requested'}`);
  lines.push(`**Weighted score:** ${facts.scoreLine ? plain(facts.scoreLine) : 'the options were not scored'}`);
  lines.push('', '**Files:**');
  for (const file of facts.files) lines.push(`* \`${file.path}\` (${file.isNew ? 'new' : 'updated'})`);
  if (facts.changedOutside.length > 0) {
    lines.push('', '> [!WARNING]');
    for (const path of facts.changedOutside) {
      lines.push(
        `> \`${path}\` had changed in the repository since ADR Assistant last wrote it. This pull request replaces it with the decision log's version: review the diff and keep what you need before merging.`,
      );
    }
  }
  lines.push('', '_Opened by ADR Assistant._');
  return lines.join('\n');
}

export function commitMessage(adr: Pick<Adr, 'number' | 'title'>, reason: PublishedChange): string {
  return `${pullRequestTitle(adr, reason)}\n\nWritten by ADR Assistant from the decision log in Slack.`;
}
