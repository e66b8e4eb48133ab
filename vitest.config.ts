import { defineConfig } from 'vitest/config';

// Two projects: fast in-process suites run files in parallel in shared workers (isolate: false: the files share a
// module cache, 97 s → 27 s; no file relies on module state another leaves behind); suites that start simulator and
// srsync processes (end to end through the CLI, the simulator over its real protocols) run three files at a time.
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: ['default'],
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: ['test/e2e/**', 'test/sim/protocol/**'], isolate: false },
      },
      {
        extends: true,
        // Three files at a time: most of their time is spent waiting (back-off windows, job copies at throttled
        // bandwidth, retries); every precondition is made, not raced, so a busy CPU only makes them slower.
        test: { name: 'e2e', include: ['test/e2e/**/*.test.ts', 'test/sim/protocol/**/*.test.ts'], fileParallelism: true, maxWorkers: 3 },
      },
    ],
  },
});
