/**
 * How the scoring modal pages through options. Every option takes one heading plus one select per criterion, and a
 * modal holds at most 100 blocks, so 10 options × 10 criteria cannot fit one view. A page shows at most
 * OPTIONS_PER_PAGE options (short enough to read) and never more blocks than the budget.
 */

export const OPTIONS_PER_PAGE = 4;
/** Blocks left for options once the modal's own blocks (intro, notices, navigation) are counted. */
export const OPTION_BLOCK_BUDGET = 92;

export function optionsPerPage(criteriaCount: number): number {
  const perOption = 1 + Math.max(1, criteriaCount);
  return Math.max(1, Math.min(OPTIONS_PER_PAGE, Math.floor(OPTION_BLOCK_BUDGET / perOption)));
}

/** The option indexes of each page, in order; one empty page when there are no options. */
export function optionPages(optionCount: number, criteriaCount: number): number[][] {
  const size = optionsPerPage(criteriaCount);
  const pages: number[][] = [];
  for (let start = 0; start < optionCount; start += size) {
    pages.push(Array.from({ length: Math.min(size, optionCount - start) }, (_, offset) => start + offset));
  }
  return pages.length > 0 ? pages : [[]];
}

/**
 * A short fingerprint of an ADR's option names, in order (FNV-1a). A scoring page remembers it, so a page submitted
 * after the options were edited is shown again rather than saving scores under the wrong option.
 */
export function optionsFingerprint(names: readonly string[]): string {
  let hash = 0x811c9dc5;
  for (const char of names.join('\u0000')) {
    hash ^= char.codePointAt(0) ?? 0;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(36);
}
