import { describe, expect, it } from 'vitest';
import { type AdrContent, emptyContent } from '../../../src/domain/adr.js';
import { type Finding, mergeFindings, realOptions, reviewContent } from '../../../src/domain/review.js';

/** A draft that passes every rule; each test breaks one thing. */
function completeContent(): AdrContent {
  return {
    ...emptyContent('Use PostgreSQL for primary database'),
    technicalStory: 'JIRA-123',
    context:
      'Orders are stored in SQLite, which cannot handle concurrent writes from the new workers. Which database should we use?',
    drivers: ['Must handle 500 writes per second', 'Team has SQL expertise'],
    options: [
      { name: 'PostgreSQL', pros: ['Mature'], cons: ['Operational effort'] },
      { name: 'DynamoDB', pros: ['Managed'], cons: ['No team experience'] },
    ],
    chosenOption: 'PostgreSQL',
    justification: 'It meets the write load and the team knows it.',
    positiveConsequences: ['Safe concurrent writes'],
    negativeConsequences: [{ text: 'Another service to operate', mitigation: 'Use the managed offering' }],
    links: ['https://example.com/benchmark'],
  };
}

function findingsFor(change: Partial<AdrContent>, status?: 'proposed' | 'accepted'): Finding[] {
  return reviewContent({ ...completeContent(), ...change }, status ? { status } : {});
}

describe('reviewContent', () => {
  it('finds nothing in a complete draft', () => {
    expect(reviewContent(completeContent())).toEqual([]);
  });

  it('warns about a missing title', () => {
    expect(findingsFor({ title: '  ' })).toEqual([expect.objectContaining({ section: 'Title', severity: 'warning' })]);
  });

  it('warns about an empty context', () => {
    const [finding] = findingsFor({ context: '' });
    expect(finding).toMatchObject({ section: 'Context and Problem Statement', severity: 'warning' });
    expect(finding?.message).toMatch(/Describe the context/);
  });

  it('warns about a context shorter than 80 characters', () => {
    const [finding] = findingsFor({ context: 'We need a database.' });
    expect(finding).toMatchObject({ section: 'Context and Problem Statement', severity: 'warning' });
    expect(finding?.message).toMatch(/very short/);
  });

  it('suggests stating the problem when the context has no problem statement', () => {
    const context =
      'Our company sells shoes online through a web shop built in 2019 with a team of five developers in Berlin.';
    expect(findingsFor({ context })).toEqual([
      expect.objectContaining({ section: 'Context and Problem Statement', severity: 'suggestion' }),
    ]);
  });

  it('warns about missing decision drivers', () => {
    expect(findingsFor({ drivers: [' '] })).toEqual([
      expect.objectContaining({ section: 'Decision Drivers', severity: 'warning' }),
    ]);
  });

  it('warns about fewer than two real options, ignoring placeholders and duplicates', () => {
    const options = [
      { name: 'PostgreSQL', pros: ['Mature'], cons: ['Effort'] },
      { name: 'postgresql', pros: ['Mature'], cons: ['Effort'] },
      { name: 'Option 2', pros: [], cons: [] },
      { name: 'TBD', pros: [], cons: [] },
    ];
    const findings = findingsFor({ options });
    expect(findings).toEqual([expect.objectContaining({ section: 'Considered Options', severity: 'warning' })]);
    expect(findings[0]?.message).toMatch(/Only one real option/);
    expect(findingsFor({ options: [], chosenOption: null }).map((finding) => finding.section)).toContain(
      'Considered Options',
    );
  });

  it('warns about an option without pros and one without cons, naming them', () => {
    const options = [
      { name: 'PostgreSQL', pros: [], cons: ['Effort'] },
      { name: 'DynamoDB', pros: ['Managed'], cons: [''] },
    ];
    const findings = findingsFor({ options });
    expect(findings).toHaveLength(2);
    expect(findings.every((finding) => finding.section === 'Pros and Cons of the Options')).toBe(true);
    expect(findings[0]?.message).toBe('Option "PostgreSQL" has no pros.');
    expect(findings[1]?.message).toMatch(/^Option "DynamoDB" has no cons/);
  });

  it('only suggests choosing an option while proposed, and warns once accepted', () => {
    expect(findingsFor({ chosenOption: null })).toEqual([
      expect.objectContaining({ section: 'Decision Outcome', severity: 'suggestion' }),
    ]);
    expect(findingsFor({ chosenOption: null }, 'accepted')).toEqual([
      expect.objectContaining({ section: 'Decision Outcome', severity: 'warning' }),
    ]);
  });

  it('warns when the chosen option is not a considered option', () => {
    expect(findingsFor({ chosenOption: 'MongoDB' })).toEqual([
      expect.objectContaining({
        section: 'Decision Outcome',
        severity: 'warning',
        message: expect.stringMatching(/MongoDB/),
      }),
    ]);
  });

  it('suggests a justification for the chosen option', () => {
    expect(findingsFor({ justification: '' })).toEqual([
      expect.objectContaining({ section: 'Decision Outcome', severity: 'suggestion' }),
    ]);
  });

  it('suggests listing positive consequences', () => {
    expect(findingsFor({ positiveConsequences: [] })).toEqual([
      expect.objectContaining({ section: 'Positive Consequences', severity: 'suggestion' }),
    ]);
  });

  it('warns about no negative consequences', () => {
    expect(findingsFor({ negativeConsequences: [{ text: ' ' }] })).toEqual([
      expect.objectContaining({ section: 'Negative Consequences', severity: 'warning' }),
    ]);
  });

  it('warns about each negative consequence without a mitigation', () => {
    const findings = findingsFor({
      negativeConsequences: [
        { text: 'Vendor lock-in' },
        { text: 'Cost', mitigation: 'Budget alerts' },
        { text: 'Latency', mitigation: ' ' },
      ],
    });
    expect(findings.map((finding) => finding.message)).toEqual([
      'Add a risk mitigation for "Vendor lock-in".',
      'Add a risk mitigation for "Latency".',
    ]);
  });

  it('suggests links when there are neither links nor a technical story', () => {
    expect(findingsFor({ links: [], technicalStory: '' })).toEqual([
      expect.objectContaining({ section: 'Links', severity: 'suggestion' }),
    ]);
    expect(findingsFor({ links: [], technicalStory: 'JIRA-1' })).toEqual([]);
  });

  it('reports an empty draft in template order', () => {
    const sections = reviewContent(emptyContent()).map((finding) => finding.section);
    expect(sections).toEqual([
      'Title',
      'Context and Problem Statement',
      'Decision Drivers',
      'Considered Options',
      'Decision Outcome',
      'Positive Consequences',
      'Negative Consequences',
      'Links',
    ]);
  });
});

