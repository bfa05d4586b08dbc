/**
 * How related two ADRs are, and the few most related to a draft. Pure: candidates come in as plain data, so the
 * caller may pass every ADR of the workspace or only those a full-text search pre-selected (then with the
 * workspace's term statistics, so scores mean the same either way).
 *
 * Score = cosine similarity of TF-IDF vectors over title, options, drivers and context (fields weighted, words
 * tokenised, stop words dropped, suffixes stripped), plus a bonus for shared option names and a smaller one for
 * the same topic starter (TOPIC_STARTERS), which alone says little: two database choices for two services are
 * the same topic but not the same decision.
 */
import type { AdrContent } from './adr.js';
import { TOPIC_STARTERS } from './topics.js';

/** What relatedness reads of an ADR or a draft. */
export interface RelatednessInput {
  /** The ADR's number; null for a draft not yet numbered. */
  number: number | null;
  title: string;
  context: string;
  drivers: readonly string[];
  /** Option names. */
  options: readonly string[];
  /** The topic starter picked in the wizard, when known; otherwise inferred from the options and title. */
  topicId?: string | null;
}

export function relatednessInputOf(
  content: Pick<AdrContent, 'title' | 'context' | 'drivers' | 'options'>,
  number: number | null = null,
  topicId: string | null = null,
): RelatednessInput {
  return {
    number,
    title: content.title,
    context: content.context,
    drivers: content.drivers,
    options: content.options.map((option) => option.name),
    topicId,
  };
}

/** An ADR analysed once: weighted term counts, option keys and topic. Cache these per ADR when scoring often. */
export interface RelatedDocument {
  number: number | null;
  terms: ReadonlyMap<string, number>;
  /** The title's terms alone: what the decision is about, undiluted by a long context. */
  titleTerms: ReadonlyMap<string, number>;
  /**
   * The words that named each area ("~kubernetes" → "helm kustomiz"): two ADRs naming an area with the same words
   * already meet on those words, so the area adds nothing between them (AREA_TERMS).
   */
  areaWords: ReadonlyMap<string, string>;
  optionKeys: ReadonlySet<string>;
  topicId: string | null;
}

/** Document frequencies over a workspace's ADRs; pass them when scoring a pre-filtered subset. */
export interface CorpusStats {
  documents: number;
  documentFrequency: ReadonlyMap<string, number>;
}

export interface RelatedMatch {
  number: number;
  score: number;
  parts: { text: number; options: number; topic: number };
}

export interface RankOptions {
  /** At most this many (3). */
  limit?: number;
  /** Nothing below this score is returned (RELATED_THRESHOLD). */
  threshold?: number;
  /** Term statistics of the whole workspace; computed from the candidates (and the draft) when absent. */
  stats?: CorpusStats;
}

const FIELD_WEIGHTS = { title: 3, options: 2, drivers: 1, context: 1 } as const;
export const OPTION_BONUS = 0.1;
export const TOPIC_BONUS = 0.05;
/**
 * Tuned on test/fixtures/related-adrs and test/fixtures/held-out/related-adrs (npm run eval): 0.25 before the
 * areas and phrases below, which lift related ADRs that word things differently more than unrelated ones.
 */
export const RELATED_THRESHOLD = 0.2;
export const RELATED_LIMIT = 3;
/** Nothing under this share of the best match: a clear first match makes a weak third one noise. */
export const RELATIVE_TO_BEST = 0.6;

// ---------------------------------------------------------------------------------------------------------------
// Words

const STOP_WORDS = new Set(
  // English function words.
  (
    'a about above after again against all also am an and any are as at be because been before being below ' +
    'between both but by can could did do does doing down during each either else few for from further get gets ' +
    'had has have having he her here hers him his how i if in into is it its itself just let like may me might ' +
    'more most much must my no nor not now of off on once one only or other our ours out over own per same she ' +
    'should so some such than that the their theirs them then there these they this those through to too under ' +
    'until up upon us very was we were what when where which while who whom why will with within without would ' +
    'yet you your e.g eg ie etc via vs ' +
    // Words every ADR uses, which say nothing about what it decides.
    'use used uses using need needs needed want wants make makes made new keep kept stay instead today every ' +
    'decision decide decided option options choose chosen adopt adopted consider considered team teams ' +
    'engineer engineers someone something thing things way ways lot lots many few less least ' +
    'good bad better best simple easy hard work works working want wanted still already now later ' +
    // Verbs every kind of decision uses ("run Kafka", "run CI runners", "move X to Y"), which say nothing of what.
    'run runs running ran move moves moving moved add adds adding added set sets setting allow allows allowed ' +
    'enable enables enabled support supports supported handle handles handled introduce introduces introduced ' +
    'switch switches switching switched'
  ).split(/\s+/),
);

