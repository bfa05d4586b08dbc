// A local stand-in for Slack's Web API, response_url endpoints and file upload URLs, answering the way Slack does,
// so end-to-end tests can drive the real Bolt app and then inspect what it sent.
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse as parseQueryString } from 'node:querystring';
import { isViewTooLarge, validateBlocks, validateView } from './block-kit-limits.js';
import { buildViewState } from './view-state.js';

export interface FakeSlackOptions {
  teamId?: string;
  /** The bot token of `teamId`'s installation (token mode); default `DEFAULT_BOT_TOKEN`. */
  botToken?: string;
  teamDomain?: string;
  botUserId?: string;
  botId?: string;
  appId?: string;
}

export interface RecordedCall {
  /** Position in `calls`, usable as the `since` of a later `waitFor`. */
  index: number;
  /** Web API method name, or `response_url` / `upload` for those endpoints. */
  method: string;
  /** Arguments as sent, with `view`, `blocks`, `metadata`, `attachments`, `files` JSON strings already parsed. */
  args: Record<string, unknown>;
  token: string | undefined;
  at: number;
  /** The label given to `responseUrl(label)` for `response_url` posts. */
  label?: string;
  /** What the fake answered (status and parsed JSON, or text). Absent while a delayed answer is pending. */
  response?: { status: number; body: unknown };
}

export type Fault =
  | { error: string }
  | { status: 429; retryAfter: number }
  | { status: 500 | 503 }
  | { delayMs: number }
  /** Answers normally once `until` settles: holds a call in flight for as long as a test needs, without timers. */
  | { until: Promise<unknown> };

export interface StoredMessage {
  channel: string;
  ts: string;
  text?: string;
  blocks?: unknown[];
  attachments?: unknown[];
  metadata?: unknown;
  thread_ts?: string;
  user?: string;
  bot_id?: string;
  files?: unknown[];
  /** How many chat.update calls changed it. */
  updates: number;
  /** Put there by `seedThread`, not posted by the app. */
  seeded: boolean;
  deleted: boolean;
}

export interface EphemeralMessage {
  channel: string;
  user: string;
  message_ts: string;
  text?: string;
  blocks?: unknown[];
  thread_ts?: string;
}

export interface SlackView {
  id: string;
  team_id: string;
  type: string;
  title?: unknown;
  submit?: unknown;
  close?: unknown;
  blocks: Record<string, unknown>[];
  private_metadata: string;
  callback_id: string;
  external_id: string;
  state: { values: Record<string, Record<string, unknown>> };
  hash: string;
  clear_on_close: boolean;
  notify_on_close: boolean;
  root_view_id: string | null;
  previous_view_id: string | null;
  app_id: string;
  app_installed_team_id: string;
  bot_id: string;
  [key: string]: unknown;
}

export interface UploadedFile {
  fileId: string;
  filename: string;
  title: string;
  bytes: Buffer;
  channelId: string | undefined;
  threadTs: string | undefined;
  initialComment: string | undefined;
  altText: string | undefined;
}

export interface SeedUser {
  id: string;
  /** The user's workspace (default: the fake's own). */
  teamId?: string;
  name: string;
  real_name?: string;
  tz?: string;
  is_bot?: boolean;
  is_admin?: boolean;
  is_owner?: boolean;
}

/** What a person approves on Slack's OAuth page; `oauthCode(grant)` turns it into a code for oauth.v2.access. */
export interface OAuthGrant {
  teamId: string;
  teamName?: string;
  enterpriseId?: string;
  /** The installing user. */
  userId?: string;
  scopes?: string[];
}

export interface SeedMessage {
  text: string;
  user?: string;
  ts?: string;
  bot_id?: string;
  blocks?: unknown[];
  files?: unknown[];
}

export interface Violation {
  method: string;
  error: string;
  errors: string[];
}

export interface Broadcast {
  method: string;
  channel: string | undefined;
  /** Where in the payload, e.g. `text` or `blocks[2].text.text`. */
  where: string;
  mention: string;
}

export interface WaitForOptions {
  timeoutMs?: number;
  /** Only calls at or after this index count (default 0: calls already recorded count too). */
  since?: number;
}

export interface FakeSlack {
  readonly url: string;
  readonly origin: string;
  readonly teamId: string;
  readonly teamDomain: string;
  readonly botUserId: string;
  readonly botId: string;
  readonly appId: string;
  readonly calls: RecordedCall[];
  readonly violations: Violation[];
  readonly broadcasts: Broadcast[];
  readonly uploadedFiles: UploadedFile[];
  responseUrl(label?: string): string;
  issueTriggerId(context?: { viewId?: string }): string;
  callsTo(method: string): RecordedCall[];
  lastCall(method: string): RecordedCall | undefined;
  waitFor(
    method: string,
    predicate?: (call: RecordedCall) => boolean,
    options?: number | WaitForOptions,
  ): Promise<RecordedCall>;
  messages(channel?: string): StoredMessage[];
  ephemerals(channel?: string): EphemeralMessage[];
  getView(viewIdOrExternalId: string): SlackView | undefined;
  lastView(): SlackView | undefined;
  homeView(userId: string): SlackView | undefined;
  viewStack(viewId: string): SlackView[];
  closeView(viewId: string): void;
  /**
   * Does what Slack does with the app's answer to a view_submission: `update` replaces the view (same id,
   * new hash), `push` stacks a new one, `clear` closes the stack, `errors` keeps the view, an empty ack
   * closes it. Returns the view now shown in its place, if any. Invalid views are recorded as violations.
   */
  applySubmissionResponse(viewId: string, body: unknown): SlackView | undefined;
  seedUser(user: SeedUser): void;
  seedChannel(channel: { id: string; name: string; is_private?: boolean; teamId?: string }): void;
  seedThread(channel: string, threadTs: string, messages: SeedMessage[]): StoredMessage[];
  setNotInChannel(channelId: string): void;
  /** A one-time OAuth code, as Slack appends to the redirect URL after someone approves the install. */
  oauthCode(grant: OAuthGrant): string;
  /** Bot tokens handed out by oauth.v2.access, with the grant each belongs to. */
  readonly issuedTokens: Map<string, OAuthGrant>;
  /**
   * Installs the app in another workspace with a bot token of its own (token-mode tests of a second workspace);
   * returns the token. Its channels and users are its own from then on.
   */
  addWorkspace(teamId: string, token?: string): string;
  /** The workspace a bot token belongs to, or undefined for a token Slack never issued. */
  teamOfToken(token: string | undefined): string | undefined;
  /** Revokes a bot token: every later call with it is answered `token_revoked`, as after an uninstall. */
  revokeToken(token: string): void;
  /**
   * Records that a channel or user exists in a workspace (the test client does so for every request it sends, as
   * Slack only sends requests from a workspace's own channels and people). Unclaimed ids are claimed by the first
   * workspace whose token uses them; a token of another workspace then gets channel_not_found / user_not_found.
   */
  claim(teamId: string, ids: { channelId?: string | undefined; userId?: string | undefined }): void;
  failNext(method: string, fault: Fault, times?: number): void;
  reset(): void;
  close(): Promise<void>;
}

