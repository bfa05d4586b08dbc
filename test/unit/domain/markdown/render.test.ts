import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderAdrMarkdown } from '../../../../src/domain/markdown/render.js';
import { DISPLAY_NAMES, emptyAdr, FILE_NAMES, RICH_OUTCOME_TABLE, richAdr } from './sample-adrs.js';

const golden = (name: string) => readFileSync(new URL(`../../../golden/${name}`, import.meta.url), 'utf8');

const richOptions = {
  displayName: (userId: string) => DISPLAY_NAMES[userId] ?? userId,
  outcomeTable: RICH_OUTCOME_TABLE,
  fileNameOf: (adrNumber: number) => FILE_NAMES[adrNumber] ?? `${adrNumber}.md`,
  titleOf: (adrNumber: number) => `Decision ${adrNumber}`,
};

describe('renderAdrMarkdown golden files', () => {
  it.each(['madr4', 'nygard'] as const)('renders a rich and an empty ADR in the %s profile exactly', (profile) => {
    expect(renderAdrMarkdown(richAdr(), { profile, ...richOptions })).toBe(golden(`adr-rich.${profile}.md`));
    expect(renderAdrMarkdown(emptyAdr(), { profile })).toBe(golden(`adr-empty.${profile}.md`));
  });

  it('renders a rich ADR in the seed template exactly', () => {
    expect(renderAdrMarkdown(richAdr(), { profile: 'seed', ...richOptions })).toBe(golden('adr-rich.seed.md'));
  });

  it('renders a rich ADR as MADR 2.1.2 exactly', () => {
    expect(renderAdrMarkdown(richAdr(), { profile: 'madr', ...richOptions })).toBe(golden('adr-rich.madr.md'));
  });

  it('keeps every seed section, with placeholders, for an empty proposal', () => {
    expect(renderAdrMarkdown(emptyAdr(), { profile: 'seed' })).toBe(golden('adr-empty.seed.md'));
  });

  it('leaves optional MADR sections out for an empty proposal', () => {
    expect(renderAdrMarkdown(emptyAdr(), { profile: 'madr' })).toBe(golden('adr-empty.madr.md'));
  });
});

describe('seed template structure', () => {
  const markdown = renderAdrMarkdown(richAdr(), { profile: 'seed', ...richOptions });

  it('has the template’s headings in the template’s order', () => {
    const headings = markdown.split('\n').filter((line) => /^#{1,3} /.test(line));
    expect(headings).toEqual([
      '# ADR-007: Use PostgreSQL for primary database',
      '## Context and Problem Statement',
      '## Decision Drivers',
      '## Considered Options',
      '## Decision Outcome',
      '### Positive Consequences',
      '### Negative Consequences',
      '## Pros and Cons of the Options',
      '### PostgreSQL',
      '### MongoDB',
      '### Cassandra',
      '## Links',
    ]);
  });

  it('ends each bold metadata line but the last with a hard line break', () => {
    const metadata = markdown.split('\n').filter((line) => line.startsWith('**'));
    expect(metadata).toEqual([
      '**Date**: 2024-06-10\\',
      '**Status**: Superseded by ADR-012\\',
      '**Deciders**: Alice Martin, Carol Diaz\\',
      '**Technical Story**: https://example.com/issues/34',
    ]);
  });

  it('prints deciders as stored when no displayName is given', () => {
    expect(renderAdrMarkdown(richAdr(), { profile: 'seed' })).toContain('**Deciders**: U01ALICE, U02CAROL\\');
  });

  it('shows each status label', () => {
    for (const [status, label] of [
      ['proposed', 'Proposed'],
      ['accepted', 'Accepted'],
      ['rejected', 'Rejected'],
      ['deprecated', 'Deprecated'],
    ] as const) {
      const adr = { ...richAdr(), status, supersededBy: null };
      expect(renderAdrMarkdown(adr, { profile: 'seed' })).toContain(`**Status**: ${label}\\`);
      expect(renderAdrMarkdown(adr, { profile: 'madr' })).toContain(`* Status: ${status}\n`);
    }
  });

  it('escapes prose lines that would otherwise become headings', () => {
    const adr = { ...richAdr(), context: 'Intro\n## Not a heading\nEnd' };
    const markdown = renderAdrMarkdown(adr, { profile: 'seed' });
    expect(markdown).toContain('Intro\n\\## Not a heading\nEnd');
  });

  it('writes a chosen option without justification, and a decision without chosen option', () => {
    const noReason = renderAdrMarkdown({ ...richAdr(), justification: '' }, { profile: 'seed' });
    expect(noReason).toContain('Chosen option: "PostgreSQL".\n');
    const prose = renderAdrMarkdown(
      { ...richAdr(), chosenOption: null, justification: 'We will use it.' },
      {
        profile: 'seed',
      },
    );
    expect(prose).toContain('## Decision Outcome\n\nWe will use it.\n');
  });

  it('escapes pipes in table cells', () => {
    const markdown = renderAdrMarkdown(emptyAdr(), {
      profile: 'seed',
      outcomeTable: { headers: ['Option', 'Score'], rows: [['A|B', '1']] },
    });
    expect(markdown).toContain('| Option | Score |\n| --- | --- |\n| A\\|B | 1 |');
  });
});

describe('madr profile', () => {
  it('falls back to ADR-NNN references without fileNameOf', () => {
    const markdown = renderAdrMarkdown(richAdr(), { profile: 'madr' });
    expect(markdown).toContain('* Status: superseded by ADR-012\n');
    expect(markdown).toContain('* Supersedes ADR-003\n');
  });

  it('uses no emoji', () => {
    const markdown = renderAdrMarkdown(richAdr(), { profile: 'madr', ...richOptions });
    expect(markdown).not.toMatch(/[✅❌]/u);
    expect(markdown).toContain('* Good, because it has ACID transactions');
  });
});