const SUFFIXES = ['ations', 'ation', 'ments', 'ment', 'ings', 'ing', 'ities', 'ity', 'ers', 'er', 'ed', 'ly'];

/**
 * Stemming lite: plurals, then one common suffix, then a final "e", keeping at least three letters; enough that
 * "cache", "caches", "cached" and "caching" meet (all "cach"), as do "page" and "pages".
 */
export function stem(word: string): string {
  if (word.length <= 3 || /\d/.test(word)) return word;
  let base = word;
  if (base.endsWith('ies') && base.length > 4) base = `${base.slice(0, -3)}y`;
  else if (/(s|x|z|ch|sh)es$/.test(base)) base = base.slice(0, -2);
  else if (base.endsWith('s') && !/(ss|us|is)$/.test(base)) base = base.slice(0, -1);
  for (const suffix of SUFFIXES) {
    if (!base.endsWith(suffix) || base.length - suffix.length < 3) continue;
    base = base.slice(0, -suffix.length);
    // "running" → "runn" → "run".
    if (/([b-df-hj-np-tv-z])\1$/.test(base) && !/(ll|ss|zz)$/.test(base)) base = base.slice(0, -1);
    break;
  }
  return base.length > 3 && base.endsWith('e') ? base.slice(0, -1) : base;
}

/**
 * Spellings of one thing that stemming cannot meet: abbreviations and product names teams use interchangeably.
 * A spelling may stand for several words ("RN" is "React Native"), which then also meet as a phrase.
 */
const ALIASES: ReadonlyMap<string, readonly string[]> = new Map(
  Object.entries({
    postgres: 'postgresql',
    pg: 'postgresql',
    psql: 'postgresql',
    k8s: 'kubernet',
    kubernetes: 'kubernet',
    kube: 'kubernet',
    eks: 'kubernet',
    js: 'javascript',
    ts: 'typescript',
    elastic: 'elasticsearch',
    mongo: 'mongodb',
    dynamo: 'dynamodb',
    ddb: 'dynamodb',
    db: 'databas',
    dbs: 'databas',
    database: 'databas',
    databases: 'databas',
    authn: 'auth',
    authentication: 'auth',
    authz: 'authoriz',
    authorization: 'authoriz',
    authorisation: 'authoriz',
    msk: 'kafka',
    tf: 'terraform',
    rn: 'react nativ',
    gha: 'github action',
    otel: 'opentelemetry',
    '2fa': 'mfa',
    i18n: 'internationaliz',
    l10n: 'localiz',
    internationalisation: 'internationaliz',
    internationalization: 'internationaliz',
    localisation: 'localiz',
    localization: 'localiz',
    localise: 'localiz',
    localize: 'localiz',
    sse: 'server sent event',
    bff: 'backend frontend',
    iac: 'infrastructur cod',
    pitr: 'point tim recovery',
    dlq: 'dead letter',
    // Product names stemming would fold into a common word ("flagger" into "flag").
    flagger: 'flagger',
  }).map(([word, tokens]) => [word, tokens.split(' ')]),
);

/**
 * Words of one area of engineering, each also read as the area ("helm" is also "~kubernetes"), so two decisions
 * about the same area meet even when they name different tools. Only words specific to their area: "cluster",
 * "model" or "pipeline" belong to several. A word may belong to more than one area ("keda": Kubernetes, autoscaling).
 */
