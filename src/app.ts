import { existsSync, realpathSync } from 'node:fs';
import type { Server } from 'node:http';
import nodeModule, { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { App } from '@slack/bolt';
import { type Logger, LogLevel } from '@slack/logger';
import type { RetryOptions } from '@slack/web-api';
import type { BotIdentity, Composition } from './composition-root.js';
import type { Config } from './config.js';
import type { DatabaseInstallationStore } from './db/installation-store.js';
import type { DatabaseMaintenance } from './db/maintenance.js';
import type { Db } from './db/open.js';
import type { DataStore } from './db/store.js';
import type { ProviderOptions } from './integrations/git-provider.js';
import { JsonLogger } from './logging/json-logger.js';
import type { Metrics } from './ops/metrics.js';
import type { Services, SlackKit } from './slack/deps.js';

export interface AdrAppOptions {
  logger?: Logger;
  /** Web API retry policy; tests pass `{ retries: 0 }` so a scripted failure surfaces at once. */
  retryConfig?: RetryOptions;
  now?: () => Date;
  /** Database upkeep timing (src/db/maintenance.ts); tests start the worker at once. */
  maintenance?: { intervalMs?: number; startDelayMs?: number };
  /** Retries and pacing inside the GitHub and GitLab SDKs; tests make them fast. */
  providers?: ProviderOptions;
}

export interface AdrApp {
  app: App;
  /** The data layer, on SQLite or PostgreSQL (ADR-013). */
  store: DataStore;
  /** SQLite's connection (backups, tests reading rows); throws on PostgreSQL, which has none. */
  readonly db: Db;
  logger: Logger;
  /** The rules, as listeners and the CLI call them. */
  services: Services;
  /** The Slack side: each workspace's client, view refreshers, the outbox dispatcher, background work. */
  slack: SlackKit;
  /**
   * Operations: the OAuth installation store (null in token mode), metrics, and the database upkeep (WAL
   * checkpoints, search index merges) running in its worker thread.
   */
  ops: {
    installations: DatabaseInstallationStore | null;
    metrics: Metrics;
    maintenance: DatabaseMaintenance;
  };
  /** Starts listening (HTTP, or Socket Mode when an app token is set); resolves to the HTTP port. */
  start(port?: number): Promise<number>;
  /** Stops taking requests, finishes work in flight, closes the database. Safe to call twice. */
  stop(): Promise<void>;
}

const LOG_LEVELS: Record<Config['logLevel'], LogLevel> = {
  debug: LogLevel.DEBUG,
  info: LogLevel.INFO,
  warn: LogLevel.WARN,
  error: LogLevel.ERROR,
};

/**
 * Builds the app (src/composition-root.ts) and starts the database upkeep. Slack is asked first: in token mode the
 * bot token is checked (auth.test, once, no retries) before anything is written, so a refused token or an
 * unreachable Slack stops the start with one message and no database file. The app's modules load meanwhile, and
 * the AI assistant's only when an API key is set.
 */
export async function createAdrApp(config: Config, options: AdrAppOptions = {}): Promise<AdrApp> {
  const logger = options.logger ?? new JsonLogger({ secrets: (await import('./config.js')).secretsOf(config) });
  logger.setLevel(LOG_LEVELS[config.logLevel]);
  const verifying = verifyBotToken(config);
  // Awaited below, after the modules are loaded; a refused token must not be an unhandled rejection meanwhile.
  verifying.catch(() => undefined);
  // Let the request leave before loading blocks the thread: Slack's answer waits in the socket meanwhile.
  for (let turn = 0; turn < 3; turn++) await new Promise<void>((resolve) => setImmediate(resolve));
  const { compose } = await loadComposition();
  const bot = await verifying;
  // Prompt templates load here, so a broken one stops the start before the database is opened too.
  const ai = config.ai.apiKey?.trim()
    ? (await import('./ai/assistant.js')).createAiAssistant(config.ai, { logger })
    : null;
  const parts: Composition = await compose(config, {
    ...options,
    logger,
    logLevel: LOG_LEVELS[config.logLevel],
    bot,
    ai,
  });
  const { app, db: store } = parts;
  try {
    await app.init();
  } catch (error) {
    await store.close();
    throw new SlackStartError(config.slack.apiUrl, error);
  }
  const maintenance = store.startUpkeep(options.maintenance);
  maintenance.events.on('error', (error: Error) => logger.warn(error.message));
  parts.ops.upkeep.watch(maintenance.events);

  const socketMode = config.slack.appToken !== undefined;
  let server: Server | undefined;
  let work: { stop(): Promise<void> } | undefined;
  let stopped: Promise<void> | undefined;
  return {
    app,
    store,
    get db(): Db {
      if (!store.sqlite) throw new Error('The app runs on PostgreSQL: it has no SQLite connection');
      return store.sqlite;
    },
    logger,
    services: parts.services,
    slack: parts.slack,
    ops: { installations: parts.ops.installations, metrics: parts.ops.metrics, maintenance },
    async start(port = config.port) {
      const started = await app.start(port);
      server = socketMode ? undefined : (started as Server);
      work = parts.startWork();
      const address = server?.address();
      return typeof address === 'object' && address ? address.port : port;
    },
    stop() {
      stopped ??= (async () => {
        if (server?.listening || socketMode) await app.stop().catch((error) => logger.warn('Stopping Bolt', error));
        await work?.stop();
        await parts.slack.background.drain();
        await maintenance.stop();
        await store.close();
      })();
      return stopped;
    },
  };
}

export class SlackStartError extends Error {
  constructor(apiUrl: string, cause: unknown) {
    const code = (cause as { data?: { error?: string } }).data?.error;
    super(
      code
        ? `Slack refused SLACK_BOT_TOKEN (${code}): copy the Bot User OAuth Token again from OAuth & Permissions.`
        : `Could not reach the Slack Web API at ${apiUrl} to check SLACK_BOT_TOKEN (${cause instanceof Error ? cause.message : String(cause)}).`,
      { cause },
    );
    this.name = 'SlackStartError';
  }
}

const requireHere = createRequire(import.meta.url);

/**
 * The composition root's modules: in production part of the bundle (dist/app.js, ADR-016), where this import
 * loads no file of the app's own; from the sources (tests, tsx), its module graph.
 */
function loadComposition(): Promise<typeof import('./composition-root.js')> {
  return import('./composition-root.js');
}

const SILENT: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  setLevel: () => undefined,
  getLevel: () => LogLevel.ERROR,
  setName: () => undefined,
};

