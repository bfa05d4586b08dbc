import { z } from 'zod';
import type { Criterion } from '../domain/scoring.js';

const CriteriaSchema = z.array(
  z.object({ id: z.string().min(1), name: z.string(), weight: z.number().int().min(0).max(100) }),
);

/** Criteria stored as JSON, read back defensively: a damaged value is reported, never half-used. */
export function parseCriteriaJson(json: string): Criterion[] | null {
  try {
    const parsed = CriteriaSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function criteriaJson(criteria: readonly Criterion[]): string {
  return JSON.stringify(criteria.map(({ id, name, weight }) => ({ id, name, weight })));
}
