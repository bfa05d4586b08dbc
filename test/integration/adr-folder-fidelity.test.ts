import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MARKDOWN_PROFILES } from '../../src/domain/markdown/conventions.js';
import { isAdrFile, type ParsedAdr, parseAdrMarkdown } from '../../src/domain/markdown/parse.js';
import { describeFileName } from '../../src/domain/markdown/slug.js';
import { fixtureFolders, freshLog, IMPORT_DAY } from '../support/adr-folders.js';
import { lostUnits, textUnits } from '../support/fidelity.js';

/**
 * Issue 13's fidelity check on every real ADR folder in test/fixtures: every text unit of each source file is
 * in each export profile; dates, statuses, signs, names and links are kept; import → export → import → export
 * is byte-identical; importing the app's own export gives no warning. The figures are printed for the README.
 */

const folders = fixtureFolders();
const figures = { folders: folders.length, files: 0, units: 0, checks: 0, lost: 0, unstable: 0, guesses: 0, links: 0 };

/** What a file says that the fidelity check compares as data. */
function facts(adr: ParsedAdr) {
  return {
    status: adr.status,
    statusWording: adr.statusWording,
    date: adr.date,
    deciders: adr.deciders,
    tags: adr.tags ?? [],
    consulted: adr.consulted ?? [],
    informed: adr.informed ?? [],
    pros: adr.options.map((option) => option.pros),
    cons: adr.options.map((option) => option.cons),
    neutral: adr.options.map((option) => option.neutral ?? []),
    positive: adr.positiveConsequences,
    negative: adr.negativeConsequences,
    neutralConsequences: adr.neutralConsequences ?? [],
    unsigned: adr.consequences ?? [],
    chosenOption: adr.chosenOption,
  };
}

describe.each(folders)('the $name folder', ({ name, files }) => {
  const decisions = files.filter((file) => isAdrFile(file.fileName, file.text));
  const { adrs, importer, exporter } = freshLog();
  let report: Awaited<ReturnType<typeof importer.import>>;
  beforeAll(async () => {
    report = await importer.import('T1', files);
    figures.files += decisions.length;
    figures.guesses += report.warnings.length;
  });

  it('imports every decision under its own file name and number, with its date or none', async () => {
    expect(report.conflicts).toEqual([]);
    expect(report.imported.map((item) => item.fileName).sort()).toEqual(decisions.map((file) => file.fileName).sort());
    for (const file of decisions) {
      const stored = (await adrs.all('T1')).find((adr) => adr.sourceFileName === file.fileName);
      const source = parseAdrMarkdown(file.text, file.fileName);
      expect(stored, file.fileName).toBeDefined();
      const fileNumber = describeFileName(file.fileName).number;
      if (fileNumber !== null) expect(stored?.number, file.fileName).toBe(fileNumber);
      expect(stored?.date ?? null).toBe(source.date);
      // No date is ever invented: the import day appears only where a file writes it.
      if (stored?.date === IMPORT_DAY.toISOString().slice(0, 10)) expect(file.text).toContain(stored.date);
    }
  });

  it('resolves every link between ADRs of the folder', async () => {
    const names = new Set(decisions.map((file) => file.fileName));
    for (const file of decisions) {
      const source = parseAdrMarkdown(file.text, file.fileName);
      const stored = (await adrs.all('T1')).find((adr) => adr.sourceFileName === file.fileName);
      const inFolder = (ref: { ref: string }) => names.has(`${ref.ref}.md`);
      if (source.supersededBy && inFolder(source.supersededBy))
        expect(stored?.supersededBy, file.fileName).not.toBeNull();
      for (const ref of source.supersedes.filter(inFolder)) {
        const target = (await adrs.all('T1')).find((adr) => adr.sourceFileName === `${ref.ref}.md`);
        expect(target?.supersededBy, `${file.fileName} supersedes ${ref.ref}`).toBe(stored?.number);
      }
      const relations = stored?.relations ?? [];
      expect(relations.filter((relation) => relation.kind !== 'mentions')).toHaveLength(
        source.relations.filter((relation) => inFolder(relation.ref)).length,
      );
      // Every relative link to another ADR of the folder is known to the app as some link between the two.
      for (const match of file.text.matchAll(/\]\(\s*(?:\.\/)?([^)\s/#]+\.md)(?:#[^)\s]*)?\)/g)) {
        const target = (await adrs.all('T1')).find((adr) => adr.sourceFileName === match[1]);
        if (!target || target.number === stored?.number) continue;
        const known =
          relations.some((relation) => relation.target === target.number) ||
          stored?.supersededBy === target.number ||
          target.supersededBy === stored?.number;
        expect(known, `${file.fileName} → ${match[1]}`).toBe(true);
        figures.links++;
      }
    }
  });

  it.each(MARKDOWN_PROFILES)(
    'loses no text unit, date, status, sign or name in the %s profile, and round-trips byte for byte',
    async (profile) => {
      const exported = await exporter.all('T1', { profile });
      const byName = new Map(exported.map((file) => [file.filename, file.content]));
      for (const file of decisions) {
        const out = byName.get(file.fileName);
        expect(out, file.fileName).toBeDefined();
        const lost = lostUnits(file.text, out ?? '');
        const units = textUnits(file.text).length;
        figures.checks += units;
        if (profile === 'seed') figures.units += units;
        figures.lost += lost.length;
        expect(lost, `${name}/${file.fileName} (${profile})`).toEqual([]);
        const source = parseAdrMarkdown(file.text, file.fileName);
        const back = parseAdrMarkdown(out ?? '', file.fileName);
        expect(facts(back), `${name}/${file.fileName} (${profile})`).toEqual(facts(source));
        expect(back.title).toBe(source.title);
      }

      const team = `T_${profile}`;
      const again = await importer.import(
        team,
        exported.map((file) => ({ fileName: file.filename, text: file.content })),
      );
      expect(again.warnings).toEqual([]);
      const second = new Map((await exporter.all(team, { profile })).map((file) => [file.filename, file.content]));
      for (const file of exported) {
        if (second.get(file.filename) !== file.content) figures.unstable++;
        expect(second.get(file.filename), `${name}/${file.filename} (${profile})`).toBe(file.content);
      }
    },
  );
});

afterAll(() => {
  console.log(
    `ADR folder fidelity: ${figures.folders} folders, ${figures.files} decisions, ${figures.units} text units ` +
      `(${figures.checks} checked over ${MARKDOWN_PROFILES.length} profiles), ${figures.lost} lost, ` +
      `${figures.unstable} round trips not byte-identical, ${figures.guesses} import warnings (guesses), ` +
      `${figures.links} links between ADRs, all resolved.`,
  );
});
