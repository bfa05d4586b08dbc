import type { Logger } from '@slack/logger';
import type { AiAssistant } from '../ai/assistant.js';
import type { BackgroundTasks } from '../background.js';
import type { ApprovalService } from '../services/approval-service.js';
import type { DecisionService } from '../services/decision-service.js';
import type { ExportService } from '../services/export-service.js';
import type { HomeService } from '../services/home-service.js';
import type { PublishService } from '../services/publish-service.js';
import type { RelatedService } from '../services/related-service.js';
import type { RepositoryService } from '../services/repository-service.js';
import type { ReviewService } from '../services/review-service.js';
import type { ScoringService } from '../services/scoring-service.js';
import type { SettingsService } from '../services/settings-service.js';
import type { ThreadWatchService } from '../services/thread-watch-service.js';
import type { WizardService } from '../services/wizard-service.js';
import type { WorkspaceService } from '../services/workspace-service.js';
import type { AnswerCache } from './answer-cache.js';
import type { CardRefresher } from './card-refresher.js';
import type { HomeRefresher } from './home-refresher.js';
import type { OutboxDispatcher } from './outbox/dispatcher.js';
import type { PublishQueue } from './publish-queue.js';
import type { SlackClients } from './workspace-clients.js';

/** What listeners ask of the services: every rule of who may do what lives behind these. */
export interface Services {
  decisions: DecisionService;
  wizard: WizardService;
  scoring: ScoringService;
  settings: SettingsService;
  approvals: ApprovalService;
  reviews: ReviewService;
  homes: HomeService;
  exporter: ExportService;
  /** The workspace's repository: settings, Test connection, Import from repository. */
  repositories: RepositoryService;
  /** Pull requests for status changes: what the card shows, retries of failed ones. */
  publishing: PublishService;
  workspaces: WorkspaceService;
  related: RelatedService;
  /** Decisions noticed in threads of the channels a workspace watches. */
  threads: ThreadWatchService;
  /** Null when OPENAI_API_KEY is unset: every AI control is hidden and the rest works as before. */
  ai: AiAssistant | null;
}

/** What listeners need from the Slack side beyond their request: clients, views to refresh, work after the ack. */
export interface SlackKit {
  /** Each workspace's client, for work after the ack (the request's own client serves the request itself). */
  clients: SlackClients;
  homes: HomeRefresher;
  cards: CardRefresher;
  /** Sends the outbox; `runOnce(now)` lets tests deliver what is due without waiting. */
  dispatcher: OutboxDispatcher;
  /** Runs publish jobs; `runOnce(now)` lets tests run what is due without waiting. */
  publisher: PublishQueue;
  /** Answers that depend on the database alone, kept until it changes (`/adr list`, `/adr show`). */
  answers: AnswerCache;
  background: BackgroundTasks;
  logger: Logger;
  now: () => Date;
}

/** Both, as every `register…` function takes them. */
export interface Deps {
  services: Services;
  slack: SlackKit;
}
