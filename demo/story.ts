/** The demo's cast, the Slack thread it starts from, what the (fake) AI answers, and everyone's scores. */

export interface Person {
  id: string;
  handle: string;
  name: string;
  first: string;
}

export const PEOPLE: readonly Person[] = [
  { id: 'U_ALICE', handle: 'alice', name: 'Alice Martin', first: 'Alice' },
  { id: 'U_BOB', handle: 'bob', name: 'Bob Chen', first: 'Bob' },
  { id: 'U_CAROL', handle: 'carol', name: 'Carol Diaz', first: 'Carol' },
  { id: 'U_DAN', handle: 'dan', name: 'Dan Okafor', first: 'Dan' },
];

/** 2026-03-02, from 09:12 UTC: the thread in #architecture. */
const at = (hhmm: string) => {
  const [hours = 0, minutes = 0] = hhmm.split(':').map(Number);
  return `${Date.UTC(2026, 2, 2, hours, minutes) / 1000}.000100`;
};

export const THREAD: readonly { user: string; ts: string; text: string }[] = [
  {
    user: 'U_ALICE',
    ts: at('09:12'),
    text: 'The order service hit lock timeouts again in the Black Friday rehearsal: SQLite cannot take concurrent writes from the new fulfilment workers. We need to pick a real primary database for orders this sprint. On the table: PostgreSQL, MongoDB, DynamoDB.',
  },
  {
    user: 'U_BOB',
    ts: at('09:18'),
    text: 'PostgreSQL. Orders, payments and stock reservations have to commit together, and finance already writes SQL against the nightly export. Four of us have run Postgres in production and on-call has runbooks for it.',
  },
  {
    user: 'U_CAROL',
    ts: at('09:26'),
    text: 'My worry is Q3: product expects 10K concurrent users, roughly 2,000 writes/s at peak. DynamoDB on-demand scales writes without us touching anything, and nobody gets paged for a failover.',
  },
  {
    user: 'U_DAN',
    ts: at('09:34'),
    text: 'DynamoDB means designing every access pattern up front, and finance’s ad-hoc reports would need a pipeline to Athena. Transactions are capped at 100 items too, and a big B2B order has more lines than that.',
  },
  {
    user: 'U_BOB',
    ts: at('09:41'),
    text: 'MongoDB came up last quarter: documents fit the variable line items, but multi-document transactions are its weak spot and none of us has operated it.',
  },
  {
    user: 'U_CAROL',
    ts: at('09:47'),
    text: 'Fair. If we go with Postgres, what is the plan when we outgrow one primary? <@U_DAN> I want that written down, not "we will shard later".',
  },
  {
    user: 'U_DAN',
    ts: at('09:55'),
    text: 'Partition orders by month, add a read replica for finance, and revisit if sustained writes pass 5,000/s. RDS is about $900/month at that size; DynamoDB on-demand would be ~$1,400 by my estimate.',
  },
  {
    user: 'U_ALICE',
    ts: at('10:02'),
    text: 'Enough for an ADR. I will draft it from this thread, then we score the three options and the deciders approve.',
  },
];

/**
 * The decision already in the log when the story starts: a year earlier, the MVP kept orders in SQLite. Written in
 * the product's template, as the app stores it (src/domain/adr.ts's AdrContent, without title-less fields).
 */
export const EARLIER_ADR = {
  title: 'Keep orders in SQLite for the MVP',
  date: '2025-03-10T09:00:00Z',
  context:
    'The order service runs as one process during the MVP and writes a few hundred orders a day. An embedded SQLite file needs no database server, no runbook and no hosting cost, and a year of orders fits in one file. Which store should the order service start with?',
  drivers: [
    'Nothing to run or get paged for during the MVP',
    'A few hundred orders a day from one process',
    'Easy to move off once the load says so',
  ],
  options: [
    {
      name: 'SQLite',
      pros: ['embedded: no server, no hosting cost', 'one file to back up'],
      cons: ['one writer at a time: concurrent writers wait for the lock'],
    },
    {
      name: 'PostgreSQL',
      pros: ['concurrent writers, transactions, SQL for reports'],
      cons: ['a server to run, patch and pay for before the MVP needs one'],
    },
  ],
  chosenOption: 'SQLite',
  justification:
    'the MVP has one writer and a few hundred orders a day; there is nothing to operate until the load says otherwise',
  positiveConsequences: ['Nothing to operate while the MVP finds its market'],
  negativeConsequences: [
    {
      text: 'Concurrent writers will hit lock timeouts',
      mitigation: 'move to a database server as soon as a second process writes orders',
    },
  ],
};

/**
 * What Alice types into *Estimate capacity* (the seed's System Design Step 2), by input: the thread's "2,000
 * writes/s at peak by Q3" worked out: 800k daily users placing, paying and reserving 6 writes a day, 2 KB each,
 * Black Friday at 36 × the average, orders kept 7 years for finance.
 */
export const CAPACITY_INPUTS = {
  dailyActiveUsers: '800k',
  actionsPerUserPerDay: '6',
  bytesPerItem: '2 KB',
  readsPerWrite: '8',
  peakFactor: '36',
  retentionYears: '7',
};

