import { realpathSync } from 'node:fs';
import type { Server } from 'node:http';
import { pathToFileURL } from 'node:url';
import { App, type AppOptions, type CustomRoute, ErrorCode, LogLevel, type ReceiverEvent } from '@slack/bolt';
import type { Logger } from '@slack/logger';
import type { RetryOptions, WebClientOptions } from '@slack/web-api';
import { config as loadDotenv } from 'dotenv';
import { createAiAssistant } from './ai/assistant.js';
import { BackgroundTasks } from './background.js';
import { type Config, ConfigError, loadConfig, secretsOf } from './config.js';
import { AdrRepository } from './db/adr-repository.js';
import { DraftRepository } from './db/draft-repository.js';
import { SqliteInstallationStore } from './db/installation-store.js';
import { type DatabaseMaintenance, startDatabaseMaintenance } from './db/maintenance.js';
import { migrate } from './db/migrate.js';
import { type Db, openDatabase } from './db/open.js';
import { ProcessedEventRepository } from './db/processed-event-repository.js';
import { ScoringRepository } from './db/scoring-repository.js';
import { SettingsRepository } from './db/settings-repository.js';
import { WorkspaceCriteriaRepository } from './db/workspace-criteria-repository.js';
import { JsonLogger } from './logging/json-logger.js';
import { createNotificationParts } from './notifications.js';
import { Metrics } from './ops/metrics.js';
import { healthRoute, metricsRoute, type OpsSources } from './ops/routes.js';
import { UpkeepStatus } from './ops/upkeep-status.js';
import { TokenCipher } from './security/token-cipher.js';
import { DecisionService } from './services/decision-service.js';
import { ExportService } from './services/export-service.js';
import { ScoringService } from './services/scoring-service.js';
import { WizardService } from './services/wizard-service.js';
import { WorkspaceService } from './services/workspace-service.js';
import type { Deps } from './slack/deps.js';
import { registerInstallationEvents } from './slack/events/installation-events.js';
import { requestMiddleware } from './slack/middleware.js';
import { buildHttpReceiver } from './slack/receiver.js';
import { registerListeners } from './slack/register.js';
import { ListenerRouter } from './slack/router.js';
import { BOT_SCOPES } from './slack/scopes.js';
import { registerAdminShortcut } from './slack/shortcuts/admin-shortcut.js';

export interface AdrAppOptions {
  logger?: Logger;
  /** Web API retry policy; tests pass `{ retries: 0 }` so a scripted failure surfaces at once. */
  retryConfig?: RetryOptions;
  now?: () => Date;
  /** Database upkeep timing (src/db/maintenance.ts); tests start the worker at once. */
  maintenance?: { intervalMs?: number; startDelayMs?: number };
}

