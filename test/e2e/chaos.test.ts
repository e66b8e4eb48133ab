// The chaos suite's short form (issue 11; the long form is `npm run chaos`, bench/chaos/run.ts): srsync between two
// simulated clusters with --data-dir under continuous load from a recorded writer; srsync killed with SIGKILL at 3
// seeded moments, the source FE killed with SIGKILL and restarted mid-migration, two faults injected; after each,
// and after a final one-time run, the target holds exactly the source's rows (COUNT(*), versions, content
// fingerprint) and the source every acknowledged row once.
import { describe, expect, it } from 'vitest';
import { clean, formatFigures, runChaos } from '../../bench/chaos/chaos.js';

describe('chaos (short form)', () => {
  it('loses and duplicates nothing across srsync kills, an FE kill and faults', async () => {
    const f = await runChaos({
      seed: 11,
      kills: 3,
      feKills: ['source'],
      faults: ['fail_rpcs', 'drop_connections'],
      tables: 2,
      killWindowMs: [300, 1500],
      convergeTimeoutMs: 30_000,
    });
    expect(f.failures, formatFigures(f)).toEqual([]);
    expect(f).toMatchObject({ kills: 3, feKills: 1, faults: 2, faultsSurvived: 2, rowsLost: 0, rowsDuplicated: 0, rowsForeign: 0, finalRunExit: 0 });
    expect(f.checksClean).toBe(f.checks);
    expect(f.rowsWritten).toBeGreaterThan(0);
    expect(clean(f)).toBe(true);
  }, 120_000);
});