/**
 * Token mode: asks Slack who the bot token belongs to, once. No retries and no log line of the client's own:
 * a refused token stays refused, and an unreachable Slack is said once, in SlackStartError's words; a supervisor
 * (Docker's restart policy) starts the app again. Bolt is then given the answer and does not ask again.
 */
async function verifyBotToken(config: Config): Promise<BotIdentity | null> {
  const token = config.slack.botToken;
  if (config.slack.mode !== 'token' || token === undefined) return null;
  // Required as Bolt's own files are (src/slack/bolt.ts): the same CommonJS module Bolt loads, outside the bundle.
  const { WebClient } = requireHere('@slack/web-api') as typeof import('@slack/web-api');
  const client = new WebClient(token, {
    slackApiUrl: config.slack.apiUrl,
    logger: SILENT,
    retryConfig: { retries: 0 },
    timeout: config.slack.apiTimeoutMs,
  });
  try {
    const identity = await client.auth.test();
    return identity.bot_id && identity.user_id ? { botId: identity.bot_id, botUserId: identity.user_id } : null;
  } catch (error) {
    throw new SlackStartError(config.slack.apiUrl, error);
  }
}

async function main(): Promise<void> {
  // Node 22.1 and later keep V8's compiled code of the modules on disk (os.tmpdir(), or NODE_COMPILE_CACHE as the
  // image sets it), so a restart compiles less; everything but this file is imported after it.
  (nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();
  // Read as the CLI reads it; dotenv loads only when there is a .env file.
  if (existsSync('.env')) (await import('dotenv')).default.config({ quiet: true });
  const { ConfigError, loadConfig } = await import('./config.js');
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const adrApp = await createAdrApp(config);
  const port = await adrApp.start();
  const shutdown = (signal: string) => {
    adrApp.logger.info(`${signal} received: finishing work in flight, then stopping`);
    adrApp.stop().then(
      () => process.exit(0),
      (error) => {
        adrApp.logger.error('Shutdown failed', error);
        process.exit(1);
      },
    );
  };
  // Before the line that says the app is up: whoever waits for it may stop the app at once.
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  adrApp.logger.info(
    config.slack.appToken
      ? 'ADR Assistant is running in Socket Mode'
      : `ADR Assistant is listening on port ${port} (${config.slack.mode} mode)`,
  );
}

function isEntryPoint(): boolean {
  const entry = process.argv[1];
  return entry !== undefined && pathToFileURL(realpathSync(entry)).href === import.meta.url;
}

if (isEntryPoint()) {
  main().catch((error) => {
    console.error('ADR Assistant failed to start:', error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