export const MISSING_CHANNEL = 'C_MISSING';
/** The bot token the fake's own workspace is installed with, as `SLACK_BOT_TOKEN` in token-mode tests. */
export const DEFAULT_BOT_TOKEN = 'xoxb-test-token';
/** Methods Slack serves without a bot token: the OAuth exchange authenticates with the client id and secret. */
const TOKENLESS_METHODS = new Set(['oauth.v2.access']);
const MAX_VIEW_STACK = 3;
const JSON_FIELDS = new Set(['view', 'blocks', 'metadata', 'attachments', 'files', 'unfurls', 'user_auth_blocks']);
const BROADCAST = /<!(?:channel|here|everyone)(?:\|[^>]*)?>/g;
const TS_BASE_SECONDS = 1_700_000_000;

type Args = Record<string, unknown>;
interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

const okReply = (extra: Record<string, unknown> = {}): Reply => ({ status: 200, body: { ok: true, ...extra } });
const errorReply = (error: string, extra: Record<string, unknown> = {}): Reply => ({
  status: 200,
  body: { ok: false, error, ...extra },
});

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringArg(args: Args, key: string): string | undefined {
  const value = args[key];
  if (typeof value === 'string' && value.length > 0) return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

function compareTs(a: string, b: string): number {
  const [aSec = '0', aMicro = '0'] = a.split('.');
  const [bSec = '0', bMicro = '0'] = b.split('.');
  return Number(aSec) - Number(bSec) || Number(aMicro.padEnd(6, '0')) - Number(bMicro.padEnd(6, '0'));
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function decodeJsonFields(args: Args): Args {
  for (const key of Object.keys(args)) {
    const value = args[key];
    if (!JSON_FIELDS.has(key) || typeof value !== 'string') continue;
    try {
      args[key] = JSON.parse(value);
    } catch {
      // Left as a string: the method handler reports it the way Slack would (e.g. invalid_blocks_format).
    }
  }
  return args;
}

interface ParsedBody {
  args: Args;
  fileBytes: Buffer | undefined;
}

async function parseBody(req: IncomingMessage, raw: Buffer, query: URLSearchParams): Promise<ParsedBody> {
  const contentType = (req.headers['content-type'] ?? '').toLowerCase();
  const args: Args = Object.fromEntries(query.entries());
  let fileBytes: Buffer | undefined;
  if (contentType.startsWith('application/json')) {
    const parsed: unknown = raw.length > 0 ? JSON.parse(raw.toString('utf8')) : {};
    if (isRecord(parsed)) Object.assign(args, parsed);
  } else if (contentType.startsWith('application/x-www-form-urlencoded')) {
    for (const [key, value] of Object.entries(parseQueryString(raw.toString('utf8')))) {
      args[key] = Array.isArray(value) ? value[value.length - 1] : value;
    }
  } else if (contentType.startsWith('multipart/form-data')) {
    const form = await new Response(new Uint8Array(raw), { headers: { 'content-type': contentType } }).formData();
    for (const [key, value] of form.entries()) {
      if (typeof value === 'string') {
        args[key] = value;
      } else {
        const bytes = Buffer.from(await value.arrayBuffer());
        fileBytes ??= bytes;
        args[key] = { filename: value.name, size: bytes.length };
      }
    }
  } else if (raw.length > 0) {
    fileBytes = raw;
  }
  return { args: decodeJsonFields(args), fileBytes };
}

function findBroadcasts(value: unknown, where: string, found: Array<{ where: string; mention: string }>): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      findBroadcasts(item, `${where}[${i}]`, found);
    });
    return;
  }
  if (!isRecord(value)) return;
  if (value.type === 'broadcast' && typeof value.range === 'string') {
    found.push({ where, mention: `<!${value.range}>` });
  }
  const rendersMentions = value.type === 'mrkdwn' || value.type === 'markdown';
  for (const [key, child] of Object.entries(value)) {
    const childPath = `${where}.${key}`;
    if (typeof child === 'string') {
      const isMrkdwnText = key === 'text' && rendersMentions;
      const isAttachmentText = ['pretext', 'fallback', 'value'].includes(key) && !('type' in value);
      if (isMrkdwnText || isAttachmentText || (key === 'text' && !('type' in value))) {
        for (const match of child.matchAll(BROADCAST)) found.push({ where: childPath, mention: match[0] });
      }
    } else {
      findBroadcasts(child, childPath, found);
    }
  }
}

class FakeSlackServer implements FakeSlack {
  readonly calls: RecordedCall[] = [];
  readonly violations: Violation[] = [];
  readonly broadcasts: Broadcast[] = [];
  readonly uploadedFiles: UploadedFile[] = [];
  readonly teamId: string;
  readonly teamDomain: string;
  readonly botUserId: string;
  readonly botId: string;
  readonly appId: string;
  origin = '';

