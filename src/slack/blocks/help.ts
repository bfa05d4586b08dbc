import type { KnownBlock } from '@slack/types';
import { SUBCOMMANDS } from '../commands/parse-command.js';
import { escapeMrkdwn } from './mrkdwn.js';

export interface EphemeralMessage {
  text: string;
  blocks: KnownBlock[];
}

export function helpMessage(options: { unknownCommand?: string; aiEnabled?: boolean } = {}): EphemeralMessage {
  const lines = SUBCOMMANDS.map(({ usage, description }) => `\`/adr ${usage}\`  ${description}`);
  const blocks: KnownBlock[] = [];
  if (options.unknownCommand !== undefined) {
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `:warning: Unknown command \`${escapeMrkdwn(options.unknownCommand)}\`. Here is what \`/adr\` can do:`,
      },
    });
  }
  blocks.push(
    { type: 'header', text: { type: 'plain_text', text: 'ADR Assistant' } },
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: 'Make and record architecture decisions without leaving Slack. ADRs are numbered ADR-001, ADR-002, … and go Proposed → Accepted → Deprecated or Superseded.',
      },
    },
    { type: 'section', text: { type: 'mrkdwn', text: lines.join('\n') } },
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `ADRs can be named \`7\`, \`007\` or \`ADR-007\`. Shortcuts: *New ADR* (global) and *Draft ADR from thread* (message menu).${
            options.aiEnabled === false ? ' AI drafting is off: set OPENAI_API_KEY to turn it on.' : ''
          }`,
        },
      ],
    },
  );
  const text =
    options.unknownCommand !== undefined
      ? `Unknown command "${options.unknownCommand}". Try /adr help.`
      : 'ADR Assistant: /adr new, list, show, search, edit, drafts, accept, reject, deprecate, supersede, score, export, config, help';
  return { text: escapeMrkdwn(text), blocks };
}

export function usageMessage(usage: string): EphemeralMessage {
  const text = `Usage: \`${escapeMrkdwn(usage)}\``;
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `:information_source: ${text}` } }] };
}
