import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The real ADR folders other teams wrote, in shared/ beside the repository (as CI has it).
 * A missing folder fails loudly rather than silently skipping the import tests.
 */
export const ADR_SAMPLES_DIR =
  process.env.ADR_SAMPLES_DIR ?? fileURLToPath(new URL('../../../shared/adr-samples/', import.meta.url));

if (!existsSync(ADR_SAMPLES_DIR)) {
  throw new Error(
    `ADR samples not found at ${ADR_SAMPLES_DIR}: set ADR_SAMPLES_DIR or check out shared/ beside the repo`,
  );
}
