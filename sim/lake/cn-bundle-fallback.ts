// Which clusters' CNs lack PR #77362 (start flag --cn-bundle-fallback=false), for the replication copier.
// Local adapter: the copier (sim/replication/cn-copy.ts) sees only object-store dirs, not the FE, so the FE's
// choice is noted here under its service id (a path segment of every partition dir of that cluster) each time
// one of its partition dirs is resolved (sim/lake/layout.ts partitionDir). Only an explicit `false` is noted.
import path from 'node:path';
import type { FeState } from '../fe/state.js';

const WITHOUT_FALLBACK = new Set<string>();

/** Records the FE's CN build: `cnBundleFallback === false` marks its service id, `true` clears the mark. */
export function noteCnBundleFallback(fe: Pick<FeState, 'serviceId' | 'options'>): void {
  const v = fe.options.cnBundleFallback;
  if (v === false) WITHOUT_FALLBACK.add(fe.serviceId);
  else if (v === true) WITHOUT_FALLBACK.delete(fe.serviceId);
}

/** Whether the CNs of the cluster owning `targetPartitionDir` read bundled source metadata (default true). */
export function cnBundleFallbackFor(targetPartitionDir: string): boolean {
  if (WITHOUT_FALLBACK.size === 0) return true;
  return !targetPartitionDir.split(path.sep).some((seg) => WITHOUT_FALLBACK.has(seg));
}
