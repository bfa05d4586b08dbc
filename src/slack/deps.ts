import type { Logger } from '@slack/logger';
import type { BackgroundTasks } from '../background.js';
import type { Config } from '../config.js';
import type { AdrRepository } from '../db/adr-repository.js';
import type { Db } from '../db/open.js';
import type { ApprovalService } from '../services/approval-service.js';
import type { DecisionService } from '../services/decision-service.js';
import type { HomeService } from '../services/home-service.js';
import type { NotificationService } from '../services/notification-service.js';
import type { ReviewService } from '../services/review-service.js';
import type { SettingsService } from '../services/settings-service.js';
import type { WizardService } from '../services/wizard-service.js';
import type { OutboxDispatcher } from './outbox/dispatcher.js';

/** Everything listeners need, passed in by src/app.ts so tests can build the app with real parts. */
export interface Deps {
  config: Config;
  db: Db;
  logger: Logger;
  background: BackgroundTasks;
  now: () => Date;
  adrs: AdrRepository;
  decisions: DecisionService;
  wizard: WizardService;
  settings: SettingsService;
  approvals: ApprovalService;
  notifications: NotificationService;
  reviews: ReviewService;
  homes: HomeService;
  /** Sends the outbox; `runOnce(now)` lets tests deliver what is due without waiting. */
  dispatcher: OutboxDispatcher;
  /** Re-publishes the App Home of these people soon (coalesced), after something they see changed. */
  refreshHomes: (teamId: string, userIds: string[]) => void;
}
