import { defineConfig } from 'vitest/config';

// Repository-level tests (SQL against the engine) also run on a real PostgreSQL server when
// TEST_DATABASE_URL names one (.ci/run starts Debian's postgresql for that).
const postgresUrl = process.env.TEST_DATABASE_URL ?? '';

export default defineConfig({
  test: {
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
    projects: [
      {
        extends: true as const,
        test: {
          name: 'pglite',
          include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
          exclude: ['test/e2e/**', 'test/postgres/**'],
          env: { SOULCASTER_TEST_ENGINE: 'pglite' },
        },
      },
      {
        // The dashboard in real headless Chromium; builds web/ first when its bundle is missing or stale.
        extends: true as const,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/e2e/build-web.setup.ts'],
          env: { SOULCASTER_TEST_ENGINE: 'pglite' },
          testTimeout: 180_000,
        },
      },
      {
        // Without a server this project runs only test/postgres/, whose tests skip and print why.
        extends: true as const,
        test: {
          name: 'postgres',
          include:
            postgresUrl === ''
              ? ['test/postgres/**/*.test.ts']
              : ['test/repository/**/*.test.ts', 'test/postgres/**/*.test.ts'],
          env: { SOULCASTER_TEST_ENGINE: 'postgres' },
        },
      },
    ],
  },
});
