import { ADR_STATUSES, type AdrStatus } from '../../domain/adr.js';
import { isMarkdownProfile, type MarkdownProfile } from '../../domain/markdown/conventions.js';

export type ExportFormat = MarkdownProfile;

/** `/adr score <n> [results|criteria|close]`: score (the default), or manage the matrix. */
export const SCORE_MODES = ['score', 'results', 'criteria', 'close'] as const;
export type ScoreMode = (typeof SCORE_MODES)[number];

/** What `/adr …` asked for. Parsing lives here alone so every subcommand is added in one place. */
export type AdrCommand =
  | { name: 'help' }
  | { name: 'new'; title: string }
  | { name: 'list'; status: AdrStatus | null; page: number }
  | { name: 'show'; ref: string }
  | { name: 'search'; query: string }
  | { name: 'status'; to: 'accepted' | 'rejected' | 'deprecated'; ref: string }
  | { name: 'supersede'; ref: string; byRef: string }
  | { name: 'edit'; ref: string }
  | { name: 'drafts' }
  | { name: 'export'; ref: string; format: ExportFormat }
  | { name: 'score'; ref: string; mode: ScoreMode }
  | { name: 'config' }
  | { name: 'estimate'; ref: string | null }
  | { name: 'usage'; subcommand: string; usage: string }
  | { name: 'unknown'; input: string };

export interface SubcommandHelp {
  usage: string;
  description: string;
}

/** Every subcommand the product has, in the order help lists them. */
export const SUBCOMMANDS: SubcommandHelp[] = [
  { usage: 'new [title]', description: 'Draft a new ADR in a step-by-step modal' },
  { usage: 'list [status] [page]', description: 'List decisions, optionally only one status' },
  { usage: 'show <n>', description: 'Show one ADR with its history' },
  { usage: 'search <text>', description: 'Full-text search over titles, context, drivers, options and outcomes' },
  { usage: 'edit <n>', description: 'Edit a Proposed ADR' },
  { usage: 'drafts', description: 'Your unfinished drafts, to pick up where you stopped' },
  { usage: 'accept <n>', description: 'Mark a Proposed ADR as Accepted' },
  { usage: 'reject <n>', description: 'Mark a Proposed ADR as Rejected' },
  { usage: 'deprecate <n>', description: 'Mark an Accepted ADR as Deprecated' },
  { usage: 'supersede <n> by <m>', description: 'Replace Accepted ADR n with ADR m' },
  {
    usage: 'score <n> [results|criteria|close]',
    description: 'Score the options of an ADR against weighted criteria; see results, edit criteria, close scoring',
  },
  {
    usage: 'export <n|all> [seed|madr|madr4|nygard]',
    description: 'Download Markdown: one ADR, or all as docs/adr/ (seed template, MADR 2, MADR 4, adr-tools)',
  },
  {
    usage: 'estimate [n]',
    description: 'Back-of-the-envelope capacity: requests per second, storage, bandwidth; add it to ADR n',
  },
  { usage: 'config', description: 'Workspace settings: decisions channel, approvals, criteria' },
  { usage: 'help', description: 'This help' },
];

const USAGE_BY_NAME = new Map(SUBCOMMANDS.map((entry) => [entry.usage.split(' ')[0] ?? '', entry.usage]));

const STATUS_VERBS = { accept: 'accepted', reject: 'rejected', deprecate: 'deprecated' } as const;

function usage(subcommand: string): AdrCommand {
  return { name: 'usage', subcommand, usage: `/adr ${USAGE_BY_NAME.get(subcommand) ?? subcommand}` };
}

export function parseAdrCommand(text: string): AdrCommand {
  const trimmed = text.trim();
  if (trimmed === '') return { name: 'help' };
  const [head = '', ...rest] = trimmed.split(/\s+/);
  const keyword = head.toLowerCase();
  const argument = trimmed.slice(head.length).trim();

  switch (keyword) {
    case 'help':
    case '?':
      return { name: 'help' };
    case 'new':
    case 'create':
      return { name: 'new', title: argument };
    case 'list':
    case 'ls':
      return parseList(rest);
    case 'show':
    case 'view':
      return rest.length === 1 ? { name: 'show', ref: rest[0] ?? '' } : usage('show');
    case 'search':
    case 'find':
      return argument ? { name: 'search', query: argument } : usage('search');
    case 'accept':
    case 'reject':
    case 'deprecate':
      return rest.length === 1 ? { name: 'status', to: STATUS_VERBS[keyword], ref: rest[0] ?? '' } : usage(keyword);
    case 'supersede': {
      const [ref, by, byRef, ...extra] = rest;
      return ref && by?.toLowerCase() === 'by' && byRef && extra.length === 0
        ? { name: 'supersede', ref, byRef }
        : usage('supersede');
    }
    case 'edit':
      return rest.length === 1 ? { name: 'edit', ref: rest[0] ?? '' } : usage('edit');
    case 'drafts':
      return { name: 'drafts' };
    case 'score':
      return parseScore(rest);
    case 'config':
    case 'settings':
      return { name: 'config' };
    case 'export':
      return parseExport(rest);
    case 'estimate':
    case 'capacity':
      return rest.length <= 1 ? { name: 'estimate', ref: rest[0] ?? null } : usage('estimate');
    default:
      return { name: 'unknown', input: head };
  }
}

function parseList(args: string[]): AdrCommand {
  let status: AdrStatus | null = null;
  let page = 1;
  for (const arg of args) {
    const lower = arg.toLowerCase();
    if ((ADR_STATUSES as readonly string[]).includes(lower)) status = lower as AdrStatus;
    else if (/^\d{1,4}$/.test(arg) && Number(arg) >= 1) page = Number(arg);
    else return usage('list');
  }
  return { name: 'list', status, page };
}

function parseScore(args: string[]): AdrCommand {
  const [ref, mode = 'score', ...extra] = args;
  const lowerMode = mode.toLowerCase();
  if (!ref || extra.length > 0 || !(SCORE_MODES as readonly string[]).includes(lowerMode)) return usage('score');
  return { name: 'score', ref, mode: lowerMode as ScoreMode };
}

function parseExport(args: string[]): AdrCommand {
  const [ref, format = 'seed', ...extra] = args;
  const lowerFormat = format.toLowerCase();
  if (!ref || extra.length > 0 || !isMarkdownProfile(lowerFormat)) return usage('export');
  return { name: 'export', ref: ref.toLowerCase() === 'all' ? 'all' : ref, format: lowerFormat };
}
