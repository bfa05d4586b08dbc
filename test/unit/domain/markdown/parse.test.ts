import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ADR_STATUSES, chosenOptionOf } from '../../../../src/domain/adr.js';
import { isAdrFile, type ParsedAdr, parseAdrMarkdown } from '../../../../src/domain/markdown/parse.js';
import { ADR_SAMPLES_DIR } from '../../../support/samples.js';

/** Real ADR folders copied from public repositories, with their licences (see test/fixtures/adr-folders/README.md). */
const SAMPLES = ADR_SAMPLES_DIR;
const SAMPLE_FOLDERS = ['madr', 'log4brains', 'log4brains-edge-cases'];

function sample(path: string): ParsedAdr {
  return parseAdrMarkdown(readFileSync(join(SAMPLES, path), 'utf8'), path.split('/').pop()!);
}

describe('sample ADR folders', () => {
  const files = SAMPLE_FOLDERS.flatMap((folder) =>
    readdirSync(join(SAMPLES, folder))
      .sort()
      .map((name) => `${folder}/${name}`),
  );

  it('skips templates, indexes, READMEs and licences, and nothing else', () => {
    const skipped = files.filter((path) => !isAdrFile(path, readFileSync(join(SAMPLES, path), 'utf8')));
    expect(skipped).toEqual([
      'madr/LICENSE.MIT',
      'madr/adr-template.md',
      'madr/index.md',
      'log4brains/LICENSE',
      'log4brains/README.md',
      'log4brains/index.md',
      'log4brains/template.md',
      'log4brains-edge-cases/LICENSE',
      'log4brains-edge-cases/template.md',
    ]);
  });

  const decisions = files.filter((path) => isAdrFile(path, readFileSync(join(SAMPLES, path), 'utf8')));

  it.each(decisions)('%s parses with a title, a status and a known format', (path) => {
    const adr = sample(path);
    expect(adr.title.trim()).not.toBe('');
    expect(ADR_STATUSES).toContain(adr.status);
    expect(adr.format).not.toBe('unknown');
    if (adr.date !== null) expect(adr.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // The chosen option is kept exactly as the file wrote it.
    if (adr.chosenOption !== null) {
      expect(readFileSync(join(SAMPLES, path), 'utf8')).toContain(`Chosen option: "${adr.chosenOption}"`);
    }
  });

  it('reads log4brains metadata bullets', () => {
    const adr = sample('log4brains-edge-cases/20200101-first-adr.md');
    expect(adr).toMatchObject({
      title: 'First ADR',
      number: null,
      status: 'accepted',
      deciders: ['John Doe', 'Foo bar'],
      date: '2020-01-01',
      tags: ['foo', 'bar'],
      technicalStory: 'lorem ipsum',
      context: 'Lorem ipsum.',
      justification: 'Lorem ipsum.',
      format: 'log4brains',
      warnings: [],
    });
  });

  it('reads superseded-by links to date-named files as references to resolve later', () => {
    const superseded = sample('log4brains-edge-cases/20201028-superseded-adr.md');
    expect(superseded.status).toBe('superseded');
    expect(superseded.supersededBy).toMatchObject({ number: null, ref: '20201029-superseder' });
    const superseder = sample('log4brains-edge-cases/20201029-superseder.md');
    expect(superseder.status).toBe('accepted');
    expect(superseder.supersedes).toMatchObject([{ number: null, ref: '20201028-superseded-adr' }]);
    expect(superseder.links).toEqual([]);
  });

  it('maps draft to proposed and keeps rejected', () => {
    const draft = sample('log4brains-edge-cases/20201030-draft-adr.md');
    expect(draft.status).toBe('proposed');
    expect(draft.statusWording).toBe('draft');
    expect(draft.notices).toContain('Status "draft" is kept as written and counts as Proposed.');
    expect(draft.warnings).toEqual([]);
    expect(sample('log4brains-edge-cases/20201029-rejected-adr.md').status).toBe('rejected');
    expect(sample('log4brains-edge-cases/20201029-proposed-adr.md').status).toBe('proposed');
  });

  it('reads a missing status as accepted, with a warning', () => {
    const adr = sample('log4brains-edge-cases/20200102-adr-without-status.md');
    expect(adr.status).toBe('accepted');
    expect(adr.deciders).toEqual(['John Doe']);
    expect(adr.warnings).toEqual(['The file has no status; it was read as accepted, as log4brains does.']);
  });

  it('makes a title from the file name when there is none', () => {
    const adr = sample('log4brains-edge-cases/20201028-adr-with-no-metadata-no-title.md');
    expect(adr.title).toBe('Adr with no metadata no title');
    expect(adr.date).toBe('2020-10-28');
    expect(adr.warnings[0]).toMatch(/no title/);
  });

  it('takes a missing date from a date-named file, and says so', () => {
    const adr = sample('log4brains-edge-cases/20201028-adr-without-date.md');
    expect(adr.date).toBe('2020-10-28');
    expect(adr.notices).toContain('The date 2020-10-28 comes from the file name.');
  });

  it('leaves the date of a file without one unknown', () => {
    const adr = parseAdrMarkdown('# Use X\n\n## Context\n\nx\n', '0004-use-x.md');
    expect(adr.date).toBeNull();
  });

  it('keeps an introduction paragraph as the start of the context', () => {
    const adr = sample('log4brains-edge-cases/20200102-adr-with-intro.md');
    expect(adr.context).toBe('This is an introduction paragraph.\n\nLorem ipsum.');
    expect(adr.deciders).toEqual(['John Doe', 'Foo bar']);
  });

  it('keeps sections it has no place for', () => {
    const adr = sample('log4brains-edge-cases/20201028-links.md');
    expect(adr.extraSections).toHaveLength(1);
    expect(adr.extraSections?.[0]?.heading).toBe('Tests');
    expect(adr.extraSections?.[0]?.text).toContain('[External link](https://www.google.com/)');
  });

  it('flattens nested option lists and resolves the chosen option', () => {
    const adr = sample('log4brains/20200925-multi-packages-architecture-in-a-monorepo-with-yarn-and-lerna.md');
    expect(adr.options.map((option) => option.name)).toEqual([
      'Monolith',
      'Multi-packages, multirepo',
      'Multi-packages, monorepo, with NPM and scripts for links and publication',
      'Multi-packages, monorepo, with Yarn and scripts for publication',
      'Multi-packages, monorepo, with Yarn and Lerna',
    ]);
    expect(adr.chosenOption).toBe('Multi-packages, monorepo, with Yarn and Lerna');
    expect(adr.chosenOptionConnector).toBe(', because\n\n');
    expect(adr.justification).toMatch(/^- We don't want a monolith/);
    expect(adr.links).toHaveLength(2);
  });

  it('reads positive and negative consequences and drivers from log4brains', () => {
    const adr = sample(
      'log4brains/20201026-the-core-api-is-responsible-for-enhancing-the-adr-markdown-body-with-mdx.md',
    );
    expect(adr.drivers).toEqual(['Potential future development of a VSCode extension']);
    expect(adr.chosenOption).toBe('Option 2: the core API is responsible (with MDX)');
    expect(adr.justification).toMatch(/^Because if we develop the VSCode extension/);
    expect(adr.positiveConsequences).toEqual(['The metadata in the header is simply removed']);
    expect(adr.negativeConsequences).toEqual([
      { text: 'Each UI package will have to implement its own Header component' },
    ]);
  });

  it('reads a MADR 3 file: front matter, number from the file name, technical story inside the context', () => {
    const adr = sample('madr/0008-add-status-field.md');
    expect(adr.format).toBe('madr3');
    expect(adr.number).toBe(8);
    expect(adr.title).toBe('Add Status Field');
    expect(adr.technicalStory).toBe('<https://github.com/adr/madr/issues/2>');
    expect(adr.context).toBe('ADRs have a status. Should this be tracked? And if it should, how should we track it?');
    expect(adr.chosenOption).toBe('Use YAML front matter');
    expect(adr.justification).toBe('comes out best (see below).');
    const textLine = adr.options.find((option) => option.name === 'Use text line');
    expect(textLine?.pros).toHaveLength(6);
    expect(textLine?.cons).toEqual([
      '"Status" line needs to be maintained',
      'uses space at the beginning. When users read MADR, they should directly dive into the context and problem and not into the status',
    ]);
    // The code block holds "---" and "# Write own MADR tooling": neither may be read as structure.
    expect(adr.options.map((option) => option.name)).toHaveLength(6);
    expect(adr.extraSections?.find((extra) => extra.heading === 'More Information')?.text).toMatch(/See \[ADR-0013\]/);
  });

  it('reads a MADR front-matter status it does not know as proposed, with a warning', () => {
    const adr = sample('madr/0003-provide-own-madr-tools.md');
    expect(adr.status).toBe('proposed');
    expect(adr.statusWording).toBe('on hold');
    expect(adr.notices).toContain('Status "on hold" is kept as written and counts as Proposed.');
  });

  it('keeps the chosen option exactly, and one written in other words as prose that still names it', () => {
    expect(sample('madr/0016-outcome-before-detailed-pros-cons.md').chosenOption).toBe(
      "Section 'Pros and Cons of the Options' after 'Decision Outcome'",
    );
    const other = parseAdrMarkdown(
      "# Use X\n\n## Decision Outcome\n\nChosen option: 'Plan B', because it is cheaper.\n",
      '0001-use-x.md',
    );
    expect(other.chosenOption).toBeNull();
    expect(other.justification).toBe("Chosen option: 'Plan B', because it is cheaper.");
    expect(chosenOptionOf(other)).toBe('Plan B');
    expect(sample('madr/0018-use-confirmation-as-heading.md').chosenOption).toBe('Confirmation');
    expect(sample('madr/0000-use-markdown-architectural-decision-records.md')).toMatchObject({
      number: 0,
      chosenOption: 'MADR 4.0.0',
      chosenOptionConnector: ', because\n\n',
    });
  });

  it('counts neutral arguments it skips', () => {
    const adr = sample('madr/0013-use-yaml-front-matter-for-meta-data.md');
    expect(adr.drivers).toEqual(['Easy to read', 'Easy to write']);
    expect(adr.options.map((option) => [option.name, option.pros.length, option.cons.length])).toEqual([
      ['Use YAML front matter', 3, 3],
      ['Use plain Markdown everywhere', 1, 2],
    ]);
  });
});

describe('adr-tools (Nygard) format', () => {
  const superseder = [
    '# 2. Use Kafka for order events',
    '',
    'Date: 2021-03-04',
    '',
    '## Status',
    '',
    'Accepted',
    '',
    'Supersedes [1. Use RabbitMQ for order events](0001-use-rabbitmq-for-order-events.md)',
    '',
    '## Context',
    '',
    'Several services need to replay order events.',
    '',
    '## Decision',
    '',
    'We will publish order events to Kafka.',
    '',
    '## Consequences',
    '',
    'Consumers can replay the last seven days.',
    '',
  ].join('\n');

  it('reads number, date, status, relations, context and decision', () => {
    const adr = parseAdrMarkdown(superseder, '0002-use-kafka-for-order-events.md');
    expect(adr).toMatchObject({
      format: 'adr-tools',
      number: 2,
      title: 'Use Kafka for order events',
      date: '2021-03-04',
      status: 'accepted',
      supersedes: [{ number: 1, ref: '0001-use-rabbitmq-for-order-events' }],
      context: 'Several services need to replay order events.',
      chosenOption: null,
      justification: 'We will publish order events to Kafka.',
      // Nygard's consequences give no sign: they stay unsigned, as written.
      positiveConsequences: [],
      negativeConsequences: [],
      notes: { consequences: 'Consumers can replay the last seven days.' },
      links: [],
    });
    expect(adr.warnings).toEqual([]);
  });

  it('keeps an unsigned consequences list unsigned, and signs only what the source signs', () => {
    const adr = parseAdrMarkdown(
      "# 3. Use Go\n\n## Status\n\nAccepted\n\n## Consequences\n\n* The tool won't support Windows\n* Good, because builds are fast\n\n### Negative\n\n* Fewer libraries\n",
      '0003-use-go.md',
    );
    expect(adr.consequences).toEqual(["The tool won't support Windows"]);
    expect(adr.positiveConsequences).toEqual(['builds are fast']);
    expect(adr.negativeConsequences).toEqual([{ text: 'Fewer libraries' }]);
  });

  it('reads "Superseded by" in the status section', () => {
    const text = [
      '# 1. Use RabbitMQ for order events',
      '',
      'Date: 2020-01-15',
      '',
      '## Status',
      '',
      'Superseded by [2. Use Kafka for order events](0002-use-kafka-for-order-events.md)',
      '',
      '## Context',
      '',
      'We need a broker.',
    ].join('\n');
    const adr = parseAdrMarkdown(text, '0001-use-rabbitmq-for-order-events.md');
    expect(adr.status).toBe('superseded');
    expect(adr.supersededBy).toMatchObject({ number: 2, ref: '0002-use-kafka-for-order-events' });
    expect(adr.warnings).toEqual([]);
  });
});

describe('MADR 3/4 front matter', () => {
  const text = [
    '---',
    'status: "superseded by ADR-0005"',
    'date: 2023-05-02',
    'decision-makers:',
    '  - Alice Martin',
    '  - Bob Stone',
    'consulted: Dana',
    '---',
    '# Use Redis for sessions',
    '',
    '## Context and Problem Statement',
    '',
    'Sessions live in memory.',
    '',
    '## Considered Options',
    '',
    '* Redis',
    '* Sticky sessions',
    '',
    '## Decision Outcome',
    '',
    'Chosen option: "Redis", because it survives restarts.',
    '',
    '### Consequences',
    '',
    '* Good, because any instance can serve a user',
    '* Bad, because Redis becomes critical',
    '* Neutral, because we already run Redis',
    '',
    '### Confirmation',
    '',
    'A load test kills one instance.',
    '',
  ].join('\r\n');

  it('reads status, date and decision makers from YAML, and one Good/Bad consequences list', () => {
    const adr = parseAdrMarkdown(text, '0004-use-redis-for-sessions.md');
    expect(adr).toMatchObject({
      format: 'madr3',
      number: 4,
      title: 'Use Redis for sessions',
      status: 'superseded',
      supersededBy: { number: 5, ref: 'ADR-0005' },
      date: '2023-05-02',
      deciders: ['Alice Martin', 'Bob Stone'],
      chosenOption: 'Redis',
      justification: 'it survives restarts.',
      positiveConsequences: ['any instance can serve a user'],
      negativeConsequences: [{ text: 'Redis becomes critical' }],
      neutralConsequences: ['we already run Redis'],
      extraSections: [{ heading: 'Confirmation', level: 3, text: 'A load test kills one instance.', after: 'outcome' }],
    });
    expect(adr.warnings).toEqual([]);
  });

  it('warns about broken front matter instead of throwing', () => {
    const adr = parseAdrMarkdown('---\nstatus: [unclosed\n---\n# Title\n', 'x.md');
    expect(adr.title).toBe('Title');
    expect(adr.warnings.some((warning) => warning.startsWith('The YAML front matter could not be read'))).toBe(true);
  });
});

describe('seed format', () => {
  it('reads bold metadata with hard line breaks and the ADR number from the title', () => {
    const text = [
      '# ADR-042: Use FastAPI for the API  ',
      '',
      '**Date**: 2024-02-01\\',
      '**Status**: Superseded by ADR-051  ',
      '**Deciders**: Ana, Ben',
      '**Technical Story**: JIRA-12',
      '',
      '## Context and Problem Statement',
      '',
      'We need an API framework.',
    ].join('\n');
    const adr = parseAdrMarkdown(text, 'adr-042.md');
    expect(adr).toMatchObject({
      format: 'seed',
      number: 42,
      title: 'Use FastAPI for the API',
      date: '2024-02-01',
      status: 'superseded',
      supersededBy: { number: 51, ref: 'ADR-051' },
      deciders: ['Ana', 'Ben'],
      technicalStory: 'JIRA-12',
    });
  });

  it("keeps the file name's number when the title says another, and says so", () => {
    const adr = parseAdrMarkdown('# ADR-003: X\n', '0004-x.md');
    expect(adr.number).toBe(4);
    expect(adr.notices).toContain("The title says 3 but the file name says 4; the file name's number is kept.");
  });

  it('reads placeholder sections as empty', () => {
    const text =
      '# ADR-001: X\n\n**Status**: Proposed\n\n## Decision Drivers\n\n_None yet._\n\n## Links\n\n_None yet._\n';
    const adr = parseAdrMarkdown(text, 'x.md');
    expect(adr.drivers).toEqual([]);
    expect(adr.links).toEqual([]);
  });
});

describe('isAdrFile', () => {
  it.each([
    ['template.md', false],
    ['docs/adr/TEMPLATE.md', false],
    ['adr-template.md', false],
    ['index.md', false],
    ['README.md', false],
    ['LICENSE', false],
    ['LICENSE.md', false],
    ['0001-use-x.png', false],
    ['0001-use-x.md', true],
    ['20200101-first.md', true],
    ['notes.markdown', true],
  ])('%s → %s', (fileName, expected) => {
    expect(isAdrFile(fileName, '# A decision\n')).toBe(expected);
  });

  it('skips empty files and unfilled templates saved under another name', () => {
    expect(isAdrFile('0001-x.md', '  \n')).toBe(false);
    expect(isAdrFile('0001-x.md', '# [short title of solved problem and solution]\n')).toBe(false);
    expect(isAdrFile('0001-x.md', '# {short title, representative of solved problem}\n')).toBe(false);
  });
});
