import { strFromU8, unzipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StoredAdr } from '../../src/db/adr-repository.js';
import { AdrRepository } from '../../src/db/adr-repository.js';
import { type AdrContent, emptyContent } from '../../src/domain/adr.js';
import { ImportService } from '../../src/services/import-service.js';
import { fixtureFolders } from '../support/adr-folders.js';
import { startTestApp, type TestApp, viewOf } from '../support/app-harness.js';
import type { SlackView } from '../support/fake-slack.js';
import { expectErrorLogged } from '../support/log-capture.js';
import { value } from '../support/rows.js';

let t: TestApp;

beforeEach(async () => {
  t = await startTestApp();
});

afterEach(async () => {
  expect(t.fake.violations).toEqual([]);
  expect(t.fake.broadcasts).toEqual([]);
  await t.stop();
});

function content(title: string, extra: Partial<AdrContent> = {}): AdrContent {
  return {
    ...emptyContent(title),
    context: `Context of ${title}`,
    options: [
      { name: 'PostgreSQL', pros: ['ACID'], cons: ['Sharding is manual'] },
      { name: 'MongoDB', pros: ['Flexible schema'], cons: ['No joins'] },
    ],
    ...extra,
  };
}

async function propose(
  title: string,
  extra: Partial<AdrContent> = {},
  author = 'U_ALICE',
  teamId = 'T_TEST',
): Promise<StoredAdr> {
  return await t.adr.services.decisions.propose(teamId, author, content(title, extra), 'C_GENERAL');
}

interface Reply {
  text: string;
  blocks: unknown[];
}

async function command(text: string, userId = 'U_ALICE', teamId?: string): Promise<Reply> {
  const response = await t.slack.command(text, { userId, ...(teamId ? { teamId } : {}) });
  expect(response.status).toBe(200);
  await t.settle();
  return response.body ? (response.json() as Reply) : { text: '', blocks: [] };
}

const flat = (reply: Reply) => JSON.stringify(reply.blocks);

async function statusOf(number: number, teamId = 'T_TEST'): Promise<string | undefined> {
  return value<string>(t, 'adrs', 'status', { team_id: teamId, number });
}

describe('numbering', () => {
  it('numbers ADRs per workspace, zero-padded, and every spelling names the same ADR', async () => {
    expect((await propose('First')).number).toBe(1);
    expect((await propose('Second')).number).toBe(2);
    expect((await propose('Elsewhere', {}, 'U_X', 'T_OTHER')).number).toBe(1);
    for (const ref of ['2', '002', 'ADR-2', 'adr-002']) {
      expect(flat(await command(`show ${ref}`))).toContain('ADR-002: Second');
    }
  });

  it('explains unknown and malformed numbers', async () => {
    expect((await command('show 99')).text).toContain('ADR-099 does not exist in this workspace');
    expect((await command('show banana')).text).toContain('is not an ADR number');
    expect((await command('show')).text).toContain('Usage');
  });
});

