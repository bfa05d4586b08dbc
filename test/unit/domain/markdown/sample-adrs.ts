import type { Adr } from '../../../../src/domain/adr.js';

/** A rich ADR that uses every section; its renderings are the golden files under test/golden/. */
export function richAdr(): Adr {
  return {
    teamId: 'T01TEAM',
    number: 7,
    title: 'Use PostgreSQL for primary database',
    status: 'superseded',
    supersededBy: 12,
    supersedes: [3],
    authorId: 'U01ALICE',
    date: '2024-06-10',
    createdAt: '2024-06-10T09:00:00.000Z',
    updatedAt: '2024-06-12T15:30:00.000Z',
    deciders: ['U01ALICE', 'U02CAROL'],
    technicalStory: 'https://example.com/issues/34',
    context: [
      'Our order service stores customers, orders and invoices, with many relations between them.',
      'Finance needs ad-hoc reports that join most of these tables.',
      '',
      'We expect 10K concurrent users within a year. The team has run PostgreSQL and MySQL before, but never a document store.',
    ].join('\n'),
    drivers: [
      'Need to support 10K concurrent users',
      'Team has Python expertise',
      'Budget constraint of $500/month',
      'Must deploy within 3 months',
    ],
    options: [
      {
        name: 'PostgreSQL',
        pros: ['it has ACID transactions', 'it runs powerful queries and supports JSON'],
        cons: ['write scaling requires sharding'],
      },
      {
        name: 'MongoDB',
        pros: ['its schema is flexible'],
        cons: ['it has no joins', 'reads are eventually consistent'],
      },
      { name: 'Cassandra', pros: ['it sustains high write throughput'], cons: ['its queries are limited'] },
    ],
    chosenOption: 'PostgreSQL',
    justification: 'it handles our relational data and reporting joins, and the team already runs it in production.',
    positiveConsequences: ['Reporting queries run directly on the primary data', 'One database technology to operate'],
    negativeConsequences: [
      {
        text: 'Write scaling will eventually need sharding',
        mitigation: 'add read replicas first and revisit sharding above 5K writes/sec',
      },
      { text: 'Schema changes need migrations' },
    ],
    links: ['[PostgreSQL benchmark](https://example.com/bench)', 'https://www.postgresql.org/docs/'],
  };
}

export const RICH_OUTCOME_TABLE = {
  headers: ['Option', 'Team Expertise (25%)', 'Performance (20%)', 'Weighted score'],
  rows: [
    ['PostgreSQL', '5', '4', '4.4'],
    ['MongoDB', '2', '4', '3.1'],
    ['Cassandra', '1', '5', '2.6'],
  ],
};

export const DISPLAY_NAMES: Record<string, string> = { U01ALICE: 'Alice Martin', U02CAROL: 'Carol Diaz' };

export const FILE_NAMES: Record<number, string> = {
  3: '0003-use-mysql-for-primary-database.md',
  12: '0012-use-cockroachdb-for-primary-database.md',
};

/** A proposal fresh out of the wizard's first step: only a title. */
export function emptyAdr(): Adr {
  return {
    teamId: 'T01TEAM',
    number: 12,
    title: 'Use CockroachDB for primary database',
    status: 'proposed',
    supersededBy: null,
    supersedes: [],
    authorId: 'U01ALICE',
    date: '2025-01-15',
    createdAt: '2025-01-15T10:00:00.000Z',
    updatedAt: '2025-01-15T10:00:00.000Z',
    deciders: [],
    technicalStory: '',
    context: '',
    drivers: [],
    options: [],
    chosenOption: null,
    justification: '',
    positiveConsequences: [],
    negativeConsequences: [],
    links: [],
  };
}
