import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // Node resolves `graphql` to its CommonJS build (no `exports` map); Vite would pick
    // the `.mjs` one, and two graphql copies in one process break `instanceof` checks.
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  test: {
    include: ['tests/**/*.test.ts'],
    exclude: ['tests/live/**', 'node_modules/**'],
    environment: 'node',
    // One PostgreSQL and one redis-server for the run, their URLs passed to test files by `inject`.
    globalSetup: ['tests/setup/services.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
