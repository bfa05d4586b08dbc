import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ADR_STATUSES, type Adr, SECTION_ANCHORS } from '../../../../src/domain/adr.js';
import {
  MARKDOWN_PROFILES,
  type MarkdownProfile,
  type OutcomeTable,
} from '../../../../src/domain/markdown/conventions.js';
import {
  isAdrFile,
  type ParsedAdr,
  parseAdrMarkdown,
  readStatus,
  withoutSign,
} from '../../../../src/domain/markdown/parse.js';
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
    // A table ending the outcome (the scoring matrix) is read as such and also kept in the text.
    justification: parsed.outcomeTable ? parsed.justification.replace(/\n\n\|[\s\S]*$/, '') : parsed.justification,
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
    ['adr-rich.madr4.md', 'madr3'],
    ['adr-rich.nygard.md', 'adr-tools'],
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
    expect(parsed.supersededBy).toMatchObject({ number: 12, ref: FILE_NAMES[12]!.replace('.md', '') });
    expect(parsed.supersedes).toMatchObject([{ number: 3, ref: FILE_NAMES[3]!.replace('.md', '') }]);
  });

  it.each(MARKDOWN_PROFILES)('an empty proposal in the %s profile', (profile) => {
    const parsed = parseAdrMarkdown(renderAdrMarkdown(emptyAdr(), { profile }), 'x.md');
    expect(parsedContent(parsed)).toEqual(fileContent(emptyAdr()));
    expect(parsed.warnings).toEqual([]);
  });
});

// Words chosen to poke at the Markdown: quotes, pipes, hashes, emphasis, dashes, accents, brackets, other scripts.
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
  'naïve',
  '日本語',
  'שלום',
  'Ωmega',
  '🚀',
  '1.',
);
const sentence = fc.array(word, { minLength: 1, maxLength: 7 }).map((words) => words.join(' '));
const item = fc.oneof(
  { weight: 4, arbitrary: sentence },
  { weight: 1, arbitrary: fc.array(sentence, { minLength: 2, maxLength: 3 }).map((lines) => lines.join('\n')) },
);
const table = fc
  .integer({ min: 1, max: 4 })
  .chain((columns) =>
    fc.tuple(
      fc.array(sentence, { minLength: columns, maxLength: columns }),
      fc.array(fc.array(sentence, { minLength: columns, maxLength: columns }), { maxLength: 3 }),
    ),
  )
  .map(([headers, rows]) =>
    [headers, headers.map(() => '---'), ...rows]
      .map((cells) => `| ${cells.map((cell) => cell.replace(/\|/g, '\\|')).join(' | ')} |`)
      .join('\n'),
  );
