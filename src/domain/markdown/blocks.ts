/**
 * Line-level Markdown reading shared by the parser: headings outside code fences, list items with their
 * continuation lines, and the rest kept verbatim. Nothing here drops a line: what is not an item is "rest".
 */

export interface Heading {
  level: number;
  text: string;
}

export interface Part {
  heading: Heading;
  lines: string[];
}

const HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
export const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/** Tracks whether a line is inside a fenced code block. */
export class FenceTracker {
  private fence: string | null = null;

  get open(): boolean {
    return this.fence !== null;
  }

  /** Feeds one line; true when the line is part of a fence (its opening and closing lines included). */
  inFence(line: string): boolean {
    const match = FENCE.exec(line);
    if (match?.[1]) {
      if (this.fence === null) this.fence = match[1];
      else if (match[1][0] === this.fence[0] && match[1].length >= this.fence.length) this.fence = null;
      return true;
    }
    return this.fence !== null;
  }
}

export function headingOf(line: string): Heading | null {
  const match = HEADING.exec(line);
  if (!match?.[1]) return null;
  return { level: match[1].length, text: (match[2] ?? '').trim() };
}

/** Splits lines at headings of level ≤ maxLevel, ignoring anything inside code fences. */
export function splitByHeadings(lines: readonly string[], maxLevel: number): { before: string[]; parts: Part[] } {
  const before: string[] = [];
  const parts: Part[] = [];
  const fences = new FenceTracker();
  for (const line of lines) {
    if (!fences.inFence(line)) {
      const heading = headingOf(line);
      if (heading && heading.level <= maxLevel) {
        parts.push({ heading, lines: [] });
        continue;
      }
    }
    const current = parts.at(-1);
    if (current) current.lines.push(line);
    else before.push(line);
  }
  return { before, parts };
}

export interface ListItem {
  /** `*`, `-`, `+`, or `1.` style. */
  marker: string;
  /** The item's text: its first line and continuation lines, de-indented, trimmed at the ends. */
  text: string;
}

/** `gap`: a blank line separates the chunk from the one before it. */
export type Chunk = { kind: 'item'; item: ListItem; gap: boolean } | { kind: 'rest'; text: string; gap: boolean };

const ITEM = /^( {0,3})([*+-]|\d{1,9}[.)])([ \t]+|$)(.*)$/;

/**
 * The top-level list items of some lines, and everything else as verbatim runs, in order. A blank line inside an
 * item ends it unless the next line is indented (CommonMark's rule, simplified); a non-blank unindented line right
 * after an item continues it (a lazy continuation).
 */
export function chunkLines(lines: readonly string[]): Chunk[] {
  const chunks: Chunk[] = [];
  let item: { marker: string; indent: number; lines: string[]; gap: boolean } | null = null;
  let rest: string[] = [];
  let pendingBlank = 0;
  const fences = new FenceTracker();
  let itemFence = new FenceTracker();

  let gap = false;
  const flushRest = () => {
    const leading = rest.findIndex((line) => line.trim() !== '');
    const text = trimBlankLines(rest).join('\n');
    if (text.trim() !== '') {
      chunks.push({ kind: 'rest', text, gap: gap || leading > 0 });
      gap = rest.length > 0 && rest[rest.length - 1]?.trim() === '';
    } else if (rest.length > 0) gap = true;
    rest = [];
  };
  const flushItem = () => {
    if (!item) return;
    const text = trimBlankLines(item.lines).join('\n').trim();
    chunks.push({ kind: 'item', item: { marker: item.marker, text }, gap: item.gap });
    gap = false;
    item = null;
  };

  for (const line of lines) {
    if (item) {
      const current: { marker: string; indent: number; lines: string[]; gap: boolean } = item;
      if (itemFence.open) {
        for (; pendingBlank > 0; pendingBlank--) current.lines.push('');
        current.lines.push(deindent(line, current.indent));
        itemFence.inFence(line);
        continue;
      }
      if (line.trim() === '') {
        pendingBlank++;
        continue;
      }
      const indent = leadingSpaces(line);
      if (indent >= 2 && indent >= Math.min(current.indent, 2)) {
        for (; pendingBlank > 0; pendingBlank--) current.lines.push('');
        current.lines.push(deindent(line, current.indent));
        itemFence.inFence(deindent(line, current.indent));
        continue;
      }
      const startsItem = ITEM.test(line) && !FENCE.test(line);
      if (pendingBlank === 0 && !startsItem && !FENCE.test(line) && !headingOf(line) && !line.trim().startsWith('|')) {
        current.lines.push(line.trim());
        continue;
      }
      flushItem();
      if (pendingBlank > 0) gap = true;
    }
    const blank = pendingBlank;
    pendingBlank = 0;
    if (fences.inFence(line)) {
      for (let index = 0; index < blank; index++) rest.push('');
      rest.push(line);
      continue;
    }
    const match = ITEM.exec(line);
    if (match && !/^ {0,3}([*_-])( *\1){2,} *$/.test(line)) {
      const restEndsBlank = rest.length > 0 && rest[rest.length - 1]?.trim() === '';
      flushRest();
      const marker = match[2] ?? '*';
      const indent = (match[1] ?? '').length + marker.length + Math.max(1, (match[3] ?? ' ').length);
      item = { marker, indent, lines: [match[4] ?? ''], gap: gap || restEndsBlank || blank > 0 };
      gap = false;
      itemFence = new FenceTracker();
      itemFence.inFence(match[4] ?? '');
      continue;
    }
    for (let index = 0; index < blank; index++) rest.push('');
    rest.push(line);
  }
  flushItem();
  flushRest();
  return chunks;
}

function leadingSpaces(line: string): number {
  return (/^[ \t]*/.exec(line)?.[0] ?? '').replace(/\t/g, '    ').length;
}

function deindent(line: string, width: number): string {
  let removed = 0;
  let index = 0;
  while (index < line.length && removed < width && (line[index] === ' ' || line[index] === '\t')) {
    removed += line[index] === '\t' ? 4 : 1;
    index++;
  }
  return line.slice(index).trimEnd();
}

export function trimBlankLines(lines: readonly string[]): string[] {
  let start = 0;
  let end = lines.length;
  while (start < end && lines[start]?.trim() === '') start++;
  while (end > start && lines[end - 1]?.trim() === '') end--;
  return lines.slice(start, end).map((line) => line.trimEnd());
}

/** Joins verbatim runs with one blank line, collapsing runs of blank lines outside fences to one. */
export function joinRest(parts: readonly string[]): string {
  return parts
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .join('\n\n');
}
