import { defineConfig } from 'vitest/config';

/** `npm run test:live`: real lookups against data.gouv.fr, opt-in and kept out of `npm test`. */
export default defineConfig({
  resolve: {
    // Same as vitest.config.ts: one graphql copy (its CommonJS build), as Node resolves it.
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  test: {
    include: ['tests/live/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
