import { realpathSync } from 'node:fs';
import type { Server } from 'node:http';
import { pathToFileURL } from 'node:url';
import { App, type CustomRoute, LogLevel } from '@slack/bolt';
import { ConsoleLogger, type Logger } from '@slack/logger';
import type { RetryOptions } from '@slack/web-api';
import { config as loadDotenv } from 'dotenv';
import { BackgroundTasks } from './background.js';
import { type Config, ConfigError, loadConfig } from './config.js';
import { AdrRepository } from './db/adr-repository.js';
import { DraftRepository } from './db/draft-repository.js';
import { currentVersion, migrate } from './db/migrate.js';
import { type Db, openDatabase } from './db/open.js';
import { DecisionService } from './services/decision-service.js';
import { WizardService } from './services/wizard-service.js';
import type { Deps } from './slack/deps.js';
import { registerListeners } from './slack/register.js';

export interface AdrAppOptions {
  logger?: Logger;
  /** Web API retry policy; tests pass `{ retries: 0 }` so a scripted failure surfaces at once. */
  retryConfig?: RetryOptions;
  now?: () => Date;
}

export interface AdrApp {
  app: App;
  deps: Deps;
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

export async function createAdrApp(config: Config, options: AdrAppOptions = {}): Promise<AdrApp> {
  const logger = options.logger ?? new ConsoleLogger();
  logger.setLevel(LOG_LEVELS[config.logLevel]);

  const db = openDatabase(config.databasePath);
  const { applied } = migrate(db);
  if (applied.length > 0) logger.info(`Applied migrations: ${applied.join(', ')}`);

  const now = options.now ?? (() => new Date());
  const adrs = new AdrRepository(db);
  const decisions = new DecisionService(adrs, now);
  const deps: Deps = {
    config,
    db,
    logger,
    background: new BackgroundTasks(logger),
    now,
    adrs,
    decisions,
    wizard: new WizardService(new DraftRepository(db), decisions, now),
  };

  const socketMode = config.slack.appToken !== undefined;
  const app = new App({
    token: config.slack.botToken,
    signingSecret: config.slack.signingSecret,
    socketMode,
    ...(socketMode ? { appToken: config.slack.appToken, installerOptions: { port: config.port } } : {}),
    customRoutes: [healthRoute(db)],
    logger,
    // Bolt resets a passed logger to its own default level (info) unless it is told the level too.
    logLevel: LOG_LEVELS[config.logLevel],
    // The app keeps its state in SQLite; Bolt's in-memory conversation store only costs time per request.
    convoStore: false,
    clientOptions: {
      slackApiUrl: config.slack.apiUrl,
      retryConfig: options.retryConfig ?? { retries: 2, factor: 2, minTimeout: 250, maxTimeout: 2_000 },
    },
  });
  // Listeners go on after their ack; tracking them lets a shutdown finish them and tests await them.
  app.use(async ({ next }) => {
    const work = next();
    deps.background.track('listener', work);
    await work;
  });
  app.error(async (error) => {
    logger.error('Unhandled error in a listener', error);
  });
  registerListeners(app, deps);

  let server: Server | undefined;
  let stopped: Promise<void> | undefined;
  return {
    app,
    deps,
    async start(port = config.port) {
      const started = await app.start(port);
      server = socketMode ? undefined : (started as Server);
      const address = server?.address();
      return typeof address === 'object' && address ? address.port : port;
    },
    stop() {
      stopped ??= (async () => {
        if (server?.listening || socketMode) await app.stop().catch((error) => logger.warn('Stopping Bolt', error));
        await deps.background.drain();
        db.close();
      })();
      return stopped;
    },
  };
}

function healthRoute(db: Db): CustomRoute {
  return {
    path: '/healthz',
    method: ['GET'],
    handler: (_req, res) => {
      let body: Record<string, unknown>;
      let status = 200;
      try {
        body = { status: 'ok', database: 'ok', schemaVersion: currentVersion(db) };
      } catch (error) {
        status = 503;
        body = { status: 'error', database: error instanceof Error ? error.message : 'unavailable' };
      }
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    },
  };
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
  adrApp.deps.logger.info(
    config.slack.appToken ? 'ADR Assistant is running in Socket Mode' : `ADR Assistant is listening on port ${port}`,
  );
  const shutdown = (signal: string) => {
    adrApp.deps.logger.info(`${signal} received: finishing work in flight, then stopping`);
    adrApp.stop().then(
      () => process.exit(0),
      (error) => {
        adrApp.deps.logger.error('Shutdown failed', error);
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
