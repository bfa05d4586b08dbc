import type { ModalView } from '@slack/types';
import type { Adr } from '../../domain/adr.js';
import { formatAdrNumber } from '../../domain/adr-number.js';
import { SupersedeBlocks, Views } from '../ids.js';
import { adrMetadata } from '../metadata.js';
import { escapeMrkdwn, truncate } from './mrkdwn.js';

/** Asks which ADR replaces an Accepted one; the ADR number travels in private_metadata. */
export function supersedeView(adr: Adr): ModalView {
  return {
    type: 'modal',
    callback_id: Views.supersede,
    private_metadata: adrMetadata.encode({ adrNumber: adr.number }),
    title: { type: 'plain_text', text: truncate(`Supersede ${formatAdrNumber(adr.number)}`, 24) },
    submit: { type: 'plain_text', text: 'Supersede' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: truncate(
            `*${escapeMrkdwn(`${formatAdrNumber(adr.number)}: ${adr.title}`)}* will become _Superseded_ and link to the ADR that replaces it.`,
            2900,
          ),
        },
      },
      {
        type: 'input',
        block_id: SupersedeBlocks.replacement,
        label: { type: 'plain_text', text: 'Superseded by' },
        hint: {
          type: 'plain_text',
          text: 'The number of the Proposed or Accepted ADR that replaces it, e.g. 12 or ADR-012.',
        },
        element: {
          type: 'plain_text_input',
          action_id: SupersedeBlocks.replacement,
          max_length: 20,
          placeholder: { type: 'plain_text', text: 'ADR-012' },
        },
      },
    ],
  };
}
