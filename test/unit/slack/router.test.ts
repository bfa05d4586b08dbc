import type { Server } from 'node:http';
import { type AllMiddlewareArgs, App, HTTPReceiver, LogLevel } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ListenerRegistry, ListenerRouter } from '../../../src/slack/router.js';
import { DEFAULT_BOT_TOKEN, type FakeSlack, startFakeSlack } from '../../support/fake-slack.js';
import { SlackTestClient } from '../../support/slack-client.js';

// A minimal real Bolt app (HTTPReceiver, signed requests) with the router installed; no part of Bolt is mocked.

const SIGNING_SECRET = 'router-test-secret';

interface Bolt {
  app: App;
  slack: SlackTestClient;
  /** Requests Bolt's receiver answered because nothing acked them (it answers 404 after 3 s). */
  unhandled: string[];
  /** Resolves with the first error Bolt's error handler receives. */
  firstError: Promise<Error>;
  stop(): Promise<void>;
}

let fake: FakeSlack;
const started: Bolt[] = [];

beforeEach(async () => {
  fake = await startFakeSlack();
});

afterEach(async () => {
  for (const bolt of started.splice(0)) await bolt.stop();
  expect(fake.violations).toEqual([]);
  await fake.close();
});

/** A real Bolt app on a random port; `register` adds listeners to it directly or through a router. */
async function startBolt(register: (app: App) => void): Promise<Bolt> {
  const unhandled: string[] = [];
  let reportError: (error: Error) => void = () => undefined;
  const firstError = new Promise<Error>((resolve) => {
    reportError = resolve;
  });
  const receiver = new HTTPReceiver({
    signingSecret: SIGNING_SECRET,
    logLevel: LogLevel.ERROR,
    unhandledRequestHandler: ({ request, response }) => {
      unhandled.push(request.url ?? '');
      response.writeHead(404);
      response.end();
    },
  });
  const app = new App({
    token: DEFAULT_BOT_TOKEN,
    receiver,
    logLevel: LogLevel.ERROR,
    convoStore: false,
    clientOptions: { slackApiUrl: fake.url },
  });
  app.error(async (error) => {
    reportError(error);
  });
  register(app);
  const server = (await app.start(0)) as Server;
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const bolt: Bolt = {
    app,
    slack: new SlackTestClient({ baseUrl: `http://127.0.0.1:${port}`, signingSecret: SIGNING_SECRET, fake }),
    unhandled,
    firstError,
    stop: async () => {
      await app.stop();
    },
  };
  started.push(bolt);
  return bolt;
}

/** Starts a Bolt app whose listeners are all registered through one router. */
function startRouted(register: (router: ListenerRegistry) => void): Promise<Bolt> {
  return startBolt((app) => {
    const router = new ListenerRouter();
    register(router);
    router.install(app);
  });
}

type Seen = Record<string, unknown> & AllMiddlewareArgs;

/** A handler that records the args it got and acks with `answer`. */
function recorder(log: Seen[], answer?: Record<string, unknown>) {
  return async (args: AllMiddlewareArgs) => {
    log.push(args as Seen);
    const ack = (args as { ack?: (response?: unknown) => Promise<void> }).ack;
    await ack?.(answer);
  };
}

const VIEW = {
  id: 'V_ROUTER',
  type: 'modal',
  callback_id: 'router_modal',
  hash: 'h1',
  blocks: [],
  private_metadata: '',
};
const MESSAGE = { ts: '1700000000.000100', text: 'hello', user: 'U_BOB' };

