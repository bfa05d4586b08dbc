import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ADR_STATUSES, type Adr } from '../../../../src/domain/adr.js';
import type { OutcomeTable } from '../../../../src/domain/markdown/conventions.js';
import { isAdrFile, type ParsedAdr, parseAdrMarkdown } from '../../../../src/domain/markdown/parse.js';
import { type RenderOptions, renderAdrMarkdown } from '../../../../src/domain/markdown/render.js';
import { adrFileName } from '../../../../src/domain/markdown/slug.js';
import { ADR_SAMPLES_DIR } from '../../../support/samples.js';
import { DISPLAY_NAMES, emptyAdr, FILE_NAMES, RICH_OUTCOME_TABLE, richAdr } from './sample-adrs.js';

/** The parts of an ADR that a Markdown file carries. */
function fileContent(adr: Adr, outcomeTable: OutcomeTable | null = null) {
  return {
    number: adr.number,
    title: adr.title,
    status: adr.status,
    supersededBy: adr.supersededBy,
    supersedes: adr.supersedes,
    date: adr.date,
    deciders: adr.deciders,
    technicalStory: adr.technicalStory,
    context: adr.context,
    drivers: adr.drivers,
    options: adr.options,
    chosenOption: adr.chosenOption,
    justification: adr.justification,
    positiveConsequences: adr.positiveConsequences,
    negativeConsequences: adr.negativeConsequences,
    links: adr.links,
    outcomeTable,
  };
}

function parsedContent(parsed: ParsedAdr) {
  return {
    number: parsed.number,
    title: parsed.title,
    status: parsed.status,
    supersededBy: parsed.supersededBy?.number ?? null,
    supersedes: parsed.supersedes.map((ref) => ref.number),
    date: parsed.date,
    deciders: parsed.deciders,
    technicalStory: parsed.technicalStory,
    context: parsed.context,
    drivers: parsed.drivers,
    options: parsed.options,
    chosenOption: parsed.chosenOption,
    justification: parsed.justification,
    positiveConsequences: parsed.positiveConsequences,
    negativeConsequences: parsed.negativeConsequences,
    links: parsed.links,
    outcomeTable: parsed.outcomeTable,
  };
}

describe('golden files parse back to the ADR they were rendered from', () => {
  const named = { ...richAdr(), deciders: richAdr().deciders.map((id) => DISPLAY_NAMES[id] ?? id) };

  it.each([
    ['adr-rich.seed.md', 'seed'],
    ['adr-rich.madr.md', 'madr2'],
  ])('%s', (file, format) => {
    const text = readFileSync(new URL(`../../../golden/${file}`, import.meta.url), 'utf8');
    const parsed = parseAdrMarkdown(text, file);
    expect(parsed.format).toBe(format);
    expect(parsed.warnings).toEqual([]);
    expect(parsedContent(parsed)).toEqual(fileContent(named, RICH_OUTCOME_TABLE));
  });

  it('keeps the target file slug of madr links', () => {
    const text = readFileSync(new URL('../../../golden/adr-rich.madr.md', import.meta.url), 'utf8');
    const parsed = parseAdrMarkdown(text, '0007-use-postgresql-for-primary-database.md');
    expect(parsed.supersededBy).toEqual({ number: 12, ref: FILE_NAMES[12]!.replace('.md', '') });
    expect(parsed.supersedes).toEqual([{ number: 3, ref: FILE_NAMES[3]!.replace('.md', '') }]);
  });

  it.each(['seed', 'madr'] as const)('an empty proposal in the %s profile', (profile) => {
    const parsed = parseAdrMarkdown(renderAdrMarkdown(emptyAdr(), { profile }), 'x.md');
    expect(parsedContent(parsed)).toEqual(fileContent(emptyAdr()));
    expect(parsed.warnings).toEqual([]);
  });
});

// Words chosen to poke at the Markdown: quotes, pipes, hashes, emphasis, dashes, accents, brackets.
const word = fc.constantFrom(
  'alpha',
  'Beta',
  'gamma',
  'PostgreSQL',
  'C#',
  '#1',
  '"quoted"',
  "it's",
  'a|b',
  '50%',
  '$500/month',
  'x*y',
  '_under_',
  '(note)',
  '[ref]',
  '—',
  'café',
  '10K',
  'é',
  '<tag>',
  'https://example.com/a?b=c',
  '`code`',
  '✅',
);
const sentence = fc.array(word, { minLength: 1, maxLength: 7 }).map((words) => words.join(' '));
const item = fc.oneof(
  { weight: 4, arbitrary: sentence },
  { weight: 1, arbitrary: fc.array(sentence, { minLength: 2, maxLength: 3 }).map((lines) => lines.join('\n')) },
);
const proseLine = fc.oneof(
  { weight: 5, arbitrary: sentence },
  { weight: 1, arbitrary: sentence.map((text) => `## ${text}`) },
  { weight: 1, arbitrary: sentence.map((text) => `* ${text}`) },
);
const paragraph = fc.array(proseLine, { minLength: 1, maxLength: 3 }).map((lines) => lines.join('\n'));
const longText = fc.oneof(
  fc.constant(''),
  fc.array(paragraph, { minLength: 1, maxLength: 3 }).map((paragraphs) => paragraphs.join('\n\n')),
);
const name = fc
  .array(fc.constantFrom('Ana', 'Ben', 'Chloé', "O'Neil", 'Dr.', 'Zhang', 'Wei'), {
    minLength: 1,
    maxLength: 3,
  })
  .map((parts) => parts.join(' '));