export const AREA_WORDS: Readonly<Record<string, string>> = {
  '~kubernetes': 'kubernetes helm kustomize kubectl pod ingress karpenter argo gitops gke aks openshift keda hpa k3s',
  '~autoscaling': 'autoscale autoscaling autoscaler hpa keda karpenter',
  '~feature-flags': 'flag toggle launchdarkly unleash flagsmith openfeature',
  '~tracing': 'tracing trace span opentelemetry otel jaeger tempo zipkin honeycomb',
  '~machine-learning': 'ml mlflow kubeflow sagemaker feast',
  '~styling': 'css tailwind stylesheet theme sass',
  '~notifications': 'notification email push sms apns fcm onesignal',
  '~messaging': 'kafka rabbitmq sqs sns broker queue nats pulsar kinesis eventbridge avro outbox',
  '~infrastructure-as-code': 'terraform pulumi cdk cloudformation terragrunt atlantis opentofu tfstate',
  '~secrets': 'vault secret credential sops',
  '~service-mesh': 'mtls linkerd istio mesh envoy',
  '~encryption': 'mtls tls encrypt encryption kms pki certificate cert',
  '~ci': 'ci jenkins gitlab circleci buildkite runner',
  '~auth':
    'auth session jwt oauth oidc openid auth0 cognito keycloak sso mfa login okta saml webauthn totp passkey idp ldap',
  '~search': 'search opensearch elasticsearch meilisearch algolia typesense solr fuzzy synonym typo',
  '~monorepo': 'monorepo nx turborepo turbo pnpm lerna workspace bazel',
  '~workflows': 'workflow temporal saga cadence camunda',
  '~data-lake': 'lake parquet iceberg delta warehouse snowflake redshift bigquery clickstream debezium cdc dbt etl elt',
  '~orchestration': 'orchestrator airflow dagster prefect dag mwaa luigi',
  '~observability': 'log loki datadog grafana prometheus metric kibana splunk newrelic apm',
  '~error-tracking': 'sentry crashlytics bugsnag rollbar crash exception stacktrace',
  '~rate-limiting': 'throttle throttling quota ratelimit',
  '~i18n': 'internationaliz localiz locale translation translator translate crowdin lokalise gettext plural',
  '~backups': 'backup restore snapshot pgbackrest',
  '~disaster-recovery': 'failover standby rpo rto disaster',
  '~object-storage': 's3 bucket blob minio gcs upload presign',
  '~realtime': 'websocket websockets socketio polling',
  '~identifiers': 'uuid uuidv4 uuidv7 ulid identifier',
  '~rpc': 'grpc protobuf proto thrift rpc',
  '~deployment-strategy': 'canary rollout rollouts flagger rollback',
  '~mobile': 'ios android swift kotlin flutter xcode testflight swiftui',
  '~design-system': 'figma storybook',
  '~background-jobs': 'sidekiq celery resque bullmq goodjob',
  '~payments': 'stripe adyen braintree paypal psp payout invoice dunning chargeback refund',
  '~testing': 'vitest jest mocha pytest playwright cypress pact',
  '~dependencies': 'renovate dependabot',
  '~branching': 'trunk gitflow',
  '~cdn': 'cdn cloudfront fastly akamai',
  '~graphql': 'graphql apollo federation subgraph',
  '~state-management': 'zustand redux mobx recoil jotai pinia',
  '~time': 'utc timezone iso8601 timestamp epoch',
  '~privacy': 'gdpr pii erasure pseudonymise pseudonymize anonymise anonymize consent',
  '~offline': 'offline crdt',
  '~bundling': 'bundle webpack esbuild rollup',
  '~api-gateway': 'kong apigee traefik gateway',
  '~reliability': 'slo sla sli uptime',
  '~on-call': 'pagerduty opsgenie oncall escalation',
  '~tenancy': 'tenant tenancy',
};

/**
 * Phrases of words that say little alone ("rate", "point", "design") but name an area together, written as
 * people write them; read through the same tokenizer, so "rate-limiting" and "rate limits" meet too.
 */