describe('list and search', () => {
  it('pages the log ten at a time, newest first, with a working Next button', async () => {
    for (let i = 1; i <= 12; i++) await propose(`Decision ${i}`);
    const first = await command('list');
    expect(flat(first)).toContain('ADR-012');
    expect(flat(first)).not.toContain('ADR-002');
    expect(flat(first)).toContain('Page 1 of 2');

    const since = t.fake.calls.length;
    await t.slack.blockAction({
      actionId: 'adr_list_page_2',
      message: { ts: '1.2', blocks: first.blocks },
      channelId: 'C_GENERAL',
    });
    await t.settle();
    const page = t.fake.calls.slice(since).find((call) => call.method === 'response_url');
    expect(JSON.stringify(page?.args)).toContain('ADR-001');
    expect(JSON.stringify(page?.args)).toContain('Page 2 of 2');
    expect(page?.args.replace_original).toBe(true);
  });

  it('filters by status', async () => {
    await propose('Kept');
    const accepted = await propose('Chosen');
    await t.adr.services.decisions.changeStatus('T_TEST', String(accepted.number), 'accepted', 'U_ALICE');
    const reply = await command('list accepted');
    expect(flat(reply)).toContain('Chosen');
    expect(flat(reply)).not.toContain('Kept');
    expect((await command('list rejected')).text).toContain('No rejected ADRs');
  });

  it('searches titles, context, drivers, options and outcome, best first, with an escaped snippet', async () => {
    await propose('Use Redis for sessions', { context: 'Sessions must survive restarts <!here>' });
    await propose('Message queue', { drivers: ['Redis streams are an option'] });
    await propose('Unrelated decision');
    const reply = await command('search redis');
    const text = flat(reply);
    expect(text.indexOf('Use Redis for sessions')).toBeGreaterThan(-1);
    expect(text.indexOf('Use Redis for sessions')).toBeLessThan(text.indexOf('Message queue'));
    expect(text).not.toContain('Unrelated');
    expect(text).toContain('*Redis*');
    const sessions = await command('search restarts');
    expect(flat(sessions)).toContain('&lt;!here&gt;');
    expect((await command('search nothing-like-this')).text).toContain('No ADR matches');
  });

  it('never shows another workspace’s ADRs', async () => {
    await propose('Secret of other team', {}, 'U_X', 'T_OTHER');
    expect(flat(await command('list'))).not.toContain('Secret');
    expect(flat(await command('search secret'))).not.toContain('Secret');
    expect((await command('show 1')).text).toContain('does not exist');
  });
});

describe('lifecycle', () => {
  it('lets the author accept, records who and when, and shows the history', async () => {
    await propose('Adopt Kafka', { deciders: ['U_BOB'] });
    const reply = await command('accept 1');
    expect(reply.text).toContain('ADR-001 is now Accepted');
    expect(await statusOf(1)).toBe('accepted');
    const show = flat(await command('show 1'));
    expect(show).toContain('Proposed → Accepted');
    expect(show).toContain('<@U_ALICE>');
  });

  it('refuses people who are neither author nor decider, and impossible transitions', async () => {
    await propose('Adopt Kafka', { deciders: ['U_BOB'] });
    expect((await command('accept 1', 'U_MALLORY')).text).toContain('Only the author and the deciders');
    expect(await statusOf(1)).toBe('proposed');
    expect((await command('deprecate 1', 'U_BOB')).text).toContain('cannot become Deprecated');
    expect((await command('reject 1', 'U_BOB')).text).toContain('now Rejected');
    expect((await command('accept 1')).text).toContain('cannot become Accepted');
  });

  it('accepting from the card button updates the posted card', async () => {
    const adr = await propose('Adopt Kafka');
    const posted = await t.adr.app.client.chat.postMessage({ channel: 'C_GENERAL', text: 'card' });
    await t.adr.services.decisions.recordCard('T_TEST', adr.number, { channelId: 'C_GENERAL', ts: String(posted.ts) });
    const since = t.fake.calls.length;
    await t.slack.blockAction({
      actionId: 'adr_card_accept',
      value: '1',
      channelId: 'C_GENERAL',
      message: { ts: String(posted.ts) },
    });
    await t.settle();
    const update = t.fake.calls.slice(since).find((call) => call.method === 'chat.update');
    expect(update?.args.ts).toBe(posted.ts);
    expect(JSON.stringify(update?.args.blocks)).toContain('Accepted');
    expect(await statusOf(1)).toBe('accepted');
  });

  it('supersedes in both directions and refuses what the lifecycle forbids', async () => {
    await propose('Use MySQL');
    await propose('Use PostgreSQL');
    await command('accept 1');
    expect((await command('supersede 2 by 1')).text).toContain('Only an accepted ADR can be superseded');
    expect((await command('supersede 1 by 1')).text).toContain('cannot supersede itself');
    expect((await command('supersede 1 by 9')).text).toContain('ADR-009 does not exist');
    expect((await command('supersede 1 by 2')).text).toContain('ADR-001 is now superseded by ADR-002');
    expect(await statusOf(1)).toBe('superseded');
    expect(flat(await command('show 1'))).toContain('Superseded by ADR-002');
    expect(flat(await command('show 2'))).toContain('Supersedes ADR-001');
    expect((await command('deprecate 1')).text).toContain('cannot become Deprecated');
  });

  it('supersedes through the card button and its modal, with a field error for a bad number', async () => {
    await propose('Use MySQL');
    await propose('Use PostgreSQL');
    await command('accept 1');
    await t.slack.blockAction({
      actionId: 'adr_card_supersede',
      value: '1',
      channelId: 'C_GENERAL',
      message: { ts: '5.5' },
    });
    await t.settle();
    const modal = viewOf(t.fake, t.fake.lastCall('views.open')!);
    const bad = await t.submit(modal, { supersede_replacement: 'ADR-77' });
    expect(bad.body?.errors?.supersede_replacement).toContain('ADR-077 does not exist');
    const good = await t.submit(modal, { supersede_replacement: '2' });
    expect(good.body?.response_action).toBe('clear');
    expect(await statusOf(1)).toBe('superseded');
  });
});

