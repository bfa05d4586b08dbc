import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, LogLevel } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from '../../support/fake-slack.js';
import { FORM_CONTENT_TYPE, SlackTestClient, signSlackRequest } from '../../support/slack-client.js';
import { buildViewState } from '../../support/view-state.js';

const signingSecret = 'test-signing-secret';
const plain = (text: string) => ({ type: 'plain_text' as const, text });

let fake: FakeSlack;
let app: App;
let slack: SlackTestClient;
let web: WebClient;
const seen: Record<string, unknown> = {};
let eventSeen: ((value: unknown) => void) | undefined;
const nextEvent = () =>
  new Promise<unknown>((resolve) => {
    eventSeen = resolve;
  });

beforeAll(async () => {
  fake = await startFakeSlack();
  app = new App({
    token: 'xoxb-test-token',
    signingSecret,
    botId: 'B_BOT',
    botUserId: 'U_BOT',
    logLevel: LogLevel.ERROR,
    clientOptions: { slackApiUrl: fake.url, retryConfig: { retries: 0 } },
  });
  app.command('/adr', async ({ command, ack, respond }) => {
    seen.command = command;
    await ack('pong');
    await respond({ response_type: 'ephemeral', text: `got ${command.text}` });
  });
  app.action('approve', async ({ body, ack }) => {
    seen.action = body;
    await ack();
  });
  app.action('pick', async ({ body, ack }) => {
    seen.viewAction = body;
    await ack();
  });
  app.view('adr_new', async ({ view, body, ack }) => {
    seen.submission = { view, body };
    await ack({ response_action: 'errors', errors: { title: 'Too short' } });
  });
  app.view({ callback_id: 'adr_new', type: 'view_closed' }, async ({ body, ack }) => {
    seen.closed = body;
    await ack();
  });
  app.shortcut('new_adr', async ({ shortcut, ack }) => {
    seen.shortcut = shortcut;
    await ack();
  });
  app.shortcut('adr_from_message', async ({ shortcut, ack }) => {
    seen.messageShortcut = shortcut;
    await ack();
  });
  app.event('app_mention', async ({ event, context }) => {
    // Bolt acks events before running listeners, so tests await this instead of the HTTP response.
    eventSeen?.({ event, retryNum: context.retryNum, retryReason: context.retryReason });
  });
  const server = (await app.start(0)) as Server;
  const { port } = server.address() as AddressInfo;
  slack = new SlackTestClient({ baseUrl: `http://127.0.0.1:${port}`, signingSecret, fake });
  web = new WebClient('xoxb-test-token', { slackApiUrl: fake.url, retryConfig: { retries: 0 } });
});

afterEach(() => {
  for (const key of Object.keys(seen)) delete seen[key];
  fake.reset();
});

afterAll(async () => {
  await app.stop();
  await fake.close();
});

