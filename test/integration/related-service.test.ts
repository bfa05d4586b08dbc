import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AdrRepository } from '../../src/db/adr-repository.js';
import { DatabaseMaintainer } from '../../src/db/maintenance.js';
import type { DataStore } from '../../src/db/store.js';
import { purgeTeam } from '../../src/db/team-data.js';
import { type AdrContent, emptyContent } from '../../src/domain/adr.js';
import { analyzeAdr, corpusStats, rankRelated, relatednessInputOf } from '../../src/domain/relatedness.js';
import { DecisionService } from '../../src/services/decision-service.js';
import { RelatedService, TERM_CANDIDATES } from '../../src/services/related-service.js';
import { loadRelatedCorpus } from '../fixtures/related-adrs/load.js';
import { ENGINES, openTestStore, type TestStore } from '../support/postgres.js';

// RelatedService ranks a draft against candidates from the full-text index and its topic, with workspace
// statistics it keeps up to date from what changed, on a real SQLite file and a real PostgreSQL database.

const TEAM = 'T_REL';
let test: TestStore;
let store: DataStore;
let adrs: AdrRepository;
let decisions: DecisionService;
// A clock that stands still: writes in one millisecond share their updated_at.
const now = () => new Date('2026-05-01T10:00:00Z');

function content(title: string, context: string, options: string[] = []): AdrContent {
  return { ...emptyContent(title), context, options: options.map((name) => ({ name, pros: [], cons: [] })) };
}

async function propose(title: string, context: string, options: string[] = [], teamId = TEAM): Promise<number> {
  const adr = await adrs.propose({
    teamId,
    content: content(title, context, options),
    authorId: 'U_A',
    channelId: null,
    now: now(),
  });
  return adr.number;
}

const numbersOf = async (found: Promise<{ number: number }[]>) => (await found).map((adr) => adr.number);

describe.each(ENGINES)('RelatedService on %s', (engine) => {
  beforeEach(async () => {
    test = await openTestStore(engine);
    store = test.store;
    adrs = new AdrRepository(store);
    decisions = new DecisionService(adrs, now);
  });

  afterEach(async () => {
    await test.close();
  });

  it('ranks the few candidates of a large workspace exactly as it would rank the whole workspace', async () => {
    const corpus = loadRelatedCorpus();
    // The corpus ten times over (1,000 ADRs in all when the corpus has 100): plenty the pre-filter must skip.
    for (let copy = 0; copy < 10; copy++) {
      for (const adr of corpus.adrs) await propose(`${adr.title} (${copy})`, adr.context, adr.options);
    }
    if (store.sqlite) new DatabaseMaintainer(store.sqlite).runToCompletion();
    const related = new RelatedService(adrs, decisions);
    const all = await decisions.all(TEAM);
    const documents = all.map((adr) => analyzeAdr(relatednessInputOf(adr, adr.number)));
    const stats = corpusStats(documents);
    for (const title of ['Use Kafka for order events', 'Throttle partner clients', 'Point-in-time recovery for PG']) {
      const draft = content(title, 'We need to decide this for the checkout.', []);
      const whole = rankRelated(relatednessInputOf(draft), documents, { stats }).map((match) => match.number);
      const found = await numbersOf(related.forDraft(TEAM, draft, { editing: null }));
      expect(found, title).toEqual(whole);
      const candidates = await related.candidatesFor(TEAM, analyzeAdr(relatednessInputOf(draft)));
      expect(candidates.length, title).toBeLessThanOrEqual(TERM_CANDIDATES * 2);
      expect(candidates.length, title).toBeLessThan(all.length / 4);
    }
  });

  it('finds a decision that shares no word with the draft, only its area ("throttle" and "rate limit")', async () => {
    const limits = await propose('Rate limits with a token bucket', 'One client slowed everyone down.');
    await propose('Pick a font for the marketing site', 'The brand team wants a new typeface.');
    const related = new RelatedService(adrs, decisions);
    const draft = content('Throttling', '');
    // Full-text search alone would not find it: no word in common.
    expect(await adrs.search(TEAM, 'throttling')).toEqual([]);
    expect(await related.candidatesFor(TEAM, analyzeAdr(relatednessInputOf(draft)))).toEqual([limits]);
    expect(await numbersOf(related.forDraft(TEAM, draft, { editing: null }))).toEqual([limits]);
  });

  it('sees an edit made in the same millisecond, an ADR another process added, and a purge', async () => {
    const kafka = await propose('Use Kafka for order events', 'Consumers replay order events.', [
      'Apache Kafka',
      'Amazon SQS',
    ]);
    const related = new RelatedService(adrs, decisions);
    const draft = content('Kafka for payment events', 'Payments publish events; consumers replay them.', [
      'Apache Kafka',
    ]);
    expect(await numbersOf(related.forDraft(TEAM, draft, { editing: null }))).toEqual([kafka]);

    // Same clock, so updated_at does not change: this process's write is what tells.
    await adrs.updateContent(TEAM, kafka, content('Pick a font for the marketing site', 'A new typeface.'), now());
    expect(await related.forDraft(TEAM, draft, { editing: null })).toEqual([]);

    // Another connection (another process) adds one: the workspace's count tells.
    const other = test.openAnother();
    await new AdrRepository(other).propose({
      teamId: TEAM,
      content: content('Replay payment events from Kafka', 'Consumers replay events.', ['Apache Kafka']),
      authorId: 'U_B',
      channelId: null,
      now: now(),
    });
    expect(await numbersOf(related.forDraft(TEAM, draft, { editing: null }))).toEqual([2]);

    await purgeTeam(store, TEAM);
    expect(await related.forDraft(TEAM, draft, { editing: null })).toEqual([]);
    const again = await propose('Kafka for refund events', 'Consumers replay refund events.', ['Apache Kafka']);
    expect(await numbersOf(related.forDraft(TEAM, draft, { editing: null }))).toEqual([again]);
  });

  it('keeps workspaces apart and never offers the ADR being edited', async () => {
    const mine = await propose('Use Kafka for order events', 'Consumers replay order events.', ['Apache Kafka']);
    await propose('Use Kafka for order events', 'Consumers replay order events.', ['Apache Kafka'], 'T_OTHER');
    const related = new RelatedService(adrs, decisions);
    const draft = content('Kafka for order events', 'Consumers replay order events.', ['Apache Kafka']);
    expect((await related.forDraft(TEAM, draft, { editing: null })).map((adr) => [adr.teamId, adr.number])).toEqual([
      [TEAM, mine],
    ]);
    expect(await related.forDraft(TEAM, draft, { editing: mine })).toEqual([]);
    expect(await related.forDraft('T_NOBODY', draft, { editing: null })).toEqual([]);
  });
});
