import { addMonths } from 'date-fns/addMonths';

/** The date an ADR is due for review, `months` after `from`; null when the period is 0 (no review). */
export function reviewDueAt(from: Date, months: number): Date | null {
  return months > 0 ? addMonths(from, months) : null;
}

/** `YYYY-MM-DD` of an ISO timestamp, for people. */
export function dayOf(iso: string): string {
  return iso.slice(0, 10);
}
