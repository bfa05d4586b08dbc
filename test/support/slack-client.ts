// Sends the app signed HTTP requests shaped exactly like Slack's slash commands, interactions and events.
import { createHmac, randomBytes } from 'node:crypto';
import type { FakeSlack, SlackView } from './fake-slack.js';
import { buildViewState, type ViewStateValues } from './view-state.js';

export const FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded';
export const JSON_CONTENT_TYPE = 'application/json';

export interface SlackTestClientOptions {
  /** App origin, e.g. `http://127.0.0.1:PORT`; requests go to `${baseUrl}${path}`. */
  baseUrl: string;
  signingSecret: string;
  fake: FakeSlack;
  teamId?: string;
  apiAppId?: string;
  /** Receiver path; Bolt's HTTPReceiver listens on /slack/events by default. */
  path?: string;
}

export interface SlackResponse {
  status: number;
  body: string;
  headers: Headers;
  json(): unknown;
}

export interface SendOptions {
  /** Seconds since the epoch; defaults to now. */
  timestamp?: number;
  /** A full `v0=…` header value; defaults to the correct signature. */
  signature?: string;
  headers?: Record<string, string>;
}

export interface CommandOptions {
  userId?: string;
  userName?: string;
  channelId?: string;
  channelName?: string;
  command?: string;
  teamId?: string;
  /** Defaults to a fresh `fake.responseUrl('command')`. */
  responseUrl?: string;
  /** Defaults to a fresh trigger id from the fake. */
  triggerId?: string;
}

export interface MessageRef {
  ts: string;
  text?: string;
  user?: string;
  thread_ts?: string;
  blocks?: unknown[];
  bot_id?: string;
  channel?: string;
  attachments?: unknown[];
  files?: unknown[];
  metadata?: unknown;
}

export interface BlockActionOptions {
  actionId: string;
  blockId?: string;
  /** Element type; looked up from the view or message blocks when omitted, else `button` (or `static_select`). */
  type?: string;
  value?: string;
  /** An option value (looked up in the element's options) or a full option object. */
  selectedOption?: string | { text: unknown; value: string };
  selectedOptions?: Array<string | { text: unknown; value: string }>;
  selectedUser?: string;
  selectedDate?: string;
  userId?: string;
  teamId?: string;
  /** The view the action happened in, as the fake returned it. */
  view?: SlackView | Record<string, unknown>;
  /** State values to send with a view action; defaults to the view's initial values. */
  stateValues?: ViewStateValues;
  message?: MessageRef;
  channelId?: string;
  isEphemeral?: boolean;
}

export interface EventOptions {
  teamId?: string;
  retryNum?: number;
  retryReason?: string;
  eventId?: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function signSlackRequest(signingSecret: string, timestamp: number, rawBody: string): string {
  const digest = createHmac('sha256', signingSecret).update(`v0:${timestamp}:${rawBody}`).digest('hex');
  return `v0=${digest}`;
}

function userNameFor(userId: string): string {
  return userId.replace(/^U_?/, '').toLowerCase() || userId.toLowerCase();
}

function channelNameFor(channelId: string): string {
  if (channelId.startsWith('D')) return 'directmessage';
  return channelId.replace(/^C_?/, '').toLowerCase() || channelId.toLowerCase();
}

// Only what Slack puts in a payload's message: never the fake's bookkeeping (updates, seeded, deleted).
function payloadMessage(message: MessageRef): Record<string, unknown> {
  const fields: Record<string, unknown> = { type: 'message', ts: message.ts, text: message.text ?? '' };
  for (const key of ['user', 'bot_id', 'thread_ts', 'blocks', 'attachments', 'files', 'metadata'] as const) {
    if (message[key] !== undefined) fields[key] = message[key];
  }
  return fields;
}

function actionTs(): string {
  const now = Date.now();
  return `${Math.floor(now / 1000)}.${String((now % 1000) * 1000).padStart(6, '0')}`;
}

function findElement(blocks: unknown, actionId: string, blockId?: string): { block: unknown; element: unknown } {
  if (!Array.isArray(blocks)) return { block: undefined, element: undefined };
  for (const block of blocks) {
    if (!isRecord(block) || (blockId !== undefined && block.block_id !== blockId)) continue;
    const elements = [block.element, block.accessory, ...(Array.isArray(block.elements) ? block.elements : [])];
    const element = elements.find((e) => isRecord(e) && e.action_id === actionId);
    if (element) return { block, element };
  }
  return { block: undefined, element: undefined };
}

function optionFrom(element: unknown, option: string | { text: unknown; value: string }): unknown {
  if (typeof option !== 'string') return option;
  if (isRecord(element)) {
    const lists = [
      element.options,
      ...(Array.isArray(element.option_groups) ? element.option_groups.map((g) => (isRecord(g) ? g.options : [])) : []),
    ];
    for (const list of lists) {
      const found = Array.isArray(list) ? list.find((o) => isRecord(o) && o.value === option) : undefined;
      if (found) return found;
    }
  }
  return { text: { type: 'plain_text', text: option, emoji: true }, value: option };
}

export class SlackTestClient {
  readonly baseUrl: string;
  readonly teamId: string;
  readonly apiAppId: string;
  private readonly signingSecret: string;
  private readonly fake: FakeSlack;
  private readonly path: string;
  private eventCounter = 0;

