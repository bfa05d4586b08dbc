import { defineConfig } from 'vitest/config';

// `npm test` (`vitest run`) runs two projects: `sqlite`, the whole suite on SQLite, and `postgres`, the e2e suite
// again on PostgreSQL (TEST_DATABASE=postgres: test/support/app-harness.ts gives each app its own database, a copy
// of the migrated template, on the server test/global-setup.ts starts). E2e tests read and write the app's rows
// through the store (test/support/rows.ts), so the same assertions hold on both engines; `--project sqlite` or
// `--project postgres` (`npm run test:postgres`) runs one of them.
const SQLITE_ONLY_E2E = [
  // SQLite itself: WAL checkpoints, FTS5 segment merges and the upkeep worker thread doing them (ADR-007).
  'test/e2e/database-upkeep.test.ts',
];

const ALREADY_ON_BOTH_ENGINES = [
  // describe.each(ENGINES): several instances on one SQLite file and on one PostgreSQL database, in the sqlite project.
  'test/e2e/multi-instance.test.ts',
];

const postgres = {
  extends: true as const,
  test: {
    name: 'postgres',
    include: ['test/e2e/**/*.test.ts'],
    exclude: [...SQLITE_ONLY_E2E, ...ALREADY_ON_BOTH_ENGINES],
    env: { TEST_DATABASE: 'postgres' },
  },
};

export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
    globalSetup: ['test/support/build-dist.ts', 'test/global-setup.ts'],
    setupFiles: ['test/support/strict-output.ts'],
    projects: [{ extends: true, test: { name: 'sqlite', include: ['test/**/*.test.ts'] } }, postgres],
  },
});
