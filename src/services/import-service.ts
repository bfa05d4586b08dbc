import type { AdrRepository } from '../db/adr-repository.js';
import { contentOf } from '../domain/adr.js';
import { formatAdrNumber } from '../domain/adr-number.js';
import { MENTIONS } from '../domain/markdown/conventions.js';
import { type AdrLinkRef, isAdrFile, type ParsedAdr, parseAdrMarkdown } from '../domain/markdown/parse.js';
import { describeFileName } from '../domain/markdown/slug.js';

export interface ImportFile {
  fileName: string;
  text: string;
}

/** What one imported file became: where its parts went, and what was guessed. */
export interface ImportedFileReport {
  fileName: string;
  number: number;
  title: string;
  keptNumber: boolean;
  /** The convention the file follows (adr-tools, madr2, madr3, log4brains, seed). */
  format: string;
  /** Where things went: counts per section, extra sections, the status mapping, relations. */
  placed: string[];
}

export interface ImportReport {
  imported: ImportedFileReport[];
  skipped: { fileName: string; reason: string }[];
  conflicts: { fileName: string; reason: string }[];
  /** Only where the importer guessed (a missing status, an unreadable date, an unknown status word, a lost link). */
  warnings: { fileName: string; message: string }[];
}

/** Author recorded for imported ADRs: shown as a name, never as a mention. */
export const IMPORT_AUTHOR = 'import';

interface Pending {
  fileName: string;
  number: number;
  adr: ParsedAdr;
  text: string;
}

/**
 * Imports an ADR folder (adr-tools, MADR, log4brains or this app's own export) into a workspace, losing nothing:
 * what the template has no field for is kept verbatim (see parse.ts). Numbers are kept where they are free; an ADR
 * already holding a number is never overwritten: the file is reported as a conflict, or skipped when it is the same
 * decision (same file name or title), so re-running is safe.
 */
export class ImportService {
  constructor(
    private readonly adrs: AdrRepository,
    private readonly now: () => Date,
  ) {}

  async import(teamId: string, files: ImportFile[]): Promise<ImportReport> {
    const report: ImportReport = { imported: [], skipped: [], conflicts: [], warnings: [] };
    const parsed: { fileName: string; adr: ParsedAdr; slug: string; text: string }[] = [];
    for (const file of files) {
      if (!isAdrFile(file.fileName, file.text)) {
        report.skipped.push({ fileName: file.fileName, reason: 'not a decision (template, index, readme or licence)' });
        continue;
      }
      const adr = parseAdrMarkdown(file.text, file.fileName);
      parsed.push({ fileName: file.fileName, adr, slug: describeFileName(file.fileName).slug, text: file.text });
    }
    // Numbered files first, in number order, so unnumbered ones (log4brains, `0000-`) take the numbers after them.
    parsed.sort((a, b) => sortKey(a) - sortKey(b) || a.fileName.localeCompare(b.fileName));

    const existing = await this.adrs.all(teamId);
    // ADRs written in the app are recognised by title; imported ones by their file name (titles repeat in real folders).
    const byTitle = new Map(
      existing.flatMap((adr) => (adr.sourceFileName ? [] : [[normalise(adr.title), adr.number] as const])),
    );
    const byFile = new Map(
      existing.flatMap((adr) => (adr.sourceFileName ? [[baseName(adr.sourceFileName), adr.number] as const] : [])),
    );
    const numberBySlug = new Map<string, number>(
      existing.flatMap((adr) =>
        adr.sourceFileName ? [[describeFileName(adr.sourceFileName).slug, adr.number] as const] : [],
      ),
    );
    const pending: Pending[] = [];

    for (const { fileName, adr, slug, text } of parsed) {
      const same = byFile.get(baseName(fileName)) ?? byTitle.get(normalise(adr.title));
      if (same !== undefined) {
        report.skipped.push({ fileName, reason: `already in the log as ${formatAdrNumber(same)}` });
        numberBySlug.set(slug, same);
        continue;
      }
      for (const message of adr.warnings) report.warnings.push({ fileName, message });
      const wanted = adr.number !== null && adr.number >= 0 ? adr.number : null;
      if (wanted !== null && (await this.adrs.find(teamId, wanted))) {
        const holder = await this.adrs.find(teamId, wanted);
        report.conflicts.push({
          fileName,
          reason: `${formatAdrNumber(wanted)} already exists (“${holder?.title}”); not imported. Renumber the file or remove the existing ADR.`,
        });
        continue;
      }
      const stored = await this.adrs.insertImported({
        teamId,
        number: wanted,
        content: contentOf(adr),
        status: adr.status,
        supersededBy: null,
        // Never the import day: a file without a date has an unknown date.
        date: adr.date,
        authorId: IMPORT_AUTHOR,
        now: this.now(),
        statusWording: adr.statusWording,
        sourceFileName: baseName(fileName),
      });
      byFile.set(baseName(fileName), stored.number);
      numberBySlug.set(slug, stored.number);
      pending.push({ fileName, number: stored.number, adr, text });
      report.imported.push({
        fileName,
        number: stored.number,
        title: adr.title,
        keptNumber: wanted === stored.number,
        format: adr.format,
        placed: placements(adr, wanted === stored.number ? null : adr.number),
      });
    }

    const resolve = async (ref: AdrLinkRef): Promise<number | undefined> => {
      const bySlug = numberBySlug.get(ref.ref);
      if (bySlug !== undefined) return bySlug;
      return ref.number !== null && ref.number >= 0 && (await this.adrs.find(teamId, ref.number))
        ? ref.number
        : undefined;
    };
    for (const { fileName, number, adr, text } of pending) {
      const lost: string[] = [];
      const linked = new Set<number>();
      if (adr.supersededBy) {
        const target = await resolve(adr.supersededBy);
        if (target === undefined) lost.push(`Superseded by ${written(adr.supersededBy)}`);
        else {
          await this.adrs.linkSupersededBy(teamId, number, target);
          linked.add(target);
        }
      }
      for (const ref of adr.supersedes) {
        const target = await resolve(ref);
        // The superseded side records the link; a target outside the folder keeps its line as a link.
        if (target !== undefined) linked.add(target);
        if (target === undefined) lost.push(`Supersedes ${written(ref)}`);
        else if (!pending.some((other) => other.number === target && other.adr.supersededBy)) {
          await this.adrs.linkSupersededBy(teamId, target, number);
        }
      }
      for (const relation of adr.relations) {
        const target = await resolve(relation.ref);
        if (target === undefined) lost.push(`${relation.kind} ${written(relation.ref)}`);
        else {
          await this.adrs.addRelation(teamId, number, { kind: relation.kind, target });
          linked.add(target);
        }
      }
      // Relative links to other ADRs of the folder inside the text: the text keeps them (exports reuse the file
      // names), the app records them so it can show what an ADR refers to.
      for (const target of mentionedFiles(text)) {
        const mentioned = numberBySlug.get(target);
        if (mentioned === undefined || mentioned === number || linked.has(mentioned)) continue;
        await this.adrs.addRelation(teamId, number, { kind: MENTIONS, target: mentioned });
        linked.add(mentioned);
      }
      if (lost.length > 0) {
        const stored = await this.adrs.find(teamId, number);
        if (stored) {
          await this.adrs.updateContent(
            teamId,
            number,
            { ...contentOf(stored), links: [...stored.links, ...lost] },
            this.now(),
          );
        }
        for (const line of lost) {
          report.warnings.push({
            fileName,
            message: `"${line}" names an ADR that is not in this folder or the log; it is kept as a plain link.`,
          });
        }
      }
    }
    return report;
  }
}

