export const SLUG_MAX = 60;

/** `Use PostgreSQL (v16) for Café data!` → `use-postgresql-v16-for-cafe-data`: lowercase ASCII words joined by dashes. */
export function slugify(title: string, maxLength = SLUG_MAX): string {
  const words = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (words.length <= maxLength) return words || 'untitled';
  const cut = words.slice(0, maxLength + 1);
  const lastDash = cut.lastIndexOf('-');
  // Cut at a word boundary unless that would throw most of the slug away.
  const trimmed = lastDash > maxLength / 2 ? cut.slice(0, lastDash) : words.slice(0, maxLength);
  return trimmed.replace(/-+$/, '') || 'untitled';
}

/** `adrFileName(7, 'Use PostgreSQL')` → `0007-use-postgresql.md`, the name MADR tools and adr-tools expect. */
export function adrFileName(adrNumber: number, title: string): string {
  return `${String(adrNumber).padStart(4, '0')}-${slugify(title)}.md`;
}

export interface FileNameInfo {
  /** The file name without folders and without `.md`. */
  slug: string;
  /** From a `0007-` or `7-` prefix; null when there is none or it is a date. */
  number: number | null;
  /** From a log4brains `yyyymmdd-` prefix, as YYYY-MM-DD. */
  date: string | null;
}

export function describeFileName(fileName: string): FileNameInfo {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  const slug = base.replace(/\.(md|markdown)$/i, '');
  const prefix = /^(\d+)(?:[-_.\s]|$)/.exec(slug)?.[1];
  if (prefix === undefined) return { slug, number: null, date: null };
  if (prefix.length === 8) {
    const date = `${prefix.slice(0, 4)}-${prefix.slice(4, 6)}-${prefix.slice(6, 8)}`;
    return { slug, number: null, date: isIsoDate(date) ? date : null };
  }
  return { slug, number: prefix.length <= 6 ? Number(prefix) : null, date: null };
}

export function isIsoDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
