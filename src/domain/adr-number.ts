/** Largest number `parseAdrRef` accepts; anything above is far more likely a typo or an id than an ADR. */
export const ADR_NUMBER_MAX = 999_999;

/** `7` → `ADR-007`. Zero-padded to three digits so lists sort; wider numbers keep their digits (`ADR-1000`). */
export function formatAdrNumber(adrNumber: number): string {
  return `ADR-${String(adrNumber).padStart(3, '0')}`;
}

const ADR_REF = /^(?:adr\s*-?\s*|#\s*)?(\d+)$/i;

/**
 * Reads what people type to point at an ADR: `7`, `007`, `ADR-7`, `adr-007`, `#7`, ` ADR 7 `.
 * Returns null for anything else and for numbers above ADR_NUMBER_MAX. 0 is a number: imported MADR folders start
 * at `0000-`.
 */
export function parseAdrRef(text: string): number | null {
  const match = ADR_REF.exec(text.trim());
  if (!match?.[1]) return null;
  const digits = match[1].replace(/^0+(?=\d)/, '');
  if (digits.length > String(ADR_NUMBER_MAX).length) return null;
  const adrNumber = Number(digits);
  if (!Number.isSafeInteger(adrNumber) || adrNumber < 0 || adrNumber > ADR_NUMBER_MAX) return null;
  return adrNumber;
}