  constructor(options: SlackTestClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/$/, '');
    this.signingSecret = options.signingSecret;
    this.fake = options.fake;
    this.teamId = options.teamId ?? 'T_TEST';
    this.apiAppId = options.apiAppId ?? 'A_TEST';
    this.path = options.path ?? '/slack/events';
  }

  /** Posts `rawBody` signed with the secret (or with the given timestamp/signature, to test rejection). */
  async send(rawBody: string, contentType: string, options: SendOptions = {}): Promise<SlackResponse> {
    const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
    const signature = options.signature ?? signSlackRequest(this.signingSecret, timestamp, rawBody);
    const response = await fetch(`${this.baseUrl}${this.path}`, {
      method: 'POST',
      headers: {
        'content-type': contentType,
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': signature,
        ...options.headers,
      },
      body: rawBody,
    });
    const body = await response.text();
    return {
      status: response.status,
      body,
      headers: response.headers,
      json: () => JSON.parse(body),
    };
  }

  command(text: string, options: CommandOptions = {}): Promise<SlackResponse> {
    const userId = options.userId ?? 'U_ALICE';
    const channelId = options.channelId ?? 'C_GENERAL';
    const teamId = options.teamId ?? this.teamId;
    this.fake.claim(teamId, { channelId, userId });
    const form = new URLSearchParams({
      token: 'verification-token-unused',
      team_id: teamId,
      team_domain: this.fake.teamDomain,
      channel_id: channelId,
      channel_name: options.channelName ?? channelNameFor(channelId),
      user_id: userId,
      user_name: options.userName ?? userNameFor(userId),
      command: options.command ?? '/adr',
      text,
      api_app_id: this.apiAppId,
      is_enterprise_install: 'false',
      response_url: options.responseUrl ?? this.fake.responseUrl('command'),
      trigger_id: options.triggerId ?? this.fake.issueTriggerId(),
    });
    return this.send(form.toString(), FORM_CONTENT_TYPE);
  }

  blockAction(options: BlockActionOptions): Promise<SlackResponse> {
    const userId = options.userId ?? 'U_ALICE';
    const teamId = options.teamId ?? this.teamId;
    const view = options.view;
    const message = options.message;
    const surfaceBlocks = view ? view.blocks : message?.blocks;
    const { block, element } = findElement(surfaceBlocks, options.actionId, options.blockId);
    const blockId =
      options.blockId ?? (isRecord(block) && typeof block.block_id === 'string' ? block.block_id : 'block');
    const elementType = isRecord(element) && typeof element.type === 'string' ? element.type : undefined;
    const type = options.type ?? elementType ?? (options.selectedOption !== undefined ? 'static_select' : 'button');

    const action: Record<string, unknown> = {
      type,
      action_id: options.actionId,
      block_id: blockId,
      action_ts: actionTs(),
    };
    if (type === 'button' && isRecord(element) && element.text !== undefined) action.text = element.text;
    const value = options.value ?? (isRecord(element) && typeof element.value === 'string' ? element.value : undefined);
    if (value !== undefined) action.value = value;
    if (options.selectedOption !== undefined) action.selected_option = optionFrom(element, options.selectedOption);
    if (options.selectedOptions !== undefined) {
      action.selected_options = options.selectedOptions.map((o) => optionFrom(element, o));
    }
    if (options.selectedUser !== undefined) action.selected_user = options.selectedUser;
    if (options.selectedDate !== undefined) action.selected_date = options.selectedDate;

    const viewId = view && typeof view.id === 'string' ? view.id : undefined;
    const payload: Record<string, unknown> = {
      type: 'block_actions',
      user: { id: userId, username: userNameFor(userId), name: userNameFor(userId), team_id: teamId },
      api_app_id: this.apiAppId,
      token: 'verification-token-unused',
      trigger_id: this.fake.issueTriggerId(viewId === undefined ? {} : { viewId }),
      team: { id: teamId, domain: this.fake.teamDomain },
      enterprise: null,
      is_enterprise_install: false,
      actions: [action],
    };
    if (view) {
      const values = options.stateValues ?? buildViewState(view, {});
      payload.container = { type: 'view', view_id: viewId };
      payload.view = { ...view, state: { values } };
      payload.state = { values };
    }
    const channelId = options.channelId ?? message?.channel;
    this.fake.claim(teamId, { channelId, userId });
    if (message) {
      if (channelId === undefined)
        throw new Error('blockAction: a message action needs channelId (or message.channel)');
      payload.container = {
        type: 'message',
        message_ts: message.ts,
        channel_id: channelId,
        is_ephemeral: options.isEphemeral ?? false,
      };
      payload.message = payloadMessage(message);
      payload.state = { values: options.stateValues ?? {} };
      payload.response_url = this.fake.responseUrl('block_actions');
    }
    if (channelId !== undefined) payload.channel = { id: channelId, name: channelNameFor(channelId) };
    return this.sendPayload(payload);
  }

