import { beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '../../../src/db/migrate.js';
import { type Db, openDatabase } from '../../../src/db/open.js';
import { SettingsRepository } from '../../../src/db/settings-repository.js';
import { ThreadOfferRepository } from '../../../src/db/thread-offer-repository.js';
import type { ThreadMessage } from '../../../src/domain/decision-detector.js';
import { defaultSettings } from '../../../src/domain/settings.js';
import { ThreadWatchService } from '../../../src/services/thread-watch-service.js';
import { storeOf } from '../../support/stores.js';

const TEAM = 'T1';
const CHANNEL = 'C1';
const actor = { teamId: TEAM, userId: 'U3' };

let db: Db;
let clock: Date;
let service: ThreadWatchService;

function thread(n: number) {
  return { teamId: TEAM, channelId: CHANNEL, threadTs: `17000000${String(n).padStart(2, '0')}.000100` };
}

function decided(n: number): ThreadMessage[] {
  const { threadTs } = thread(n);
  return [
    { ts: threadTs, user: 'U1', text: 'Kafka or SQS for the order events?' },
    { ts: `${threadTs}1`, user: 'U2', text: 'SQS is simpler to run.' },
    { ts: `${threadTs}2`, user: 'U3', text: "Agreed, let's go with SQS." },
  ];
}

beforeEach(async () => {
  db = openDatabase(':memory:');
  migrate(db);
  const settings = new SettingsRepository(storeOf(db));
  await settings.save({ ...defaultSettings(TEAM), watchedChannelIds: [CHANNEL] }, 'U1', new Date());
  clock = new Date('2026-12-02T10:00:00Z');
  service = new ThreadWatchService(new ThreadOfferRepository(storeOf(db)), settings, () => clock);
});

describe('ThreadWatchService', () => {
  it('offers to the author of the deciding message, once per thread', async () => {
    expect(await service.worthReading(thread(1))).toBe(true);
    expect(await service.consider(thread(1), decided(1))).toMatchObject({ offer: true, userId: 'U3' });
    expect(await service.worthReading(thread(1))).toBe(false);
    expect(await service.consider(thread(1), decided(1))).toMatchObject({ offer: false, reason: 'already-offered' });
  });

  it('watches only the picked channels, and offers nothing for a thread without a decision', async () => {
    const elsewhere = { ...thread(1), channelId: 'C2' };
    expect(await service.worthReading(elsewhere)).toBe(false);
    expect(await service.consider(elsewhere, decided(1))).toMatchObject({ reason: 'channel-not-watched' });
    expect(await service.consider(thread(2), decided(2).slice(0, 2))).toMatchObject({ reason: 'no-decision' });
    expect(db.prepare('SELECT COUNT(*) FROM thread_offers').pluck().get()).toBe(0);
  });

  it('never offers to the bot itself', async () => {
    expect(await service.consider(thread(1), decided(1), { botUserId: 'U3' })).toMatchObject({
      reason: 'no-decision',
    });
  });

  it('offers at most three times per channel in 24 hours', async () => {
    for (const n of [1, 2, 3]) expect((await service.consider(thread(n), decided(n))).offer).toBe(true);
    expect(await service.consider(thread(4), decided(4))).toMatchObject({ reason: 'daily-limit' });
    clock = new Date(clock.getTime() + 24 * 60 * 60 * 1000 + 1);
    expect((await service.consider(thread(4), decided(4))).offer).toBe(true);
  });

  it('remembers *Not a decision* and *Draft ADR from thread*', async () => {
    await service.consider(thread(1), decided(1));
    await service.dismiss(actor, thread(1));
    expect(await service.consider(thread(1), decided(1))).toMatchObject({ reason: 'dismissed' });
    await service.drafting(actor, thread(2));
    expect(await service.consider(thread(2), decided(2))).toMatchObject({ reason: 'linked-to-adr' });
  });

  it('asks the AI last, remembers its "no" for that message, and asks again for another deciding message', async () => {
    const asked: string[] = [];
    const no = async (verdict: { decidingTs: string | null }) => {
      asked.push(String(verdict.decidingTs));
      return false;
    };
    expect(await service.consider(thread(1), decided(1), { confirm: no })).toMatchObject({ reason: 'ai-disagrees' });
    expect(await service.consider(thread(1), decided(1), { confirm: no })).toMatchObject({ reason: 'ai-disagrees' });
    expect(asked).toHaveLength(1);
    const later: ThreadMessage = { ts: `${thread(1).threadTs}9`, user: 'U2', text: "Final call: we'll use SQS." };
    const yes = async () => true;
    expect(await service.consider(thread(1), [...decided(1), later], { confirm: yes })).toMatchObject({
      offer: true,
      userId: 'U2',
    });
    // Not asked when a rule already says no.
    expect(await service.consider(thread(1), decided(1), { confirm: no })).toMatchObject({ reason: 'already-offered' });
    expect(asked).toHaveLength(1);
  });

  it('treats a failed AI as no objection, and a failed post as no offer', async () => {
    expect((await service.consider(thread(1), decided(1), { confirm: async () => null })).offer).toBe(true);
    await service.offerFailed(thread(1), 'U3');
    expect(await service.worthReading(thread(1))).toBe(true);
  });

  it('finds a thread linked to an ADR by its card or its permalink in the technical story', async () => {
    db.prepare("INSERT INTO workspaces (team_id, created_at) VALUES (?, '2026-01-01')").run(TEAM);
    const insert = db.prepare(`INSERT INTO adrs (team_id, number, title, status, author_id, date, content_json,
      channel_id, message_ts, created_at, updated_at) VALUES (?, ?, 't', 'proposed', 'U1', '2026-01-01', ?, ?, ?, 'x', 'x')`);
    insert.run(TEAM, 1, '{}', CHANNEL, thread(1).threadTs);
    const story = `https://x.slack.com/archives/${CHANNEL}/p${thread(2).threadTs.replace('.', '')}`;
    insert.run(TEAM, 2, JSON.stringify({ technicalStory: story }), null, null);
    expect(await service.consider(thread(1), decided(1))).toMatchObject({ reason: 'linked-to-adr' });
    expect(await service.consider(thread(2), decided(2))).toMatchObject({ reason: 'linked-to-adr' });
    // Another workspace's ADR links nothing here.
    const other = { ...thread(3), teamId: 'T2' };
    expect(await service.consider(other, decided(3))).toMatchObject({ reason: 'channel-not-watched' });
    expect((await service.consider(thread(3), decided(3))).offer).toBe(true);
  });
});
