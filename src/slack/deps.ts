import type { Logger } from '@slack/logger';
import type { AiAssistant } from '../ai/assistant.js';
import type { BackgroundTasks } from '../background.js';
import type { Config } from '../config.js';
import type { AdrRepository, StoredAdr } from '../db/adr-repository.js';
import type { Db } from '../db/open.js';
import type { ApprovalService } from '../services/approval-service.js';
import type { DecisionService } from '../services/decision-service.js';
import type { ExportService } from '../services/export-service.js';
import type { HomeService } from '../services/home-service.js';
import type { NotificationService } from '../services/notification-service.js';
import type { ReviewService } from '../services/review-service.js';
import type { ScoringService } from '../services/scoring-service.js';
import type { SettingsService } from '../services/settings-service.js';
import type { WizardService } from '../services/wizard-service.js';
import type { AdrCardExtras } from './blocks/adr-card.js';
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
  exporter: ExportService;
  /** Null when OPENAI_API_KEY is unset: every AI control is hidden and the rest works as before. */
  ai: AiAssistant | null;
  scoring: ScoringService;
  /** What the ADR card shows beyond the ADR (who scored, …); pass it wherever a card is rendered. */
  cardExtras: (adr: StoredAdr) => AdrCardExtras;
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
