import { defineConfig } from 'vitest/config';

// Two projects: fast in-process suites run files in parallel; suites that start simulator and srsync
// processes (end to end through the CLI, the simulator over its real protocols) run one file at a time so that
// they never compete for the 2 cores with each other.
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: ['default'],
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: ['test/e2e/**', 'test/sim/protocol/**'] },
      },
      {
        extends: true,
        test: { name: 'e2e', include: ['test/e2e/**/*.test.ts', 'test/sim/protocol/**/*.test.ts'], fileParallelism: false },
      },
    ],
  },
});