  private readonly events = new EventEmitter();
  private readonly faults = new Map<string, Fault[]>();
  private readonly pendingDelays = new Set<{ timer: NodeJS.Timeout | undefined; finish: () => void }>();
  private readonly responseLabels = new Map<string, string | undefined>();
  private readonly users = new Map<string, SeedUser>();
  private readonly channels = new Map<string, { id: string; name: string; is_private?: boolean; teamId?: string }>();
  private readonly notInChannel = new Set<string>();
  private storedMessages: StoredMessage[] = [];
  private ephemeralMessages: EphemeralMessage[] = [];
  private views = new Map<string, SlackView>();
  private viewOrder: string[] = [];
  private stacks: string[][] = [];
  private homeViews = new Map<string, string>();
  private usedTriggers = new Set<string>();
  private triggerContexts = new Map<string, { viewId?: string }>();
  private pendingUploads = new Map<string, { filename: string; length: number; altText?: string; bytes?: Buffer }>();
  private counter = 0;
  private tsCounter = 0;
  private readonly oauthCodes = new Map<string, OAuthGrant>();
  readonly issuedTokens = new Map<string, OAuthGrant>();
  private readonly tokens = new Map<string, { teamId: string; revoked: boolean }>();
  private readonly channelTeams = new Map<string, string>();
  private readonly userTeams = new Map<string, string>();

  constructor(
    private readonly server: Server,
    options: FakeSlackOptions,
  ) {
    this.teamId = options.teamId ?? 'T_TEST';
    this.teamDomain = options.teamDomain ?? 'test';
    this.botUserId = options.botUserId ?? 'U_BOT';
    this.botId = options.botId ?? 'B_BOT';
    this.appId = options.appId ?? 'A_TEST';
    this.events.setMaxListeners(0);
    this.tokens.set(options.botToken ?? DEFAULT_BOT_TOKEN, { teamId: this.teamId, revoked: false });
  }

  addWorkspace(teamId: string, token = `xoxb-${teamId}-${randomBytes(8).toString('hex')}`): string {
    this.tokens.set(token, { teamId, revoked: false });
    return token;
  }

  teamOfToken(token: string | undefined): string | undefined {
    return token === undefined ? undefined : this.tokens.get(token)?.teamId;
  }

  revokeToken(token: string): void {
    const grant = this.tokens.get(token);
    if (grant) grant.revoked = true;
  }

  claim(teamId: string, ids: { channelId?: string | undefined; userId?: string | undefined }): void {
    if (ids.channelId && !this.channelTeams.has(ids.channelId)) this.channelTeams.set(ids.channelId, teamId);
    if (ids.userId && !this.userTeams.has(ids.userId)) this.userTeams.set(ids.userId, teamId);
  }

  get url(): string {
    return `${this.origin}/api/`;
  }

  responseUrl(label?: string): string {
    const id = `R${this.next()}${randomBytes(4).toString('hex')}`;
    this.responseLabels.set(id, label);
    return `${this.origin}/response/${id}`;
  }

  issueTriggerId(context: { viewId?: string } = {}): string {
    const n = this.next();
    const id = `${1000 + n}.${TS_BASE_SECONDS + n}.${randomBytes(8).toString('hex')}`;
    this.triggerContexts.set(id, context);
    return id;
  }

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  lastCall(method: string): RecordedCall | undefined {
    return this.callsTo(method).at(-1);
  }

