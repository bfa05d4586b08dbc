import type { KnownBlock, ModalView } from '@slack/types';
import { PURGE_CONFIRMATION } from '../../services/workspace-service.js';
import { AdminIds } from '../ids.js';

const LABELS: Record<string, string> = {
  adrs: 'decisions',
  status_changes: 'status changes',
  drafts: 'drafts',
  workspaces: 'workspace records',
  installations: 'installations (tokens)',
  processed_events: 'handled events',
  thread_offers: 'threads offered as decisions (no message text)',
  adr_search: 'search index entries',
};

function describe(counts: Record<string, number>): string {
  const entries = Object.entries(counts);
  if (entries.length === 0) return 'ADR Assistant holds no data for this workspace.';
  return entries.map(([table, count]) => `• ${count} ${LABELS[table] ?? table.replace(/_/g, ' ')}`).join('\n');
}

/** What the app stores for the workspace, and a typed confirmation to delete all of it. */
export function adminView(counts: Record<string, number>): ModalView {
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      text: { type: 'mrkdwn', text: `*What ADR Assistant stores for this workspace*\n${describe(counts)}` },
    },
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: '*Delete everything.* Removes every decision, draft, history entry and setting of this workspace, and its installation. This cannot be undone: export the log first (`/adr export all`).',
      },
    },
    {
      type: 'input',
      block_id: AdminIds.confirm,
      label: { type: 'plain_text', text: `Type "${PURGE_CONFIRMATION}" to confirm` },
      element: {
        type: 'plain_text_input',
        action_id: AdminIds.confirm,
        max_length: 50,
        placeholder: { type: 'plain_text', text: PURGE_CONFIRMATION },
      },
    },
  ];
  return {
    type: 'modal',
    callback_id: AdminIds.view,
    title: { type: 'plain_text', text: 'ADR Assistant data' },
    submit: { type: 'plain_text', text: 'Delete everything' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks,
  };
}

/** After a purge: what went. */
export function purgedText(counts: Record<string, number>): string {
  const total = Object.values(counts).reduce((sum, count) => sum + count, 0);
  return total === 0
    ? 'There was nothing to delete.'
    : `Deleted everything ADR Assistant held for this workspace:\n${describe(counts)}`;
}
