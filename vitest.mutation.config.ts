import { defineConfig } from 'vitest/config';

// Mutation runs use the embedded database only: each mutant reruns the tests that cover it.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    env: { TEST_DB: 'pglite' },
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
