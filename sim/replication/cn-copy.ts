// The CN side of one ReplicateSnapshotTask for a lake tablet (lake_replication_txn_manager.cpp, reference §4.4):
// refuse when the target already has the version, read the source tablet metadata at src_visible_version from
// the mirror volume (the standalone file, else the same-directory bundle of a file_bundling source, PR #77362;
// missing, e.g. vacuumed → the task fails), copy every file it references into the target
// partition's data/ (sim/lake/replica-copy.ts), and hand back the rowsets the publish turns into the target
// tablet metadata. Cancellable between chunks through the signal.
import { copyTabletFiles, readSourceTabletMeta } from '../lake/replica-copy.js';
import type { RateLimiter } from '../lake/rate-limiter.js';
import type { Rowset } from '../lake/tablet-meta.js';
import type { TabletRange } from '../catalog/model.js';
import { rangeText, sameRange } from '../range/ranges.js';

export interface ReplicateTabletInput {
  /** Local dir of the source physical partition under the mirror volume (`…/<service_id>/db<id>/<tbl>/<pp>`). */
  srcPartitionDir: string;
  srcTabletId: number;
  srcVersion: number;
  /** Local dir of the target physical partition. */
  targetPartitionDir: string;
  /** The target partition's DataVersion when the task runs. */
  targetDataVersion: number;
  /** The replication txn: names the copied files and the target rowsets. */
  txnId: number;
  /** A range-distributed target: the target tablet's key range (the source tablet must own the same range). */
  targetRange?: TabletRange;
  /**
   * Whether this CN has PR #77362's bundle fallback (the target cluster's --cn-bundle-fallback; absent: true). false: a bundled (or otherwise missing) standalone source file fails with "shard does not exist".
   */
  bundleFallback?: boolean;
}

/** A task failure as the CN reports it (goes to the task's error; the job's reason comes from the commit). */
export class CnTaskError extends Error {}

export async function replicateTablet(input: ReplicateTabletInput, limiter: RateLimiter | undefined, signal: AbortSignal): Promise<Rowset[]> {
  if (input.targetDataVersion >= input.srcVersion) throw new CnTaskError('Corruption: No missing version');
  signal.throwIfAborted();
  const bundleFallback = input.bundleFallback ?? true;
  const meta = readSourceTabletMeta(input.srcPartitionDir, input.srcTabletId, input.srcVersion, { bundleFallback });
  // Range tablets are paired by range, never by position: a source tablet owning another range is refused.
  if (input.targetRange && meta.range && !sameRange(meta.range, input.targetRange)) {
    throw new CnTaskError(
      `Range ${rangeText(meta.range)} of source tablet ${input.srcTabletId} does not match range ${rangeText(input.targetRange)} of the target tablet`,
    );
  }
  return copyTabletFiles(input.srcPartitionDir, meta, input.targetPartitionDir, { limiter, signal, txnId: input.txnId });
}