  waitFor(
    method: string,
    predicate: (call: RecordedCall) => boolean = () => true,
    options: number | WaitForOptions = {},
  ): Promise<RecordedCall> {
    const { timeoutMs = 5000, since = 0 } = typeof options === 'number' ? { timeoutMs: options } : options;
    const matches = (call: RecordedCall) => call.method === method && call.index >= since && predicate(call);
    const already = this.calls.find(matches);
    if (already) return Promise.resolve(already);
    return new Promise((resolve, reject) => {
      const onCall = (call: RecordedCall) => {
        if (!matches(call)) return;
        cleanup();
        resolve(call);
      };
      const onClose = () => {
        cleanup();
        reject(new Error(`waitFor(${method}): fake Slack closed before a matching call arrived`));
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`waitFor(${method}) timed out after ${timeoutMs} ms; ${this.describeCalls(since)}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.events.off('call', onCall);
        this.events.off('close', onClose);
      };
      this.events.on('call', onCall);
      this.events.on('close', onClose);
    });
  }

  messages(channel?: string): StoredMessage[] {
    return this.storedMessages
      .filter((m) => !m.seeded && !m.deleted && (channel === undefined || m.channel === channel))
      .map((m) => ({ ...m }));
  }

  ephemerals(channel?: string): EphemeralMessage[] {
    return this.ephemeralMessages.filter((m) => channel === undefined || m.channel === channel).map((m) => ({ ...m }));
  }

  getView(viewIdOrExternalId: string): SlackView | undefined {
    const view = this.findView(viewIdOrExternalId);
    return view ? structuredClone(view) : undefined;
  }

  lastView(): SlackView | undefined {
    const id = this.viewOrder.at(-1);
    return id === undefined ? undefined : this.getView(id);
  }

  homeView(userId: string): SlackView | undefined {
    const id = this.homeViews.get(userId);
    return id === undefined ? undefined : this.getView(id);
  }

  viewStack(viewId: string): SlackView[] {
    const stack = this.stacks.find((s) => s.includes(viewId)) ?? [];
    return stack.flatMap((id) => {
      const view = this.getView(id);
      return view ? [view] : [];
    });
  }

  closeView(viewId: string): void {
    this.stacks = this.stacks.filter((stack) => !stack.includes(viewId));
  }

  applySubmissionResponse(viewId: string, body: unknown): SlackView | undefined {
    const existing = this.views.get(viewId);
    const action = isRecord(body) ? body.response_action : undefined;
    if (!existing || action === 'clear') {
      this.closeView(viewId);
      return undefined;
    }
    if (action === 'errors') return existing;
    if ((action === 'update' || action === 'push') && isRecord(body)) {
      if (this.viewError(`view_submission ${action}`, body.view, 'modal')) return existing;
      if (action === 'update') {
        return this.buildView(body.view as Record<string, unknown>, viewId, {
          team_id: existing.team_id,
          root_view_id: existing.root_view_id,
          previous_view_id: existing.previous_view_id,
        });
      }
      const stack = this.stacks.find((candidate) => candidate.includes(viewId));
      const id = this.newViewId();
      const view = this.buildView(body.view as Record<string, unknown>, id, {
        team_id: existing.team_id,
        root_view_id: stack?.[0] ?? id,
        previous_view_id: viewId,
      });
      stack?.push(id);
      return view;
    }
    const stack = this.stacks.find((candidate) => candidate.includes(viewId));
    if (stack) {
      stack.splice(stack.indexOf(viewId), 1);
      if (stack.length === 0) this.closeView(viewId);
    }
    return undefined;
  }

  seedUser(user: SeedUser): void {
    this.users.set(user.id, user);
    this.userTeams.set(user.id, user.teamId ?? this.teamId);
  }

  seedChannel(channel: { id: string; name: string; is_private?: boolean; teamId?: string }): void {
    this.channels.set(channel.id, channel);
    this.channelTeams.set(channel.id, channel.teamId ?? this.teamId);
  }

  seedThread(channel: string, threadTs: string, messages: SeedMessage[]): StoredMessage[] {
    const [seconds = String(TS_BASE_SECONDS), micro = '000000'] = threadTs.split('.');
    const stored = messages.map((message, i): StoredMessage => {
      const ts = i === 0 ? threadTs : (message.ts ?? `${Number(seconds) + i}.${micro}`);
      return {
        channel,
        ts,
        text: message.text,
        blocks: message.blocks,
        files: message.files,
        user: message.user,
        bot_id: message.bot_id,
        thread_ts: threadTs,
        updates: 0,
        seeded: true,
        deleted: false,
      };
    });
    this.storedMessages.push(...stored);
    return stored.map((m) => ({ ...m }));
  }

  setNotInChannel(channelId: string): void {
    this.notInChannel.add(channelId);
  }

  oauthCode(grant: OAuthGrant): string {
    const code = `code-${this.next()}-${randomBytes(6).toString('hex')}`;
    this.oauthCodes.set(code, grant);
    return code;
  }

  failNext(method: string, fault: Fault, times = 1): void {
    const queue = this.faults.get(method) ?? [];
    for (let i = 0; i < times; i++) queue.push(fault);
    this.faults.set(method, queue);
  }

  reset(): void {
    this.calls.length = 0;
    this.violations.length = 0;
    this.broadcasts.length = 0;
    this.uploadedFiles.length = 0;
    this.faults.clear();
    this.notInChannel.clear();
    this.storedMessages = [];
    this.ephemeralMessages = [];
    this.views = new Map();
    this.viewOrder = [];
    this.stacks = [];
    this.homeViews = new Map();
    this.usedTriggers = new Set();
    this.triggerContexts = new Map();
    this.pendingUploads = new Map();
    this.oauthCodes.clear();
    for (const token of this.issuedTokens.keys()) this.tokens.delete(token);
    this.issuedTokens.clear();
    this.channelTeams.clear();
    this.userTeams.clear();
    for (const user of this.users.values()) this.userTeams.set(user.id, user.teamId ?? this.teamId);
    for (const channel of this.channels.values()) this.channelTeams.set(channel.id, channel.teamId ?? this.teamId);
  }

  async close(): Promise<void> {
    for (const pending of this.pendingDelays) {
      clearTimeout(pending.timer);
      pending.finish();
    }
    this.pendingDelays.clear();
    this.events.emit('close');
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // --- request handling ---

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestUrl = new URL(req.url ?? '/', this.origin);
    const raw = await readBody(req);
    let parsed: ParsedBody;
    try {
      parsed = await parseBody(req, raw, requestUrl.searchParams);
    } catch {
      this.send(res, { status: 200, body: { ok: false, error: 'invalid_form_data' } });
      return;
    }
    const [, area = '', name = ''] = requestUrl.pathname.split('/');
    const { args, fileBytes } = parsed;
    const authorization = req.headers.authorization;
    const token = authorization?.startsWith('Bearer ')
      ? authorization.slice('Bearer '.length)
      : stringArg(args, 'token');
    delete args.token;

    let method: string;
    let handler: () => Reply;
    let label: string | undefined;
    if (area === 'api' && name) {
      method = name;
      handler = () => this.authorized(method, token, (team) => this.apiMethod(method, args, team, token));
    } else if (area === 'response' && this.responseLabels.has(name)) {
      method = 'response_url';
      label = this.responseLabels.get(name);
      handler = () => this.responseUrlPost(args);
    } else if (area === 'upload' && name) {
      method = 'upload';
      args.file_id = name;
      handler = () => this.uploadBytes(name, fileBytes ?? Buffer.alloc(0));
    } else {
      this.send(res, { status: 404, body: 'not found' });
      return;
    }

    const call: RecordedCall = { index: this.calls.length, method, args, token, at: Date.now() };
    if (label !== undefined) call.label = label;
    this.calls.push(call);

    const fault = this.faults.get(method)?.shift();
    if (fault && ('delayMs' in fault || 'until' in fault)) {
      this.events.emit('call', call);
      const finished = await ('until' in fault ? this.hold(fault.until) : this.delay(fault.delayMs));
      if (!finished) return;
      this.answer(res, call, handler());
      return;
    }
    this.answer(res, call, fault ? this.faultReply(fault) : handler());
    this.events.emit('call', call);
  }

  private answer(res: ServerResponse, call: RecordedCall, reply: Reply): void {
    call.response = { status: reply.status, body: reply.body };
    this.send(res, reply);
  }

  private send(res: ServerResponse, reply: Reply): void {
    if (res.writableEnded || res.destroyed) return;
    const isText = typeof reply.body === 'string';
    res.writeHead(reply.status, {
      'content-type': isText ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8',
      ...reply.headers,
    });
    res.end(isText ? reply.body : JSON.stringify(reply.body));
  }

  private delay(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const pending = {
        timer: setTimeout(() => {
          this.pendingDelays.delete(pending);
          resolve(true);
        }, ms),
        finish: () => resolve(false),
      };
      this.pendingDelays.add(pending);
    });
  }

  private hold(until: Promise<unknown>): Promise<boolean> {
    return new Promise((resolve) => {
      const pending = {
        timer: undefined as NodeJS.Timeout | undefined,
        finish: () => resolve(false),
      };
      this.pendingDelays.add(pending);
      const release = () => {
        this.pendingDelays.delete(pending);
        resolve(true);
      };
      until.then(release, release);
    });
  }

  private faultReply(fault: Fault): Reply {
    if ('error' in fault) return errorReply(fault.error);
    if ('status' in fault && fault.status === 429) {
      return {
        status: 429,
        body: { ok: false, error: 'ratelimited' },
        headers: { 'retry-after': String(fault.retryAfter) },
      };
    }
    if ('status' in fault)
      return { status: fault.status, body: fault.status === 503 ? 'Service Unavailable' : 'Error' };
    return errorReply('fatal_error');
  }

  private describeCalls(since: number): string {
    const counts = new Map<string, number>();
    for (const call of this.calls.slice(since)) counts.set(call.method, (counts.get(call.method) ?? 0) + 1);
    if (counts.size === 0) return `no calls recorded${since > 0 ? ` since #${since}` : ''}`;
    const list = [...counts].map(([method, n]) => (n > 1 ? `${method} ×${n}` : method)).join(', ');
    return `recorded${since > 0 ? ` since #${since}` : ''}: ${list}`;
  }

  private next(): number {
    this.counter += 1;
    return this.counter;
  }

  private nextTs(): string {
    for (;;) {
      this.tsCounter += 1;
      const seconds = TS_BASE_SECONDS + Math.floor(this.tsCounter / 10_000);
      const micro = String((this.tsCounter % 10_000) * 100).padStart(6, '0');
      const ts = `${seconds}.${micro}`;
      if (!this.storedMessages.some((m) => m.ts === ts)) return ts;
    }
  }

  /**
   * Slack's token check: no token is `not_authed`, a token it never issued `invalid_auth`, a revoked one
   * `token_revoked`; otherwise the method runs as the token's workspace.
   */
  private authorized(method: string, token: string | undefined, run: (team: string) => Reply): Reply {
    if (TOKENLESS_METHODS.has(method)) return run('');
    if (token === undefined || token === '') return errorReply('not_authed');
    const grant = this.tokens.get(token);
    if (!grant) return errorReply('invalid_auth');
    if (grant.revoked) return errorReply('token_revoked');
    return run(grant.teamId);
  }

  /** A channel (or a user id used as a DM channel) of another workspace does not exist for this token. */
  private foreignChannel(team: string, channel: string): boolean {
    if (/^[UW]/.test(channel)) return this.foreignUser(team, channel);
    const owner = this.channelTeams.get(channel);
    if (owner === undefined) this.channelTeams.set(channel, team);
    return owner !== undefined && owner !== team;
  }

  private foreignUser(team: string, user: string): boolean {
    const owner = this.userTeams.get(user);
    if (owner === undefined) this.userTeams.set(user, team);
    return owner !== undefined && owner !== team;
  }

  private apiMethod(method: string, args: Args, team: string, token?: string): Reply {
    const channel = stringArg(args, 'channel') ?? stringArg(args, 'channel_id');
    if (channel !== undefined && channel !== MISSING_CHANNEL && this.foreignChannel(team, channel)) {
      return errorReply('channel_not_found');
    }
    const user = stringArg(args, 'user') ?? stringArg(args, 'user_id');
    if (user !== undefined && this.foreignUser(team, user)) return errorReply('user_not_found');
    const viewId = stringArg(args, 'view_id');
    const view = viewId === undefined ? undefined : this.views.get(viewId);
    if (view && view.team_id !== team) return errorReply('not_found');
    switch (method) {
      case 'oauth.v2.access':
        return this.oauthAccess(args);
      case 'auth.test':
        return okReply({
          url: `https://${this.teamDomain}.slack.com/`,
          team: 'Test Team',
          user: 'adr-assistant',
          team_id: this.teamOfToken(token) ?? team,
          user_id: this.botUserId,
          bot_id: this.botId,
          is_enterprise_install: false,
        });
      case 'chat.postMessage':
        return this.postMessage(method, args);
      case 'chat.postEphemeral':
        return this.postEphemeral(method, args);
      case 'chat.update':
        return this.updateMessage(method, args);
      case 'chat.delete':
        return this.deleteMessage(args);
      case 'chat.getPermalink':
        return this.permalink(args);
      case 'views.open':
        return this.openView(method, args, team);
      case 'views.push':
        return this.pushView(method, args, team);
      case 'views.update':
        return this.updateView(method, args);
      case 'views.publish':
        return this.publishView(method, args, team);
      case 'conversations.replies':
        return this.replies(args);
      case 'conversations.info':
        return this.conversationInfo(args);
      case 'conversations.join':
        return this.joinConversation(args);
      case 'users.info':
        return this.userInfo(args);
      case 'files.getUploadURLExternal':
        return this.uploadUrl(args);
      case 'files.completeUploadExternal':
        return this.completeUpload(method, args);
      default:
        return errorReply('unknown_method');
    }
  }

