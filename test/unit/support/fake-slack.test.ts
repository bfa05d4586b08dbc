import { type ErrorCode, LogLevel, WebClient } from '@slack/web-api';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from '../../support/fake-slack.js';

let fake: FakeSlack;
let client: WebClient;

const plain = (text: string) => ({ type: 'plain_text' as const, text });
const modal = (title: string, extra: Record<string, unknown> = {}) => ({
  type: 'modal' as const,
  callback_id: 'adr_new',
  title: plain(title),
  close: plain('Cancel'),
  blocks: [{ type: 'section', block_id: 'intro', text: { type: 'mrkdwn', text: `*${title}*` } }],
  ...extra,
});

async function platformError(promise: Promise<unknown>): Promise<{ code?: ErrorCode; data?: Record<string, unknown> }> {
  try {
    await promise;
  } catch (error) {
    return error as { code?: ErrorCode; data?: Record<string, unknown> };
  }
  throw new Error('expected the call to fail');
}

beforeAll(async () => {
  fake = await startFakeSlack();
  client = new WebClient('xoxb-test-token', {
    slackApiUrl: fake.url,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
  });
});

afterEach(() => {
  fake.reset();
});

afterAll(async () => {
  await fake.close();
});

describe('fake Slack Web API', () => {
  it('serves a base URL ending in a slash and answers auth.test with the configured identity', async () => {
    expect(fake.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/$/);
    const auth = await client.auth.test();
    expect(auth).toMatchObject({ ok: true, team_id: 'T_TEST', user_id: 'U_BOT', bot_id: 'B_BOT' });
    expect(fake.calls[0]).toMatchObject({ method: 'auth.test', token: 'xoxb-test-token' });
  });

  it('posts messages with unique increasing ts and records parsed blocks', async () => {
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: 'hello' } }];
    const first = await client.chat.postMessage({ channel: 'C_GENERAL', text: 'hello', blocks });
    const second = await client.chat.postMessage({ channel: 'C_GENERAL', text: 'again', thread_ts: first.ts });
    expect(first).toMatchObject({ ok: true, channel: 'C_GENERAL', ts: '1700000000.000100' });
    expect(Number(second.ts)).toBeGreaterThan(Number(first.ts));
    expect(fake.callsTo('chat.postMessage')[0]?.args.blocks).toEqual(blocks);
    expect(fake.messages('C_GENERAL').map((m) => [m.text, m.thread_ts])).toEqual([
      ['hello', undefined],
      ['again', first.ts],
    ]);
  });

  it('applies chat.update to stored messages and rejects unknown ones', async () => {
    const posted = await client.chat.postMessage({ channel: 'C_GENERAL', text: 'v1' });
    await client.chat.update({ channel: 'C_GENERAL', ts: posted.ts as string, text: 'v2' });
    expect(fake.messages('C_GENERAL')).toMatchObject([{ ts: posted.ts, text: 'v2', updates: 1 }]);
    const error = await platformError(client.chat.update({ channel: 'C_GENERAL', ts: '1.000001', text: 'x' }));
    expect(error.data?.error).toBe('message_not_found');
  });

  it('answers not_in_channel and channel_not_found', async () => {
    fake.setNotInChannel('C_PRIVATE');
    expect((await platformError(client.chat.postMessage({ channel: 'C_PRIVATE', text: 'x' }))).data?.error).toBe(
      'not_in_channel',
    );
    expect((await platformError(client.chat.postMessage({ channel: 'C_MISSING', text: 'x' }))).data?.error).toBe(
      'channel_not_found',
    );
    await client.conversations.join({ channel: 'C_PRIVATE' });
    await expect(client.chat.postMessage({ channel: 'C_PRIVATE', text: 'x' })).resolves.toMatchObject({ ok: true });
  });

  it('opens a view and answers hash_conflict when updating with a stale hash', async () => {
    const opened = await client.views.open({ trigger_id: fake.issueTriggerId(), view: modal('Drafting…') });
    const view = opened.view!;
    expect(view.id).toMatch(/^V/);
    expect(view.callback_id).toBe('adr_new');
    const updated = await client.views.update({ view_id: view.id!, hash: view.hash, view: modal('Draft ready') });
    expect(updated.view?.hash).not.toBe(view.hash);
    const stale = await platformError(client.views.update({ view_id: view.id!, hash: view.hash, view: modal('Late') }));
    expect(stale.data?.error).toBe('hash_conflict');
    expect(fake.getView(view.id!)?.title).toEqual(plain('Draft ready'));
  });

  it('refuses a reused trigger_id and a third push', async () => {
    const trigger = fake.issueTriggerId();
    const opened = await client.views.open({ trigger_id: trigger, view: modal('Root') });
    const reused = await platformError(client.views.open({ trigger_id: trigger, view: modal('Again') }));
    expect(reused.data?.error).toBe('exchanged_trigger_id');
    const fromRoot = () => fake.issueTriggerId({ viewId: opened.view!.id! });
    await client.views.push({ trigger_id: fromRoot(), view: modal('Push 1') });
    await client.views.push({ trigger_id: fromRoot(), view: modal('Push 2') });
    const third = await platformError(client.views.push({ trigger_id: fromRoot(), view: modal('Push 3') }));
    expect(third.data?.error).toBe('push_limit_reached');
    expect(fake.viewStack(opened.view!.id!).map((v) => (v.title as { text: string }).text)).toEqual([
      'Root',
      'Push 1',
      'Push 2',
    ]);
  });

  it('publishes home tabs per user and updates views by external_id', async () => {
    const home = await client.views.publish({ user_id: 'U_ALICE', view: { type: 'home', blocks: [] } });
    const again = await client.views.publish({
      user_id: 'U_ALICE',
      hash: home.view!.hash,
      view: { type: 'home', blocks: [] },
    });
    expect(again.view?.id).toBe(home.view?.id);
    expect(fake.homeView('U_ALICE')?.hash).toBe(again.view?.hash);
    const stale = await platformError(
      client.views.publish({ user_id: 'U_ALICE', hash: home.view!.hash, view: { type: 'home', blocks: [] } }),
    );
    expect(stale.data?.error).toBe('hash_conflict');

    await client.views.open({ trigger_id: fake.issueTriggerId(), view: modal('One', { external_id: 'adr-7-draft' }) });
    const byExternal = await client.views.update({ external_id: 'adr-7-draft', view: modal('Two') });
    expect(byExternal.view?.title).toEqual(plain('Two'));
    expect((await platformError(client.views.update({ view_id: 'V_NOPE', view: modal('x') }))).data?.error).toBe(
      'not_found',
    );
  });

  it('handles ephemeral messages, permalinks and deletes', async () => {
    const ephemeral = await client.chat.postEphemeral({ channel: 'C_GENERAL', user: 'U_ALICE', text: 'only you' });
    expect(ephemeral.message_ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(fake.ephemerals('C_GENERAL')).toMatchObject([{ user: 'U_ALICE', text: 'only you' }]);
    expect(fake.messages()).toEqual([]);

    const posted = await client.chat.postMessage({ channel: 'C_GENERAL', text: 'doomed' });
    const link = await client.chat.getPermalink({ channel: 'C_GENERAL', message_ts: posted.ts as string });
    expect(link.permalink).toBe(`https://test.slack.com/archives/C_GENERAL/p${(posted.ts as string).replace('.', '')}`);
    await client.chat.delete({ channel: 'C_GENERAL', ts: posted.ts as string });
    expect(fake.messages()).toEqual([]);
    const twice = await platformError(client.chat.delete({ channel: 'C_GENERAL', ts: posted.ts as string }));
    expect(twice.data?.error).toBe('message_not_found');
  });

  it('surfaces a 429 with Retry-After as a rate-limit error', async () => {
    fake.failNext('chat.postMessage', { status: 429, retryAfter: 7 });
    const error = await platformError(client.chat.postMessage({ channel: 'C_GENERAL', text: 'x' }));
    expect(error.code).toBe('slack_webapi_rate_limited_error');
    expect((error as { retryAfter?: number }).retryAfter).toBe(7);
    await expect(client.chat.postMessage({ channel: 'C_GENERAL', text: 'x' })).resolves.toMatchObject({ ok: true });
  });

  it('injects platform errors and HTTP errors the requested number of times', async () => {
    fake.failNext('users.info', { error: 'fatal_error' }, 2);
    fake.failNext('conversations.info', { status: 503 });
    fake.seedUser({ id: 'U_ALICE', name: 'alice', real_name: 'Alice A' });
    expect((await platformError(client.users.info({ user: 'U_ALICE' }))).data?.error).toBe('fatal_error');
    expect((await platformError(client.users.info({ user: 'U_ALICE' }))).data?.error).toBe('fatal_error');
    await expect(client.users.info({ user: 'U_ALICE' })).resolves.toMatchObject({ user: { real_name: 'Alice A' } });
    expect((await platformError(client.conversations.info({ channel: 'C_GENERAL' }))).code).toBe(
      'slack_webapi_http_error',
    );
  });

  it('answers late for a delay fault so client timeouts can be tested', async () => {
    const impatient = new WebClient('xoxb-test-token', {
      slackApiUrl: fake.url,
      retryConfig: { retries: 0 },
      timeout: 50,
      logLevel: LogLevel.ERROR,
    });
    fake.failNext('chat.postMessage', { delayMs: 10_000 });
    const error = await platformError(impatient.chat.postMessage({ channel: 'C_GENERAL', text: 'slow' }));
    expect(error.code).toBe('slack_webapi_request_error');
  });

  it('rejects and records invalid blocks', async () => {
    const blocks = [{ type: 'header', text: plain('x'.repeat(151)) }];
    const error = await platformError(client.chat.postMessage({ channel: 'C_GENERAL', text: 'x', blocks }));
    expect(error.data).toMatchObject({ error: 'invalid_blocks', errors: ['blocks[0].text.text: 151 chars > 150'] });
    expect(fake.violations).toEqual([
      { method: 'chat.postMessage', error: 'invalid_blocks', errors: ['blocks[0].text.text: 151 chars > 150'] },
    ]);
    expect(fake.messages()).toEqual([]);
  });

  it('rejects invalid and oversized views', async () => {
    const noSubmit = modal('Form', {
      blocks: [{ type: 'input', label: plain('Title'), element: { type: 'plain_text_input', action_id: 't' } }],
    });
    const invalid = await platformError(client.views.open({ trigger_id: fake.issueTriggerId(), view: noSubmit }));
    expect(invalid.data?.error).toBe('invalid_blocks');
    const huge = modal('Huge', {
      blocks: Array.from({ length: 95 }, (_, i) => ({
        type: 'section',
        block_id: `b${i}`,
        text: { type: 'mrkdwn', text: 'y'.repeat(2900) },
      })),
    });
    const tooLarge = await platformError(client.views.open({ trigger_id: fake.issueTriggerId(), view: huge }));
    expect(tooLarge.data?.error).toBe('view_too_large');
    expect(fake.violations.map((v) => v.error)).toEqual(['invalid_blocks', 'view_too_large']);
  });

  it('records raw broadcasts in message text and mrkdwn blocks', async () => {
    await client.chat.postMessage({
      channel: 'C_GENERAL',
      text: 'hey <!here>',
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text: 'escaped &lt;!channel&gt; is fine, <!channel> is not' } },
        { type: 'section', text: { type: 'plain_text', text: '<!everyone> in plain text does not notify' } },
      ],
    });
    expect(fake.broadcasts).toEqual([
      { method: 'chat.postMessage', channel: 'C_GENERAL', where: 'text', mention: '<!here>' },
      { method: 'chat.postMessage', channel: 'C_GENERAL', where: 'blocks[0].text.text', mention: '<!channel>' },
    ]);
  });

  it('stores the bytes of a files.uploadV2 upload', async () => {
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff, 0x10]);
    await client.filesUploadV2({
      channel_id: 'C_GENERAL',
      thread_ts: '1700000000.000100',
      file: bytes,
      filename: 'matrix.png',
      title: 'Decision matrix',
      initial_comment: 'Scores',
    });
    expect(fake.uploadedFiles).toHaveLength(1);
    const [file] = fake.uploadedFiles;
    expect(file).toMatchObject({
      filename: 'matrix.png',
      title: 'Decision matrix',
      channelId: 'C_GENERAL',
      threadTs: '1700000000.000100',
      initialComment: 'Scores',
    });
    expect(file?.fileId).toMatch(/^F/);
    expect(file?.bytes.equals(bytes)).toBe(true);
    expect(fake.calls.map((c) => c.method)).toEqual([
      'files.getUploadURLExternal',
      'upload',
      'files.completeUploadExternal',
    ]);
  });

  it('returns seeded threads from conversations.replies, including the app replies', async () => {
    fake.seedThread('C_GENERAL', '1690000000.000100', [
      { user: 'U_ALICE', text: 'Should we use Postgres?' },
      { user: 'U_BOB', text: 'Yes' },
    ]);
    await client.chat.postMessage({ channel: 'C_GENERAL', thread_ts: '1690000000.000100', text: 'Drafted an ADR' });
    const replies = await client.conversations.replies({ channel: 'C_GENERAL', ts: '1690000000.000100' });
    expect(replies.messages?.map((m) => m.text)).toEqual(['Should we use Postgres?', 'Yes', 'Drafted an ADR']);
    expect(fake.messages()).toHaveLength(1);
    const missing = await platformError(client.conversations.replies({ channel: 'C_GENERAL', ts: '1.000001' }));
    expect(missing.data?.error).toBe('thread_not_found');
  });

  it('answers users.info for seeded users and user_not_found otherwise', async () => {
    fake.seedUser({ id: 'U_ALICE', name: 'alice', real_name: 'Alice Adams', tz: 'Europe/Paris' });
    const found = await client.users.info({ user: 'U_ALICE' });
    expect(found.user).toMatchObject({ id: 'U_ALICE', name: 'alice', real_name: 'Alice Adams', tz: 'Europe/Paris' });
    expect((await platformError(client.users.info({ user: 'U_NOBODY' }))).data?.error).toBe('user_not_found');
  });

  it('answers unknown methods with unknown_method', async () => {
    expect((await platformError(client.apiCall('made.up'))).data?.error).toBe('unknown_method');
  });

  it('records response_url posts with their label and validates their blocks', async () => {
    const url = fake.responseUrl('command');
    const ok = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ response_type: 'ephemeral', text: 'Done' }),
    });
    expect(ok.status).toBe(200);
    const bad = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '' } }] }),
    });
    expect(bad.status).toBe(400);
    expect(fake.callsTo('response_url').map((c) => [c.label, c.args.text])).toEqual([
      ['command', 'Done'],
      ['command', undefined],
    ]);
    expect(fake.violations).toMatchObject([{ method: 'response_url', errors: ['blocks[0].text.text: 0 chars < 1'] }]);
  });

  it('waitFor resolves on a call that arrives later', async () => {
    const waiting = fake.waitFor('chat.postMessage', (call) => call.args.text === 'second');
    await client.chat.postMessage({ channel: 'C_GENERAL', text: 'first' });
    await client.chat.postMessage({ channel: 'C_GENERAL', text: 'second' });
    const call = await waiting;
    expect(call.args.text).toBe('second');
    expect(call.response?.body).toMatchObject({ ok: true, channel: 'C_GENERAL' });
  });

  it('waitFor resolves at once for a call already recorded, unless it is before `since`', async () => {
    await client.chat.postMessage({ channel: 'C_GENERAL', text: 'early' });
    await expect(fake.waitFor('chat.postMessage')).resolves.toMatchObject({ args: { text: 'early' } });
    const since = fake.calls.length;
    const later = fake.waitFor('chat.postMessage', undefined, { since });
    await client.chat.postMessage({ channel: 'C_GENERAL', text: 'late' });
    await expect(later).resolves.toMatchObject({ args: { text: 'late' } });
  });

  it('waitFor rejects with the recorded methods on timeout', async () => {
    await client.auth.test();
    await expect(fake.waitFor('views.open', undefined, 30)).rejects.toThrow(
      'waitFor(views.open) timed out after 30 ms; recorded: auth.test',
    );
  });
});
