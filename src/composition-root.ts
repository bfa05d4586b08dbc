import type { AppOptions, App as BoltApp, CustomRoute, LogLevel, ReceiverEvent } from '@slack/bolt';
import type { Logger } from '@slack/logger';
import type { RetryOptions, WebClientOptions } from '@slack/web-api';
import type { AiAssistant } from './ai/assistant.js';
import { BackgroundTasks } from './background.js';
import type { Config } from './config.js';
import { AdrRepository } from './db/adr-repository.js';
import { ApprovalRepository } from './db/approval-repository.js';
import { openStore } from './db/connect.js';
import { DraftRepository } from './db/draft-repository.js';
import { DatabaseInstallationStore } from './db/installation-store.js';
import { OutboxRepository } from './db/outbox-repository.js';
import { PreferenceRepository } from './db/preference-repository.js';
import { ProcessedEventRepository } from './db/processed-event-repository.js';
import { PublishingRepository } from './db/publishing-repository.js';
import { ReviewRepository } from './db/review-repository.js';
import { databaseRevisionOf } from './db/revision.js';
import { ScoringRepository } from './db/scoring-repository.js';
import { SettingsRepository } from './db/settings-repository.js';
import type { DataStore } from './db/store.js';
import { ThreadOfferRepository } from './db/thread-offer-repository.js';
import { WorkspaceCriteriaRepository } from './db/workspace-criteria-repository.js';
import { MARKDOWN_PROFILES } from './domain/markdown/conventions.js';
import { DEFAULT_PROVIDER_OPTIONS, type ProviderOptions } from './integrations/git-provider.js';
import { providerFactory } from './integrations/providers.js';
import { Metrics } from './ops/metrics.js';
import { healthRoute, metricsRoute } from './ops/routes.js';
import { UpkeepStatus } from './ops/upkeep-status.js';
import { PeriodicTask } from './periodic.js';
import { TokenCipher } from './security/token-cipher.js';
import { AppEvents } from './services/app-events.js';
import { ApprovalService } from './services/approval-service.js';
import { DecisionService } from './services/decision-service.js';
import { ExportService } from './services/export-service.js';
import { HomeService } from './services/home-service.js';
import { ImportService } from './services/import-service.js';
import { NotificationService } from './services/notification-service.js';
import { PublishService } from './services/publish-service.js';
import { RelatedService } from './services/related-service.js';
import { RepositoryService } from './services/repository-service.js';
import { ReviewService } from './services/review-service.js';
import { ScoringService } from './services/scoring-service.js';
import { SettingsService } from './services/settings-service.js';
import { ThreadWatchService } from './services/thread-watch-service.js';
import { WizardService } from './services/wizard-service.js';
import { WorkspaceService } from './services/workspace-service.js';
import { AnswerCache } from './slack/answer-cache.js';
import { App, ErrorCode } from './slack/bolt.js';
import { CardRefresher } from './slack/card-refresher.js';
import type { Deps, Services, SlackKit } from './slack/deps.js';
import { HomeRefresher } from './slack/home-refresher.js';
import { requestMiddleware } from './slack/middleware.js';
import { OutboxDispatcher } from './slack/outbox/dispatcher.js';
import { createOutboxRenderer } from './slack/outbox/render.js';
import { PublishQueue } from './slack/publish-queue.js';
import { buildHttpReceiver } from './slack/receiver.js';
import { registerListeners } from './slack/register.js';
import { ListenerRouter } from './slack/router.js';
import { BOT_SCOPES } from './slack/scopes.js';
import { type BotTokens, configuredBotToken, InstalledBotTokens, SlackClients } from './slack/workspace-clients.js';

/** Who the configured bot token belongs to, as auth.test said at start (token mode). */
export interface BotIdentity {
  botId: string;
  botUserId: string;
}

export interface CompositionOptions {
  logger: Logger;
  logLevel: LogLevel;
  /** Token mode: the bot behind the token, already checked with Slack; Bolt then does not check it again. */
  bot?: BotIdentity | null;
  /** The AI assistant, or null when no API key is set (built by the caller, which loads its modules only then). */
  ai: AiAssistant | null;
  /** Web API retry policy; tests pass `{ retries: 0 }` so a scripted failure surfaces at once. */
  retryConfig?: RetryOptions;
  now?: () => Date;
  /** Database upkeep timing (src/db/maintenance.ts); tests start the worker at once. */
  maintenance?: { intervalMs?: number; startDelayMs?: number };
  /** Retries and pacing inside the GitHub and GitLab SDKs; tests make them fast. */
  providers?: ProviderOptions;
}

