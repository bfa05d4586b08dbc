import { describe, expect, it } from 'vitest';
import { emptyContent } from '../../../src/domain/adr.js';
import {
  AREA_WORDS,
  analyzeAdr,
  corpusStats,
  inferTopic,
  RELATED_LIMIT,
  RELATED_THRESHOLD,
  RelatedIndex,
  type RelatednessInput,
  rankRelated,
  relatedness,
  relatednessInputOf,
  stem,
  tellingTerms,
  tokenize,
  withDocument,
} from '../../../src/domain/relatedness.js';
import { findTopic } from '../../../src/domain/topics.js';
import { loadHeldOutRelatedCorpus } from '../../fixtures/held-out/load.js';
import { loadRelatedCorpus, splitOf } from '../../fixtures/related-adrs/load.js';

const corpus = loadRelatedCorpus();
const documents = corpus.adrs.map((adr) =>
  analyzeAdr({
    number: adr.number,
    title: adr.title,
    context: adr.context,
    drivers: adr.drivers,
    options: adr.options,
  }),
);

function draft(partial: Partial<RelatednessInput>): RelatednessInput {
  return { number: null, title: '', context: '', drivers: [], options: [], ...partial };
}

describe('words', () => {
  it.each([
    ['cache', 'caches', 'cached', 'caching'],
    ['page', 'pages'],
    ['replica', 'replicas'],
    ['policy', 'policies'],
    ['deploy', 'deploys', 'deployed', 'deploying'],
  ])('stems %s and its forms alike', (...forms) => {
    expect(new Set(forms.map(stem)).size).toBe(1);
  });

  it('keeps short words, numbers and words ending in -ss or -us', () => {
    expect(stem('api')).toBe('api');
    expect(stem('v2')).toBe('v2');
    expect(stem('access')).toBe('access');
    expect(stem('status')).toBe('status');
  });

  it('drops stop words and ADR boilerplate, folds accents and spellings, adds the engineering area', () => {
    expect(tokenize('We need to use the Postgres database')).toEqual(['postgresql', 'databas']);
    expect(tokenize('Café-Résumé')).toEqual(tokenize('cafe resume'));
    expect(tokenize('Helm charts')).toEqual(['helm', '~kubernetes', 'chart']);
    expect(tokenize('C++ and C#')).toEqual(['c++', 'c#']);
  });
});

describe('vocabulary', () => {
  const shared = (a: string, b: string) => {
    const other = new Set(tokenize(b));
    return [...new Set(tokenize(a))].filter((token) => other.has(token));
  };

  it.each([
    ['PG', 'Postgres', 'postgresql'],
    ['PostgreSQL', 'psql', 'postgresql'],
    ['k8s', 'Kubernetes', 'kubernet'],
    ['EKS', 'kube', 'kubernet'],
    ['RN', 'React Native', 'nativ'],
    ['i18n', 'internationalisation', 'internationaliz'],
    ['l10n', 'localization', 'localiz'],
    ['IaC', 'infrastructure as code', 'infrastructur'],
  ])('reads %s and %s as one thing', (a, b, token) => {
    expect(shared(a, b)).toContain(token);
  });

  it.each([
    ['throttling partners', 'rate limits for the API', '~rate-limiting'],
    ['a token bucket', 'quota per key', '~rate-limiting'],
    ['point-in-time recovery', 'PITR', '~backups'],
    ['crash reporting', 'Sentry', '~error-tracking'],
    ['server-sent events', 'WebSockets', '~realtime'],
    ['mutual TLS', 'mTLS', 'mtl'],
    ['translations in Crowdin', 'ICU message format', '~i18n'],
    ['Helm charts', 'Argo Rollouts', '~kubernetes'],
  ])('meets "%s" and "%s" in their area', (a, b, area) => {
    expect(shared(a, b)).toContain(area);
  });

  it("gives every area word its own areas only (no stem shared by two areas' words)", () => {
    const listed = new Map<string, Set<string>>();
    for (const [area, words] of Object.entries(AREA_WORDS)) {
      for (const word of words.split(' ')) listed.set(word, new Set([...(listed.get(word) ?? []), area]));
    }
    for (const [word, areas] of listed) {
      const read = tokenize(word).filter((token) => token.startsWith('~'));
      expect(new Set(read), word).toEqual(areas);
    }
  });

  it('reads a phrase only as a phrase: "rate" and "limit" apart are no rate limiting', () => {
    expect(tokenize('the error rate hit the memory limit')).not.toContain('~rate-limiting');
    expect(tokenize('rate-limiting')).toContain('~rate-limiting');
  });

  it('drops verbs every decision uses', () => {
    expect(tokenize('Run and move services')).toEqual(['servic']);
  });

  it('an area counts only when two ADRs name it with different words', () => {
    const only = (title: string, number: number) => analyzeAdr(draft({ number, title }));
    expect(only('Helm', 1).areaWords.get('~kubernetes')).toBe('helm');
    // "Helm" against "Helm" meets on the word once, not on the word and again on its area (which would be 1).
    expect(relatedness(only('Helm', 1), only('Helm', 2))).toBeCloseTo(0.5, 10);
    // Helm against Kustomize meets on the area alone.
    expect(relatedness(only('Helm', 1), only('Kustomize', 3))).toBeGreaterThan(0.3);
    expect(relatedness(only('Helm', 1), only('Grafana', 4))).toBe(0);
  });
});