const PHRASES: Record<string, string> = {
  'rate limit': '~rate-limiting',
  'token bucket': '~rate-limiting',
  'leaky bucket': '~rate-limiting',
  'requests per second': '~rate-limiting',
  'error tracking': '~error-tracking',
  'error reporting': '~error-tracking',
  'crash reporting': '~error-tracking',
  'stack trace': '~error-tracking',
  'point in time recovery': '~backups',
  'disaster recovery': '~disaster-recovery',
  'second region': '~disaster-recovery',
  'multi region': '~disaster-recovery',
  'active active': '~disaster-recovery',
  'active passive': '~disaster-recovery',
  'regional outage': '~disaster-recovery',
  'object storage': '~object-storage',
  'object store': '~object-storage',
  'signed url': '~object-storage',
  'server sent events': '~realtime',
  'long polling': '~realtime',
  'primary key': '~identifiers',
  'auto increment': '~identifiers',
  'public id': '~identifiers',
  'blue green': '~deployment-strategy',
  'progressive delivery': '~deployment-strategy',
  'zero downtime': '~deployment-strategy',
  'react native': '~mobile',
  'app store': '~mobile',
  'mobile app': '~mobile',
  'design system': '~design-system',
  'design token': '~design-system',
  'component library': '~design-system',
  'background job': '~background-jobs',
  'job queue': '~background-jobs',
  'dead letter': '~background-jobs',
  'dead set': '~background-jobs',
  'contract test': '~testing',
  'unit test': '~testing',
  'end to end test': '~testing',
  'dependency update': '~dependencies',
  'short lived branch': '~branching',
  'feature branch': '~branching',
  'edge cache': '~cdn',
  'persisted query': '~graphql',
  'backend for frontend': '~bff',
  'time zone': '~time',
  'iso 8601': '~time',
  'personal data': '~privacy',
  'local first': '~offline',
  'code splitting': '~bundling',
  'lazy load': '~bundling',
  'api gateway': '~api-gateway',
  'error budget': '~reliability',
  'on call': '~on-call',
  'mutual tls': 'mtls',
  'single sign on': 'sso',
  'identity provider': 'idp',
  'infrastructure as code': '~infrastructure-as-code',
  'schema registry': '~messaging',
  'change data capture': 'cdc',
  'feature store': '~machine-learning',
  'model registry': '~machine-learning',
  'feature flag': '~feature-flags',
  'network policy': '~service-mesh',
  'zero trust': '~service-mesh',
  'distributed tracing': '~tracing',
  'new relic': 'newrelic',
  'github actions': '~ci',
  'message format': '~i18n',
};

/** Raw word → its words (an alias may spell out several), or null for a word that is skipped. */
const wordCache = new Map<string, readonly string[] | null>();
const WORD_CACHE_MAX = 50_000;

const aliasOrStem = (word: string): readonly string[] => ALIASES.get(word) ?? [stem(word)];

/** A term followed by what it also reads as: the concept of an area word, or a concept word's own concepts. */
function conceptsOf(term: string): readonly string[] {
  return term.startsWith('~') ? [] : (CONCEPTS.get(term) ?? []);
}

const CONCEPTS: ReadonlyMap<string, readonly string[]> = (() => {
  const concepts = new Map<string, string[]>();
  for (const [concept, words] of Object.entries(AREA_WORDS)) {
    for (const word of words.split(' ')) {
      for (const token of aliasOrStem(word)) {
        const list = concepts.get(token) ?? [];
        if (!list.includes(concept) && token !== concept) list.push(concept);
        concepts.set(token, list);
      }
    }
  }
  return concepts;
})();

/** Phrases keyed by their words as the tokenizer reads them ("rat limit"), with the longest phrase's length. */
const PHRASE_TERMS: ReadonlyMap<string, string> = new Map(
  Object.entries(PHRASES).map(([phrase, term]) => [
    wordsOf(phrase).join(' '),
    term.startsWith('~') ? term : (aliasOrStem(term)[0] as string),
  ]),
);
const LONGEST_PHRASE = Math.max(...[...PHRASE_TERMS.keys()].map((key) => key.split(' ').length));