  viewSubmission(
    view: SlackView | Record<string, unknown>,
    stateValues: ViewStateValues,
    options: { userId?: string; teamId?: string } = {},
  ): Promise<SlackResponse> {
    const userId = options.userId ?? 'U_ALICE';
    const teamId = options.teamId ?? this.teamId;
    this.fake.claim(teamId, { userId });
    return this.sendPayload({
      type: 'view_submission',
      team: { id: teamId, domain: this.fake.teamDomain },
      user: { id: userId, username: userNameFor(userId), name: userNameFor(userId), team_id: teamId },
      api_app_id: this.apiAppId,
      token: 'verification-token-unused',
      trigger_id: this.fake.issueTriggerId(typeof view.id === 'string' ? { viewId: view.id } : {}),
      view: { ...view, team_id: view.team_id ?? teamId, state: { values: stateValues } },
      response_urls: [],
      is_enterprise_install: false,
      enterprise: null,
    });
  }

  viewClosed(
    view: SlackView | Record<string, unknown>,
    options: { userId?: string; teamId?: string; isCleared?: boolean } = {},
  ): Promise<SlackResponse> {
    const userId = options.userId ?? 'U_ALICE';
    const teamId = options.teamId ?? this.teamId;
    const values = isRecord(view.state) && isRecord(view.state.values) ? view.state.values : {};
    return this.sendPayload({
      type: 'view_closed',
      team: { id: teamId, domain: this.fake.teamDomain },
      user: { id: userId, username: userNameFor(userId), name: userNameFor(userId), team_id: teamId },
      api_app_id: this.apiAppId,
      token: 'verification-token-unused',
      view: { ...view, team_id: view.team_id ?? teamId, state: { values } },
      is_cleared: options.isCleared ?? false,
      is_enterprise_install: false,
      enterprise: null,
    });
  }

  shortcut(callbackId: string, options: { userId?: string; teamId?: string } = {}): Promise<SlackResponse> {
    const userId = options.userId ?? 'U_ALICE';
    const teamId = options.teamId ?? this.teamId;
    this.fake.claim(teamId, { userId });
    return this.sendPayload({
      type: 'shortcut',
      token: 'verification-token-unused',
      action_ts: actionTs(),
      team: { id: teamId, domain: this.fake.teamDomain },
      user: { id: userId, username: userNameFor(userId), team_id: teamId },
      is_enterprise_install: false,
      enterprise: null,
      callback_id: callbackId,
      trigger_id: this.fake.issueTriggerId(),
    });
  }

  messageShortcut(
    callbackId: string,
    options: { userId?: string; teamId?: string; channelId?: string; message: MessageRef },
  ): Promise<SlackResponse> {
    const userId = options.userId ?? 'U_ALICE';
    const teamId = options.teamId ?? this.teamId;
    const channelId = options.channelId ?? options.message.channel ?? 'C_GENERAL';
    this.fake.claim(teamId, { channelId, userId });
    return this.sendPayload({
      type: 'message_action',
      token: 'verification-token-unused',
      action_ts: actionTs(),
      team: { id: teamId, domain: this.fake.teamDomain },
      user: { id: userId, username: userNameFor(userId), name: userNameFor(userId), team_id: teamId },
      channel: { id: channelId, name: channelNameFor(channelId) },
      is_enterprise_install: false,
      enterprise: null,
      callback_id: callbackId,
      trigger_id: this.fake.issueTriggerId(),
      response_url: this.fake.responseUrl('message_action'),
      message_ts: options.message.ts,
      message: payloadMessage(options.message),
    });
  }

  event(event: Record<string, unknown>, options: EventOptions = {}): Promise<SlackResponse> {
    this.eventCounter += 1;
    const teamId = options.teamId ?? this.teamId;
    this.fake.claim(teamId, {
      channelId: typeof event.channel === 'string' ? event.channel : undefined,
      userId: typeof event.user === 'string' ? event.user : undefined,
    });
    const eventTime = Math.floor(Date.now() / 1000);
    const body = {
      token: 'verification-token-unused',
      team_id: teamId,
      api_app_id: this.apiAppId,
      event: { event_ts: actionTs(), ...event },
      type: 'event_callback',
      event_id: options.eventId ?? `Ev${String(this.eventCounter).padStart(8, '0')}${randomBytes(3).toString('hex')}`,
      event_time: eventTime,
      authorizations: [
        {
          enterprise_id: null,
          team_id: teamId,
          user_id: this.fake.botUserId,
          is_bot: true,
          is_enterprise_install: false,
        },
      ],
      is_ext_shared_channel: false,
    };
    const headers: Record<string, string> = {};
    if (options.retryNum !== undefined) {
      headers['x-slack-retry-num'] = String(options.retryNum);
      headers['x-slack-retry-reason'] = options.retryReason ?? 'http_timeout';
    }
    return this.send(JSON.stringify(body), JSON_CONTENT_TYPE, { headers });
  }

  private sendPayload(payload: Record<string, unknown>): Promise<SlackResponse> {
    const form = new URLSearchParams({ payload: JSON.stringify(payload) });
    return this.send(form.toString(), FORM_CONTENT_TYPE);
  }
}