/** What the fake OpenAI answers to "Draft ADR from thread": the shape of src/ai/schemas.ts's DraftOutput. */
export const AI_DRAFT = {
  // The model was told about ADR-001 ({{related}}), so the context says what changed since.
  context:
    'ADR-001 kept orders, payments and stock reservations in an embedded SQLite file for the MVP, when one process wrote a few hundred orders a day. Since the new fulfilment workers went live, several processes write at once and the order service hits lock timeouts at peak; finance also needs ad-hoc reports across orders and payments. Product expects 10K concurrent users and about 2,000 writes/s at peak by Q3. Which database should be the order service’s primary store?',
  drivers: [
    'Orders, payments and stock reservations must commit in one ACID transaction',
    'Finance needs ad-hoc reporting queries (joins, aggregates)',
    'About 2,000 writes/s at peak by Q3, with room to grow',
    'What on-call already knows how to run in production',
    'Hosting cost under $1,500 per month',
  ],
  options: [
    {
      name: 'PostgreSQL',
      pros: [
        'full ACID transactions and foreign keys across orders, payments and stock',
        'SQL joins and window functions cover finance’s reports without another store',
        'four engineers have run it in production; on-call has runbooks',
        'managed on Amazon RDS with point-in-time recovery, about $900/month',
      ],
      cons: [
        'scaling writes past one primary needs partitioning, later sharding',
        'schema migrations on the large orders table need care',
      ],
    },
    {
      name: 'MongoDB',
      pros: ['documents fit orders with variable line items', 'sharding for horizontal scale is built in'],
      cons: [
        'multi-document transactions are slower and more limited than in a relational database',
        'finance reports need aggregation pipelines or an export to a warehouse',
        'nobody on the team has operated it in production',
      ],
    },
    {
      name: 'DynamoDB',
      pros: [
        'fully managed: on-demand capacity scales writes automatically',
        'single-digit millisecond latency at any scale',
        'no servers, patches or failovers for on-call',
      ],
      cons: [
        'every access pattern must be designed up front; ad-hoc queries are expensive',
        'transactions are limited to 100 items, fewer than a large B2B order has lines',
        'reporting needs a pipeline to a warehouse (S3 and Athena)',
        'about $1,400/month on demand at the Q3 load, and ties the service to AWS',
      ],
    },
  ],
  suggestedOutcome: {
    option: 'PostgreSQL',
    justification:
      'it gives the order service the transactions and reporting queries it needs today, the team already runs it, and partitioning covers the write growth expected by Q3.',
  },
  positiveConsequences: [
    'Orders, payments and stock reservations commit together: no more lock timeouts or half-written orders',
    'Finance runs its reports in SQL against a read replica',
    'On-call keeps one database engine it knows',
  ],
  negativeConsequences: [
    {
      text: 'A single primary limits write throughput',
      mitigation: 'partition orders by month, add a read replica, and revisit if sustained writes pass 5,000/s',
    },
    {
      text: 'Moving off SQLite needs a cut-over',
      mitigation: 'dual-write behind a feature flag for a week, then switch reads, with a rollback plan',
    },
  ],
};

/** What the fake OpenAI answers to "Review draft": suggestions the checklist rules cannot make. */
export const AI_REVIEW = {
  findings: [
    {
      section: 'Links',
      severity: 'suggestion',
      message: 'Link the Black Friday rehearsal report that shows the lock timeouts, so readers can check the numbers.',
    },
    {
      section: 'Negative Consequences',
      severity: 'suggestion',
      message: 'Say who owns the SQLite to PostgreSQL cut-over and by when.',
    },
    {
      section: 'Decision Drivers',
      severity: 'suggestion',
      message: 'State the availability target (e.g. 99.9 %) the choice must meet: it separates the options.',
    },
  ],
};

/** A scorer's 1–5 per option per criterion id (the default criteria). */
export type Sheet = Record<string, Record<string, number>>;

const sheet = (
  te: number,
  perf: number,
  community: number,
  cost: number,
  maturity: number,
  ecosystem: number,
  learning: number,
) => ({
  team_expertise: te,
  performance: perf,
  community_support: community,
  cost,
  maturity,
  ecosystem,
  learning_curve: learning,
});

// Bob likes what the team knows; Carol worries about Q3's load and rates DynamoDB's cost well (no ops);
// Dan counted the dollars and rates it poorly: DynamoDB's Cost spreads 2–5, worth a conversation.
const CAROL_FIRST: Sheet = {
  PostgreSQL: sheet(4, 2, 5, 3, 5, 4, 4),
  MongoDB: sheet(2, 4, 4, 3, 4, 4, 3),
  DynamoDB: sheet(2, 5, 4, 5, 5, 4, 2),
};

export const SCORES: Record<'bob' | 'carolFirst' | 'carolRevised' | 'dan', Sheet> = {
  bob: {
    PostgreSQL: sheet(5, 4, 5, 4, 5, 5, 4),
    MongoDB: sheet(2, 4, 4, 3, 4, 4, 3),
    DynamoDB: sheet(1, 5, 3, 3, 4, 3, 2),
  },
  carolFirst: CAROL_FIRST,
  // After Bob shares last year's load test (4,800 writes/s on one RDS primary), Carol raises PostgreSQL's Performance.
  carolRevised: { ...CAROL_FIRST, PostgreSQL: { ...CAROL_FIRST.PostgreSQL, performance: 4 } },
  dan: {
    PostgreSQL: sheet(5, 4, 5, 4, 5, 5, 4),
    MongoDB: sheet(1, 3, 4, 2, 4, 3, 2),
    DynamoDB: sheet(1, 5, 3, 2, 4, 3, 1),
  },
};
