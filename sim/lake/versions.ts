// Version bookkeeping of a physical partition, as StarRocks' FE does it for cloud-native tables
// (PhysicalPartition, DatabaseTransactionMgr commit, LakeTableTxnLogApplier.applyCommitLog/applyVisibleLog).
// PhysicalPartition keeps two counters: nextVersion (every txn) and nextDataVersion (loads and replication, not
// compaction); the model stores them as committedVersion = nextVersion − 1 and committedDataVersion =
// nextDataVersion − 1. Pure functions over the plain PhysicalPartition.
import type { PhysicalPartition } from '../catalog/model.js';
import { nextVersionEpoch } from './epoch.js';

/** PhysicalPartition.PARTITION_INIT_VERSION */
export const PARTITION_INIT_VERSION = 1;

/** What a txn commit assigns to one partition (PartitionCommitInfo). epoch 0 = leave the epoch as it is. */
export interface PartitionCommit {
  version: number;
  dataVersion: number;
  versionEpoch: number;
}

/** A new physical partition: Visible = Data = 1, Next = 2, TXN_NORMAL, fresh epoch (reference §3). */
export function initVersions(pp: PhysicalPartition, now: number): void {
  pp.visibleVersion = PARTITION_INIT_VERSION;
  pp.visibleVersionTime = now;
  pp.nextVersion = PARTITION_INIT_VERSION + 1;
  pp.dataVersion = PARTITION_INIT_VERSION;
  pp.committedVersion = PARTITION_INIT_VERSION;
  pp.committedDataVersion = PARTITION_INIT_VERSION;
  pp.versionEpoch = nextVersionEpoch(now);
  pp.versionTxnType = 'TXN_NORMAL';
  pp.compactVersion = 0;
  pp.metaSwitchVersion = 0;
  pp.dataSize = 0;
  pp.rowCount = 0;
  for (const index of pp.indexes) {
    index.dataSize = 0;
    index.rowCount = 0;
  }
  pp.lastCompactedDataVersion = PARTITION_INIT_VERSION;
}

/** Commit of a load: version = nextVersion, dataVersion = nextDataVersion; fresh epoch if the last txn was a replication. */
export function commitLoad(pp: PhysicalPartition, now: number): PartitionCommit {
  const c: PartitionCommit = {
    version: pp.nextVersion,
    dataVersion: pp.committedDataVersion + 1,
    versionEpoch: pp.versionTxnType === 'TXN_REPLICATION' ? nextVersionEpoch(now) : 0,
  };
  pp.nextVersion = c.version + 1;
  pp.committedVersion = c.version;
  pp.committedDataVersion = c.dataVersion;
  return c;
}

/** Commit of a compaction: only the version counter moves. */
export function commitCompaction(pp: PhysicalPartition): PartitionCommit {
  const c: PartitionCommit = { version: pp.nextVersion, dataVersion: pp.dataVersion, versionEpoch: 0 };
  pp.nextVersion = c.version + 1;
  pp.committedVersion = c.version;
  return c;
}

/**
 * Commit of a replication (reference §4.3, DatabaseTransactionMgr REPLICATION branch):
 * version = committedVersion + (srcVersion − dataVersion), dataVersion = srcVersion, epoch = srcVersionEpoch.
 */
export function commitReplication(pp: PhysicalPartition, srcVersion: number, srcVersionEpoch: number): PartitionCommit {
  const c: PartitionCommit = {
    version: pp.committedVersion + (srcVersion - pp.dataVersion),
    dataVersion: srcVersion,
    versionEpoch: srcVersionEpoch,
  };
  pp.nextVersion = c.version + 1;
  pp.committedVersion = c.version;
  pp.committedDataVersion = c.dataVersion;
  return c;
}

/** Publish (applyVisibleLog): VisibleVersion moves; for non-compaction txns DataVersion, epoch (if > 0) and txn type too. */
export function publishVersion(pp: PhysicalPartition, c: PartitionCommit, kind: 'load' | 'compaction' | 'replication', now: number): void {
  pp.visibleVersion = c.version;
  pp.visibleVersionTime = now;
  if (kind === 'compaction') {
    pp.compactVersion = c.version;
    return;
  }
  pp.dataVersion = c.dataVersion;
  if (c.versionEpoch > 0) pp.versionEpoch = c.versionEpoch;
  pp.versionTxnType = kind === 'replication' ? 'TXN_REPLICATION' : 'TXN_NORMAL';
}