describe('inferTopic', () => {
  it('recognises a topic starter from two of its option names', () => {
    const topic = findTopic('message-queue');
    const names = topic?.options.map((option) => option.name) ?? [];
    expect(inferTopic(names.slice(0, 2))).toBe('message-queue');
    expect(inferTopic(['Apache Kafka', 'Something else'])).toBeNull();
    expect(inferTopic([])).toBeNull();
  });
});

describe('relatedness', () => {
  const byNumber = (number: number) => documents.find((document) => document.number === number)!;
  const stats = corpusStats(documents);

  it('is symmetric and higher for a labelled pair than for a hard negative', () => {
    const related = relatedness(byNumber(16), byNumber(42), stats);
    expect(related).toBeCloseTo(relatedness(byNumber(42), byNumber(16), stats), 10);
    expect(related).toBeGreaterThan(relatedness(byNumber(4), byNumber(50), stats));
  });

  it('is 0 for ADRs sharing nothing, and counts shared option names', () => {
    const a = analyzeAdr(draft({ number: 1, title: 'Alpha', options: ['Zebra'] }));
    const b = analyzeAdr(draft({ number: 2, title: 'Omega', options: ['Quokka'] }));
    expect(relatedness(a, b)).toBe(0);
    const c = analyzeAdr(draft({ number: 3, title: 'Omega', options: ['Zebra'] }));
    expect(relatedness(a, c)).toBeGreaterThan(0);
  });
});

