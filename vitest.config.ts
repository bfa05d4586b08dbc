import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
    globalSetup: ['test/support/build-dist.ts', 'test/global-setup.ts'],
    setupFiles: ['test/support/strict-output.ts'],
  },
});
