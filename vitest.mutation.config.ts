import { defineConfig } from 'vitest/config';

/**
 * Mutation runs (npm run test:mutation) use the embedded database only: each mutant reruns the
 * tests that cover it. LINLI_MUTATION_TESTS narrows the test files Stryker may use (comma-separated
 * globs, e.g. `src/modules/orders/*.test.ts,src/http/idempotency.test.ts`): a narrowed run is
 * faster and its score is a lower bound of the full one (fewer tests can only kill fewer mutants).
 */
const narrowed = process.env.LINLI_MUTATION_TESTS?.split(',').map((g) => g.trim()).filter(Boolean);

export default defineConfig({
  test: {
    include: narrowed?.length ? narrowed : ['src/**/*.test.ts'],
    // Concurrency tests need real PostgreSQL (the postgres project of `npm test` runs them).
    exclude: ['**/node_modules/**', '**/*.concurrency.test.ts', 'src/modules/orders/concurrency.test.ts'],
    env: { TEST_DB: 'pglite' },
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