  // --- oauth.* ---

  private oauthAccess(args: Args): Reply {
    const code = stringArg(args, 'code');
    const grant = code === undefined ? undefined : this.oauthCodes.get(code);
    if (!stringArg(args, 'client_id') || !stringArg(args, 'client_secret')) return errorReply('invalid_client_id');
    if (code === undefined || !grant) return errorReply('invalid_code');
    this.oauthCodes.delete(code);
    const token = `xoxb-${grant.teamId}-${randomBytes(12).toString('hex')}`;
    this.issuedTokens.set(token, grant);
    this.tokens.set(token, { teamId: grant.teamId, revoked: false });
    return okReply({
      app_id: this.appId,
      authed_user: { id: grant.userId ?? 'U_INSTALLER' },
      scope: (grant.scopes ?? ['commands', 'chat:write']).join(','),
      token_type: 'bot',
      access_token: token,
      bot_user_id: this.botUserId,
      team: { id: grant.teamId, name: grant.teamName ?? grant.teamId },
      enterprise: grant.enterpriseId ? { id: grant.enterpriseId, name: grant.enterpriseId } : null,
      is_enterprise_install: false,
    });
  }

  // --- chat.* ---

  private channelError(channel: string | undefined): Reply | undefined {
    if (channel === undefined || channel === MISSING_CHANNEL) return errorReply('channel_not_found');
    if (this.notInChannel.has(channel)) return errorReply('not_in_channel');
    return undefined;
  }

