/** Every callback_id, action_id and block_id the app uses, in one place. */

export const ADR_COMMAND = '/adr';

export const Shortcuts = {
  newAdr: 'adr_new_shortcut',
  draftFromThread: 'adr_from_thread_shortcut',
} as const;

export const Views = {
  wizard: 'adr_wizard_modal',
  detail: 'adr_detail_modal',
  supersede: 'adr_supersede_modal',
  scoring: 'adr_scoring_modal',
  scoringResults: 'adr_scoring_results_modal',
  scoringCriteria: 'adr_scoring_criteria_modal',
  settings: 'adr_settings_modal',
  requestChanges: 'adr_request_changes_modal',
  reviewDate: 'adr_review_date_modal',
} as const;

/** Buttons on the ADR card and in lists; their value is the ADR number. */
export const CardActions = {
  view: 'adr_card_view',
  edit: 'adr_card_edit',
  accept: 'adr_card_accept',
  reject: 'adr_card_reject',
  deprecate: 'adr_card_deprecate',
  supersede: 'adr_card_supersede',
  score: 'adr_card_score',
  results: 'adr_card_results',
  exportMarkdown: 'adr_card_export',
  requestApproval: 'adr_card_request_approval',
  setReviewDate: 'adr_card_review_date',
} as const;

export const ListActions = {
  page: 'adr_list_page',
  view: 'adr_list_view',
  resumeDraft: 'adr_draft_resume',
  discardDraft: 'adr_draft_discard',
  newAdr: 'adr_new_button',
} as const;

/** Wizard inputs: each input's action id equals its block id, which is also its key in `response_action: 'errors'`. */
export const WizardBlocks = {
  title: 'wizard_title',
  topic: 'wizard_topic',
  deciders: 'wizard_deciders',
  technicalStory: 'wizard_technical_story',
  context: 'wizard_context',
  drivers: 'wizard_drivers',
  option: (index: number) => `wizard_option_${index}`,
  optionsActions: 'wizard_options_actions',
  pros: (index: number) => `wizard_pros_${index}`,
  cons: (index: number) => `wizard_cons_${index}`,
  chosenOption: 'wizard_chosen_option',
  justification: 'wizard_justification',
  positive: 'wizard_positive',
  negative: 'wizard_negative',
  links: 'wizard_links',
  navigation: 'wizard_navigation',
} as const;

export const WizardActions = {
  back: 'wizard_back',
  addOption: 'wizard_add_option',
  removeOption: 'wizard_remove_option',
} as const;

/** AI assist and review controls in the wizard. `suggestProsCons` carries the option's index as its value. */
export const AiActions = {
  draftWithAi: 'ai_draft_with_ai',
  suggestProsCons: 'ai_suggest_pros_cons',
  suggestAllProsCons: 'ai_suggest_all_pros_cons',
  review: 'ai_review_draft',
} as const;

export const AiBlocks = {
  draftActions: 'ai_draft_actions',
  prosConsActions: 'ai_pros_cons_actions',
  reviewActions: 'ai_review_actions',
} as const;

export const SupersedeBlocks = {
  replacement: 'supersede_replacement',
} as const;

/** Buttons of the scoring modal and of the results (message or modal); their value is the ADR number. */
export const ScoringActions = {
  previous: 'scoring_previous',
  editCriteria: 'scoring_edit_criteria',
  share: 'scoring_share',
  close: 'scoring_close',
} as const;

/** Scoring modal blocks: one select a cell, its action id equal to its block id (the key of a field error). */
export const ScoringBlocks = {
  /** `slot` is the option's position on the page; the option's name is in the view's private_metadata. */
  cell: (slot: number, criterionId: string) => `score_${slot}_${criterionId}`,
  navigation: 'scoring_navigation',
  resultsActions: 'scoring_results_actions',
} as const;

/** Criteria editor rows: each input's action id equals its block id. */
export const CriteriaBlocks = {
  name: (index: number) => `criteria_name_${index}`,
  weight: (index: number) => `criteria_weight_${index}`,
  actions: 'criteria_actions',
} as const;

export const CriteriaActions = {
  add: 'criteria_add',
  remove: 'criteria_remove',
} as const;

/** Buttons in a decider's approval request DM; their value is the ADR number. */
export const ApprovalActions = {
  approve: 'adr_approval_approve',
  requestChanges: 'adr_approval_changes',
} as const;

export const RequestChangesBlocks = {
  comment: 'request_changes_comment',
} as const;

/** Buttons in the review reminder DM (Deprecate and Supersede reuse the card's actions). */
export const ReviewActions = {
  keep: 'adr_review_keep',
} as const;

export const ReviewDateBlocks = {
  date: 'review_date',
} as const;

/** `/adr config`: each input's action id equals its block id, its key in `response_action: 'errors'`. */
export const SettingsBlocks = {
  decisionsChannel: 'settings_decisions_channel',
  acceptPolicy: 'settings_accept_policy',
  approvalRule: 'settings_approval_rule',
  reviewPeriod: 'settings_review_period',
  reminderDays: 'settings_reminder_days',
  admins: 'settings_admins',
  scoring: 'settings_scoring',
} as const;

export const SettingsActions = {
  /** Placeholder for the default scoring criteria editor (wired by the scoring feature). */
  scoringCriteria: 'settings_scoring_criteria',
} as const;

export const HomeActions = {
  filter: 'adr_home_filter',
  retryNotification: 'adr_home_retry',
} as const;

export const HomeBlocks = {
  top: 'adr_home_top',
  filter: 'adr_home_filter_block',
} as const;

/** Action blocks of the ADR card, lists and drafts. */
export const CardBlocks = {
  actions: (n: number) => `adr_card_actions_${n}`,
  listNavigation: 'adr_list_navigation',
  draft: (draftId: number) => `adr_draft_${draftId}`,
} as const;

/** Action blocks of the messages the outbox sends, one per ADR. */
export const MessageBlocks = {
  announcement: (n: number) => `adr_announcement_${n}`,
  retired: (n: number) => `adr_retired_${n}`,
  approval: (n: number) => `adr_approval_${n}`,
  changes: (n: number) => `adr_changes_${n}`,
  review: (n: number) => `adr_review_${n}`,
} as const;

/** The admin surface: a global shortcut opening a modal that shows and purges the workspace's data. */
export const AdminIds = {
  shortcut: 'adr_admin_shortcut',
  view: 'adr_admin_modal',
  confirm: 'admin_purge_confirm',
} as const;
