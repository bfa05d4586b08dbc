import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AdrRepository } from '../../../src/db/adr-repository.js';
import { migrate } from '../../../src/db/migrate.js';
import { type Db, openDatabase } from '../../../src/db/open.js';
import { DatabaseRevision, sameRevision } from '../../../src/db/revision.js';
import { emptyContent } from '../../../src/domain/adr.js';
import { DecisionService } from '../../../src/services/decision-service.js';
import { RelatedService } from '../../../src/services/related-service.js';
import { AnswerCache } from '../../../src/slack/answer-cache.js';

const NOW = new Date('2026-03-01T10:00:00Z');
let dir: string;
let mine: Db;
let other: Db;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'adr-revision-'));
  mine = openDatabase(join(dir, 'adr.sqlite'));
  migrate(mine);
  // Another process on the same file: the CLI's import, a second app.
  other = openDatabase(join(dir, 'adr.sqlite'));
});

afterEach(() => {
  other.close();
  mine.close();
  rmSync(dir, { recursive: true, force: true });
});

const propose = (db: Db, title: string, links: string[] = []) =>
  new AdrRepository(db).propose({
    teamId: 'T_A',
    content: { ...emptyContent(title), links },
    authorId: 'U1',
    channelId: null,
    now: NOW,
  });

describe('DatabaseRevision', () => {
  it('moves with a change made here or by another connection, in any table, and not otherwise', () => {
    const revision = new DatabaseRevision(mine);
    const first = revision.current();
    if (!first) throw new Error('outside a transaction there is a revision');
    expect(sameRevision(first, revision.current() ?? first)).toBe(true);
    mine.prepare('INSERT INTO workspaces (team_id, created_at) VALUES (?, ?)').run('T_HERE', NOW.toISOString());
    const afterMine = revision.current() ?? first;
    expect(sameRevision(first, afterMine)).toBe(false);
    other.prepare('INSERT INTO workspaces (team_id, created_at) VALUES (?, ?)').run('T_THERE', NOW.toISOString());
    expect(sameRevision(afterMine, revision.current() ?? afterMine)).toBe(false);
  });

  it('has none inside a transaction, whose reads may still be rolled back', () => {
    const revision = new DatabaseRevision(mine);
    mine.transaction(() => expect(revision.current()).toBeNull())();
  });
});

describe('AnswerCache', () => {
  it('builds again after any change to the database, and keeps nothing built inside a transaction', () => {
    const answers = new AnswerCache(new DatabaseRevision(mine));
    let builds = 0;
    const count = () =>
      answers.get('count', () => {
        builds++;
        return mine.prepare('SELECT COUNT(*) FROM adrs').pluck().get();
      });
    expect(count()).toBe(0);
    expect(count()).toBe(0);
    expect(builds).toBe(1);
    propose(other, 'Written by another process');
    expect(count()).toBe(1);
    propose(mine, 'Written here');
    expect(count()).toBe(2);
    expect(builds).toBe(3);
    mine.transaction(() => count())();
    mine.transaction(() => count())();
    expect(builds).toBe(5);
  });
});

describe('RelatedService', () => {
  it('sees Links another process wrote, both ways, and an ADR changed here', () => {
    propose(mine, 'Use PostgreSQL');
    propose(mine, 'Partition orders', ['Related: ADR-001']);
    const adrs = new AdrRepository(mine);
    const related = new RelatedService(adrs, new DecisionService(adrs, () => NOW));
    const first = () => new AdrRepository(mine).find('T_A', 1) ?? expect.fail('ADR-001 is stored');
    expect(related.bothWays(first()).map((adr) => adr.number)).toEqual([2]);
    propose(other, 'Read replicas', ['See also ADR-1']);
    expect(related.bothWays(first()).map((adr) => adr.number)).toEqual([2, 3]);
    new AdrRepository(mine).updateContent('T_A', 2, emptyContent('Partition orders'), NOW);
    expect(related.bothWays(first()).map((adr) => adr.number)).toEqual([3]);
  });
});
