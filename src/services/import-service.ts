import type { AdrRepository } from '../db/adr-repository.js';
import { contentOf } from '../domain/adr.js';
import { formatAdrNumber } from '../domain/adr-number.js';
import { isAdrFile, type ParsedAdr, parseAdrMarkdown } from '../domain/markdown/parse.js';
import { describeFileName } from '../domain/markdown/slug.js';

export interface ImportFile {
  fileName: string;
  text: string;
}

export interface ImportReport {
  imported: { fileName: string; number: number; title: string; keptNumber: boolean }[];
  skipped: { fileName: string; reason: string }[];
  conflicts: { fileName: string; reason: string }[];
  warnings: { fileName: string; message: string }[];
}

/** Author recorded for imported ADRs: shown as a name, never as a mention. */
export const IMPORT_AUTHOR = 'import';

/**
 * Imports an ADR folder (adr-tools, MADR, log4brains or this app's own export) into a workspace.
 * Numbers are kept where they are free; an ADR already holding a number is never overwritten: the file is
 * reported as a conflict, or skipped when it is the same decision (same title), so re-running is safe.
 */
export class ImportService {
  constructor(
    private readonly adrs: AdrRepository,
    private readonly now: () => Date,
  ) {}

  import(teamId: string, files: ImportFile[]): ImportReport {
    const report: ImportReport = { imported: [], skipped: [], conflicts: [], warnings: [] };
    const parsed: { fileName: string; adr: ParsedAdr; slug: string }[] = [];
    for (const file of files) {
      if (!isAdrFile(file.fileName, file.text)) {
        report.skipped.push({ fileName: file.fileName, reason: 'not a decision (template, index, readme or licence)' });
        continue;
      }
      const adr = parseAdrMarkdown(file.text, file.fileName);
      for (const message of adr.warnings) report.warnings.push({ fileName: file.fileName, message });
      parsed.push({ fileName: file.fileName, adr, slug: describeFileName(file.fileName).slug });
    }
    // Numbered files first, in number order, so unnumbered ones (log4brains) take the numbers after them.
    parsed.sort((a, b) => sortKey(a) - sortKey(b) || a.fileName.localeCompare(b.fileName));

    const existing = this.adrs.all(teamId);
    const byTitle = new Map(existing.map((adr) => [normalise(adr.title), adr.number]));
    const numberBySlug = new Map<string, number>();
    const pendingLinks: { number: number; ref: ParsedAdr['supersededBy'] }[] = [];

    for (const { fileName, adr, slug } of parsed) {
      const sameTitle = byTitle.get(normalise(adr.title));
      if (sameTitle !== undefined) {
        report.skipped.push({ fileName, reason: `already in the log as ${formatAdrNumber(sameTitle)}` });
        numberBySlug.set(slug, sameTitle);
        continue;
      }
      const wanted = adr.number !== null && adr.number >= 1 ? adr.number : null;
      if (wanted !== null && this.adrs.find(teamId, wanted)) {
        const holder = this.adrs.find(teamId, wanted);
        report.conflicts.push({
          fileName,
          reason: `${formatAdrNumber(wanted)} already exists (“${holder?.title}”); not imported. Renumber the file or remove the existing ADR.`,
        });
        continue;
      }
      const stored = this.adrs.insertImported({
        teamId,
        number: wanted,
        content: contentOf(adr),
        status: adr.status,
        supersededBy: null,
        date: adr.date ?? this.now().toISOString().slice(0, 10),
        authorId: IMPORT_AUTHOR,
        now: this.now(),
      });
      byTitle.set(normalise(adr.title), stored.number);
      numberBySlug.set(slug, stored.number);
      if (adr.supersededBy) pendingLinks.push({ number: stored.number, ref: adr.supersededBy });
      report.imported.push({ fileName, number: stored.number, title: adr.title, keptNumber: wanted === stored.number });
    }

    for (const { number, ref } of pendingLinks) {
      const target = ref?.number != null && ref.number >= 1 ? ref.number : numberBySlug.get(ref?.ref ?? '');
      if (target === undefined) {
        report.warnings.push({
          fileName: formatAdrNumber(number),
          message: `superseding ADR “${ref?.ref}” was not found`,
        });
        continue;
      }
      this.adrs.linkSupersededBy(teamId, number, target);
    }
    return report;
  }
}

function sortKey(entry: { adr: ParsedAdr }): number {
  return entry.adr.number !== null && entry.adr.number >= 1 ? entry.adr.number : Number.MAX_SAFE_INTEGER;
}

function normalise(title: string): string {
  return title.trim().toLowerCase().replace(/\s+/g, ' ');
}
