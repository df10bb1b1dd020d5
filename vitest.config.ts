import { defineConfig } from 'vitest/config';

const shared = {
  testTimeout: 30_000,
  hookTimeout: 60_000,
};

export default defineConfig({
  test: {
    // Tests spawn the CLI and local servers; two cores, so keep the pool small.
    maxWorkers: 2,
    projects: [
      {
        test: { ...shared, name: 'sqlite', include: ['test/**/*.test.ts'], exclude: ['test/postgres/**'] },
      },
      {
        // The behaviour that must hold on both backends, on a real PostgreSQL server started for
        // the run (test/setup/postgres-server.ts); each file gets a database of its own.
        test: {
          ...shared,
          name: 'postgres',
          include: ['test/postgres/**/*.test.ts'],
          globalSetup: ['test/setup/postgres-server.ts'],
        },
      },
    ],
  },
});
