import type { Logger } from '@slack/logger';
import { WebClient } from '@slack/web-api';
import type { BackgroundTasks } from './background.js';
import type { Config } from './config.js';
import type { AdrRepository, StoredAdr } from './db/adr-repository.js';
import { ApprovalRepository } from './db/approval-repository.js';
import type { Db } from './db/open.js';
import { OutboxRepository } from './db/outbox-repository.js';
import { PreferenceRepository } from './db/preference-repository.js';
import { ReviewRepository } from './db/review-repository.js';
import type { SettingsRepository } from './db/settings-repository.js';
import { PeriodicTask } from './periodic.js';
import { ApprovalService } from './services/approval-service.js';
import type { DecisionService } from './services/decision-service.js';
import { HomeService } from './services/home-service.js';
import { NotificationService } from './services/notification-service.js';
import { ReviewService } from './services/review-service.js';
import { SettingsService } from './services/settings-service.js';
import type { WizardService } from './services/wizard-service.js';
import type { Deps } from './slack/deps.js';
import { HomeRefresher } from './slack/events/app-home.js';
import { OutboxDispatcher } from './slack/outbox/dispatcher.js';
import { createOutboxRenderer } from './slack/outbox/render.js';

type NotificationDeps = Pick<
  Deps,
  'settings' | 'approvals' | 'notifications' | 'reviews' | 'homes' | 'dispatcher' | 'refreshHomes'
>;

export interface NotificationParts {
  deps: NotificationDeps;
  /** Gives the parts that publish App Homes the app's client, once Bolt has made it. */
  attach(client: WebClient): void;
  /** Sends what is still queued (e.g. from before a restart) and starts the delivery and reminder loops. */
  start(): void;
  /** Stops the loops and waits for a send in progress; queued messages go out after the next start. */
  stop(): Promise<void>;
}

/**
 * Builds settings, approvals, the notification outbox and its dispatcher, review reminders and the App Home,
 * and hooks them into the decision service so every status change queues its messages in its own transaction.
 */
export function createNotificationParts(input: {
  config: Config;
  db: Db;
  logger: Logger;
  background: BackgroundTasks;
  now: () => Date;
  adrs: AdrRepository;
  settingsRepository: SettingsRepository;
  decisions: DecisionService;
  wizard: WizardService;
  /** The chosen option's weighted score line for decision announcements (wired by the scoring feature). */
  scoreLine?: (adr: StoredAdr) => string | undefined;
}): NotificationParts {
  const { config, db, logger, background, now, adrs, settingsRepository, decisions, wizard } = input;
  const approvalRepository = new ApprovalRepository(db);
  const outbox = new OutboxRepository(db);
  const reviewRepository = new ReviewRepository(db);
  const notifications = new NotificationService(outbox, settingsRepository, reviewRepository, adrs);
  decisions.onStatusChange(notifications.statusHooks());
  const approvals = new ApprovalService(
    db,
    adrs,
    approvalRepository,
    settingsRepository,
    decisions,
    notifications,
    now,
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
  );

  let homeRefresher: HomeRefresher | undefined;
  const refreshHomes = (teamId: string, userIds: string[]) => homeRefresher?.refresh(teamId, userIds);

  // Its own client: no automatic retries and rate-limited calls rejected, so the outbox owns every retry.
  const outboxClient = new WebClient(config.slack.botToken, {
    slackApiUrl: config.slack.apiUrl,
    logger,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: 15_000,
  });
  const dispatcher = new OutboxDispatcher({
    outbox,
    client: outboxClient,
    render: createOutboxRenderer({
      adrs,
      outbox,
      settings: settingsRepository,
      approvals,
      ...(input.scoreLine ? { scoreLine: input.scoreLine } : {}),
    }),
    logger,
    background,
    now,
    retryBaseMs: config.notifications.retryBaseMs,
    maxAttempts: config.notifications.maxAttempts,
    onFailed: (row) => refreshHomes(row.teamId, homes.admins(row.teamId)),
  });
  notifications.onQueued = () => dispatcher.kick();

  decisions.onStatusChange({
    afterCommit: (event) => {
      const numbers = event.changes.map((change) => change.number);
      refreshHomes(event.teamId, homes.concerned(event.teamId, numbers, event.actorId));
    },
  });
  approvals.onChanged = (teamId, number, actorId) => refreshHomes(teamId, homes.concerned(teamId, [number], actorId));

  const reminders = new PeriodicTask(
    'review and approval reminders',
    config.notifications.reminderCheckIntervalMs,
    () => reviews.runDue(),
    background,
  );

  return {
    deps: {
      settings: new SettingsService(settingsRepository, now),
      approvals,
      notifications,
      reviews,
      homes,
      dispatcher,
      refreshHomes,
    },
    attach(client) {
      homeRefresher = new HomeRefresher(client, { homes, now, background, logger });
    },
    start() {
      dispatcher.start();
      reminders.start();
    },
    async stop() {
      reminders.stop();
      await dispatcher.stop();
    },
  };
}