  private blocksError(method: string, blocks: unknown): Reply | undefined {
    if (blocks === undefined) return undefined;
    if (typeof blocks === 'string') return this.violation(method, 'invalid_blocks_format', ['blocks: not valid JSON']);
    const errors = validateBlocks(blocks, 'message');
    return errors.length > 0 ? this.violation(method, 'invalid_blocks', errors) : undefined;
  }

  private violation(method: string, error: string, errors: string[], status = 200): Reply {
    this.violations.push({ method, error, errors });
    return { status, body: { ok: false, error, errors } };
  }

  private recordBroadcasts(method: string, channel: string | undefined, args: Args): void {
    const found: Array<{ where: string; mention: string }> = [];
    for (const key of ['text', 'initial_comment']) {
      const value = args[key];
      const rendersMrkdwn = args.mrkdwn !== false && args.mrkdwn !== 'false';
      if (typeof value === 'string' && rendersMrkdwn) {
        for (const match of value.matchAll(BROADCAST)) found.push({ where: key, mention: match[0] });
      }
    }
    findBroadcasts(args.blocks, 'blocks', found);
    findBroadcasts(args.attachments, 'attachments', found);
    for (const hit of found) this.broadcasts.push({ method, channel, ...hit });
  }

  private toApiMessage(message: StoredMessage): Record<string, unknown> {
    const api: Record<string, unknown> = { type: 'message', ts: message.ts, text: message.text ?? '' };
    if (message.user !== undefined) api.user = message.user;
    if (message.bot_id !== undefined) api.bot_id = message.bot_id;
    if (message.blocks !== undefined) api.blocks = message.blocks;
    if (message.attachments !== undefined) api.attachments = message.attachments;
    if (message.files !== undefined) api.files = message.files;
    if (message.metadata !== undefined) api.metadata = message.metadata;
    if (message.thread_ts !== undefined) api.thread_ts = message.thread_ts;
    if (message.updates > 0) api.edited = { user: this.botUserId, ts: message.ts };
    return api;
  }

  private postMessage(method: string, args: Args): Reply {
    const channel = stringArg(args, 'channel');
    const channelError = this.channelError(channel);
    if (channelError || channel === undefined) return channelError ?? errorReply('channel_not_found');
    const text = typeof args.text === 'string' ? args.text : undefined;
    if (!text && args.blocks === undefined && args.attachments === undefined) return errorReply('no_text');
    const blocksError = this.blocksError(method, args.blocks);
    if (blocksError) return blocksError;
    this.recordBroadcasts(method, channel, args);
    const message: StoredMessage = {
      channel,
      ts: this.nextTs(),
      text,
      blocks: Array.isArray(args.blocks) ? args.blocks : undefined,
      attachments: Array.isArray(args.attachments) ? args.attachments : undefined,
      metadata: args.metadata,
      thread_ts: stringArg(args, 'thread_ts'),
      user: this.botUserId,
      bot_id: this.botId,
      updates: 0,
      seeded: false,
      deleted: false,
    };
    this.storedMessages.push(message);
    return okReply({ channel, ts: message.ts, message: this.toApiMessage(message) });
  }

  private postEphemeral(method: string, args: Args): Reply {
    const channel = stringArg(args, 'channel');
    const channelError = this.channelError(channel);
    if (channelError || channel === undefined) return channelError ?? errorReply('channel_not_found');
    const user = stringArg(args, 'user');
    if (user === undefined) return errorReply('user_not_in_channel');
    const text = typeof args.text === 'string' ? args.text : undefined;
    if (!text && args.blocks === undefined && args.attachments === undefined) return errorReply('no_text');
    const blocksError = this.blocksError(method, args.blocks);
    if (blocksError) return blocksError;
    this.recordBroadcasts(method, channel, args);
    const ephemeral: EphemeralMessage = {
      channel,
      user,
      message_ts: this.nextTs(),
      text,
      blocks: Array.isArray(args.blocks) ? args.blocks : undefined,
      thread_ts: stringArg(args, 'thread_ts'),
    };
    this.ephemeralMessages.push(ephemeral);
    return okReply({ message_ts: ephemeral.message_ts });
  }

  private findMessage(channel: string | undefined, ts: string | undefined): StoredMessage | undefined {
    return this.storedMessages.find((m) => m.channel === channel && m.ts === ts && !m.deleted);
  }

  private updateMessage(method: string, args: Args): Reply {
    const channel = stringArg(args, 'channel');
    if (channel === MISSING_CHANNEL) return errorReply('channel_not_found');
    const ts = stringArg(args, 'ts');
    const message = this.findMessage(channel, ts);
    if (!message) return errorReply('message_not_found');
    const blocksError = this.blocksError(method, args.blocks);
    if (blocksError) return blocksError;
    this.recordBroadcasts(method, channel, args);
    if (typeof args.text === 'string') message.text = args.text;
    if (Array.isArray(args.blocks)) message.blocks = args.blocks;
    if (Array.isArray(args.attachments)) message.attachments = args.attachments;
    if (args.metadata !== undefined) message.metadata = args.metadata;
    message.updates += 1;
    return okReply({ channel, ts: message.ts, text: message.text ?? '', message: this.toApiMessage(message) });
  }

  private deleteMessage(args: Args): Reply {
    const channel = stringArg(args, 'channel');
    if (channel === MISSING_CHANNEL) return errorReply('channel_not_found');
    const message = this.findMessage(channel, stringArg(args, 'ts'));
    if (!message) return errorReply('message_not_found');
    message.deleted = true;
    return okReply({ channel, ts: message.ts });
  }

  private permalink(args: Args): Reply {
    const channel = stringArg(args, 'channel');
    const ts = stringArg(args, 'message_ts');
    if (channel === undefined || channel === MISSING_CHANNEL) return errorReply('channel_not_found');
    if (ts === undefined) return errorReply('message_not_found');
    const message = this.storedMessages.find((m) => m.channel === channel && m.ts === ts);
    const base = `https://${this.teamDomain}.slack.com/archives/${channel}/p${ts.replace('.', '')}`;
    const threadTs = message?.thread_ts;
    const permalink = threadTs && threadTs !== ts ? `${base}?thread_ts=${threadTs}&cid=${channel}` : base;
    return okReply({ channel, permalink });
  }

