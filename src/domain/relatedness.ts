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
/** Tuned on the tune split of test/fixtures/related-adrs (npm run eval). */
export const RELATED_THRESHOLD = 0.25;
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
    'good bad better best simple easy hard work works working want wanted still already now later'
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

/** Spellings of one thing that stemming cannot meet. */
const ALIASES = new Map([
  ['postgres', 'postgresql'],
  ['pg', 'postgresql'],
  ['k8s', 'kubernet'],
  ['kubernetes', 'kubernet'],
  ['eks', 'kubernet'],
  ['js', 'javascript'],
  ['ts', 'typescript'],
  ['elastic', 'elasticsearch'],
  ['mongo', 'mongodb'],
  ['db', 'databas'],
  ['database', 'databas'],
  ['databases', 'databas'],
  ['authn', 'auth'],
  ['authentication', 'auth'],
  ['authz', 'authoriz'],
  ['authorization', 'authoriz'],
  ['msk', 'kafka'],
]);

/**
 * Words of one area of engineering, each also read as the area ("helm" is also "~kubernetes"), so two decisions
 * about the same area meet even when they name different tools. Only words specific to their area: "cluster",
 * "model" or "pipeline" belong to several.
 */
const CONCEPT_WORDS: Record<string, string> = {
  '~kubernetes': 'kubernetes helm kustomize kubectl pod ingress karpenter argo gitops gke aks openshift',
  '~feature-flags': 'flag toggle launchdarkly unleash flagsmith',
  '~tracing': 'tracing trace span opentelemetry otel jaeger tempo zipkin',
  '~machine-learning': 'ml mlflow kubeflow sagemaker',
  '~styling': 'css tailwind stylesheet theme sass',
  '~notifications': 'notification email push sms',
  '~messaging': 'kafka rabbitmq sqs sns broker queue nats pulsar',
  '~infrastructure-as-code': 'terraform pulumi cdk cloudformation terragrunt',
  '~secrets': 'vault secret credential',
  '~service-mesh': 'mtls linkerd istio mesh envoy',
  '~ci': 'ci jenkins gitlab circleci buildkite',
  '~auth': 'auth session jwt oauth oidc openid auth0 cognito keycloak sso mfa login',
  '~search': 'search opensearch elasticsearch meilisearch algolia typesense',
  '~monorepo': 'monorepo nx turborepo pnpm lerna workspace',
  '~workflows': 'workflow temporal saga cadence',
  '~data-lake': 'lake parquet iceberg delta warehouse snowflake redshift bigquery clickstream debezium cdc',
  '~orchestration': 'orchestrator airflow dagster prefect',
  '~observability': 'log loki datadog grafana prometheus metric',
};

const CONCEPTS: ReadonlyMap<string, string> = new Map(
  Object.entries(CONCEPT_WORDS).flatMap(([concept, words]) =>
    words.split(' ').map((word) => [ALIASES.get(word) ?? stem(word), concept] as const),
  ),
);