describe('ListenerRouter', () => {
  it('dispatches an action by its id to that handler only', async () => {
    const first: Seen[] = [];
    const second: Seen[] = [];
    const bolt = await startRouted((r) => {
      r.action('router_first', recorder(first));
      r.action('router_second', recorder(second));
    });

    const response = await bolt.slack.blockAction({
      actionId: 'router_second',
      value: '7',
      channelId: 'C_GENERAL',
      message: MESSAGE,
    });

    expect(response.status).toBe(200);
    expect(first).toHaveLength(0);
    expect(second).toHaveLength(1);
    expect(second[0]?.action).toMatchObject({ action_id: 'router_second', value: '7' });
    expect(bolt.unhandled).toEqual([]);
  });

  it('gives each handler exactly the args a Bolt listener registered for that id gets', async () => {
    const direct: Record<string, Seen[]> = { action: [], submit: [], closed: [], shortcut: [], event: [], command: [] };
    const routed: Record<string, Seen[]> = { action: [], submit: [], closed: [], shortcut: [], event: [], command: [] };
    const plain = await startBolt((app) => {
      app.action('router_action', recorder(direct.action as Seen[]));
      app.view('router_modal', recorder(direct.submit as Seen[]));
      app.view({ callback_id: 'router_modal', type: 'view_closed' }, recorder(direct.closed as Seen[]));
      app.shortcut('router_shortcut', recorder(direct.shortcut as Seen[]));
      app.event('app_home_opened', recorder(direct.event as Seen[]));
      app.command('/adr', recorder(direct.command as Seen[]));
    });
    const viaRouter = await startRouted((r) => {
      r.action('router_action', recorder(routed.action as Seen[]));
      r.view('router_modal', recorder(routed.submit as Seen[]));
      r.view({ callback_id: 'router_modal', type: 'view_closed' }, recorder(routed.closed as Seen[]));
      r.shortcut('router_shortcut', recorder(routed.shortcut as Seen[]));
      r.event('app_home_opened', recorder(routed.event as Seen[]));
      r.command('/adr', recorder(routed.command as Seen[]));
    });

    for (const bolt of [plain, viaRouter]) {
      await bolt.slack.blockAction({ actionId: 'router_action', channelId: 'C_GENERAL', message: MESSAGE });
      await bolt.slack.viewSubmission(VIEW, {});
      await bolt.slack.viewClosed(VIEW);
      await bolt.slack.shortcut('router_shortcut');
      await bolt.slack.event({ type: 'app_home_opened', user: 'U_ALICE', channel: 'D_ALICE', tab: 'home' });
      await bolt.slack.command('help', { command: '/adr' });
    }

    const shape = (args: Seen | undefined) => ({
      args: Object.keys(args ?? {}).sort(),
      context: Object.keys(args?.context ?? {}).sort(),
      body: Object.keys((args?.body as object | undefined) ?? {}).sort(),
    });
    for (const kind of Object.keys(direct)) {
      expect(routed[kind], kind).toHaveLength(1);
      expect(direct[kind], kind).toHaveLength(1);
      expect(shape(routed[kind]?.[0]), kind).toEqual(shape(direct[kind]?.[0]));
    }
    expect(routed.event?.[0]?.event).toMatchObject({ type: 'app_home_opened', user: 'U_ALICE' });
    expect(routed.command?.[0]?.command).toMatchObject({ command: '/adr', text: 'help' });
  });

  it('checks RegExp action ids after the exact ids, and hands over the matches as Bolt does', async () => {
    const exact: Seen[] = [];
    const pattern: Seen[] = [];
    const bolt = await startRouted((r) => {
      r.action(/^router_page_(\d+)$/, recorder(pattern));
      r.action('router_page_1', recorder(exact));
    });

    await bolt.slack.blockAction({ actionId: 'router_page_1', channelId: 'C_GENERAL', message: MESSAGE });
    await bolt.slack.blockAction({ actionId: 'router_page_42', channelId: 'C_GENERAL', message: MESSAGE });

    expect(exact).toHaveLength(1);
    expect(pattern).toHaveLength(1);
    expect(pattern[0]?.action).toMatchObject({ action_id: 'router_page_42' });
    expect([...((pattern[0]?.context.actionIdMatches as string[] | undefined) ?? [])]).toEqual([
      'router_page_42',
      '42',
    ]);
  });

  it('routes view_submission and view_closed of the same callback id to their own handlers', async () => {
    const submitted: Seen[] = [];
    const closed: Seen[] = [];
    const bolt = await startRouted((r) => {
      r.view('router_modal', recorder(submitted, { response_action: 'errors', errors: { field: 'Required' } }));
      r.view({ callback_id: 'router_modal', type: 'view_closed' }, recorder(closed));
    });

    const submission = await bolt.slack.viewSubmission(VIEW, {});
    expect(submission.status).toBe(200);
    expect(submission.json()).toEqual({ response_action: 'errors', errors: { field: 'Required' } });
    expect(submitted).toHaveLength(1);
    expect(closed).toHaveLength(0);

    const closing = await bolt.slack.viewClosed(VIEW, { isCleared: true });
    expect(closing.status).toBe(200);
    expect(submitted).toHaveLength(1);
    expect(closed).toHaveLength(1);
    expect(closed[0]?.body).toMatchObject({ type: 'view_closed', is_cleared: true });
  });

  it('routes global and message shortcuts by callback id', async () => {
    const global: Seen[] = [];
    const message: Seen[] = [];
    const bolt = await startRouted((r) => {
      r.shortcut('router_global', recorder(global));
      r.shortcut('router_message', recorder(message));
    });

    await bolt.slack.shortcut('router_global');
    await bolt.slack.messageShortcut('router_message', { channelId: 'C_GENERAL', message: MESSAGE });

    expect(global.map((args) => (args.body as { type: string }).type)).toEqual(['shortcut']);
    expect(message.map((args) => (args.body as { type: string }).type)).toEqual(['message_action']);
  });

  it('acks a request whose id has no handler at once, with an empty answer', async () => {
    const handled: Seen[] = [];
    const bolt = await startRouted((r) => {
      r.action('router_known', recorder(handled));
      r.action(/^router_known_\d+$/, recorder(handled));
      r.view('router_known_modal', recorder(handled));
      r.view({ callback_id: 'router_known_modal', type: 'view_closed' }, recorder(handled));
      r.shortcut('router_known_shortcut', recorder(handled));
      r.event('app_home_opened', recorder(handled));
      r.command('/adr', recorder(handled));
    });

    const answers = [
      await bolt.slack.blockAction({ actionId: 'router_unknown', channelId: 'C_GENERAL', message: MESSAGE }),
      await bolt.slack.viewSubmission(VIEW, {}),
      await bolt.slack.viewClosed(VIEW),
      await bolt.slack.shortcut('router_unknown_shortcut'),
      await bolt.slack.messageShortcut('router_unknown_shortcut', { channelId: 'C_GENERAL', message: MESSAGE }),
      await bolt.slack.event({ type: 'member_joined_channel', user: 'U_ALICE', channel: 'C_GENERAL' }),
      await bolt.slack.command('help', { command: '/other' }),
    ];

    // Without an ack, Bolt's receiver would answer 404 after 3 s through unhandledRequestHandler.
    expect(answers.map((answer) => [answer.status, answer.body])).toEqual(answers.map(() => [200, '']));
    expect(bolt.unhandled).toEqual([]);
    expect(handled).toHaveLength(0);
  });

  it("passes a handler's error on to Bolt's error handling, as a listener's error", async () => {
    const bolt = await startRouted((r) => {
      r.action('router_fails', async ({ ack }) => {
        await ack();
        throw new Error('router handler failed');
      });
    });

    const response = await bolt.slack.blockAction({
      actionId: 'router_fails',
      channelId: 'C_GENERAL',
      message: MESSAGE,
    });

    expect(response.status).toBe(200);
    expect((await bolt.firstError).message).toBe('router handler failed');
  });

  it('refuses a second handler for the same id, which Bolt would have run twice', () => {
    const router = new ListenerRouter();
    router.action('router_twice', async () => undefined);
    router.view('router_twice', async () => undefined);
    router.view({ callback_id: 'router_twice', type: 'view_closed' }, async () => undefined);
    expect(() => router.action('router_twice', async () => undefined)).toThrow(/action router_twice/);
    expect(() => router.view('router_twice', async () => undefined)).toThrow(/view_submission router_twice/);
    expect(router.size).toBe(3);
  });
});
