import { z } from 'zod';
import { MAX_CRITERIA } from '../domain/scoring.js';
import { MAX_OPTIONS } from '../domain/validation.js';

/**
 * What a modal carries in `private_metadata`, one codec per kind of modal. Encoded as JSON with the kind and a
 * version, so a modal left open across a deploy that changed its shape reads as out of date instead of as
 * something else. Decoding never throws: anything that is not this kind at this version is null. The workspace
 * never travels here: it always comes from the signed payload.
 */
export interface MetadataCodec<T> {
  encode(value: T): string;
  decode(raw: string | null | undefined): T | null;
}

const VERSION = 1;

function metadataCodec<Schema extends z.ZodType>(kind: string, schema: Schema): MetadataCodec<z.infer<Schema>> {
  const envelope = z.object({ kind: z.literal(kind), v: z.literal(VERSION), data: schema });
  return {
    encode: (value) => JSON.stringify({ kind, v: VERSION, data: value }),
    decode(raw) {
      if (!raw) return null;
      let json: unknown;
      try {
        json = JSON.parse(raw);
      } catch {
        return null;
      }
      const parsed = envelope.safeParse(json);
      return parsed.success ? (parsed.data as { data: z.infer<Schema> }).data : null;
    },
  };
}

const adrNumber = z.number().int().positive();

/** The wizard (and its AI "working" view): which draft, at which step. */
export const wizardMetadata = metadataCodec(
  'wizard',
  z.object({ draftId: z.number().int().positive(), step: z.number().int().min(1).max(5) }),
);
export type WizardMetadata = NonNullable<ReturnType<typeof wizardMetadata.decode>>;

/** A modal about one ADR (supersede, review date, scoring results). */
export const adrMetadata = metadataCodec('adr', z.object({ adrNumber }));

/** "Request changes": the ADR, and the approval request message to update once answered. */
export const changesMetadata = metadataCodec(
  'request_changes',
  z.object({ adrNumber, message: z.object({ channelId: z.string().min(1), ts: z.string().min(1) }).nullable() }),
);

/** One scoring page: the ADR, the page, its options' indexes and their fingerprint (options changed meanwhile?). */
export const scoringMetadata = metadataCodec(
  'scoring',
  z.object({
    adrNumber,
    page: z.number().int().min(0),
    optionIndexes: z.array(z.number().int().min(0)).max(MAX_OPTIONS),
    fingerprint: z.string().max(20),
  }),
);
export type ScoringMetadata = NonNullable<ReturnType<typeof scoringMetadata.decode>>;

const criteriaReturn = z.union([
  z.object({ to: z.literal('scoring'), page: z.number().int().min(0) }),
  z.object({ to: z.literal('results') }),
]);

/** The criteria editor: whose criteria, the stored id of each row, and the view to return to once saved. */
export const criteriaMetadata = metadataCodec(
  'criteria',
  z.union([
    z.object({
      scope: z.literal('adr'),
      adrNumber,
      rowIds: z.array(z.string().nullable()).max(MAX_CRITERIA + 1),
      returnTo: criteriaReturn.nullable(),
    }),
    z.object({
      scope: z.literal('workspace'),
      rowIds: z.array(z.string().nullable()).max(MAX_CRITERIA + 1),
      returnTo: criteriaReturn.nullable(),
    }),
  ]),
);
export type CriteriaMetadata = NonNullable<ReturnType<typeof criteriaMetadata.decode>>;
export type CriteriaReturn = z.infer<typeof criteriaReturn>;
