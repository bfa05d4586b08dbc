/** Every `/adr` subcommand the product promises (issue 2's help), written out by hand so tests check the code. */
export const PROMISED_SUBCOMMANDS = [
  'new',
  'list',
  'show',
  'search',
  'edit',
  'drafts',
  'accept',
  'reject',
  'deprecate',
  'supersede',
  'score',
  'export',
  'config',
  'help',
] as const;
