// Source tables with bundled tablet metadata (`file_bundling = true`, the default for new shared-data tables on the
// newest FE; starrocks-2026.md §1.4 N1/N2): a target compute node copies them only with PR #77362's fallback (read
// the standalone `<tablet>_<version>.meta`, on NotFound the partition's bundle `0000000000000000_<version>.meta`).
// Without it a job "fails with 'shard does not exist'" and no data moves. Which 4.1.x release carries the fix was not
// found (§1.10, question 8), so srsync names the change, not a version it cannot vouch for.
import type { Finding } from './findings.js';

/** The pull request whose CN-side fallback reads bundled source metadata. */
export const BUNDLE_FALLBACK_PR = 'StarRocks PR #77362';

/** A source table's properties say its tablet metadata is bundled. */
export const isBundled = (properties: Readonly<Record<string, string>>): boolean => (properties['file_bundling'] ?? '').toLowerCase() === 'true';

export function bundlingFindings(f: { bundledTables?: readonly string[] }): Finding[] {
  const tables = f.bundledTables ?? [];
  if (tables.length === 0) return [];
  const shown = tables.slice(0, 5).join(', ') + (tables.length > 5 ? `, … (${tables.length} in all)` : '');
  return [
    {
      severity: 'warning',
      object: `source tables with file_bundling=true (${shown})`,
      problem:
        `their tablet metadata is bundled: the target's compute nodes copy them only with ${BUNDLE_FALLBACK_PR} ` +
        `(bundled-metadata fallback in the replication copier); without it their jobs fail with "shard does not exist" ` +
        `and no data moves. The first 4.1.x release carrying it is not known to srsync: confirm that your target build includes it`,
      fix: [],
    },
  ];
}