export interface AdrApp {
  app: App;
  deps: Deps;
  /**
   * Operations: the OAuth installation store (null in token mode), metrics, workspace lifecycle, and the database
   * upkeep (WAL checkpoints, search index merges) running in its worker thread.
   */
  ops: {
    installations: SqliteInstallationStore | null;
    metrics: Metrics;
    workspaces: WorkspaceService;
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

/** Slack retries an event for about an hour; event ids are kept a day. */
const PROCESSED_EVENT_TTL_MS = 24 * 60 * 60 * 1000;

export async function createAdrApp(config: Config, options: AdrAppOptions = {}): Promise<AdrApp> {
  const logger = options.logger ?? new JsonLogger({ secrets: secretsOf(config) });
  logger.setLevel(LOG_LEVELS[config.logLevel]);

  const db = openDatabase(config.databasePath);
  const { applied } = migrate(db);
  if (applied.length > 0) logger.info(`Applied migrations: ${applied.join(', ')}`);

  const now = options.now ?? (() => new Date());
  const adrs = new AdrRepository(db);
  const settingsRepository = new SettingsRepository(db);
  const decisions = new DecisionService(adrs, now, {
    acceptPolicy: (teamId) => settingsRepository.get(teamId).acceptPolicy,
  });
  const background = new BackgroundTasks(logger);
  const scoring = new ScoringService(new ScoringRepository(db), new WorkspaceCriteriaRepository(db), decisions, now);
  const wizard = new WizardService(new DraftRepository(db), decisions, now, {
    suggestOutcome: (teamId, adrNumber, options) => scoring.suggestOutcome(teamId, adrNumber, options),
  });
  const notifications = createNotificationParts({
    config,
    db,
    logger,
    background,
    now,
    adrs,
    settingsRepository,
    decisions,
    wizard,
    scoreLine: (adr) => scoring.scoreLine(adr) ?? undefined,
  });
  const deps: Deps = {
    config,
    db,
    logger,
    background,
    now,
    adrs,
    decisions,
    wizard,
    scoring,
    cardExtras: (adr) => ({
      scoring: scoring.cardSummary(
        adr.teamId,
        adr.number,
        adr.options.map((option) => option.name),
      ),
    }),
    exporter: new ExportService(adrs, (adr) => scoring.outcomeTable(adr)),
    ai: createAiAssistant(config.ai, { logger }),
    ...notifications.deps,
  };

  const installations = installationStoreFor(config, db, now);
  if (installations) {
    const { resealed, unreadable } = installations.resealStale();
    if (resealed > 0) logger.info(`Re-encrypted ${resealed} installation(s) with the current TOKEN_ENCRYPTION_KEY`);
    if (unreadable.length > 0) {
      logger.error(
        `No configured key opens the stored installation of ${unreadable.join(', ')}: add the key it was sealed with to TOKEN_ENCRYPTION_OLD_KEYS, or reinstall there.`,
      );
    }
  }
  const workspaces = new WorkspaceService(db, installations);
  const processedEvents = new ProcessedEventRepository(db);
  const pruneEvents = () => processedEvents.prune(new Date(now().getTime() - PROCESSED_EVENT_TTL_MS));
  pruneEvents();
  const pruneTimer = setInterval(pruneEvents, 60 * 60 * 1000);
  pruneTimer.unref();

  const metrics = new Metrics();
  const upkeep = new UpkeepStatus(metrics, now);
  const sources: OpsSources = {
    db,
    mode: config.slack.mode,
    background: deps.background,
    metrics,
    installations,
    upkeep,
  };
  const customRoutes: CustomRoute[] = [healthRoute(sources), metricsRoute(sources)];
  const clientOptions: WebClientOptions = {
    slackApiUrl: config.slack.apiUrl,
    retryConfig: options.retryConfig ?? { retries: 2, factor: 2, minTimeout: 250, maxTimeout: 2_000 },
    timeout: config.slack.apiTimeoutMs,
  };

  const socketMode = config.slack.appToken !== undefined;
  const oauth =
    config.slack.oauth && installations
      ? { ...config.slack.oauth, scopes: [...BOT_SCOPES], installationStore: installations }
      : undefined;
  const appOptions: AppOptions = {
    ...(oauth ? {} : { token: config.slack.botToken }),
    logger,
    // Bolt resets a passed logger to its own default level (info) unless it is told the level too.
    logLevel: LOG_LEVELS[config.logLevel],
    // The app keeps its state in SQLite; Bolt's in-memory conversation store only costs time per request.
    convoStore: false,
    // Initialised explicitly below, so an unreachable Slack or a refused token is one clear start error.
    deferInitialization: true,
    clientOptions,
    ...(socketMode
      ? {
          signingSecret: config.slack.signingSecret,
          socketMode: true,
          appToken: config.slack.appToken,
          customRoutes,
          installerOptions: { port: config.port },
          ...(oauth ?? {}),
        }
      : {
          receiver: buildHttpReceiver({
            signingSecret: config.slack.signingSecret,
            logger,
            customRoutes,
            metrics,
            clientOptions,
            ...(oauth ? { oauth } : {}),
          }),
        }),
  };
  const app = new App(appOptions);
  try {
    await app.init();
  } catch (error) {
    db.close();
    throw new SlackStartError(config.slack.apiUrl, error);
  }
  // Over HTTP the receiver answers what nothing acked (src/slack/receiver.ts).
  if (socketMode) answerUnansweredRequests(app);
  const maintenance = startDatabaseMaintenance(db, config.databasePath, options.maintenance);
  maintenance.events.on('error', (error: Error) => logger.warn(error.message));
  upkeep.watch(maintenance.events);

  app.use(requestMiddleware(deps, { processedEvents, metrics }));
  app.error(async (error) => {
    if (error.code === ErrorCode.AuthorizationError)
      logger.warn('A request came from a workspace without an installation');
    else logger.error('Unhandled error in a listener', error);
  });
  notifications.attach(app.client);
  const router = new ListenerRouter();
  registerListeners(router, deps);
  registerInstallationEvents(router, deps, workspaces);
  registerAdminShortcut(router, deps, workspaces);
  router.install(app);

  let server: Server | undefined;
  let stopped: Promise<void> | undefined;
  return {
    app,
    deps,
    ops: { installations, metrics, workspaces, maintenance },
    async start(port = config.port) {
      const started = await app.start(port);
      server = socketMode ? undefined : (started as Server);
      notifications.start();
      const address = server?.address();
      return typeof address === 'object' && address ? address.port : port;
    },
    stop() {
      stopped ??= (async () => {
        clearInterval(pruneTimer);
        if (server?.listening || socketMode) await app.stop().catch((error) => logger.warn('Stopping Bolt', error));
        await notifications.stop();
        await deps.background.drain();
        await maintenance.stop();
        db.close();
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

function installationStoreFor(config: Config, db: Db, now: () => Date): SqliteInstallationStore | null {
  if (config.slack.mode !== 'oauth' || !config.tokenEncryption) return null;
  const cipher = new TokenCipher(config.tokenEncryption.current, config.tokenEncryption.previous);
  return new SqliteInstallationStore(db, cipher, now);
}

/**
 * Socket Mode: Bolt leaves an envelope nobody answered (a payload type it does not know, an action no listener
 * matches) unacknowledged: the person sees an error after 3 seconds and Slack retries events. Ack it empty instead.
 * Only when nothing acked: acking again makes Bolt build a ReceiverMultipleAckError, which cost about 15 % of
 * throughput when it happened on every request.
 */
function answerUnansweredRequests(app: App): void {
  const processEvent = app.processEvent.bind(app);
  app.processEvent = async (event: ReceiverEvent) => {
    let acked = false;
    const ack = event.ack;
    await processEvent({
      ...event,
      ack: (response) => {
        acked = true;
        return ack(response);
      },
    });
    if (!acked) await ack().catch(() => undefined);
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
    config.slack.appToken
      ? 'ADR Assistant is running in Socket Mode'
      : `ADR Assistant is listening on port ${port} (${config.slack.mode} mode)`,
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