  // --- views.* ---

  private takeTrigger(args: Args): Reply | { context: { viewId?: string } } {
    const trigger = stringArg(args, 'trigger_id');
    if (trigger === undefined) return errorReply('invalid_trigger_id');
    if (this.usedTriggers.has(trigger)) return errorReply('exchanged_trigger_id');
    this.usedTriggers.add(trigger);
    return { context: this.triggerContexts.get(trigger) ?? {} };
  }

  private viewError(method: string, view: unknown, expectedType: 'modal' | 'home'): Reply | undefined {
    if (!isRecord(view)) return errorReply('invalid_arguments', { errors: ['view: required object'] });
    if (isViewTooLarge(view)) {
      return this.violation(method, 'view_too_large', validateView(view));
    }
    const errors = validateView(view);
    if (view.type !== expectedType) errors.push(`view.type: must be ${expectedType} for ${method}`);
    return errors.length > 0 ? this.violation(method, 'invalid_blocks', errors) : undefined;
  }

  private newHash(): string {
    const n = this.next();
    return `${TS_BASE_SECONDS + n}.${randomBytes(4).toString('hex')}`;
  }

  private buildView(input: Record<string, unknown>, id: string, links: Partial<SlackView>): SlackView {
    const blocks = (Array.isArray(input.blocks) ? structuredClone(input.blocks) : []) as Record<string, unknown>[];
    blocks.forEach((block, b) => {
      // Slack fills in ids the app left out, and payloads carry them back.
      block.block_id ??= `auto_${b}`;
      const elements = [block.element, block.accessory, ...(Array.isArray(block.elements) ? block.elements : [])];
      elements.forEach((element, e) => {
        if (isRecord(element) && element.type !== 'image' && block.type !== 'context') {
          element.action_id ??= `auto_${b}_${e}`;
        }
      });
    });
    const view: SlackView = {
      ...structuredClone(input),
      id,
      team_id: this.teamId,
      type: String(input.type),
      blocks,
      private_metadata: typeof input.private_metadata === 'string' ? input.private_metadata : '',
      callback_id: typeof input.callback_id === 'string' ? input.callback_id : '',
      external_id: typeof input.external_id === 'string' ? input.external_id : '',
      state: { values: {} },
      hash: this.newHash(),
      clear_on_close: input.clear_on_close === true,
      notify_on_close: input.notify_on_close === true,
      root_view_id: null,
      previous_view_id: null,
      app_id: this.appId,
      app_installed_team_id: links.team_id ?? this.teamId,
      bot_id: this.botId,
      ...links,
    };
    try {
      view.state = { values: buildViewState(view, {}) };
    } catch {
      // A view whose initial values cannot be represented keeps an empty state.
    }
    this.views.set(id, view);
    this.viewOrder = [...this.viewOrder.filter((v) => v !== id), id];
    return view;
  }

  private newViewId(): string {
    return `V${String(this.next()).padStart(10, '0')}`;
  }

  private findView(idOrExternal: string | undefined): SlackView | undefined {
    if (idOrExternal === undefined) return undefined;
    return (
      this.views.get(idOrExternal) ??
      [...this.views.values()].find((v) => v.external_id !== '' && v.external_id === idOrExternal)
    );
  }

  private openView(method: string, args: Args, team: string): Reply {
    const trigger = this.takeTrigger(args);
    if ('status' in trigger) return trigger;
    const error = this.viewError(method, args.view, 'modal');
    if (error) return error;
    const id = this.newViewId();
    const view = this.buildView(args.view as Record<string, unknown>, id, { team_id: team, root_view_id: id });
    this.stacks.push([id]);
    return okReply({ view: structuredClone(view) });
  }

  private pushView(method: string, args: Args, team: string): Reply {
    const trigger = this.takeTrigger(args);
    if ('status' in trigger) return trigger;
    const fromView = trigger.context.viewId;
    const stack = fromView ? this.stacks.find((s) => s.includes(fromView)) : this.stacks.at(-1);
    if (!stack) return errorReply('not_found', { errors: ['views.push: no modal is open for this trigger'] });
    if (this.views.get(stack[0] ?? '')?.team_id !== team) return errorReply('not_found');
    if (stack.length >= MAX_VIEW_STACK) return errorReply('push_limit_reached');
    const error = this.viewError(method, args.view, 'modal');
    if (error) return error;
    const id = this.newViewId();
    const view = this.buildView(args.view as Record<string, unknown>, id, {
      team_id: team,
      root_view_id: stack[0] ?? id,
      previous_view_id: stack.at(-1) ?? null,
    });
    stack.push(id);
    // The most recently used stack is the one a trigger without context pushes onto.
    this.stacks = [...this.stacks.filter((s) => s !== stack), stack];
    return okReply({ view: structuredClone(view) });
  }

  private updateView(method: string, args: Args): Reply {
    const viewId = stringArg(args, 'view_id');
    const externalId = stringArg(args, 'external_id');
    if (viewId === undefined && externalId === undefined) return errorReply('invalid_arguments');
    const existing = viewId !== undefined ? this.views.get(viewId) : this.findView(externalId);
    if (!existing) return errorReply('not_found');
    const hash = stringArg(args, 'hash');
    if (hash !== undefined && hash !== existing.hash) return errorReply('hash_conflict');
    const error = this.viewError(method, args.view, existing.type === 'home' ? 'home' : 'modal');
    if (error) return error;
    const view = this.buildView(args.view as Record<string, unknown>, existing.id, {
      team_id: existing.team_id,
      root_view_id: existing.root_view_id,
      previous_view_id: existing.previous_view_id,
    });
    return okReply({ view: structuredClone(view) });
  }

