import { z } from 'zod';
import type { Actor } from '../domain/actor.js';

const InteractionActor = z.object({
  user: z.object({ id: z.string().min(1), team_id: z.string().optional() }),
  team: z
    .object({ id: z.string().min(1) })
    .nullable()
    .optional(),
  view: z.object({ team_id: z.string().optional() }).optional(),
});

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function actorOf(body: unknown): Actor | null {
  // What the schema would refuse anyway, without building its error: a slash command has no `user` object, and
  // every command passes here.
  if (!isObject(body) || !isObject(body.user)) return null;
  const parsed = InteractionActor.safeParse(body);
  if (!parsed.success) return null;
  const teamId = parsed.data.team?.id ?? parsed.data.user.team_id ?? parsed.data.view?.team_id;
  return teamId ? { teamId, userId: parsed.data.user.id } : null;
}

const WizardMetadataSchema = z.object({
  draftId: z.number().int().positive(),
  step: z.number().int().min(1).max(5),
});

export function parseWizardMetadata(raw: string | undefined): { draftId: number; step: number } | null {
  try {
    const parsed = WizardMetadataSchema.safeParse(JSON.parse(raw ?? ''));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** A positive whole number from a button value (ADR or draft number); null for anything else. */
export function parseIdValue(value: unknown): number | null {
  if (typeof value !== 'string' || !/^\d{1,9}$/.test(value)) return null;
  const id = Number(value);
  return id > 0 ? id : null;
}