/** Lower-case word stems without stop words; "PostgreSQL's", "postgres" and "Postgres" meet. */
export function tokenize(text: string): string[] {
  // Most ADRs are ASCII: skip Unicode normalisation for them (it is most of the cost of reading a long context).
  const ascii = !/[^ -~\t\n\r]/.test(text);
  const words = ascii
    ? text.toLowerCase().split(/[^a-z0-9+#]+/)
    : text
        .normalize('NFKD')
        .replace(/\p{M}/gu, '')
        .toLowerCase()
        .split(/[^\p{L}\p{N}+#]+/u);
  const tokens: string[] = [];
  for (const word of words) {
    const read = readWord(word);
    if (read !== null) tokens.push(...read);
  }
  return tokens;
}

/** Word → its token (and its concept), or null for a word that is skipped; a workspace has a few thousand words. */
const wordCache = new Map<string, readonly string[] | null>();
const WORD_CACHE_MAX = 50_000;

function readWord(raw: string): readonly string[] | null {
  const cached = wordCache.get(raw);
  if (cached !== undefined) return cached;
  // "+1" is no word; "c++" is one.
  const word = raw.replace(/^\++/, '');
  let read: readonly string[] | null = null;
  if (word.length >= 2 && !STOP_WORDS.has(word) && !(word.length < 3 && /^\d+$/.test(word))) {
    const token = ALIASES.get(word) ?? stem(word);
    const concept = CONCEPTS.get(token);
    read = concept !== undefined && concept !== token ? [token, concept] : [token];
  }
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

function addTerms(terms: Map<string, number>, text: string, weight: number): void {
  for (const token of tokenize(text)) terms.set(token, (terms.get(token) ?? 0) + weight);
}

export function analyzeAdr(input: RelatednessInput): RelatedDocument {
  const terms = new Map<string, number>();
  addTerms(terms, input.title, FIELD_WEIGHTS.title);
  for (const option of input.options) addTerms(terms, option, FIELD_WEIGHTS.options);
  for (const driver of input.drivers) addTerms(terms, driver, FIELD_WEIGHTS.drivers);
  addTerms(terms, input.context, FIELD_WEIGHTS.context);
  const titleTerms = new Map<string, number>();
  addTerms(titleTerms, input.title, 1);
  const optionKeys = new Set(input.options.map(optionKey).filter((key) => key !== ''));
  return { number: input.number, terms, titleTerms, optionKeys, topicId: input.topicId ?? inferTopic(input.options) };
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

/** A vector's weights with its norm. */
interface Weighted {
  weights: Map<string, number>;
  norm: number;
}

function weigh(terms: ReadonlyMap<string, number>, stats: CorpusStats): Weighted {
  const weights = new Map<string, number>();
  let squares = 0;
  for (const [term, count] of terms) {
    const weight = termWeight(count, stats.documentFrequency.get(term) ?? 0, stats.documents);
    weights.set(term, weight);
    squares += weight * weight;
  }
  return { weights, norm: Math.sqrt(squares) };
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
  all: weigh(document.terms, stats),
  title: weigh(document.titleTerms, stats),
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
    if (other !== undefined) sum += weight * other;
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
  for (const [term, count] of candidate.terms) {
    const weight = termWeight(count, stats.documentFrequency.get(term) ?? 0, stats.documents);
    allSquares += weight * weight;
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

/**
 * Words for a full-text pre-filter (any of them, as prefix terms): the draft's title, option and driver words,
 * stop words out, as typed (the index has its own stemmer), at most `max`. Candidates found this way are then
 * ranked by rankRelated with the workspace's statistics.
 */
export function searchTermsFor(input: RelatednessInput, max = 12): string[] {
  const terms: string[] = [];
  const texts = [input.title, ...input.options, ...input.drivers];
  for (const text of texts) {
    for (const raw of text
      .normalize('NFKC')
      .toLowerCase()
      .split(/[^\p{L}\p{N}_]+/u)) {
      if (raw.length < 3 || STOP_WORDS.has(raw) || /^\d+$/.test(raw) || terms.includes(raw)) continue;
      terms.push(raw);
      if (terms.length >= max) return terms;
    }
  }
  return terms;
}

/** What identifies one version of an ADR: a new `updatedAt` means its analysis is stale. */
export interface AdrVersion {
  teamId: string;
  number: number;
  updatedAt: string;
}

/**
 * Analysed ADRs kept between requests, so ranking pays only for the scoring (bench/relatedness.ts: a few ms for
 * 1,000 ADRs instead of re-reading every text). Bounded; least recently used entries go first.
 */
export class RelatedDocumentCache {
  private readonly entries = new Map<string, { updatedAt: string; document: RelatedDocument }>();

  constructor(private readonly maxEntries = 20_000) {}

  get size(): number {
    return this.entries.size;
  }

  /** The analysed ADR, from the cache when this version was analysed before. */
  document(version: AdrVersion, input: () => RelatednessInput): RelatedDocument {
    const key = `${version.teamId}\u0000${version.number}`;
    const cached = this.entries.get(key);
    if (cached && cached.updatedAt === version.updatedAt) {
      this.entries.delete(key);
      this.entries.set(key, cached);
      return cached.document;
    }
    const document = analyzeAdr(input());
    this.entries.set(key, { updatedAt: version.updatedAt, document });
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    return document;
  }

  /** Forget a workspace (uninstall, purge). */
  forgetTeam(teamId: string): void {
    for (const key of this.entries.keys()) if (key.startsWith(`${teamId}\u0000`)) this.entries.delete(key);
  }
}
