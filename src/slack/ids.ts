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
  exportMarkdown: 'adr_card_export',
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

export const SupersedeBlocks = {
  replacement: 'supersede_replacement',
} as const;

/** The admin surface: a global shortcut opening a modal that shows and purges the workspace's data. */
export const AdminIds = {
  shortcut: 'adr_admin_shortcut',
  view: 'adr_admin_modal',
  confirm: 'admin_purge_confirm',
} as const;