describe('rankRelated', () => {
  it('offers the Kafka decisions for a Kafka draft, best first, at most three', () => {
    const matches = rankRelated(
      draft({
        title: 'Use Kafka for checkout order events',
        context: 'Consumers need to replay order events; RabbitMQ deletes messages once consumed.',
        options: ['Apache Kafka', 'RabbitMQ'],
      }),
      documents,
    );
    expect(matches.length).toBeGreaterThan(0);
    expect(matches.length).toBeLessThanOrEqual(RELATED_LIMIT);
    expect(matches[0]?.number).toBe(21);
    for (const match of matches) expect([21, 2, 43, 45]).toContain(match.number);
    for (const [index, match] of matches.entries()) {
      expect(match.score).toBeGreaterThanOrEqual(RELATED_THRESHOLD);
      if (index > 0) expect(match.score).toBeLessThanOrEqual(matches[index - 1]?.score ?? 0);
    }
  });

  it('offers nothing when nothing is close enough', () => {
    expect(
      rankRelated(draft({ title: 'Office plants watering rota', context: 'Ferns on the fourth floor.' }), documents),
    ).toEqual([]);
    expect(rankRelated(draft({ title: 'Anything' }), [])).toEqual([]);
  });

  it('never returns the ADR itself when an existing ADR is the draft', () => {
    const self = documents.find((document) => document.number === 21)!;
    expect(rankRelated(self, documents).map((match) => match.number)).not.toContain(21);
  });

  it('ranks a new draft with the kept workspace statistics plus the draft exactly as it counts them itself', () => {
    const stats = corpusStats(documents);
    for (const adr of corpus.adrs) {
      const input = {
        title: adr.title,
        context: adr.context,
        drivers: adr.drivers,
        options: adr.options,
        number: null,
      };
      const document = analyzeAdr(input);
      const counted = corpusStats([...documents, document]);
      const kept = withDocument(stats, document);
      expect(kept.documents).toBe(counted.documents);
      expect([...kept.documentFrequency]).toEqual([...counted.documentFrequency]);
      expect(kept.documentFrequency.size).toBe(counted.documentFrequency.size);
      expect(rankRelated(document, documents, { stats: kept })).toEqual(rankRelated(input, documents));
    }
  });

  it('scores a pre-filtered subset like the whole workspace when given the workspace statistics', () => {
    const stats = corpusStats(documents);
    const input = draft({ title: 'Store secrets in Vault with dynamic credentials', options: ['HashiCorp Vault'] });
    const whole = rankRelated(input, documents, { stats });
    const subset = documents.filter((document) => whole.some((match) => match.number === document.number));
    const fromSubset = rankRelated(input, subset, { stats });
    expect(fromSubset.map((match) => match.number)).toEqual(whole.map((match) => match.number));
    for (const [index, match] of fromSubset.entries()) {
      expect(match.score).toBeCloseTo(whole[index]?.score ?? Number.NaN, 12);
    }
  });

  it('reads an ADR as the wizard keeps it', () => {
    const content = {
      ...emptyContent('Use Temporal for the refund workflow'),
      context: 'Refunds call two providers and must compensate.',
      options: [
        { name: 'Temporal', pros: [], cons: [] },
        { name: 'Cron jobs with a state table', pros: [], cons: [] },
      ],
    };
    const matches = rankRelated(relatednessInputOf(content, null, 'message-queue'), documents);
    expect(matches.map((match) => match.number).sort()).toEqual([20, 49]);
  });

  it('meets its quality target on the held-out drafts of the corpus (the figure npm run eval prints)', () => {
    // A floor well under the measured figures (see npm run eval), so a change that breaks ranking fails here.
    let shown = 0;
    let correct = 0;
    for (const document of documents.filter((candidate) => splitOf(candidate.number ?? 0, corpus) === 'holdout')) {
      const labelled = new Set(corpus.related[String(document.number)] ?? []);
      const matches = rankRelated(document, documents);
      shown += matches.length;
      correct += matches.filter((match) => labelled.has(match.number)).length;
    }
    expect(correct / shown).toBeGreaterThan(0.75);
  });

  it('meets its quality target on the held-out corpus (test/fixtures/held-out; the figure npm run eval prints)', () => {
    // Floors under the measured figures (90.3 % / 71.8 %), so a change that breaks ranking fails here.
    const heldOut = loadHeldOutRelatedCorpus();
    const adrs = heldOut.adrs.map((adr) => analyzeAdr({ ...adr, number: adr.number }));
    let shown = 0;
    let correct = 0;
    let expected = 0;
    for (const document of adrs) {
      const labelled = new Set(heldOut.related[String(document.number)] ?? []);
      const matches = rankRelated(
        document,
        adrs.filter((other) => other.number !== document.number),
      );
      shown += matches.length;
      correct += matches.filter((match) => labelled.has(match.number)).length;
      expected += Math.min(3, labelled.size);
    }
    expect(correct / shown).toBeGreaterThan(0.85);
    expect(correct / expected).toBeGreaterThan(0.68);
  });
});

