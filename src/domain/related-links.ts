/**
 * The *Related* button writes `Related: ADR-012` into an ADR's Links (the seed's "[Related ADRs]"); `/adr show`
 * lists related decisions both ways by reading those lines back.
 */
import { ADR_NUMBER_MAX, formatAdrNumber } from './adr-number.js';

export function relatedLink(adrNumber: number): string {
  return `Related: ${formatAdrNumber(adrNumber)}`;
}

const RELATED_LINE = /^\s*(?:related(?: adrs?)?|see also)\s*:?\s*(.+)$/i;
const ADR_MENTION = /\bADR[-\s]?0*(\d{1,6})\b/gi;

/** Numbers of the ADRs the Links name as related ("Related: ADR-012, ADR-7", "See also ADR-003"), in order. */
export function relatedNumbersIn(links: readonly string[]): number[] {
  const numbers: number[] = [];
  for (const link of links) {
    const line = RELATED_LINE.exec(link);
    if (!line?.[1]) continue;
    for (const match of line[1].matchAll(ADR_MENTION)) {
      const adrNumber = Number(match[1]);
      if (adrNumber >= 1 && adrNumber <= ADR_NUMBER_MAX && !numbers.includes(adrNumber)) numbers.push(adrNumber);
    }
  }
  return numbers;
}

/** Links with `Related: ADR-NNN` added, unless the Links already name it as related; never the ADR itself. */
export function withRelatedLink(links: readonly string[], adrNumber: number, self: number | null = null): string[] {
  if (adrNumber === self || relatedNumbersIn(links).includes(adrNumber)) return [...links];
  return [...links, relatedLink(adrNumber)];
}

/** Related both ways: what this ADR's Links name, then the ADRs whose Links name this one, each once. */
export function relatedBothWays(
  self: { number: number; links: readonly string[] },
  others: readonly { number: number; links: readonly string[] }[],
): number[] {
  return relatedBothWaysFrom(self, namedByIndex(others).get(self.number) ?? []);
}

/**
 * Target number → the numbers of the ADRs whose Links name it as related, in the order of `adrs`: read once for a
 * workspace's log, it answers relatedBothWaysFrom for any of its ADRs.
 */
export function namedByIndex(adrs: readonly { number: number; links: readonly string[] }[]): Map<number, number[]> {
  const namedBy = new Map<number, number[]>();
  for (const adr of adrs) {
    for (const target of relatedNumbersIn(adr.links)) {
      const list = namedBy.get(target);
      if (list) list.push(adr.number);
      else namedBy.set(target, [adr.number]);
    }
  }
  return namedBy;
}

/** relatedBothWays, given the numbers of the ADRs whose Links name `self` (namedByIndex), in order. */
export function relatedBothWaysFrom(self: { number: number; links: readonly string[] }, namingSelf: readonly number[]) {
  const numbers = relatedNumbersIn(self.links).filter((adrNumber) => adrNumber !== self.number);
  for (const adrNumber of namingSelf) {
    if (adrNumber !== self.number && !numbers.includes(adrNumber)) numbers.push(adrNumber);
  }
  return numbers;
}

/** What the AI prompts get about related ADRs (issue 16): one line each, bounded; the AI layer fences it as data. */
export function relatedSummaryLines(
  related: readonly {
    number: number;
    title: string;
    status: string;
    /** Null for an imported ADR whose file had no date. */
    date: string | null;
    chosenOption: string | null;
    justification: string;
  }[],
  maxChars = 2_000,
): string {
  const lines: string[] = [];
  let length = 0;
  for (const adr of related) {
    const outcome = adr.chosenOption
      ? ` Chosen: ${adr.chosenOption}${adr.justification.trim() ? `, because ${adr.justification.trim()}` : ''}.`
      : '';
    const line =
      `${formatAdrNumber(adr.number)} (${adr.status}, ${adr.date ?? 'date unknown'}): ${adr.title}.${outcome}`
        .replace(/\s+/g, ' ')
        .slice(0, 500);
    if (length + line.length + 1 > maxChars) break;
    lines.push(line);
    length += line.length + 1;
  }
  return lines.join('\n');
}

const SUPERSEDES_LINE = /^\s*supersedes\s*:?\s*ADR[-\s]?0*(\d{1,6})\b/i;

/** `Supersedes: ADR-012`: what *This replaces it* writes; accepting the ADR then supersedes ADR-012. */
export function supersedesLink(adrNumber: number): string {
  return `Supersedes: ${formatAdrNumber(adrNumber)}`;
}

/** The ADRs the Links say this one supersedes ("Supersedes: ADR-012", as adr-tools writes it), in order. */
export function supersededNumbersIn(links: readonly string[]): number[] {
  const numbers: number[] = [];
  for (const link of links) {
    const adrNumber = Number(SUPERSEDES_LINE.exec(link)?.[1] ?? Number.NaN);
    if (adrNumber >= 1 && adrNumber <= ADR_NUMBER_MAX && !numbers.includes(adrNumber)) numbers.push(adrNumber);
  }
  return numbers;
}

/** Links saying this ADR replaces `adrNumber` (and no other: a draft replaces one decision at most). */
export function withSupersedesLink(links: readonly string[], adrNumber: number): string[] {
  return [...withoutSupersedesLinks(links), supersedesLink(adrNumber)];
}

export function withoutSupersedesLinks(links: readonly string[]): string[] {
  return links.filter((link) => !SUPERSEDES_LINE.test(link));
}