/** Slack retries an event for about an hour; event ids are kept a day. */
const PROCESSED_EVENT_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * The one place the app is put together, in one order: the data layer, then the services (the rules), then the
 * Slack adapters that call them. Every collaborator is passed to a constructor; services tell the adapters about
 * stored changes through `AppEvents`, the only way up. Nothing here starts work: `start` and `stop` do.
 */
export async function compose(config: Config, options: CompositionOptions) {
  const { logger } = options;
  const now = options.now ?? (() => new Date());

  // 1. Data layer.
  const store = await openStore(config.database, {
    onError: (error) => logger.warn('A database connection failed', error),
  });
  try {
    const { applied } = await store.migrate();
    if (applied.length > 0) logger.info(`Applied migrations: ${applied.join(', ')}`);
  } catch (error) {
    await store.close();
    throw error;
  }
  const db = store;
  const adrs = new AdrRepository(db);
  const settingsRepository = new SettingsRepository(db);
  const approvalRepository = new ApprovalRepository(db);
  const outbox = new OutboxRepository(db);
  const reviewRepository = new ReviewRepository(db);
  const processedEvents = new ProcessedEventRepository(db);
  const publishingStore = new PublishingRepository(db);
  const installations = await installationStoreFor(config, db, now, logger);
  // Seals repository tokens; in token mode TOKEN_ENCRYPTION_KEY may be unset, and then no token can be saved.
  const cipher = config.tokenEncryption
    ? new TokenCipher(config.tokenEncryption.current, config.tokenEncryption.previous)
    : null;

  // 2. Services.
  const events = new AppEvents(
    (error) => logger.error('Reacting to a stored change failed', error),
    (deliver) => store.afterCommit(deliver),
  );
  const notifications = new NotificationService(outbox, settingsRepository, reviewRepository, adrs, events);
  const settings = new SettingsService(settingsRepository, now);
  const revision = databaseRevisionOf(store);
  const scoringRepository = new ScoringRepository(db, revision);
  const workspaceCriteria = new WorkspaceCriteriaRepository(db);
  const exporter = new ExportService(adrs, async (adr) => await scoring.outcomeTable(adr));
  const repositories = new RepositoryService(
    publishingStore,
    cipher,
    { githubApiUrl: config.publishing.githubApiUrl, gitlabUrl: config.publishing.gitlabUrl },
    providerFactory(options.providers ?? DEFAULT_PROVIDER_OPTIONS),
    new ImportService(adrs, now),
    MARKDOWN_PROFILES,
    async (teamId, userId) => await settings.mayConfigure(teamId, userId),
    now,
  );
  const sealed = await repositories.resealStale();
  if (sealed.resealed > 0) logger.info(`Re-encrypted ${sealed.resealed} repository token(s) with the current key`);
  if (sealed.unreadable.length > 0) {
    logger.error(
      `No configured key opens the repository token of ${sealed.unreadable.join(', ')}: list the key it was sealed with in TOKEN_ENCRYPTION_OLD_KEYS, or paste the token again in /adr config.`,
    );
  }
  const publishing = new PublishService({
    store: publishingStore,
    adrs,
    approvals: approvalRepository,
    exporter,
    repositories,
    notifications,
    scoreLine: async (adr) => await scoring.scoreLine(adr),
    transaction: (work) => store.transaction(work),
    events,
    now,
  });
  const decisions = new DecisionService(adrs, now, {
    acceptPolicy: async (teamId) => (await settingsRepository.get(teamId)).acceptPolicy,
    // One transaction: the status change, its outbox rows and review date, and its publish job.
    recordStatusChange: async (event) => {
      await notifications.recordStatusChange(event);
      await publishing.recordStatusChange(event);
    },
    events,
    transactions: store,
  });
  const scoring = new ScoringService(scoringRepository, workspaceCriteria, decisions, now);
  const wizard = new WizardService(new DraftRepository(db), decisions, now, {
    suggestOutcome: async (teamId, adrNumber, choices) => await scoring.suggestOutcome(teamId, adrNumber, choices),
  });
  const approvals = new ApprovalService(
    db,
    adrs,
    approvalRepository,
    settingsRepository,
    decisions,
    notifications,
    now,
    events,
  );
  const reviews = new ReviewService(
    db,
    adrs,
    reviewRepository,
    approvalRepository,
    settingsRepository,
    decisions,
    notifications,
    now,
  );
  const homes = new HomeService(
    adrs,
    approvalRepository,
    outbox,
    settingsRepository,
    new PreferenceRepository(db),
    wizard,
    now,
    publishing,
  );
  const services: Services = {
    decisions,
    wizard,
    scoring,
    settings,
    approvals,
    reviews,
    homes,
    exporter,
    repositories,
    publishing,
    workspaces: new WorkspaceService(db, installations),
    related: new RelatedService(adrs, decisions),
    threads: new ThreadWatchService(new ThreadOfferRepository(db), settingsRepository, now),
    ai: options.ai,
  };

  // 3. Slack adapters.
  const background = new BackgroundTasks(logger);
  const clientOptions: WebClientOptions = {
    slackApiUrl: config.slack.apiUrl,
    logger,
    retryConfig: options.retryConfig ?? { retries: 2, factor: 2, minTimeout: 250, maxTimeout: 2_000 },
    timeout: config.slack.apiTimeoutMs,
  };
  const tokens: BotTokens = installations
    ? new InstalledBotTokens(installations)
    : configuredBotToken(config.slack.botToken ?? '');
  const clients = new SlackClients(tokens, clientOptions, logger);
  const homeRefresher = new HomeRefresher({ clients, homes, now, background, logger, events });
  const dispatcher = new OutboxDispatcher({
    outbox,
    // Its own clients: no automatic retries and rate-limited calls rejected, so the outbox owns every retry.
    clients: new SlackClients(
      tokens,
      { ...clientOptions, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true, timeout: 15_000 },
      logger,
    ),
    render: createOutboxRenderer({
      adrs,
      outbox,
      settings: settingsRepository,
      approvals,
      scoreLine: async (adr) => (await scoring.scoreLine(adr)) ?? undefined,
    }),
    logger,
    background,
    now,
    retryBaseMs: config.notifications.retryBaseMs,
    maxAttempts: config.notifications.maxAttempts,
    leaseMs: config.workLeaseMs,
    onFailed: async (row) => await homeRefresher.refreshAdmins(row.teamId),
    events,
  });
  const publisher = new PublishQueue({
    store: publishingStore,
    publishing,
    clients,
    events,
    logger,
    background,
    now,
    retryBaseMs: config.publishing.retryBaseMs,
    maxAttempts: config.publishing.maxAttempts,
    leaseMs: config.workLeaseMs,
    onFailed: async (job) => await homeRefresher.refreshAdmins(job.teamId),
  });
  const slack: SlackKit = {
    clients,
    homes: homeRefresher,
    cards: new CardRefresher({ decisions, scoring, publishing, events, clients, background, logger }),
    dispatcher,
    publisher,
    answers: new AnswerCache(revision),
    background,
    logger,
    now,
  };
  const reminders = new PeriodicTask(
    'review and approval reminders',
    config.notifications.reminderCheckIntervalMs,
    async () => await reviews.runDue(),
    background,
  );
  const pullRequestStates = new PeriodicTask(
    'pull request states',
    config.publishing.checkIntervalMs,
    async () => await publishing.syncStale(config.publishing.checkIntervalMs),
    background,
  );
  const pruneEvents = new PeriodicTask(
    'prune processed events',
    60 * 60 * 1000,
    async () => await processedEvents.prune(new Date(now().getTime() - PROCESSED_EVENT_TTL_MS)),
    background,
  );

  const metrics = new Metrics();
  const upkeep = new UpkeepStatus(metrics, now);
  const customRoutes: CustomRoute[] = [
    healthRoute({
      db,
      engine: config.database.engine,
      mode: config.slack.mode,
      background,
      metrics,
      installations,
      upkeep,
    }),
    metricsRoute({
      db,
      engine: config.database.engine,
      mode: config.slack.mode,
      background,
      metrics,
      installations,
      upkeep,
    }),
  ];
  const app = new App(boltOptions(config, options, { customRoutes, clientOptions, installations, metrics }));
  const deps: Deps = { services, slack };
  app.use(requestMiddleware(slack, { processedEvents, metrics }));
  app.error(async (error) => {
    if (error.code === ErrorCode.AuthorizationError)
      logger.warn('A request came from a workspace without an installation');
    else logger.error('Unhandled error in a listener', error);
  });
  const router = new ListenerRouter();
  registerListeners(router, deps);
  router.install(app);
  // Over HTTP the receiver answers what nothing acked (src/slack/receiver.ts).
  if (config.slack.appToken !== undefined) answerUnansweredRequests(app);

  return {
    app,
    db,
    services,
    slack,
    ops: { installations, metrics, upkeep },
    /** Starts the work that runs on its own (deliveries, reminders); `stop` ends it and waits for what is running. */
    startWork() {
      dispatcher.start();
      publisher.start();
      reminders.start();
      pullRequestStates.start();
      pruneEvents.start();
      return {
        async stop() {
          reminders.stop();
          pullRequestStates.stop();
          pruneEvents.stop();
          await dispatcher.stop();
          await publisher.stop();
          await background.drain();
        },
      };
    },
  };
}

