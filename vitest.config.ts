import { defineConfig } from 'vitest/config';

// The whole suite on SQLite; with E2E_ON_POSTGRES=1 (`npm run test:postgres`) also the e2e suite again on
// PostgreSQL (TEST_DATABASE=postgres: test/support/app-harness.ts gives each app its own database on the run's
// server). Not yet in `npm test`: e2e tests that read the app's rows through SQLite's connection still have to
// move to the store. Tests of SQLite itself stay in the first project only.
const SQLITE_ONLY_E2E = [
  // Raw better-sqlite3 reads of the app's rows or of SQLite itself (WAL, pragmas, upkeep worker).
  'test/e2e/database-upkeep.test.ts',
];

const postgres = {
  extends: true as const,
  test: {
    name: 'postgres',
    include: ['test/e2e/**/*.test.ts'],
    exclude: SQLITE_ONLY_E2E,
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
    projects: [
      { extends: true, test: { name: 'sqlite', include: ['test/**/*.test.ts'] } },
      ...(process.env.E2E_ON_POSTGRES ? [postgres] : []),
    ],
  },
});