describe('editing', () => {
  it('reopens the wizard on a Proposed ADR and saves the changes', async () => {
    await propose('Use MySQL');
    await command('edit 1');
    let view = viewOf(t.fake, t.fake.lastCall('views.open')!);
    expect(view.title).toMatchObject({ text: 'Edit ADR-001 (1/5)' });
    let step = await t.submit(view, { wizard_title: 'Use MySQL 8' });
    for (let i = 0; i < 3; i++) step = await t.submit(step.next as SlackView, {});
    view = step.next as SlackView;
    expect(view.submit).toMatchObject({ text: 'Save changes' });
    const saved = await t.submit(view, {});
    expect(saved.body?.response_action).toBe('clear');
    expect((await t.adr.services.decisions.find('T_TEST', 1))?.title).toBe('Use MySQL 8');
    expect((await t.adr.services.decisions.find('T_TEST', 1))?.number).toBe(1);
  });

  it('refuses to edit an Accepted ADR and says how to change it', async () => {
    await propose('Use MySQL');
    await command('accept 1');
    expect((await command('edit 1')).text).toContain('Supersede it with a new ADR instead');
    expect((await command('edit 1', 'U_MALLORY')).text).toContain('only Proposed ADRs can be edited');
  });
});

describe('where cards go', () => {
  it('posts the card as a DM to the author when the bot is not in the channel', async () => {
    t.fake.setNotInChannel('C_GENERAL');
    const response = await t.slack.command('new Cache', { userId: 'U_ALICE' });
    expect(response.status).toBe(200);
    await t.settle();
    let view = viewOf(t.fake, t.fake.lastCall('views.open')!);
    let step = await t.submit(view, { wizard_title: 'Cache' });
    step = await t.submit(step.next as SlackView, { wizard_option_0: 'Redis', wizard_option_1: 'Memcached' });
    for (let i = 0; i < 3; i++) step = await t.submit(step.next as SlackView, {});
    await t.settle();
    const posts = t.fake.callsTo('chat.postMessage');
    const dm = posts.at(-1);
    expect(dm?.args.channel).toBe('U_ALICE');
    expect(JSON.stringify(dm?.args.blocks)).toContain('/invite @ADR Assistant');
    view = t.fake.lastView() as SlackView;
    expect(await statusOf(1)).toBe('proposed');
  });

  it('opens the wizard from the global shortcut', async () => {
    await t.slack.shortcut('adr_new_shortcut', { userId: 'U_BOB' });
    await t.settle();
    const view = viewOf(t.fake, t.fake.lastCall('views.open')!);
    expect(view.callback_id).toBe('adr_wizard_modal');
  });
});