/** What went where, in a few words per part: the import report's line for one file. */
function placements(adr: ParsedAdr, renumberedFrom: number | null): string[] {
  const placed: string[] = [];
  const count = (label: string, n: number) => {
    if (n > 0) placed.push(`${n} ${label}`);
  };
  if (renumberedFrom !== null) placed.push(`numbered after the numbered files (the file name keeps ${renumberedFrom})`);
  placed.push(adr.date ? `date ${adr.date}` : 'date unknown');
  placed.push(adr.statusWording ? `status "${adr.statusWording}" (counts as ${adr.status})` : `status ${adr.status}`);
  count('decider(s)', adr.deciders.length);
  count('driver(s)', adr.drivers.length);
  count('option(s)', adr.options.length);
  count(
    'pro(s)',
    adr.options.reduce((sum, option) => sum + option.pros.length, 0),
  );
  count(
    'con(s)',
    adr.options.reduce((sum, option) => sum + option.cons.length, 0),
  );
  count(
    'neutral argument(s)',
    adr.options.reduce((sum, option) => sum + (option.neutral?.length ?? 0), 0),
  );
  if (adr.chosenOption) placed.push(`chosen option "${adr.chosenOption}"`);
  else if (adr.justification) placed.push('decision kept as written');
  count('positive consequence(s)', adr.positiveConsequences.length);
  count('negative consequence(s)', adr.negativeConsequences.length);
  count('neutral consequence(s)', adr.neutralConsequences?.length ?? 0);
  count('unsigned consequence(s)', adr.consequences?.length ?? 0);
  count('link(s)', adr.links.length);
  count('tag(s)', adr.tags?.length ?? 0);
  const extras = adr.extraSections ?? [];
  if (extras.length > 0)
    placed.push(`kept as sections of their own: ${extras.map((extra) => extra.heading).join(', ')}`);
  const notes = Object.keys(adr.notes ?? {});
  if (notes.length > 0) placed.push(`kept verbatim beside the lists: ${notes.join(', ')}`);
  placed.push(...adr.notices);
  return placed;
}

/** Slugs of the relative `.md` files a text links to (`[x](0003-y.md)`, `(./0003-y.md#z)`). */
function mentionedFiles(text: string): string[] {
  const targets: string[] = [];
  for (const match of text.matchAll(/\]\(\s*<?([^)\s>]+?\.md)(?:#[^)\s>]*)?>?(?:\s+"[^"]*")?\s*\)/gi)) {
    const target = match[1] ?? '';
    if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('/')) continue;
    targets.push(describeFileName(target).slug);
  }
  return targets;
}

/** An unresolved reference as written, marked so that it reads as a plain link from then on. */
function written(ref: AdrLinkRef): string {
  return `${ref.written ?? ref.ref} (not in this log)`;
}

function baseName(fileName: string): string {
  return fileName.split(/[\\/]/).pop() ?? fileName;
}

function sortKey(entry: { adr: ParsedAdr }): number {
  return entry.adr.number !== null && entry.adr.number >= 0 ? entry.adr.number : Number.MAX_SAFE_INTEGER;
}

function normalise(title: string): string {
  return title.trim().toLowerCase().replace(/\s+/g, ' ');
}
