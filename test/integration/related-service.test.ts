import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AdrRepository } from '../../src/db/adr-repository.js';
import { DatabaseMaintainer } from '../../src/db/maintenance.js';
import { migrate } from '../../src/db/migrate.js';
import { type Db, openDatabase } from '../../src/db/open.js';
import { purgeTeam } from '../../src/db/team-data.js';
import { type AdrContent, emptyContent } from '../../src/domain/adr.js';
import { analyzeAdr, corpusStats, rankRelated, relatednessInputOf } from '../../src/domain/relatedness.js';
import { DecisionService } from '../../src/services/decision-service.js';
import { RelatedService, SEARCH_CANDIDATES } from '../../src/services/related-service.js';
import { loadRelatedCorpus } from '../fixtures/related-adrs/load.js';

// RelatedService ranks a draft against candidates from the full-text index and its topic, with workspace
// statistics it keeps up to date from what changed, on a real SQLite file.

const TEAM = 'T_REL';
let dir: string;
let db: Db;
let adrs: AdrRepository;
let decisions: DecisionService;
// A clock that stands still: writes in one millisecond share their updated_at.
const now = () => new Date('2026-05-01T10:00:00Z');

function content(title: string, context: string, options: string[] = []): AdrContent {
  return { ...emptyContent(title), context, options: options.map((name) => ({ name, pros: [], cons: [] })) };
}

function propose(title: string, context: string, options: string[] = [], teamId = TEAM): number {
  return adrs.propose({
    teamId,
    content: content(title, context, options),
    authorId: 'U_A',
    channelId: null,
    now: now(),
  }).number;
}

const numbersOf = (found: { number: number }[]) => found.map((adr) => adr.number);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'adr-related-'));
  db = openDatabase(join(dir, 'adr.sqlite'));
  migrate(db);
  adrs = new AdrRepository(db);
  decisions = new DecisionService(adrs, now);
});

afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('RelatedService', () => {
  it('ranks the few candidates of a large workspace exactly as it would rank the whole workspace', () => {
    const corpus = loadRelatedCorpus();
    // The corpus ten times over (1,000 ADRs in all when the corpus has 100): plenty the pre-filter must skip.
    for (let copy = 0; copy < 10; copy++) {
      for (const adr of corpus.adrs) propose(`${adr.title} (${copy})`, adr.context, adr.options);
    }
    new DatabaseMaintainer(db).runToCompletion();
    const related = new RelatedService(adrs, decisions);
    const all = decisions.all(TEAM);
    const documents = all.map((adr) => analyzeAdr(relatednessInputOf(adr, adr.number)));
    const stats = corpusStats(documents);
    for (const title of ['Use Kafka for order events', 'Throttle partner clients', 'Point-in-time recovery for PG']) {
      const draft = content(title, 'We need to decide this for the checkout.', []);
      const whole = rankRelated(relatednessInputOf(draft), documents, { stats }).map((match) => match.number);
      const found = numbersOf(related.forDraft(TEAM, draft, { editing: null }));
      expect(found, title).toEqual(whole);
      const candidates = related.candidatesFor(TEAM, analyzeAdr(relatednessInputOf(draft)));
      expect(candidates.length, title).toBeLessThanOrEqual(SEARCH_CANDIDATES * 2);
      expect(candidates.length, title).toBeLessThan(all.length / 4);
    }
  });

  it('finds a decision that shares no word with the draft, only its area ("throttle" and "rate limit")', () => {
    const limits = propose('Rate limits with a token bucket', 'One client slowed everyone down.');
    propose('Pick a font for the marketing site', 'The brand team wants a new typeface.');
    const related = new RelatedService(adrs, decisions);
    const draft = content('Throttling', '');
    // Full-text search alone would not find it: no word in common.
    expect(adrs.search(TEAM, 'throttling')).toEqual([]);
    expect(related.candidatesFor(TEAM, analyzeAdr(relatednessInputOf(draft)))).toEqual([limits]);
    expect(numbersOf(related.forDraft(TEAM, draft, { editing: null }))).toEqual([limits]);
  });

  it('sees an edit made in the same millisecond, an ADR another process added, and a purge', () => {
    const kafka = propose('Use Kafka for order events', 'Consumers replay order events.', [
      'Apache Kafka',
      'Amazon SQS',
    ]);
    const related = new RelatedService(adrs, decisions);
    const draft = content('Kafka for payment events', 'Payments publish events; consumers replay them.', [
      'Apache Kafka',
    ]);
    expect(numbersOf(related.forDraft(TEAM, draft, { editing: null }))).toEqual([kafka]);

    // Same clock, so updated_at does not change: this process's write is what tells.
    adrs.updateContent(TEAM, kafka, content('Pick a font for the marketing site', 'A new typeface.'), now());
    expect(related.forDraft(TEAM, draft, { editing: null })).toEqual([]);

    // Another connection (another process) adds one: the workspace's count tells.
    const other = openDatabase(join(dir, 'adr.sqlite'));
    try {
      new AdrRepository(other).propose({
        teamId: TEAM,
        content: content('Replay payment events from Kafka', 'Consumers replay events.', ['Apache Kafka']),
        authorId: 'U_B',
        channelId: null,
        now: now(),
      });
    } finally {
      other.close();
    }
    expect(numbersOf(related.forDraft(TEAM, draft, { editing: null }))).toEqual([2]);

    purgeTeam(db, TEAM);
    expect(related.forDraft(TEAM, draft, { editing: null })).toEqual([]);
    const again = propose('Kafka for refund events', 'Consumers replay refund events.', ['Apache Kafka']);
    expect(numbersOf(related.forDraft(TEAM, draft, { editing: null }))).toEqual([again]);
  });

  it('keeps workspaces apart and never offers the ADR being edited', () => {
    const mine = propose('Use Kafka for order events', 'Consumers replay order events.', ['Apache Kafka']);
    propose('Use Kafka for order events', 'Consumers replay order events.', ['Apache Kafka'], 'T_OTHER');
    const related = new RelatedService(adrs, decisions);
    const draft = content('Kafka for order events', 'Consumers replay order events.', ['Apache Kafka']);
    expect(related.forDraft(TEAM, draft, { editing: null }).map((adr) => [adr.teamId, adr.number])).toEqual([
      [TEAM, mine],
    ]);
    expect(related.forDraft(TEAM, draft, { editing: mine })).toEqual([]);
    expect(related.forDraft('T_NOBODY', draft, { editing: null })).toEqual([]);
  });
});