describe('realOptions', () => {
  it('drops blank, placeholder and repeated names', () => {
    const content = {
      ...emptyContent(),
      options: ['A', ' ', 'Option 1', 'option b', 'a', '???', 'Do nothing'].map((name) => ({
        name,
        pros: [],
        cons: [],
      })),
    };
    expect(realOptions(content).map((option) => option.name)).toEqual(['A', 'Do nothing']);
  });
});

describe('mergeFindings', () => {
  it('dedupes by section and message (ignoring case and spacing) and orders by template section', () => {
    const rules: Finding[] = [
      { section: 'Links', severity: 'suggestion', message: 'Add links.' },
      { section: 'Decision Drivers', severity: 'warning', message: 'List the drivers.' },
    ];
    const ai: Finding[] = [
      { section: 'Decision Drivers', severity: 'suggestion', message: 'list the  drivers.' },
      { section: 'Links', severity: 'suggestion', message: 'Link the benchmark.' },
      { section: 'Title', severity: 'suggestion', message: 'Add links.' },
    ];
    expect(mergeFindings(rules, ai)).toEqual([
      { section: 'Title', severity: 'suggestion', message: 'Add links.' },
      { section: 'Decision Drivers', severity: 'warning', message: 'List the drivers.' },
      { section: 'Links', severity: 'suggestion', message: 'Add links.' },
      { section: 'Links', severity: 'suggestion', message: 'Link the benchmark.' },
    ]);
  });
});
