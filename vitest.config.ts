import { defineConfig, type ViteUserConfig } from 'vitest/config';
import pg from 'pg';

const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

/**
 * The same API suite runs on embedded PGlite and on real PostgreSQL. Without a server the
 * PostgreSQL project is skipped locally; under CI=true it runs and fails loudly.
 */
export default defineConfig(async (): Promise<ViteUserConfig> => {
  const withPostgres = process.env.CI === 'true' || (await postgresReachable());
  if (!withPostgres) console.warn(`[linli] PostgreSQL not reachable at ${TEST_DATABASE_URL}: skipping the PostgreSQL project`);
  return {
    test: {
      // The second reporter lets .ci/run check that no project ran empty (scripts/check-test-run.ts).
      reporters: ['default', './scripts/project-counts-reporter.ts'],
      // Vitest's default for a run is one worker fewer than the cores: ONE worker on a 2-core
      // machine, so every file waited for the one before while the second core idled (a file spends
      // much of its time waiting on PostgreSQL, PGlite's start or imports). Two workers; the browser
      // journeys still run one at a time, after the rest (fileParallelism: false puts them in a
      // sequential group of their own). docs/testing.md has the figures.
      maxWorkers: 2,
      testTimeout: 60_000,
      hookTimeout: 120_000,
      projects: [
        { extends: true, test: { name: 'pglite', include: ['src/**/*.test.ts'], env: { TEST_DB: 'pglite' } } },
        ...(withPostgres ? [{ extends: true as const, test: { name: 'postgres', include: ['src/**/*.test.ts'], env: { TEST_DB: 'pg', TEST_DATABASE_URL } } }] : []),
        // Static checks of the web app's code (no browser, no database).
        { extends: true, test: { name: 'web', include: ['web/src/**/*.test.ts'] } },
        { extends: true, test: { name: 'e2e', include: ['e2e/**/*.test.ts'], fileParallelism: false } },
      ],
    },
  };
});
