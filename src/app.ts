import { realpathSync } from 'node:fs';
import type { Server } from 'node:http';
import { pathToFileURL } from 'node:url';
import { type App, LogLevel } from '@slack/bolt';
import type { Logger } from '@slack/logger';
import type { RetryOptions } from '@slack/web-api';
import { config as loadDotenv } from 'dotenv';
import { type Composition, compose } from './composition-root.js';
import { type Config, ConfigError, loadConfig, secretsOf } from './config.js';
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

/** Builds the app (src/composition-root.ts), checks Slack accepts its token, and starts the database upkeep. */
export async function createAdrApp(config: Config, options: AdrAppOptions = {}): Promise<AdrApp> {
  const logger = options.logger ?? new JsonLogger({ secrets: secretsOf(config) });
  logger.setLevel(LOG_LEVELS[config.logLevel]);
  const parts: Composition = await compose(config, { ...options, logger, logLevel: LOG_LEVELS[config.logLevel] });
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

async function main(): Promise<void> {
  loadDotenv({ quiet: true });
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
  adrApp.logger.info(
    config.slack.appToken
      ? 'ADR Assistant is running in Socket Mode'
      : `ADR Assistant is listening on port ${port} (${config.slack.mode} mode)`,
  );
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
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
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
