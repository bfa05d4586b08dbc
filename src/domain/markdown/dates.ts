import { isIsoDate } from './slug.js';

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

function monthNumber(name: string): number | null {
  const lower = name.toLowerCase().replace(/\.$/, '');
  if (lower.length < 3) return null;
  const index = MONTHS.findIndex((month) => month.startsWith(lower) || (lower === 'sept' && month === 'september'));
  return index === -1 ? null : index + 1;
}

function iso(year: number, month: number, day: number): string | null {
  const text = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return isIsoDate(text) ? text : null;
}

/**
 * Reads the dates real ADR folders write, as YYYY-MM-DD: ISO dates and datetimes, `YYYY/MM/DD`, `DD.MM.YYYY`,
 * `Oct 21, 2022`, `October 21st, 2022`, `21 October 2022`. Null for anything else (`03/05/2020` is ambiguous and is
 * not guessed), so an unreadable date stays unknown instead of becoming some other day.
 */
export function readDate(raw: string): string | null {
  const text = raw
    .replace(/[*_`]/g, '')
    .trim()
    .replace(/^["']|["']$/g, '')
    .trim();
  let match = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:$|[T\s]\d{1,2}:\d{2})/.exec(text);
  if (match) return iso(Number(match[1]), Number(match[2]), Number(match[3]));
  match = /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/.exec(text);
  if (match) return iso(Number(match[1]), Number(match[2]), Number(match[3]));
  match = /^(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})$/.exec(text);
  if (match) return iso(Number(match[3]), Number(match[2]), Number(match[1]));
  match = /^([A-Za-z]{3,9}\.?)\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$/.exec(text);
  if (match) {
    const month = monthNumber(match[1] ?? '');
    return month === null ? null : iso(Number(match[3]), month, Number(match[2]));
  }
  match = /^(\d{1,2})(?:st|nd|rd|th)?\.?\s+([A-Za-z]{3,9}\.?),?\s+(\d{4})$/.exec(text);
  if (match) {
    const month = monthNumber(match[2] ?? '');
    return month === null ? null : iso(Number(match[3]), month, Number(match[1]));
  }
  return null;
}