describe('SlackTestClient against a real Bolt app', () => {
  it('signs a slash command the way Bolt verifies it, with every field Slack sends', async () => {
    const response = await slack.command('x');
    expect(response.status).toBe(200);
    expect(response.body).toBe('pong');
    expect(seen.command).toMatchObject({
      token: expect.any(String),
      team_id: 'T_TEST',
      team_domain: 'test',
      channel_id: 'C_GENERAL',
      channel_name: 'general',
      user_id: 'U_ALICE',
      user_name: 'alice',
      command: '/adr',
      text: 'x',
      api_app_id: 'A_TEST',
      is_enterprise_install: 'false',
      response_url: expect.stringContaining(fake.url.replace('/api/', '/response/')),
      trigger_id: expect.stringMatching(/^\d+\.\d+\.[0-9a-f]+$/),
    });
    const responded = await fake.waitFor('response_url');
    expect(responded).toMatchObject({ label: 'command', args: { text: 'got x' } });
  });

  it('keeps special characters in command text intact', async () => {
    await slack.command('new "Use Postgres" & <b> + 100%', { userId: 'U_BOB', channelId: 'C_ARCH' });
    expect(seen.command).toMatchObject({ text: 'new "Use Postgres" & <b> + 100%', user_id: 'U_BOB' });
  });

  it('is rejected with 401 for a wrong signature or a stale timestamp', async () => {
    const body = 'command=%2Fadr&text=x';
    const wrong = await slack.send(body, FORM_CONTENT_TYPE, { signature: `v0=${'0'.repeat(64)}` });
    expect(wrong.status).toBe(401);
    const staleTs = Math.floor(Date.now() / 1000) - 6 * 60;
    const stale = await slack.send(body, FORM_CONTENT_TYPE, {
      timestamp: staleTs,
      signature: signSlackRequest(signingSecret, staleTs, body),
    });
    expect(stale.status).toBe(401);
    expect(seen.command).toBeUndefined();
  });

  it('computes the documented HMAC-SHA256 signature', () => {
    // Slack's documented example request.
    const body =
      'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
    expect(signSlackRequest('8f742231b10e8888abcd99yyyzzz85a5', 1531420618, body)).toBe(
      'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
    );
  });

  it('sends block actions from a message with container, channel and response_url', async () => {
    const posted = await web.chat.postMessage({
      channel: 'C_GENERAL',
      text: 'ADR-7',
      blocks: [
        {
          type: 'actions',
          block_id: 'decide',
          elements: [{ type: 'button', action_id: 'approve', text: plain('Approve'), value: 'adr-7' }],
        },
      ],
    });
    const [message] = fake.messages('C_GENERAL');
    const response = await slack.blockAction({ actionId: 'approve', userId: 'U_BOB', message: message! });
    expect(response.status).toBe(200);
    expect(seen.action).toMatchObject({
      type: 'block_actions',
      user: { id: 'U_BOB', team_id: 'T_TEST' },
      team: { id: 'T_TEST' },
      api_app_id: 'A_TEST',
      container: { type: 'message', message_ts: posted.ts, channel_id: 'C_GENERAL' },
      channel: { id: 'C_GENERAL' },
      message: { ts: posted.ts, text: 'ADR-7' },
      response_url: expect.stringContaining('/response/'),
      actions: [{ type: 'button', action_id: 'approve', block_id: 'decide', value: 'adr-7', text: plain('Approve') }],
    });
  });

  it('sends view actions, submissions and closes with the view as the fake returned it', async () => {
    const opened = await web.views.open({
      trigger_id: fake.issueTriggerId(),
      view: {
        type: 'modal',
        callback_id: 'adr_new',
        notify_on_close: true,
        private_metadata: '{"adr":7}',
        title: plain('New ADR'),
        submit: plain('Save'),
        blocks: [
          {
            type: 'input',
            block_id: 'title',
            label: plain('Title'),
            element: { type: 'plain_text_input', action_id: 'title_input' },
          },
          {
            type: 'actions',
            block_id: 'tools',
            elements: [
              {
                type: 'static_select',
                action_id: 'pick',
                options: [
                  { text: plain('A'), value: 'a' },
                  { text: plain('B'), value: 'b' },
                ],
              },
            ],
          },
        ],
      },
    });
    const view = fake.getView(opened.view!.id!)!;

    await slack.blockAction({ actionId: 'pick', selectedOption: 'b', view, userId: 'U_ALICE' });
    expect(seen.viewAction).toMatchObject({
      container: { type: 'view', view_id: view.id },
      view: { id: view.id, hash: view.hash, private_metadata: '{"adr":7}', callback_id: 'adr_new' },
      actions: [{ type: 'static_select', action_id: 'pick', block_id: 'tools', selected_option: { value: 'b' } }],
    });
    const actionBody = seen.viewAction as { trigger_id: string };
    await web.views.push({
      trigger_id: actionBody.trigger_id,
      view: { type: 'modal', title: plain('Pushed'), blocks: [] },
    });
    expect(fake.viewStack(view.id).map((v) => v.id)).toHaveLength(2);

    const submitted = await slack.viewSubmission(view, buildViewState(view, { title_input: 'Use Postgres' }));
    expect(submitted.status).toBe(200);
    expect(submitted.json()).toEqual({ response_action: 'errors', errors: { title: 'Too short' } });
    expect(seen.submission).toMatchObject({
      view: {
        id: view.id,
        hash: view.hash,
        callback_id: 'adr_new',
        private_metadata: '{"adr":7}',
        team_id: 'T_TEST',
        state: { values: { title: { title_input: { type: 'plain_text_input', value: 'Use Postgres' } } } },
      },
      body: { type: 'view_submission', user: { id: 'U_ALICE' } },
    });

    await slack.viewClosed(view, { userId: 'U_ALICE' });
    expect(seen.closed).toMatchObject({ type: 'view_closed', view: { id: view.id }, user: { id: 'U_ALICE' } });
  });

  it('sends global and message shortcuts', async () => {
    await slack.shortcut('new_adr', { userId: 'U_ALICE' });
    expect(seen.shortcut).toMatchObject({ type: 'shortcut', callback_id: 'new_adr', user: { id: 'U_ALICE' } });
    await slack.messageShortcut('adr_from_message', {
      userId: 'U_BOB',
      channelId: 'C_ARCH',
      message: {
        ts: '1690000000.000100',
        text: 'We should move to Kafka',
        user: 'U_ALICE',
        thread_ts: '1690000000.000100',
      },
    });
    expect(seen.messageShortcut).toMatchObject({
      type: 'message_action',
      callback_id: 'adr_from_message',
      channel: { id: 'C_ARCH' },
      message_ts: '1690000000.000100',
      message: { text: 'We should move to Kafka', user: 'U_ALICE', thread_ts: '1690000000.000100' },
      response_url: expect.stringContaining('/response/'),
      trigger_id: expect.any(String),
    });
  });

  it('sends events as JSON with retry headers when asked', async () => {
    const event = { type: 'app_mention', user: 'U_ALICE', text: '<@U_BOT> help', channel: 'C_GENERAL', ts: '1.000001' };
    const firstSeen = nextEvent();
    const first = await slack.event(event);
    expect(first.status).toBe(200);
    expect(await firstSeen).toMatchObject({ event: { text: '<@U_BOT> help' }, retryNum: undefined });
    const retrySeen = nextEvent();
    await slack.event(event, { retryNum: 1 });
    expect(await retrySeen).toMatchObject({ retryNum: 1, retryReason: 'http_timeout' });
  });
});
