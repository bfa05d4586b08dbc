import type { AdrContent, ConsideredOption } from './adr.js';

export interface TopicOption extends ConsideredOption {
  /** The situation this option fits best, shown as a hint next to it. */
  useWhen: string;
}

/** A ready-made starting point for one of the common ADR topics: drivers and options to edit, not a verdict. */
export interface TopicStarter {
  id: string;
  label: string;
  /** A suggested problem statement, phrased as the question the ADR answers. */
  question: string;
  drivers: string[];
  options: TopicOption[];
  /** Background worth knowing whichever option wins. */
  notes: string[];
}

export const TOPIC_STARTERS: readonly TopicStarter[] = [
  {
    id: 'database-selection',
    label: 'Database selection',
    question: 'Which database should hold our primary data?',
    drivers: [
      'Shape of the data: relational, documents, key-value or time-series',
      'Consistency we need: strong transactions or eventual consistency',
      'Expected read and write volume, and how it will grow',
      'What the team already knows how to run in production',
      'Hosting and licensing cost',
    ],
    options: [
      {
        name: 'PostgreSQL',
        pros: [
          'it gives full ACID transactions',
          'it handles complex queries, joins and reporting well',
          'it stores and indexes JSON alongside relational data',
          'extensions add search, geo and time-series features',
        ],
        cons: ['scaling writes beyond one primary means sharding'],
        useWhen: 'The data is relational or the queries are complex; a sound default.',
      },
      {
        name: 'MySQL',
        pros: ['it is simple to operate', 'reads are fast', 'it is very widely adopted and hosted everywhere'],
        cons: ['it has fewer advanced features than PostgreSQL'],
        useWhen: 'The workload is read-heavy and the schema is simple.',
      },
      {
        name: 'MongoDB',
        pros: ['the schema is flexible and can change as we iterate', 'it scales out horizontally'],
        cons: ['it has no joins in the relational sense', 'reads can be eventually consistent'],
        useWhen: 'We store documents and expect the data model to change quickly.',
      },
      {
        name: 'Redis',
        pros: [
          'it answers from memory, very fast',
          'it offers rich data structures such as sets, sorted sets and streams',
        ],
        cons: ['the data set is limited by available RAM'],
        useWhen: 'We need caching, sessions or real-time counters rather than a system of record.',
      },
      {
        name: 'Cassandra',
        pros: ['it sustains very high write throughput', 'it replicates across several data centers'],
        cons: ['reads are eventually consistent', 'queries are limited to patterns designed up front'],
        useWhen: 'We ingest time-series or other high-volume writes.',
      },
    ],
    notes: ['Reads scale with replicas and caching; writes scale with sharding, pooling and batching.'],
  },
  {
    id: 'architecture-pattern',
    label: 'Architecture pattern',
    question: 'How should we structure the system: one deployable or several services?',
    drivers: [
      'Size of the team and how many teams work on the system',
      'How complex the domain is and whether it has clear boundaries',
      'Parts that need to scale independently',
      'Operational maturity: CI/CD, monitoring, on-call',
      'Time to the first release',
    ],
    options: [
      {
        name: 'Monolith',
        pros: [
          'deployment is a single artifact',
          'testing end to end is easy',
          'components call each other without network latency',
          'debugging happens in one process',
        ],
        cons: [
          'the whole application scales as one unit',
          'build and deploy times grow with the code base',
          'one technology stack is locked in for everything',
        ],
        useWhen: 'A small team (under 5), a simple domain, an MVP, or modest traffic.',
      },
      {
        name: 'Microservices',
        pros: [
          'each service deploys independently',
          'each service can pick its own technology',
          'teams own their services autonomously',
          'a failing service does not take the others down',
        ],
        cons: [
          'operating many services is complex',
          'calls between services add network latency',
          'keeping data consistent across services is hard',
          'debugging spans a distributed system',
        ],
        useWhen: 'A large team (10+), a complex domain with clear boundaries, parts that need their own scaling.',
      },
      {
        name: 'Event-driven architecture',
        pros: [
          'producers and consumers are loosely coupled',
          'consumers scale out independently',
          'work survives failures because events are kept',
          'events can be replayed to rebuild state or audit history',
        ],
        cons: [
          'state is only eventually consistent',
          'following a flow across consumers is harder to debug',
          'message ordering needs care',
        ],
        useWhen: 'Work can happen asynchronously, systems must stay decoupled, or an audit trail is required.',
      },
      {
        name: 'CQRS',
        pros: [
          'read and write models are each optimized for their job',
          'reads and writes scale independently',
          'queries against denormalized read models stay simple',
        ],
        cons: [
          'read models are eventually consistent',
          'the overall design is more complex',
          'the two sides must be kept in sync',
        ],
        useWhen: 'Reads far outnumber writes (10:1 or more) or read requirements are complex.',
      },
      {
        name: 'Layered architecture',
        pros: [
          'concerns are clearly separated into presentation, business, data access and storage',
          'each layer can be tested on its own',
        ],
        cons: [
          'a simple change can ripple through every layer',
          'it says nothing about how to scale or split the system',
        ],
        useWhen: 'Structuring the inside of one application or service.',
      },
    ],
    notes: ['Start with a monolith and extract services when a real pain point shows up.'],
  },
  {
    id: 'api-framework',
    label: 'API framework choice',
    question: 'Which framework should we build the API with?',
    drivers: [
      'Languages the team is fluent in',
      'Latency and throughput targets',
      'Built-in validation, documentation (OpenAPI) and testing support',
      'Size and activity of the community and ecosystem',
      'Time until a new developer is productive',
    ],
    options: [
      {
        name: 'FastAPI (Python)',
        pros: [
          'it validates requests from type hints and generates OpenAPI docs',
          'async support gives good I/O performance',
          'it sits next to the Python data and ML ecosystem',
        ],
        cons: ['CPU-bound work is limited by the Python runtime', 'it is younger than Django'],
        useWhen: 'A Python team, data- or ML-heavy services.',
      },
      {
        name: 'Django (Python)',
        pros: ['it ships an ORM, admin and authentication out of the box', 'it is very mature'],
        cons: ['it is heavier than needed for a pure API', 'async support is partial'],
        useWhen: 'A Python team building a data-backed product with an admin back office.',
      },
      {
        name: 'Express or NestJS (Node.js)',
        pros: ['it excels at I/O-heavy and real-time work', 'one language for front end and back end'],
        cons: ['CPU-heavy work blocks the event loop', 'Express leaves structure to the team'],
        useWhen: 'Real-time or I/O-heavy APIs and a JavaScript/TypeScript team.',
      },
      {
        name: 'Gin or Echo (Go)',
        pros: ['compiled binaries are fast and lean on memory', 'it deploys as a single static binary'],
        cons: ['the ecosystem is smaller for some business needs', 'more code is written by hand'],
        useWhen: 'High-performance services and microservices.',
      },
      {
        name: 'Spring Boot (Java)',
        pros: ['it is enterprise-proven with a huge ecosystem', 'it integrates with Kafka, security and data access'],
        cons: ['startup time and memory use are higher', 'the learning curve is steeper'],
        useWhen: 'Large-scale enterprise systems and Java teams.',
      },
    ],
    notes: ['Version the API from day one and add rate limiting whichever framework wins.'],
  },
  {
    id: 'authentication-authorization',
    label: 'Authentication and authorization approach',
    question: 'How do users and services prove who they are, and how do we decide what they may do?',
    drivers: [
      'Who signs in: our own users, enterprise SSO users, other services',
      'Whether the API servers must stay stateless',
      'How quickly we must be able to revoke access',
      'Compliance and audit requirements',
      'How fine-grained permissions need to be',
    ],
    options: [
      {
        name: 'JWT access tokens with refresh tokens',
        pros: ['servers verify tokens without a session store', 'refresh tokens keep long sessions safe'],
        cons: ['revoking a token before it expires needs extra machinery', 'token size grows with claims'],
        useWhen: 'Stateless APIs behind a load balancer.',
      },
      {
        name: 'Server-side sessions (e.g. in Redis)',
        pros: ['revoking a session is instant', 'cookies stay small and opaque'],
        cons: ['every request needs a session lookup', 'the session store becomes a dependency'],
        useWhen: 'A classic web application where instant logout matters.',
      },
      {
        name: 'OAuth 2.0 / OpenID Connect with an identity provider',
        pros: ['it supports SSO and third-party sign-in', 'passwords and MFA are handled by specialists'],
        cons: ['it adds a vendor or service to run', 'the flows are complex to get right'],
        useWhen: 'Third-party or enterprise sign-in, or we prefer not to store passwords.',
      },
      {
        name: 'Role-based access control (RBAC)',
        pros: ['roles are easy to explain and audit', 'it is supported almost everywhere'],
        cons: ['roles multiply when rules depend on context'],
        useWhen: 'Permissions follow job roles.',
      },
      {
        name: 'Attribute-based access control (ABAC)',
        pros: ['rules can use any attribute: owner, team, time, location'],
        cons: ['policies are harder to test and reason about'],
        useWhen: 'Access depends on the data itself, such as ownership or tenancy.',
      },
    ],
    notes: [
      'Authentication and authorization are separate choices: pick one of each.',
      'Hash passwords with bcrypt or Argon2, enforce MFA where it matters, never log secrets.',
    ],
  },
  {
    id: 'deployment-strategy',
    label: 'Deployment strategy',
    question: 'How do we package, run and release the system?',
    drivers: [
      'Shape of the load: steady, spiky or batch',
      'Operations skills in the team',
      'Monthly infrastructure budget',
      'Zero-downtime releases and rollback',
      'Need to scale out automatically',
    ],
    options: [
      {
        name: 'Docker on Kubernetes',
        pros: [
          'it auto-scales and self-heals',
          'rolling and canary releases are built in',
          'it is portable across clouds',
        ],
        cons: ['the cluster is complex to operate', 'it costs more than simple setups at small scale'],
        useWhen: 'Many services, a team able to run a cluster, or a managed Kubernetes offer.',
      },
      {
        name: 'Managed containers (e.g. ECS, Cloud Run)',
        pros: ['containers without a cluster to operate', 'scaling is configured, not built'],
        cons: ['it ties us to one cloud provider', 'it offers fewer knobs than Kubernetes'],
        useWhen: 'A few containerized services and a small operations team.',
      },
      {
        name: 'Serverless functions',
        pros: ['we pay per execution', 'scaling is automatic, down to zero'],
        cons: ['cold starts add latency', 'long-running and stateful work fits badly'],
        useWhen: 'Variable or spiky load and event-driven glue code.',
      },
      {
        name: 'Virtual machines with a process manager (e.g. PM2, systemd)',
        pros: ['it is simple to understand and debug', 'costs are predictable'],
        cons: ['scaling and failover are manual', 'servers drift without strict automation'],
        useWhen: 'A single application with steady load.',
      },
    ],
    notes: [
      'Automate deployments in CI/CD and roll out risky changes behind feature flags.',
      'Reserved instances save 30-60% on stable load; spot instances save 70-90% on batch jobs.',
    ],
  },
  {
    id: 'caching-strategy',
    label: 'Caching strategy',
    question: 'How do we cache data to cut latency and database load without serving stale data?',
    drivers: [
      'Read/write ratio of the data',
      'How stale a cached value may be',
      'Latency target for reads',
      'Memory budget for the cache',
    ],
    options: [
      {
        name: 'Cache-aside (lazy loading)',
        pros: ['only data that is actually read gets cached', 'the application keeps working if the cache is down'],
        cons: ['the first read of each key is a miss', 'cached values can go stale until they expire'],
        useWhen: 'Read-heavy data where a short staleness window is acceptable.',
      },
      {
        name: 'Write-through',
        pros: ['the cache is updated on every write, so reads stay fresh', 'reads after writes hit the cache'],
        cons: ['every write pays for two updates', 'data that is never read still fills the cache'],
        useWhen: 'Data that is read soon after it is written and must not be stale.',
      },
      {
        name: 'Explicit invalidation on write',
        pros: ['stale entries disappear as soon as the data changes', 'it combines well with cache-aside'],
        cons: ['every write path must remember to invalidate', 'a missed invalidation serves stale data'],
        useWhen: 'Deletes and updates must show up at once.',
      },
    ],
    notes: [
      'Eviction: LRU (least recently used) is the usual default; LFU (least frequently used) suits skewed access patterns; a TTL bounds staleness whatever the policy.',
      'Cache at several levels (CDN, application, database) and keep sessions in a shared cache such as Redis, not in process memory.',
    ],
  },
  {
    id: 'message-queue',
    label: 'Message queue selection',
    question: 'Which broker should carry messages and events between our components?',
    drivers: [
      'Message volume and throughput',
      'Whether consumers need to replay past messages',
      'Delivery and ordering guarantees',
      'Willingness to operate a broker ourselves',
      'Routing needs: topics, fan-out, work queues',
    ],
    options: [
      {
        name: 'Apache Kafka',
        pros: [
          'it sustains very high throughput',
          'messages are kept in a log that consumers can replay',
          'ordering is guaranteed within a partition',
        ],
        cons: ['it is heavy to operate', 'routing is simpler than in traditional brokers'],
        useWhen: 'Event streaming, high volume, or event sourcing with replay.',
      },
      {
        name: 'RabbitMQ',
        pros: [
          'routing is flexible with exchanges and bindings',
          'it is mature with acknowledgements and dead-lettering',
        ],
        cons: ['throughput is lower than Kafka', 'messages are gone once consumed'],
        useWhen: 'Task queues and complex routing at moderate volume.',
      },
      {
        name: 'Amazon SQS',
        pros: ['it is fully managed with nothing to operate', 'it scales without planning'],
        cons: ['it ties us to AWS', 'FIFO queues have lower throughput limits'],
        useWhen: 'We run on AWS and want simple work queues.',
      },
      {
        name: 'NATS',
        pros: ['it is lightweight with very low latency', 'it runs as a single small binary'],
        cons: ['persistence and replay need JetStream', 'the ecosystem is smaller'],
        useWhen: 'Fast messaging between microservices, especially in Go.',
      },
    ],
    notes: ['Consumers should be idempotent: most brokers deliver at least once.'],
  },
  {
    id: 'search-engine',
    label: 'Search engine choice',
    question: 'How should users search our data?',
    drivers: [
      'Size of the searchable data',
      'Relevance features: fuzzy matching, stemming, facets',
      'How fresh search results must be',
      'Willingness to run another cluster',
    ],
    options: [
      {
        name: 'PostgreSQL full-text search',
        pros: ['no extra system to run', 'results are transactionally consistent with the data'],
        cons: ['relevance tuning is limited', 'heavy search load competes with the main database'],
        useWhen: 'Modest data and search needs, already on PostgreSQL.',
      },
      {
        name: 'Elasticsearch or OpenSearch',
        pros: ['relevance, facets and aggregations are powerful', 'it scales to very large indexes'],
        cons: ['the cluster is heavy to operate', 'the index lags behind the source data'],
        useWhen: 'Large data sets or search as a core product feature.',
      },
      {
        name: 'Meilisearch or Typesense',
        pros: ['it is simple to run', 'typo tolerance works out of the box'],
        cons: ['it is less flexible for analytics', 'it is less proven at very large scale'],
        useWhen: 'Fast, typo-tolerant search for users at small to medium scale.',
      },
      {
        name: 'Managed search service (e.g. Algolia)',
        pros: ['nothing to operate', 'it is fast worldwide'],
        cons: ['cost grows with records and queries', 'it ties us to a vendor'],
        useWhen: 'Small team, user-facing search, budget available.',
      },
    ],
    notes: [],
  },
  {
    id: 'monitoring-solution',
    label: 'Monitoring solution',
    question: 'How will we know the system is healthy, and find out why when it is not?',
    drivers: [
      'Metrics, logs and traces: the three pillars',
      'SLOs to alert on, such as 95% of requests under 200 ms',
      'Budget: per-host or per-GB pricing versus running it ourselves',
      'Tracing across services',
    ],
    options: [
      {
        name: 'Prometheus and Grafana',
        pros: ['it is open source with no licence cost', 'it is the standard for Kubernetes metrics'],
        cons: ['logs and traces need other tools', 'long-term storage needs extra components'],
        useWhen: 'Metrics-first monitoring, run by a team comfortable operating it.',
      },
      {
        name: 'Managed observability platform (e.g. Datadog, New Relic)',
        pros: ['metrics, logs and traces live in one place', 'nothing to operate'],
        cons: ['costs grow quickly with hosts and log volume', 'it ties us to a vendor'],
        useWhen: 'Time matters more than money and the whole stack needs covering at once.',
      },
      {
        name: 'OpenTelemetry with an open-source backend (e.g. Grafana LGTM stack)',
        pros: ['instrumentation is vendor-neutral', 'it covers metrics, logs and traces'],
        cons: ['several components to run and wire together'],
        useWhen: 'We want distributed tracing and freedom to switch backends later.',
      },
      {
        name: 'Cloud provider monitoring (e.g. CloudWatch)',
        pros: ['it is already integrated with cloud resources', 'setup is minimal'],
        cons: ['querying and dashboards are limited', 'it is tied to one cloud'],
        useWhen: 'A small system running entirely on one cloud.',
      },
    ],
    notes: ['Log as structured JSON, track P50/P95/P99 latency, throughput and error rate from day one.'],
  },
];

export function findTopic(id: string): TopicStarter | undefined {
  return TOPIC_STARTERS.find((topic) => topic.id === id);
}

function toConsideredOption(option: TopicOption): ConsideredOption {
  return { name: option.name, pros: [...option.pros], cons: [...option.cons] };
}

/**
 * Adds a topic's drivers and options to what the user has written, only where it is empty: drivers and options
 * when those lists are empty, and pros/cons of an existing option the topic also knows when it has neither yet.
 */
export function applyTopic<T extends Pick<AdrContent, 'drivers' | 'options'>>(content: T, topic: TopicStarter): T {
  const drivers = content.drivers.length === 0 ? [...topic.drivers] : content.drivers;
  const options =
    content.options.length === 0
      ? topic.options.map(toConsideredOption)
      : content.options.map((option) => {
          if (option.pros.length > 0 || option.cons.length > 0) return option;
          const known = topic.options.find(
            (candidate) => candidate.name.trim().toLowerCase() === option.name.trim().toLowerCase(),
          );
          return known ? { ...option, pros: [...known.pros], cons: [...known.cons] } : option;
        });
  return { ...content, drivers, options };
}
