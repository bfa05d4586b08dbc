/**
 * The fidelity check of issue 13: the text units of a source ADR file (paragraphs, list items, table rows, code
 * blocks, quotes, link targets), and whether each is found in an export. Metadata (status, date, deciders…) and
 * headings are not text units: the tests compare them as data.
 */

export interface TextUnit {
  kind: 'paragraph' | 'item' | 'row' | 'code' | 'quote' | 'link';
  text: string;
}

const METADATA_LINE =
  /^\s*(?:[*+-]\s+)?(?:\*\*)?(status|date|deciders|decision-makers|decision makers|technical story|tags|consulted|informed)(?:\*\*)?\s*:/i;
const RELATION_LINE = /^\s*(?:[*+-]\s+)?[A-Z][a-z]+(?: by| to)?:?\s+(\[[^\]]*\]\([^)]*\.md[^)]*\)|ADR[-\s]?\d+)/;
const LABEL_LINE =
  /^\s*(?:#{1,6}\s*)?(?:\*\*|__)?(pros?|cons?|advantages?|disadvantages?|benefits|drawbacks|positives?|negatives?|good|bad|neutral)(?:\*\*|__)?\s*:?\s*(?:\*\*|__)?\s*:?\s*$/i;
const ITEM = /^(\s*)([*+-]|\d{1,9}[.)])\s+(.*)$/;
const FENCE = /^\s*(`{3,}|~{3,})/;

function stripMarkup(line: string): string {
  return line
    .replace(/^\s*>+\s?/, '')
    .replace(/^\s*([*+-]|\d{1,9}[.)])\s+(\[[ xX]\]\s+)?/, '')
    .replace(/^\\(?=#)/, '');
}

const SIGN =
  /^(?:(?:[✅❌⚪➕➖👍👎🟢🔴🟡]\uFE0F?\s*)?(?:good|bad|neutral|pros?|cons?)\s*(?:,\s*because\b|:)\s*|[✅❌⚪➕➖👍👎🟢🔴🟡]\uFE0F?\s+)/iu;

/** Lower noise: markers, signs, escapes and whitespace do not count; words, order and punctuation do. */
export function normalizeText(text: string): string {
  return text
    .split('\n')
    .map((line) => stripMarkup(line).replace(SIGN, ''))
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The text units of an ADR file as written. */
export function textUnits(source: string): TextUnit[] {
  const units: TextUnit[] = [];
  const text = source
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .replace(/^---\n[\s\S]*?\n(?:---|\.\.\.)[ \t]*(?:\n|$)/, '')
    .replace(/<!--[\s\S]*?-->/g, '');
  for (const link of text.matchAll(/\[([^\]]*)\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
    if (link[2]) units.push({ kind: 'link', text: link[2] });
  }
  const lines = text.split('\n');
  let paragraph: string[] = [];
  let paragraphKind: TextUnit['kind'] = 'paragraph';
  let inStatus = false;
  let statusLineSeen = false;
  let sawTitle = false;
  const flush = () => {
    const joined = paragraph.join('\n').trim();
    paragraph = [];
    if (joined === '' || joined === '_None yet._') return;
    if (inStatus && !statusLineSeen) {
      statusLineSeen = true;
      return;
    }
    if (METADATA_LINE.test(joined) || LABEL_LINE.test(joined)) return;
    if (RELATION_LINE.test(joined) && !joined.includes('\n')) return;
    const normalized = normalizeText(joined);
    if (normalized !== '') units.push({ kind: paragraphKind, text: normalized });
  };
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] ?? '';
    const fence = FENCE.exec(line);
    if (fence?.[1]) {
      flush();
      const marker = fence[1];
      const body: string[] = [];
      for (index++; index < lines.length && !(lines[index] ?? '').trim().startsWith(marker); index++) {
        body.push(lines[index] ?? '');
      }
      const code = normalizeText(body.join('\n'));
      if (code !== '') units.push({ kind: 'code', text: code });
      continue;
    }
    const heading = /^\s{0,3}(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      flush();
      if (heading[1] === '#' && !sawTitle) sawTitle = true;
      inStatus = heading[1] === '##' && /^status\b/i.test((heading[2] ?? '').trim());
      statusLineSeen = false;
      continue;
    }
    if (line.trim() === '') {
      flush();
      continue;
    }
    if (/^\s*\|/.test(line)) {
      flush();
      if (/^\s*\|?\s*:?-{3,}/.test(line)) continue;
      const cells = line
        .trim()
        .replace(/^\||\|$/g, '')
        .split(/(?<!\\)\|/)
        .map((cell) => cell.trim())
        .filter((cell) => cell !== '');
      if (cells.length > 0) units.push({ kind: 'row', text: normalizeText(cells.join(' ')) });
      continue;
    }
    if (ITEM.test(line)) {
      flush();
      paragraphKind = 'item';
      paragraph.push(line);
      continue;
    }
    if (/^\s*>/.test(line) && paragraph.length === 0) paragraphKind = 'quote';
    else if (paragraph.length === 0) paragraphKind = 'paragraph';
    paragraph.push(line);
  }
  flush();
  return units;
}

/** Export text normalised like the units, with table cells joined as the units join them. */
export function normalizeExport(exported: string): string {
  const lines = exported.split('\n').map((line) => {
    if (/^\s*\|/.test(line)) {
      return line
        .trim()
        .replace(/^\||\|$/g, '')
        .split(/(?<!\\)\|/)
        .map((cell) => cell.trim())
        .filter((cell) => cell !== '')
        .join(' ');
    }
    return line;
  });
  return ` ${normalizeText(lines.join('\n'))} `;
}

/** Units of `source` not found in `exported`. */
export function lostUnits(source: string, exported: string): TextUnit[] {
  const haystack = normalizeExport(exported);
  return textUnits(source).filter((unit) => !haystack.includes(unit.kind === 'link' ? unit.text : unit.text));
}
