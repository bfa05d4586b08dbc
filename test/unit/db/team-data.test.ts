import { describe, expect, it } from 'vitest';
import { AdrRepository } from '../../../src/db/adr-repository.js';
import { DraftRepository } from '../../../src/db/draft-repository.js';
import { migrate } from '../../../src/db/migrate.js';
import { openDatabase } from '../../../src/db/open.js';
import { ProcessedEventRepository } from '../../../src/db/processed-event-repository.js';
import { countTeamRows, purgeTeam, teamTables } from '../../../src/db/team-data.js';
import { emptyContent } from '../../../src/domain/adr.js';
import { storeOf } from '../../support/stores.js';

async function seeded() {
  const db = openDatabase(':memory:');
  migrate(db);
  const adrs = new AdrRepository(storeOf(db));
  const drafts = new DraftRepository(storeOf(db));
  const events = new ProcessedEventRepository(storeOf(db));
  const now = new Date('2026-01-01T00:00:00Z');
  for (const teamId of ['T1', 'T2']) {
    for (const title of ['Use Postgres', 'Use Kafka']) {
      const content = { ...emptyContent(title), context: `${teamId} context` };
      await adrs.propose({ teamId, content, authorId: 'U1', channelId: 'C1', now });
    }
    await adrs.changeStatus(teamId, [{ number: 1, from: 'proposed', to: 'accepted' }], 'U1', now);
    await drafts.create({
      teamId,
      userId: 'U1',
      adrNumber: null,
      content: emptyContent('draft'),
      channelId: null,
      now,
    });
    await events.claim(`Ev-${teamId}`, teamId, 'event:app_home_opened', now);
  }
  return { db, adrs };
}

describe('purging a workspace', () => {
  it('finds every table with a team_id column, including the search index', async () => {
    const { db } = await seeded();
    expect(await teamTables(storeOf(db))).toEqual(
      expect.arrayContaining([
        'adr_search',
        'adrs',
        'drafts',
        'installations',
        'processed_events',
        'status_changes',
        'workspaces',
      ]),
    );
  });

  it('deletes every row of that team in every table and nothing of the other team', async () => {
    const { db, adrs } = await seeded();
    const before = await countTeamRows(storeOf(db), 'T2');
    const deleted = await purgeTeam(storeOf(db), 'T1');
    expect(deleted).toMatchObject({ adrs: 2, status_changes: 3, drafts: 1, workspaces: 1, processed_events: 1 });
    for (const table of await teamTables(storeOf(db))) {
      expect(db.prepare(`SELECT COUNT(*) FROM "${table}" WHERE team_id = 'T1'`).pluck().get(), table).toBe(0);
    }
    expect(await countTeamRows(storeOf(db), 'T2')).toEqual(before);
    expect(await adrs.search('T2', 'context')).toHaveLength(2);
    expect(await adrs.search('T1', 'context')).toHaveLength(0);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);
  });

  it('restarts numbering at 1 for a purged workspace that comes back', async () => {
    const { db, adrs } = await seeded();
    await purgeTeam(storeOf(db), 'T1');
    const adr = await adrs.propose({
      teamId: 'T1',
      content: emptyContent('Again'),
      authorId: 'U1',
      channelId: null,
      now: new Date(),
    });
    expect(adr.number).toBe(1);
  });

  it('is all or nothing: a failure half-way leaves every row in place', async () => {
    const { db } = await seeded();
    db.exec(`CREATE TABLE fragile (team_id TEXT);
      INSERT INTO fragile VALUES ('T1');
      CREATE TRIGGER fragile_no_delete BEFORE DELETE ON fragile BEGIN SELECT RAISE(ABORT, 'refused'); END;`);
    const before = await countTeamRows(storeOf(db), 'T1');
    await expect(purgeTeam(storeOf(db), 'T1')).rejects.toThrow(/refused/);
    expect(await countTeamRows(storeOf(db), 'T1')).toEqual(before);
  });
});