/** Lower-case word stems without stop words, aliases spelled out; no concepts yet. */
function wordsOf(text: string): string[] {
  // Most ADRs are ASCII: skip Unicode normalisation for them (it is most of the cost of reading a long context).
  const ascii = !/[^ -~\t\n\r]/.test(text);
  const raws = ascii
    ? text.toLowerCase().split(/[^a-z0-9+#]+/)
    : text
        .normalize('NFKD')
        .replace(/\p{M}/gu, '')
        .toLowerCase()
        .split(/[^\p{L}\p{N}+#]+/u);
  const words: string[] = [];
  for (const raw of raws) {
    const read = readWord(raw);
    if (read !== null) for (const word of read) words.push(word);
  }
  return words;
}

/**
 * Lower-case word stems without stop words, each followed by the areas it belongs to, and phrases by theirs;
 * "PostgreSQL's", "postgres" and "PG" meet, as do "throttle" and "rate limits" (both ~rate-limiting).
 */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  readTerms(text, (term) => tokens.push(term));
  return tokens;
}

/** Every term of a text in order; an area's term comes with the word or phrase that named it. */
function readTerms(text: string, add: (term: string, source?: string) => void): void {
  const words = wordsOf(text);
  for (let index = 0; index < words.length; index++) {
    const word = words[index] as string;
    add(word);
    for (const concept of conceptsOf(word)) add(concept, word);
    // Phrases ending at this word: "rat limit" at "limit".
    let key = word;
    for (let length = 2; length <= LONGEST_PHRASE && index - length + 1 >= 0; length++) {
      key = `${words[index - length + 1]} ${key}`;
      const term = PHRASE_TERMS.get(key);
      if (term === undefined) continue;
      add(term, term.startsWith('~') ? key : undefined);
      for (const concept of conceptsOf(term)) add(concept, key);
    }
  }
}

function readWord(raw: string): readonly string[] | null {
  const cached = wordCache.get(raw);
  if (cached !== undefined) return cached;
  // "+1" is no word; "c++" is one.
  const word = raw.replace(/^\++/, '');
  let read: readonly string[] | null = null;
  if (word.length >= 2 && !STOP_WORDS.has(word) && !(word.length < 3 && /^\d+$/.test(word))) read = aliasOrStem(word);
  if (wordCache.size >= WORD_CACHE_MAX) wordCache.clear();
  wordCache.set(raw, read);
  return read;
}

/** An option name as a key: "Apache Kafka", "kafka" and "Kafka (managed)" share the key terms. */
function optionKey(name: string): string {
  return tokenize(name.replace(/\([^)]*\)/g, ' ')).join(' ');
}

// ---------------------------------------------------------------------------------------------------------------
// Topics

const TOPIC_OPTION_KEYS: ReadonlyMap<string, ReadonlySet<string>> = new Map(
  TOPIC_STARTERS.map((topic) => [topic.id, new Set(topic.options.map((option) => optionKey(option.name)))]),
);

/** The topic starter an ADR most likely came from: the one sharing the most option names (two at least). */
export function inferTopic(options: readonly string[]): string | null {
  const keys = options.map(optionKey).filter((key) => key !== '');
  let best: string | null = null;
  let bestCount = 1;
  for (const [topicId, topicKeys] of TOPIC_OPTION_KEYS) {
    const count = keys.filter((key) => topicKeys.has(key)).length;
    if (count > bestCount) {
      best = topicId;
      bestCount = count;
    }
  }
  return best;
}

// ---------------------------------------------------------------------------------------------------------------
// Documents and scores

function addTerms(terms: Map<string, number>, text: string, weight: number, sources?: Map<string, Set<string>>): void {
  readTerms(text, (term, source) => {
    terms.set(term, (terms.get(term) ?? 0) + weight);
    if (sources && source !== undefined) {
      const words = sources.get(term) ?? new Set<string>();
      words.add(source);
      sources.set(term, words);
    }
  });
}

export function analyzeAdr(input: RelatednessInput): RelatedDocument {
  const terms = new Map<string, number>();
  const sources = new Map<string, Set<string>>();
  addTerms(terms, input.title, FIELD_WEIGHTS.title, sources);
  for (const option of input.options) addTerms(terms, option, FIELD_WEIGHTS.options, sources);
  for (const driver of input.drivers) addTerms(terms, driver, FIELD_WEIGHTS.drivers, sources);
  addTerms(terms, input.context, FIELD_WEIGHTS.context, sources);
  const titleTerms = new Map<string, number>();
  addTerms(titleTerms, input.title, 1);
  const optionKeys = new Set(input.options.map(optionKey).filter((key) => key !== ''));
  return {
    number: input.number,
    terms,
    titleTerms,
    areaWords: new Map([...sources].map(([area, words]) => [area, [...words].sort().join(' ')])),
    optionKeys,
    topicId: input.topicId ?? inferTopic(input.options),
  };
}

export function corpusStats(documents: readonly RelatedDocument[]): CorpusStats {
  const documentFrequency = new Map<string, number>();
  for (const document of documents) {
    for (const term of document.terms.keys()) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
  }
  return { documents: documents.length, documentFrequency };
}

/**
 * corpusStats([...documents, document]) from the statistics of `documents`, without counting them again: a draft
 * ranked against a workspace whose statistics are kept. The same counts in the same order, so the same ranking.
 */
export function withDocument(stats: CorpusStats, document: RelatedDocument): CorpusStats {
  const documentFrequency = new Map(stats.documentFrequency);
  for (const term of document.terms.keys()) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
  return { documents: stats.documents + 1, documentFrequency };
}

/** TF-IDF: sublinear term frequency, smoothed inverse document frequency. */
function termWeight(count: number, documentFrequency: number, documents: number): number {
  return (1 + Math.log(count)) * (Math.log((documents + 1) / (documentFrequency + 1)) + 1);
}

/** A vector's weights with its norm, and the words that named its areas. */
interface Weighted {
  weights: Map<string, number>;
  norm: number;
  areaWords: ReadonlyMap<string, string>;
}

/** Whether an area term counts between two ADRs: only when they name the area with different words. */
const areaCounts = (term: string, a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>) =>
  term.charCodeAt(0) !== AREA_MARK || a.get(term) !== b.get(term);
const AREA_MARK = '~'.charCodeAt(0);

function weigh(
  terms: ReadonlyMap<string, number>,
  stats: CorpusStats,
  areaWords: ReadonlyMap<string, string>,
): Weighted {
  const weights = new Map<string, number>();
  let squares = 0;
  for (const [term, count] of terms) {
    const weight = termWeight(count, stats.documentFrequency.get(term) ?? 0, stats.documents);
    weights.set(term, weight);
    squares += weight * weight;
  }
  return { weights, norm: Math.sqrt(squares), areaWords };
}

function sharedOptions(a: RelatedDocument, b: RelatedDocument): number {
  let shared = 0;
  for (const key of a.optionKeys) if (b.optionKeys.has(key)) shared++;
  return shared;
}

interface WeightedDocument {
  all: Weighted;
  title: Weighted;
}

const weighDocument = (document: RelatedDocument, stats: CorpusStats): WeightedDocument => ({
  all: weigh(document.terms, stats, document.areaWords),
  title: weigh(document.titleTerms, stats, document.areaWords),
});

/**
 * Text similarity mixes the whole ADRs (half), each title against the other whole ADR (a quarter) and the two
 * titles (a quarter): what a decision is about is in its title, and a long context should not drown it.
 */
const MIX = { all: 0.5, cross: 0.25, title: 0.25 } as const;

/**
 * Weights of an ADR under given statistics, memoised per (document, statistics) pair: a workspace's statistics
 * change only when its ADRs do, so ranking the next draft reuses every candidate's weights.
 */
const weightMemo = new WeakMap<RelatedDocument, { stats: CorpusStats; weighted: WeightedDocument }>();

function weightsOf(document: RelatedDocument, stats: CorpusStats): WeightedDocument {
  const memo = weightMemo.get(document);
  if (memo && memo.stats === stats) return memo.weighted;
  const weighted = weighDocument(document, stats);
  weightMemo.set(document, { stats, weighted });
  return weighted;
}

/** Dot product, iterating the smaller vector. */
function dot(a: Weighted, b: Weighted): number {
  const [small, large] = a.weights.size <= b.weights.size ? [a.weights, b.weights] : [b.weights, a.weights];
  let sum = 0;
  for (const [term, weight] of small) {
    const other = large.get(term);
    if (other !== undefined && areaCounts(term, a.areaWords, b.areaWords)) sum += weight * other;
  }
  return sum;
}

function cosine(a: Weighted, b: Weighted): number {
  return a.norm === 0 || b.norm === 0 ? 0 : dot(a, b) / (a.norm * b.norm);
}

function textSimilarity(draft: WeightedDocument, candidate: WeightedDocument): number {
  return (
    MIX.all * cosine(draft.all, candidate.all) +
    (MIX.cross * (cosine(draft.title, candidate.all) + cosine(draft.all, candidate.title))) / 2 +
    MIX.title * cosine(draft.title, candidate.title)
  );
}

/**
 * The candidate's side in one pass per vector, without building (and keeping) its weights: the cheaper way the
 * first time a set of statistics is used.
 */
function freshTextSimilarity(draft: WeightedDocument, candidate: RelatedDocument, stats: CorpusStats): number {
  let allSquares = 0;
  let allDotAll = 0;
  let titleDotAll = 0;
  const areas = draft.all.areaWords;
  for (const [term, count] of candidate.terms) {
    const weight = termWeight(count, stats.documentFrequency.get(term) ?? 0, stats.documents);
    allSquares += weight * weight;
    if (!areaCounts(term, areas, candidate.areaWords)) continue;
    const inAll = draft.all.weights.get(term);
    if (inAll !== undefined) allDotAll += weight * inAll;
    const inTitle = draft.title.weights.get(term);
    if (inTitle !== undefined) titleDotAll += weight * inTitle;
  }
  let titleSquares = 0;
  let allDotTitle = 0;
  let titleDotTitle = 0;
  for (const [term, count] of candidate.titleTerms) {
    const weight = termWeight(count, stats.documentFrequency.get(term) ?? 0, stats.documents);
    titleSquares += weight * weight;
    if (!areaCounts(term, areas, candidate.areaWords)) continue;
    const inAll = draft.all.weights.get(term);
    if (inAll !== undefined) allDotTitle += weight * inAll;
    const inTitle = draft.title.weights.get(term);
    if (inTitle !== undefined) titleDotTitle += weight * inTitle;
  }
  const cos = (dot: number, a: number, squares: number) => (dot === 0 || a === 0 ? 0 : dot / (a * Math.sqrt(squares)));
  return (
    MIX.all * cos(allDotAll, draft.all.norm, allSquares) +
    (MIX.cross * (cos(titleDotAll, draft.title.norm, allSquares) + cos(allDotTitle, draft.all.norm, titleSquares))) /
      2 +
    MIX.title * cos(titleDotTitle, draft.title.norm, titleSquares)
  );
}

/** Statistics that have ranked once: the next ranking under them builds and keeps each candidate's weights. */
const statsSeen = new WeakSet<CorpusStats>();

function score(
  draft: RelatedDocument,
  weightedDraft: WeightedDocument,
  candidate: RelatedDocument,
  stats: CorpusStats,
): RelatedMatch['parts'] {
  const text = statsSeen.has(stats)
    ? textSimilarity(weightedDraft, weightsOf(candidate, stats))
    : freshTextSimilarity(weightedDraft, candidate, stats);
  const options = (OPTION_BONUS * Math.min(2, sharedOptions(draft, candidate))) / 2;
  const topic = draft.topicId !== null && draft.topicId === candidate.topicId ? TOPIC_BONUS : 0;
  return { text, options, topic };
}

/** How related two ADRs are, 0 (nothing shared) to about 1.15; RELATED_THRESHOLD and up reads as related. */
export function relatedness(a: RelatedDocument, b: RelatedDocument, stats?: CorpusStats): number {
  const corpus = stats ?? corpusStats([a, b]);
  const parts = score(a, weighDocument(a, corpus), b, corpus);
  return parts.text + parts.options + parts.topic;
}

/**
 * The ADRs most related to a draft, best first: at most `limit`, none below `threshold`, never the draft itself
 * (same number). Ties break by the higher (more recent) number.
 */
export function rankRelated(
  draft: RelatednessInput | RelatedDocument,
  candidates: readonly RelatedDocument[],
  options: RankOptions = {},
): RelatedMatch[] {
  const document = 'terms' in draft ? draft : analyzeAdr(draft);
  const stats = options.stats ?? corpusStats(document.number === null ? [...candidates, document] : candidates);
  const weightedDraft = weighDocument(document, stats);
  const threshold = options.threshold ?? RELATED_THRESHOLD;
  const matches: RelatedMatch[] = [];
  for (const candidate of candidates) {
    if (candidate.number === null || candidate.number === document.number) continue;
    const parts = score(document, weightedDraft, candidate, stats);
    const total = parts.text + parts.options + parts.topic;
    if (total >= threshold) matches.push({ number: candidate.number, score: total, parts });
  }
  statsSeen.add(stats);
  matches.sort((a, b) => b.score - a.score || b.number - a.number);
  const best = matches[0]?.score ?? 0;
  return matches.filter((match) => match.score >= best * RELATIVE_TO_BEST).slice(0, options.limit ?? RELATED_LIMIT);
}

// ---------------------------------------------------------------------------------------------------------------
// Feeding it

/** A term of a draft with its TF-IDF weight under a workspace's statistics. */
export interface TellingTerm {
  term: string;
  weight: number;
}

/**
 * The draft's most telling terms by TF-IDF under the workspace's statistics, heaviest first, at most `maxTerms`:
 * what candidates are pre-selected by (RelatedIndex.candidates). Terms no ADR of the workspace has are left out.
 * They are this module's terms (stems, aliases folded, areas), so an ADR that shares only an area with the draft
 * ("throttle" and "rate limit") is found as the ranking would find it.
 */
export function tellingTerms(document: RelatedDocument, stats: CorpusStats, maxTerms = 12): TellingTerm[] {
  return [...document.terms]
    .filter(([term]) => (stats.documentFrequency.get(term) ?? 0) > 0)
    .map(([term, count]) => ({
      term,
      weight: termWeight(count, stats.documentFrequency.get(term) ?? 0, stats.documents),
    }))
    .sort((a, b) => b.weight - a.weight || (a.term < b.term ? -1 : 1))
    .slice(0, maxTerms);
}

/** One version of one ADR, as a RelatedIndex keeps it. */
export interface IndexedAdr {
  number: number;
  /** A new value means the ADR changed: it is analysed again. */
  updatedAt: string;
  input: () => RelatednessInput;
}

/**
 * One workspace's ADRs, analysed once per version, with the workspace's term statistics kept up to date as ADRs
 * are added or change, so ranking a draft against candidates a search pre-selected scores them exactly as
 * ranking against the whole workspace would (same statistics), without reading the workspace for each draft.
 */
export class RelatedIndex {
  private readonly entries = new Map<number, { updatedAt: string; document: RelatedDocument }>();
  private readonly documentFrequency = new Map<string, number>();
  /** Term → the numbers of the ADRs that hold it. */
  private readonly postings = new Map<string, Set<number>>();
  private snapshot: CorpusStats | null = null;
  /** The latest `updatedAt` seen: ADRs changed at or after it are the ones to read again. */
  private newest: string | null = null;

  get size(): number {
    return this.entries.size;
  }

  get latest(): string | null {
    return this.newest;
  }

  /** Adds or replaces an ADR; a version already held is not analysed again unless `force`. */
  put(adr: IndexedAdr, force = false): void {
    const held = this.entries.get(adr.number);
    if (held && held.updatedAt === adr.updatedAt && !force) return;
    if (held) this.count(adr.number, held.document, -1);
    const document = analyzeAdr({ ...adr.input(), number: adr.number });
    this.count(adr.number, document, 1);
    this.entries.set(adr.number, { updatedAt: adr.updatedAt, document });
    if (this.newest === null || adr.updatedAt > this.newest) this.newest = adr.updatedAt;
    this.snapshot = null;
  }

  document(number: number): RelatedDocument | undefined {
    return this.entries.get(number)?.document;
  }

  /** The ADRs of a topic starter, newest first, at most `limit`. */
  withTopic(topicId: string | null, limit: number): RelatedDocument[] {
    if (topicId === null) return [];
    const found: RelatedDocument[] = [];
    for (const { document } of this.entries.values()) if (document.topicId === topicId) found.push(document);
    return found.sort((a, b) => (b.number ?? 0) - (a.number ?? 0)).slice(0, limit);
  }

  /** The workspace's statistics; the same object until an ADR changes (rankRelated keeps weights per object). */
  get stats(): CorpusStats {
    this.snapshot ??= { documents: this.entries.size, documentFrequency: new Map(this.documentFrequency) };
    return this.snapshot;
  }

  /**
   * The ADRs that share the most weight of `terms` with a draft (each scores the summed weight of the terms it
   * holds), best first, ties to the higher number, at most `limit`: the candidates a draft is ranked against. Only
   * the workspace's own ADRs are read, so it costs the same in a database of one workspace or of a hundred.
   */
  candidates(terms: readonly TellingTerm[], limit: number): number[] {
    const scores = new Map<number, number>();
    for (const { term, weight } of terms) {
      for (const number of this.postings.get(term) ?? []) scores.set(number, (scores.get(number) ?? 0) + weight);
    }
    return [...scores]
      .sort(([a, scoreA], [b, scoreB]) => scoreB - scoreA || b - a)
      .slice(0, limit)
      .map(([number]) => number);
  }

  private count(number: number, document: RelatedDocument, step: 1 | -1): void {
    for (const term of document.terms.keys()) {
      const next = (this.documentFrequency.get(term) ?? 0) + step;
      if (next > 0) this.documentFrequency.set(term, next);
      else this.documentFrequency.delete(term);
      const holders = this.postings.get(term) ?? new Set<number>();
      if (step > 0) holders.add(number);
      else holders.delete(number);
      if (holders.size > 0) this.postings.set(term, holders);
      else this.postings.delete(term);
    }
  }
}
