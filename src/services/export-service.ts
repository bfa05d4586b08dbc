import { createRequire } from 'node:module';
import type * as Fflate from 'fflate';
import type { AdrRepository } from '../db/adr-repository.js';
import type { Adr } from '../domain/adr.js';
import { formatAdrNumber } from '../domain/adr-number.js';
import { statusLabel } from '../domain/lifecycle.js';
import type { MarkdownProfile, OutcomeTable } from '../domain/markdown/conventions.js';
import { renderAdrMarkdown } from '../domain/markdown/render.js';
import { adrFileName } from '../domain/markdown/slug.js';

export interface ExportedFile {
  filename: string;
  content: string;
}

export interface ExportOptions {
  profile: MarkdownProfile;
  /** Names to print for deciders (Slack user ids in the database). */
  displayName?: (userIdOrName: string) => string;
}

/** The zip library, loaded for the first zip: a start and the CLI's export never need it. */
let zipLibrary: typeof Fflate | undefined;
function zip(): typeof Fflate {
  zipLibrary ??= createRequire(import.meta.url)('fflate') as typeof Fflate;
  return zipLibrary;
}

/** Supplies the scoring matrix table of an ADR when its options were scored. */
export type OutcomeTableSource = (adr: Adr) => Promise<OutcomeTable | null> | OutcomeTable | null;

/** Markdown files of the decision log: one ADR, or the whole `docs/adr/` folder as a zip. */
export class ExportService {
  constructor(
    private readonly adrs: AdrRepository,
    private readonly outcomeTable: OutcomeTableSource = () => null,
  ) {}

  async one(adr: Adr, options: ExportOptions, log?: Adr[]): Promise<ExportedFile> {
    return this.render(adr, options, logIndex(log ?? (await this.adrs.all(adr.teamId))));
  }

  async all(teamId: string, options: ExportOptions): Promise<ExportedFile[]> {
    const adrs = await this.adrs.all(teamId);
    // File names and titles of the log once for all its files (a slug per ADR per file was 100 × 100 slugs).
    const log = logIndex(adrs);
    return Promise.all(adrs.map((adr) => this.render(adr, options, log)));
  }

  private async render(adr: Adr, options: ExportOptions, { names, titles }: LogIndex): Promise<ExportedFile> {
    const table = await this.outcomeTable(adr);
    const content = renderAdrMarkdown(adr, {
      profile: options.profile,
      ...(options.displayName ? { displayName: options.displayName } : {}),
      ...(table ? { outcomeTable: table } : {}),
      fileNameOf: (number) => names.get(number) ?? adrFileName(number, formatAdrNumber(number)),
      titleOf: (number) => titles.get(number),
    });
    return { filename: exportFileName(adr), content };
  }

  /** The folder's `README.md`: a table of every ADR with its status. */
  async index(teamId: string): Promise<string> {
    return indexMarkdown(await this.adrs.all(teamId));
  }

  /** A zip holding `docs/adr/NNNN-slug.md` for every ADR plus a README index. */
  async archive(teamId: string, options: ExportOptions): Promise<{ filename: string; bytes: Buffer; count: number }> {
    const files = await this.all(teamId, options);
    const { strToU8, zipSync } = zip();
    const entries: Record<string, Uint8Array> = {
      'docs/adr/README.md': strToU8(indexMarkdown(await this.adrs.all(teamId))),
    };
    for (const file of files) entries[`docs/adr/${file.filename}`] = strToU8(file.content);
    return {
      filename: `adr-log-${options.profile}.zip`,
      bytes: Buffer.from(zipSync(entries, { level: 6 })),
      count: files.length,
    };
  }
}

interface LogIndex {
  names: Map<number, string>;
  titles: Map<number, string>;
}

function logIndex(adrs: readonly Adr[]): LogIndex {
  return {
    names: new Map(adrs.map((adr) => [adr.number, exportFileName(adr)])),
    titles: new Map(adrs.map((adr) => [adr.number, adr.title])),
  };
}

/** An imported ADR keeps its file's name, so links to it keep working; others are named `NNNN-slug.md`. */
export function exportFileName(adr: Adr): string {
  return adr.sourceFileName ?? adrFileName(adr.number, adr.title);
}

function indexMarkdown(adrs: Adr[]): string {
  const rows = adrs.map(
    (adr) =>
      `| [${formatAdrNumber(adr.number)}](${exportFileName(adr)}) | ${adr.title.replace(/\|/g, '\\|')} | ${statusLabel(adr.status, adr.supersededBy)} | ${adr.date ?? 'unknown'} |`,
  );
  return [
    '# Architecture Decision Records',
    '',
    '| ADR | Title | Status | Date |',
    '|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}