  private publishView(method: string, args: Args, team: string): Reply {
    const userId = stringArg(args, 'user_id');
    if (userId === undefined) return errorReply('invalid_arguments');
    const existingId = this.homeViews.get(userId);
    const existing = existingId === undefined ? undefined : this.views.get(existingId);
    const hash = stringArg(args, 'hash');
    if (hash !== undefined && existing && hash !== existing.hash) return errorReply('hash_conflict');
    const error = this.viewError(method, args.view, 'home');
    if (error) return error;
    const id = existing?.id ?? this.newViewId();
    const view = this.buildView(args.view as Record<string, unknown>, id, { team_id: team });
    this.homeViews.set(userId, id);
    return okReply({ view: structuredClone(view) });
  }

  // --- conversations.*, users.* ---

  private replies(args: Args): Reply {
    const channel = stringArg(args, 'channel');
    if (channel === undefined || channel === MISSING_CHANNEL) return errorReply('channel_not_found');
    const ts = stringArg(args, 'ts');
    const thread = this.storedMessages
      .filter((m) => m.channel === channel && !m.deleted && (m.ts === ts || m.thread_ts === ts))
      .sort((a, b) => compareTs(a.ts, b.ts));
    if (thread.length === 0) return errorReply('thread_not_found');
    const limit = Math.max(1, Number(args.limit ?? 1000) || 1000);
    const offset = Number(stringArg(args, 'cursor') ?? 0) || 0;
    const page = thread.slice(offset, offset + limit);
    const hasMore = offset + limit < thread.length;
    return okReply({
      messages: page.map((m) => {
        const api = this.toApiMessage(m);
        if (m.ts === ts) api.reply_count = thread.length - 1;
        return api;
      }),
      has_more: hasMore,
      response_metadata: { next_cursor: hasMore ? String(offset + limit) : '' },
    });
  }

  private channelInfo(id: string): Record<string, unknown> {
    const seeded = this.channels.get(id);
    const name = seeded?.name ?? (id.startsWith('C_') ? id.slice(2).toLowerCase() : id.toLowerCase());
    return {
      id,
      name,
      is_channel: !id.startsWith('D'),
      is_im: id.startsWith('D'),
      is_private: seeded?.is_private ?? false,
      is_archived: false,
      is_member: !this.notInChannel.has(id),
    };
  }

  private conversationInfo(args: Args): Reply {
    const channel = stringArg(args, 'channel');
    if (channel === undefined || channel === MISSING_CHANNEL) return errorReply('channel_not_found');
    return okReply({ channel: this.channelInfo(channel) });
  }

  private joinConversation(args: Args): Reply {
    const channel = stringArg(args, 'channel');
    if (channel === undefined || channel === MISSING_CHANNEL) return errorReply('channel_not_found');
    this.notInChannel.delete(channel);
    return okReply({ channel: this.channelInfo(channel) });
  }

  private userInfo(args: Args): Reply {
    const id = stringArg(args, 'user');
    const user = id === undefined ? undefined : this.users.get(id);
    if (!user) return errorReply('user_not_found');
    const realName = user.real_name ?? user.name;
    return okReply({
      user: {
        id: user.id,
        team_id: this.userTeams.get(user.id) ?? this.teamId,
        name: user.name,
        real_name: realName,
        tz: user.tz ?? 'UTC',
        is_bot: user.is_bot ?? false,
        is_admin: user.is_admin ?? false,
        is_owner: user.is_owner ?? false,
        deleted: false,
        profile: { real_name: realName, display_name: user.name },
      },
    });
  }

  // --- responses and files ---

  private responseUrlPost(args: Args): Reply {
    const error = this.blocksError('response_url', args.blocks);
    // Slack answers a bad response_url payload with a 4xx, which makes Bolt's respond() throw.
    if (error) return { ...error, status: 400 };
    this.recordBroadcasts('response_url', undefined, args);
    return okReply();
  }

  private uploadUrl(args: Args): Reply {
    const filename = stringArg(args, 'filename');
    const length = Number(args.length);
    if (filename === undefined || !Number.isFinite(length)) return errorReply('invalid_arguments');
    const fileId = `F${String(this.next()).padStart(10, '0')}`;
    const altText = stringArg(args, 'alt_text');
    this.pendingUploads.set(fileId, altText === undefined ? { filename, length } : { filename, length, altText });
    return okReply({ upload_url: `${this.origin}/upload/${fileId}`, file_id: fileId });
  }

  private uploadBytes(fileId: string, bytes: Buffer): Reply {
    const pending = this.pendingUploads.get(fileId);
    if (!pending) return { status: 404, body: 'unknown upload' };
    pending.bytes = bytes;
    return { status: 200, body: `OK - ${bytes.length}` };
  }

  private completeUpload(method: string, args: Args): Reply {
    const files = args.files;
    if (!Array.isArray(files) || files.length === 0) return errorReply('invalid_arguments');
    const channelId = stringArg(args, 'channel_id');
    if (channelId !== undefined) {
      const channelError = this.channelError(channelId);
      if (channelError) return channelError;
    }
    const blocksError = this.blocksError(method, args.blocks);
    if (blocksError) return blocksError;
    const completed: UploadedFile[] = [];
    for (const file of files) {
      const id = isRecord(file) && typeof file.id === 'string' ? file.id : undefined;
      const pending = id === undefined ? undefined : this.pendingUploads.get(id);
      if (id === undefined || !pending?.bytes) return errorReply('file_not_found');
      completed.push({
        fileId: id,
        filename: pending.filename,
        title: isRecord(file) && typeof file.title === 'string' ? file.title : pending.filename,
        bytes: pending.bytes,
        channelId,
        threadTs: stringArg(args, 'thread_ts'),
        initialComment: stringArg(args, 'initial_comment'),
        altText: pending.altText,
      });
    }
    this.recordBroadcasts(method, channelId, args);
    for (const file of completed) this.pendingUploads.delete(file.fileId);
    this.uploadedFiles.push(...completed);
    return okReply({
      files: completed.map((f) => ({ id: f.fileId, name: f.filename, title: f.title, size: f.bytes.length })),
    });
  }
}

export async function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  let fake: FakeSlackServer | undefined;
  const server = createServer((req, res) => {
    fake?.handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`fake slack error: ${error instanceof Error ? error.message : String(error)}`);
    });
  });
  fake = new FakeSlackServer(server, options);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  fake.origin = `http://127.0.0.1:${port}`;
  return fake;
}
