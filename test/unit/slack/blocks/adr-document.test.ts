import { describe, expect, it } from 'vitest';
import type { StoredAdr } from '../../../../src/db/adr-repository.js';
import { isAdrFile, parseAdrMarkdown } from '../../../../src/domain/markdown/parse.js';
import { adrDocumentBlocks, markdownToMrkdwn } from '../../../../src/slack/blocks/adr-document.js';
import { adrDetailView, adrShowMessage } from '../../../../src/slack/blocks/adr-list.js';
import { fixtureFolders } from '../../../support/adr-folders.js';
import { validateBlocks, validateView } from '../../../support/block-kit-limits.js';

function stored(text: string, fileName: string): StoredAdr {
  const parsed = parseAdrMarkdown(text, fileName);
  return {
    ...parsed,
    teamId: 'T1',
    number: parsed.number && parsed.number >= 1 ? parsed.number : 1,
    supersededBy: null,
    supersedes: [],
    relations: [],
    authorId: 'import',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    card: null,
  };
}

const blocksText = (blocks: unknown) => JSON.stringify(blocks);

describe('the full-ADR view of imported ADRs', () => {
  const decisions = fixtureFolders().flatMap(({ name, files }) =>
    files
      .filter((file) => isAdrFile(file.fileName, file.text))
      .map((file) => ({ path: `${name}/${file.fileName}`, ...file })),
  );

  it('stays within Block Kit limits for every real ADR of the fixtures, in /adr show and in the modal', () => {
    for (const file of decisions) {
      const adr = stored(file.text, file.fileName);
      expect(validateBlocks(adrShowMessage(adr, []).blocks, 'message'), file.path).toEqual([]);
      expect(validateView(adrDetailView(adr, [])), file.path).toEqual([]);
    }
  });

  it('shows extra sections under their headings, tables as aligned preformatted text, and neutral arguments', () => {
    const adr = stored(
      [
        '# 4. Pick a queue',
        '',
        '## Status',
        '',
        'planned',
        '',
        '## Context',
        '',
        'We <!channel> need a queue & more.',
        '',
        '## Options matrix',
        '',
        '| Option | Cost |',
        '| --- | --- |',
        '| Kafka | high |',
        '| SQS | low |',
        '',
        '## Pros and Cons of the Options',
        '',
        '### SQS',
        '',
        '* Neutral, because it is managed',
        '',
        '## Consequences',
        '',
        "* The tool won't support Windows",
      ].join('\n'),
      '0004-pick-a-queue.md',
    );
    const text = blocksText(adrDocumentBlocks(adr, { maxBlocks: 90 }));
    expect(text).toContain('*Options matrix*');
    expect(text).toContain('```Option | Cost\\nKafka  | high\\nSQS    | low```');
    expect(text).toContain(':white_circle: Neutral, because it is managed');
    expect(text).toContain("*Consequences*\\n• The tool won't support Windows");
    expect(text).toContain('We &lt;!channel&gt; need a queue &amp; more.');
    expect(text).not.toContain('<!channel>');
  });

  it('turns Markdown into mrkdwn without letting text link or mention', () => {
    expect(markdownToMrkdwn('## Why\n**bold** [docs](https://x.example) <@U1>\n- item\n> quote')).toBe(
      '*Why*\n*bold* docs (https://x.example) &lt;@U1&gt;\n• item\n> quote',
    );
  });
});