const proseLine = fc.oneof(
  { weight: 5, arbitrary: sentence },
  { weight: 1, arbitrary: sentence.map((text) => `## ${text}`) },
  { weight: 1, arbitrary: sentence.map((text) => `* ${text}`) },
  { weight: 1, arbitrary: sentence.map((text) => `> ${text}`) },
);
const block = fc.oneof(
  { weight: 5, arbitrary: fc.array(proseLine, { minLength: 1, maxLength: 3 }).map((lines) => lines.join('\n')) },
  { weight: 1, arbitrary: table },
  {
    weight: 1,
    arbitrary: fc.array(sentence, { minLength: 1, maxLength: 3 }).map((l) => `\`\`\`\n${l.join('\n')}\n\`\`\``),
  },
);
// What an option says besides its arguments, in the shape the parser gives it back: paragraphs, tables, code, or a
// list of its own (a list line followed by a plain line would be one item continued, which Markdown writes indented).
const descriptionBlock = fc.oneof(
  fc
    .array(
      sentence.filter((text) => !/^[*>#\d]/.test(text)),
      { minLength: 1, maxLength: 2 },
    )
    .map((l) => l.join('\n')),
  table,
  fc
    .array(
      sentence.filter((text) => withoutSign(text) === text),
      { minLength: 1, maxLength: 3 },
    )
    .map((items) => items.map((text) => `* ${text}`).join('\n')),
);
const longText = fc.oneof(
  fc.constant(''),
  fc.array(block, { minLength: 1, maxLength: 3 }).map((blocks) => blocks.join('\n\n')),
);
const name = fc
  .array(fc.constantFrom('Ana', 'Ben', 'Chloé', "O'Neil", 'Dr.', 'Zhang', 'Wei', 'Åsa'), {
    minLength: 1,
    maxLength: 3,
  })
  .map((parts) => parts.join(' '));
const optionName = sentence.filter((text) => text.length <= 75);
const isoDate = fc
  .date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
  .map((date) => date.toISOString().slice(0, 10));
const adrNumber = fc.integer({ min: 1, max: 99_999 });
// Headings that are none of the template's sections.
const extraHeading = fc
  .array(fc.constantFrom('Confirmation', 'Changelog', 'Rollout', 'Notes', 'Risks', 'Café', '日本語', 'Tests 2'), {
    minLength: 1,
    maxLength: 2,
  })
  .map((words) => words.join(' '));
const extraSection = fc.record({
  heading: extraHeading,
  level: fc.constantFrom(2 as const, 3 as const),
  text: longText.filter((text) => text !== ''),
  after: fc.constantFrom(...SECTION_ANCHORS),
});
const wording = fc.constantFrom(null, 'planned', 'Implemented', '✅ Accepted', 'deferred', 'Accepted (2021)');
const names = fc.array(name, { maxLength: 3 });
const tag = fc.constantFrom('database', 'café', 'security', 'ops-2');

const adrArbitrary: fc.Arbitrary<Adr> = fc
  .record({
    number: adrNumber,
    title: sentence,
    status: fc.constantFrom(...ADR_STATUSES),
    statusWording: wording,
    supersededByCandidate: fc.option(adrNumber, { nil: null }),
    supersedes: fc.uniqueArray(adrNumber, { maxLength: 3 }),
    date: fc.option(isoDate, { nil: null }),
    deciders: fc.array(name, { maxLength: 4 }),
    consulted: names,
    informed: names,
    tags: fc.uniqueArray(tag, { maxLength: 3 }),
    technicalStory: fc.oneof(fc.constant(''), sentence),
    context: longText,
    drivers: fc.array(item, { maxLength: 5 }),
    options: fc.uniqueArray(
      fc.record({
        name: optionName,
        pros: fc.array(item, { maxLength: 3 }),
        cons: fc.array(item, { maxLength: 3 }),
        neutral: fc.array(item, { maxLength: 2 }),
        description: fc.option(descriptionBlock, { nil: undefined }),
      }),
      { maxLength: 5, selector: (option) => option.name.toLowerCase().replace(/["'`*_]/g, '') },
    ),
    chosenIndex: fc.nat(),
    justification: longText,
    positiveConsequences: fc.array(item, { maxLength: 4 }),
    negativeConsequences: fc.array(
      fc.record({ text: sentence, mitigation: fc.option(sentence, { nil: undefined }) }, { requiredKeys: ['text'] }),
      { maxLength: 3 },
    ),
    neutralConsequences: fc.array(item, { maxLength: 2 }),
    links: fc.array(item, { maxLength: 3 }),
    extraSections: fc.array(extraSection, { maxLength: 4 }),
  })
  .map(({ supersededByCandidate, chosenIndex, statusWording, ...content }) => {
    const status = statusWording ? readStatus(statusWording).status : content.status;
    const options = content.options.map(({ description, neutral, ...option }) => ({
      ...option,
      ...(neutral.length > 0 ? { neutral } : {}),
      ...(description ? { description } : {}),
    }));
    return {
      ...content,
      status,
      statusWording,
      options,
      teamId: 'T1',
      authorId: 'U1',
      createdAt: '2024-01-01T00:00:00.000Z',
      updatedAt: '2024-01-01T00:00:00.000Z',
      supersededBy: status === 'superseded' ? supersededByCandidate : null,
      chosenOption:
        options.length === 0 || chosenIndex % (options.length + 1) === options.length
          ? null
          : options[chosenIndex % (options.length + 1)]!.name,
      negativeConsequences: content.negativeConsequences.map(({ text, mitigation }) =>
        mitigation === undefined ? { text } : { text, mitigation },
      ),
    };
  });

/** What a profile carries of an ADR, in a form that does not depend on where the profile puts it. */
function carried(adr: Adr | ParsedAdr, profile: MarkdownProfile) {
  const sorted = (adr.extraSections ?? [])
    .map((extra) => ({ heading: extra.heading, level: extra.level, text: extra.text }))
    .sort((a, b) => `${a.heading}${a.text}`.localeCompare(`${b.heading}${b.text}`));
  return {
    title: adr.title,
    status: adr.status,
    statusWording: adr.statusWording ?? null,
    date: adr.date,
    deciders: adr.deciders,
    consulted: adr.consulted ?? [],
    informed: adr.informed ?? [],
    tags: adr.tags ?? [],
    technicalStory: adr.technicalStory,
    context: adr.context,
    drivers: adr.drivers,
    options: adr.options.map((option) => ({
      name: option.name,
      pros: option.pros,
      cons: option.cons,
      neutral: option.neutral ?? [],
      // Only the seed profile lists an option without arguments under "Pros and Cons".
      description: option.description ?? '',
    })),
    chosenOption: adr.chosenOption,
    justification: adr.justification,
    positiveConsequences: adr.positiveConsequences,
    negativeConsequences: adr.negativeConsequences,
    neutralConsequences: adr.neutralConsequences ?? [],
    links: adr.links,
    extraSections: sorted,
    profile,
  };
}

describe('a generated ADR → each profile → import gives the ADR back, and exporting again gives the same bytes', () => {
  const fileNames = (n: number) => adrFileName(n, `decision ${n}`);
  it.each(MARKDOWN_PROFILES)('%s', (profile) => {
    fc.assert(
      fc.property(adrArbitrary, (adr) => {
        const options: RenderOptions = { profile, fileNameOf: fileNames, titleOf: (n) => `Decision ${n}` };
        const markdown = renderAdrMarkdown(adr, options);
        const parsed = parseAdrMarkdown(markdown, adrFileName(adr.number, adr.title));
        expect(carried(parsed, profile)).toEqual(carried(adr, profile));
        expect(parsed.number).toBe(adr.number);
        expect(parsed.supersededBy?.number ?? null).toBe(adr.supersededBy);
        expect(parsed.supersedes.map((ref) => ref.number)).toEqual(adr.supersedes);
        expect(parsed.warnings).toEqual([]);
        const again: Adr = {
          ...adr,
          ...parsed,
          number: adr.number,
          supersededBy: adr.supersededBy,
          supersedes: adr.supersedes,
          relations: [],
          date: parsed.date,
        };
        expect(renderAdrMarkdown(again, options)).toBe(markdown);
      }),
      { numRuns: 250 },
    );
  });

  it('keeps the scoring table after the chosen option in the outcome text', () => {
    const adr = { ...emptyAdr(), chosenOption: 'A', options: [{ name: 'A', pros: [], cons: [] }] };
    const markdown = renderAdrMarkdown(adr, { profile: 'madr', outcomeTable: RICH_OUTCOME_TABLE });
    const parsed = parseAdrMarkdown(markdown, '0001-x.md');
    expect(parsed.outcomeTable).toEqual(RICH_OUTCOME_TABLE);
    expect(
      renderAdrMarkdown(
        { ...adr, ...parsed, number: adr.number, supersededBy: null, supersedes: [], relations: [] },
        { profile: 'madr' },
      ),
    ).toBe(markdown);
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
        relations: [],
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