describe('feeding relatedness', () => {
  const stats = corpusStats(documents);

  it("pre-selects by the draft's most telling terms, in the ranking's own terms: stems, folded spellings, areas", () => {
    const terms = tellingTerms(
      analyzeAdr(draft({ title: 'Throttle partner clients on the PG-backed API', options: ['Quota per key'] })),
      stats,
    ).map(({ term }) => term);
    // "PG" is folded into PostgreSQL, and "throttle" (in no ADR of this workspace) into its area, which is.
    expect(terms).toEqual(expect.arrayContaining(['partn', 'postgresql', '~rate-limiting']));
    expect(tellingTerms(analyzeAdr(draft({ title: 'Zyxwv quuxly' })), stats)).toEqual([]);
  });

  it('takes the terms by weight, heaviest first, at most the number asked for', () => {
    // Kafka (in 8 ADRs) weighs more than its area (~messaging, in more).
    expect(tellingTerms(analyzeAdr(draft({ title: 'Kafka' })), stats, 1).map(({ term }) => term)).toEqual(['kafka']);
    const document = analyzeAdr(draft({ title: 'Kafka topics for order events', context: 'Order events.' }));
    const few = tellingTerms(document, stats, 2);
    const more = tellingTerms(document, stats, 12);
    expect(more.slice(0, 2)).toEqual(few);
    expect(more.length).toBeGreaterThan(few.length);
    for (let i = 1; i < more.length; i++) {
      expect(more[i - 1]?.weight ?? 0).toBeGreaterThanOrEqual(more[i]?.weight ?? 0);
    }
  });

  it("pre-selects the workspace's ADRs sharing the most weight of the terms, and follows their changes", () => {
    const index = new RelatedIndex();
    const put = (number: number, updatedAt: string, title: string) =>
      index.put({ number, updatedAt, input: () => draft({ title }) });
    put(1, 'a', 'Kafka events into PostgreSQL');
    put(2, 'a', 'Kafka for audit logs');
    put(3, 'a', 'Pick a font for the marketing site');
    put(4, 'a', 'Partition the PostgreSQL tables');
    const terms = [
      { term: 'kafka', weight: 2 },
      { term: 'postgresql', weight: 1 },
    ];
    // ADR-1 holds both (3), ADR-2 Kafka (2), ADR-4 PostgreSQL (1); ADR-3 neither.
    expect(index.candidates(terms, 10)).toEqual([1, 2, 4]);
    expect(index.candidates(terms, 2)).toEqual([1, 2]);
    // A new version replaces the old one's terms.
    put(1, 'b', 'Pick a typeface');
    expect(index.candidates(terms, 10)).toEqual([2, 4]);
    const typeface = [...(index.document(1)?.terms.keys() ?? [])].map((term) => ({ term, weight: 1 }));
    // Every one of its own terms, then the font ADR, which shares "pick".
    expect(index.candidates(typeface, 10)).toEqual([1, 3]);
  });

  it('keeps workspace statistics up to date as ADRs are added and change', () => {
    const index = new RelatedIndex();
    let reads = 0;
    const put = (number: number, updatedAt: string, title: string, force = false) =>
      index.put(
        {
          number,
          updatedAt,
          input: () => {
            reads++;
            return draft({ title });
          },
        },
        force,
      );
    put(1, 'a', 'Kafka for events');
    put(2, 'a', 'Kafka for audit logs');
    const before = index.stats;
    expect(before).toMatchObject({ documents: 2 });
    expect(before.documentFrequency.get('kafka')).toBe(2);
    // The same version is not read again, and the statistics stay the same object.
    put(1, 'a', 'Kafka for events');
    expect(reads).toBe(2);
    expect(index.stats).toBe(before);
    // A new version replaces the old one's terms.
    put(2, 'b', 'Pulsar for audit logs');
    expect(reads).toBe(3);
    expect(index.stats).not.toBe(before);
    expect(index.stats.documentFrequency.get('kafka')).toBe(1);
    expect(index.stats.documentFrequency.get('pulsar')).toBe(1);
    expect(index.latest).toBe('b');
    // Forced: read again even at the same version (two writes in one millisecond).
    put(2, 'b', 'NATS for audit logs', true);
    expect(index.stats.documentFrequency.has('pulsar')).toBe(false);
    expect(index.document(2)?.terms.has('nat')).toBe(true);
  });

  it('gives the same statistics as the whole workspace, so candidates score as against all of it', () => {
    const index = new RelatedIndex();
    for (const adr of corpus.adrs) index.put({ number: adr.number, updatedAt: 'v1', input: () => draft(adr) });
    const whole = corpusStats(documents);
    expect(index.stats.documents).toBe(whole.documents);
    expect(new Map(index.stats.documentFrequency)).toEqual(new Map(whole.documentFrequency));
  });

  it("finds a topic's ADRs, newest first", () => {
    const index = new RelatedIndex();
    const queue = findTopic('message-queue')?.options.map((option) => option.name) ?? [];
    index.put({ number: 1, updatedAt: 'a', input: () => draft({ title: 'Queue', options: queue.slice(0, 2) }) });
    index.put({ number: 2, updatedAt: 'a', input: () => draft({ title: 'Other', options: ['A', 'B'] }) });
    index.put({ number: 3, updatedAt: 'a', input: () => draft({ title: 'Queue again', options: queue.slice(1, 3) }) });
    expect(index.withTopic('message-queue', 5).map((document) => document.number)).toEqual([3, 1]);
    expect(index.withTopic('message-queue', 1).map((document) => document.number)).toEqual([3]);
    expect(index.withTopic(null, 5)).toEqual([]);
  });
});

describe('ranking twice under the same statistics', () => {
  it('gives the same matches the first time (weights computed on the fly) and after (weights kept)', () => {
    const stats = corpusStats(documents);
    const input = draft({ title: 'Move CI runners to Kubernetes', options: ['GitHub Actions', 'Jenkins'] });
    const first = rankRelated(input, documents, { stats });
    const second = rankRelated(input, documents, { stats });
    expect(second.map((match) => match.number)).toEqual(first.map((match) => match.number));
    second.forEach((match, index) => {
      expect(match.score).toBeCloseTo(first[index]?.score ?? Number.NaN, 12);
    });
  });
});
