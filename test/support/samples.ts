import { fileURLToPath } from 'node:url';

/**
 * Real ADR folders other teams wrote, copied into the repository with their licences (see its README), so the
 * import tests need nothing beside the clone.
 */
export const ADR_SAMPLES_DIR = fileURLToPath(new URL('../fixtures/adr-folders/', import.meta.url));