const optionName = sentence.filter((text) => text.length <= 75);
const isoDate = fc
  .date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
  .map((date) => date.toISOString().slice(0, 10));
const adrNumber = fc.integer({ min: 1, max: 99_999 });

const adrArbitrary: fc.Arbitrary<Adr> = fc
  .record({
    number: adrNumber,
    title: sentence,
    status: fc.constantFrom(...ADR_STATUSES),
    supersededByCandidate: fc.option(adrNumber, { nil: null }),
    supersedes: fc.uniqueArray(adrNumber, { maxLength: 3 }),
    date: isoDate,
    deciders: fc.array(name, { maxLength: 4 }),
    technicalStory: fc.oneof(fc.constant(''), sentence),
    context: longText,
    drivers: fc.array(item, { maxLength: 5 }),
    options: fc.uniqueArray(
      fc.record({ name: optionName, pros: fc.array(item, { maxLength: 3 }), cons: fc.array(item, { maxLength: 3 }) }),
      { maxLength: 5, selector: (option) => option.name.toLowerCase().replace(/["'`*_]/g, '') },
    ),
    chosenIndex: fc.nat(),
    justification: longText,
    positiveConsequences: fc.array(item, { maxLength: 4 }),
    negativeConsequences: fc.array(
      fc.record({ text: sentence, mitigation: fc.option(sentence, { nil: undefined }) }, { requiredKeys: ['text'] }),
      { maxLength: 3 },
    ),
    links: fc.array(item, { maxLength: 3 }),
  })
  .map(({ supersededByCandidate, chosenIndex, ...content }) => ({
    ...content,
    teamId: 'T1',
    authorId: 'U1',
    createdAt: '2024-01-01T00:00:00.000Z',
    updatedAt: '2024-01-01T00:00:00.000Z',
    supersededBy: content.status === 'superseded' ? supersededByCandidate : null,
    chosenOption:
      content.options.length === 0 || chosenIndex % (content.options.length + 1) === content.options.length
        ? null
        : content.options[chosenIndex % (content.options.length + 1)]!.name,
    negativeConsequences: content.negativeConsequences.map(({ text, mitigation }) =>
      mitigation === undefined ? { text } : { text, mitigation },
    ),
  }));

const tableArbitrary = fc.option(
  fc.integer({ min: 1, max: 4 }).chain((columns) =>
    fc.record({
      headers: fc.array(sentence, { minLength: columns, maxLength: columns }),
      rows: fc.array(fc.array(sentence, { minLength: columns, maxLength: columns }), { maxLength: 4 }),
    }),
  ),
  { nil: null },
);

describe('parse(render(adr)) gives the ADR back', () => {
  const profiles: Array<[string, Omit<RenderOptions, 'outcomeTable'>]> = [
    ['seed', { profile: 'seed' }],
    ['madr with ADR-NNN references', { profile: 'madr' }],
    ['madr with file links', { profile: 'madr', fileNameOf: (n) => adrFileName(n, `decision ${n}`) }],
  ];

  it.each(profiles)('%s', (_, options) => {
    fc.assert(
      fc.property(adrArbitrary, tableArbitrary, (adr, table) => {
        const markdown = renderAdrMarkdown(adr, { ...options, ...(table ? { outcomeTable: table } : {}) });
        const parsed = parseAdrMarkdown(markdown, adrFileName(adr.number, adr.title));
        const expectedTable = table && table.headers.length > 0 ? table : null;
        expect(parsedContent(parsed)).toEqual(fileContent(adr, expectedTable));
        expect(parsed.warnings).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});

const SAMPLES = ADR_SAMPLES_DIR;

describe('imported sample folders survive a MADR export', () => {
  const files = ['madr', 'log4brains', 'log4brains-edge-cases'].flatMap((folder) =>
    readdirSync(join(SAMPLES, folder))
      .sort()
      .map((fileName) => ({ path: join(SAMPLES, folder, fileName), fileName })),
  );

  it.each(files.filter(({ path, fileName }) => isAdrFile(fileName, readFileSync(path, 'utf8'))))(
    '$fileName',
    ({ path, fileName }) => {
      const imported = parseAdrMarkdown(readFileSync(path, 'utf8'), fileName);
      const adr: Adr = {
        ...imported,
        teamId: 'T1',
        number: imported.number ?? 1,
        supersededBy: imported.supersededBy?.number ?? null,
        supersedes: imported.supersedes.flatMap((ref) => (ref.number === null ? [] : [ref.number])),
        authorId: 'U1',
        date: imported.date ?? '2020-01-01',
        createdAt: '2024-01-01T00:00:00.000Z',
        updatedAt: '2024-01-01T00:00:00.000Z',
      };
      const exported = parseAdrMarkdown(
        renderAdrMarkdown(adr, { profile: 'madr' }),
        adrFileName(adr.number, adr.title),
      );
      expect(exported.title).toBe(imported.title);
      expect(exported.status).toBe(imported.status);
      expect(exported.date).toBe(adr.date);
      expect(exported.options).toEqual(imported.options);
      expect(exported.chosenOption).toBe(imported.chosenOption);
      expect(exported.deciders).toEqual(imported.deciders);
      expect(exported.drivers).toEqual(imported.drivers);
      expect(exported.technicalStory).toBe(imported.technicalStory);
    },
  );
});
