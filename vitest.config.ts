import { defineConfig } from 'vitest/config';

/**
 * Three projects; `npm test` (test/run-all.ts) runs them as separate phases:
 *   unit     src/** and web/src/** unit tests — no database, no network.
 *   api      test/api/** — a real Orelane over app.inject on a fresh database per file, on the PostgreSQL server
 *            named by ORELANE_TEST_ADMIN_URL (run-all runs this project once per server: embedded 17, Debian 15).
 *   browser  test/browser/** — `npm start`-like server processes driven by chromium via playwright-core.
 * Run one directly with e.g. `npx vitest run --project api` (starts its own embedded PostgreSQL).
 */
export default defineConfig({
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'web/src/**/*.test.{ts,tsx}'],
          environment: 'node',
          pool: 'forks',
          testTimeout: 20_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'api',
          include: ['test/api/**/*.test.ts'],
          environment: 'node',
          pool: 'forks',
          // Two cores: two files at a time, each with its own database.
          maxWorkers: 2,
          fileParallelism: true,
          globalSetup: ['test/support/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          environment: 'node',
          pool: 'forks',
          maxWorkers: 1,
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 300_000,
        },
      },
    ],
    teardownTimeout: 60_000,
  },
});