describe('export', () => {
  it('uploads one ADR as Markdown in the seed template', async () => {
    await propose('Use PostgreSQL', { deciders: ['U_BOB'] });
    t.fake.seedUser({ id: 'U_BOB', name: 'bob', real_name: 'Bob Builder' });
    await command('export 1');
    const file = t.fake.uploadedFiles.at(-1);
    expect(file?.filename).toBe('0001-use-postgresql.md');
    const text = file?.bytes.toString('utf8') ?? '';
    expect(text.startsWith('# ADR-001: Use PostgreSQL\n')).toBe(true);
    expect(text).toContain('**Deciders**: Bob Builder');
    expect(text).toContain('## Pros and Cons of the Options');
    expect(text).toContain('* ✅ Good, because ACID');
  });

  it('uploads the whole log as a zip of docs/adr/ in MADR format', async () => {
    await propose('Use PostgreSQL');
    await propose('Use Redis');
    await command('export all madr');
    const file = t.fake.uploadedFiles.at(-1);
    expect(file?.filename).toBe('adr-log-madr.zip');
    const entries = unzipSync(new Uint8Array(file?.bytes ?? []));
    expect(Object.keys(entries).sort()).toEqual([
      'docs/adr/0001-use-postgresql.md',
      'docs/adr/0002-use-redis.md',
      'docs/adr/README.md',
    ]);
    const madr = strFromU8(entries['docs/adr/0002-use-redis.md'] as Uint8Array);
    expect(madr).toContain('* Status: proposed');
    expect(madr).toContain('* Good, because ACID');
  });

  it('gives an imported folder back in each profile under its own file names, and shows its extra sections', async () => {
    const folder = fixtureFolders().find((candidate) => candidate.name === 'ibc-go');
    const report = await new ImportService(new AdrRepository(t.adr.store), () => new Date()).import(
      'T_TEST',
      folder?.files ?? [],
    );
    expect(report.imported.length).toBeGreaterThan(10);
    for (const profile of ['seed', 'madr', 'madr4', 'nygard']) {
      await command(`export all ${profile}`);
      const file = t.fake.uploadedFiles.at(-1);
      expect(file?.filename).toBe(`adr-log-${profile}.zip`);
      const entries = unzipSync(new Uint8Array(file?.bytes ?? []));
      expect(Object.keys(entries)).toContain('docs/adr/adr-001-coin-source-tracing.md');
      const text = strFromU8(entries['docs/adr/adr-001-coin-source-tracing.md'] as Uint8Array);
      expect(text).toContain('## Changelog');
      expect(text).toContain('prefix + denom = {destPortN}/{destChannelN}/.../{destPort0}/{destChannel0}/denom');
    }
    expect(flat(await command('show 1'))).toContain('Coin Source Tracing');
    await t.slack.blockAction({ actionId: 'adr_card_view', value: '1', channelId: 'C_GENERAL' });
    await t.settle();
    const modal = JSON.stringify(viewOf(t.fake, t.fake.lastCall('views.open')!).blocks);
    expect(modal).toContain('*Changelog*');
    expect(modal).toContain('2020-07-09: Initial Draft');
  });

  it.each([
    [{ status: 500 }, 'Slack did not upload the file: Slack had a problem (HTTP 500)'],
    [{ error: 'invalid_auth' }, 'Slack did not upload the file: Slack answered \\"invalid_auth\\"'],
  ] as const)('tells the person when Slack fails the upload (%j)', async (fault, message) => {
    await propose('Use PostgreSQL');
    t.fake.failNext('files.getUploadURLExternal', fault);
    await command('export 1');
    const reply = t.fake.calls.filter((call) => call.method === 'response_url').at(-1);
    expect(JSON.stringify(reply?.args)).toContain(message);
    expect(t.fake.uploadedFiles).toEqual([]);
    const [logged] = expectErrorLogged('/adr export failed');
    expect(logged?.text).toContain('files.uploadV2 failed');
  });

  it('says how to fix an upload where the bot is not a member', async () => {
    await propose('Use PostgreSQL');
    t.fake.failNext('files.completeUploadExternal', { error: 'not_in_channel' });
    await command('export 1');
    const reply = t.fake.calls.filter((call) => call.method === 'response_url').at(-1);
    expect(JSON.stringify(reply?.args)).toContain('/invite @ADR Assistant');
  });
});