export type Composition = Awaited<ReturnType<typeof compose>>;

async function installationStoreFor(
  config: Config,
  db: DataStore,
  now: () => Date,
  logger: Logger,
): Promise<DatabaseInstallationStore | null> {
  if (config.slack.mode !== 'oauth' || !config.tokenEncryption) return null;
  const cipher = new TokenCipher(config.tokenEncryption.current, config.tokenEncryption.previous);
  const store = new DatabaseInstallationStore(db, cipher, now);
  const { resealed, unreadable } = await store.resealStale();
  if (resealed > 0) logger.info(`Re-encrypted ${resealed} installation(s) with the current TOKEN_ENCRYPTION_KEY`);
  if (unreadable.length > 0) {
    logger.error(
      `No configured key opens the stored installation of ${unreadable.join(', ')}: add the key it was sealed with to TOKEN_ENCRYPTION_OLD_KEYS, or reinstall there.`,
    );
  }
  return store;
}

function boltOptions(
  config: Config,
  options: CompositionOptions,
  parts: {
    customRoutes: CustomRoute[];
    clientOptions: WebClientOptions;
    installations: DatabaseInstallationStore | null;
    metrics: Metrics;
  },
): AppOptions {
  const { customRoutes, clientOptions, installations, metrics } = parts;
  const oauth =
    config.slack.oauth && installations
      ? { ...config.slack.oauth, scopes: [...BOT_SCOPES], installationStore: installations }
      : undefined;
  const common: AppOptions = {
    ...(oauth ? {} : { token: config.slack.botToken }),
    ...(!oauth && options.bot
      ? { botId: options.bot.botId, botUserId: options.bot.botUserId, tokenVerificationEnabled: false }
      : {}),
    logger: options.logger,
    // Bolt resets a passed logger to its own default level (info) unless it is told the level too.
    logLevel: options.logLevel,
    // The app keeps its state in SQLite; Bolt's in-memory conversation store only costs time per request.
    convoStore: false,
    // Initialised explicitly at start, so an unreachable Slack or a refused token is one clear start error.
    deferInitialization: true,
    clientOptions,
  };
  if (config.slack.appToken !== undefined) {
    return {
      ...common,
      signingSecret: config.slack.signingSecret,
      socketMode: true,
      appToken: config.slack.appToken,
      customRoutes,
      installerOptions: { port: config.port },
      ...(oauth ?? {}),
    };
  }
  return {
    ...common,
    receiver: buildHttpReceiver({
      signingSecret: config.slack.signingSecret,
      logger: options.logger,
      customRoutes,
      metrics,
      clientOptions,
      ...(oauth ? { oauth } : {}),
    }),
  };
}

/**
 * Socket Mode: Bolt leaves an envelope nobody answered (a payload type it does not know, an action no listener
 * matches) unacknowledged: the person sees an error after 3 seconds and Slack retries events. Ack it empty instead.
 * Only when nothing acked: acking again makes Bolt build a ReceiverMultipleAckError, which cost about 15 % of
 * throughput when it happened on every request.
 */
function answerUnansweredRequests(app: BoltApp): void {
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
