// The simulated shared-data storage layer of one cluster, as one object for the integrator: the transaction
// manager, loads and reads, DDL hooks, and the background daemons (txn expiry, compaction, vacuum) in `tick`.
// Every method delegates to a pure-ish module function; this class only owns the daemons' scheduler memory.
import type { Database, MaterializedIndex, OlapTable, PhysicalPartition, RollupIndex } from '../catalog/model.js';
import type { FeState } from '../fe/state.js';
import { CompactionSchedule, compactionTick, type CompactionReport } from './compaction.js';
import { countRows, scanRows, type ScanOptions } from './count.js';
import { dropPhysicalPartitionData, dropTableData } from './drop.js';
import { initPhysicalPartition } from './init.js';
import { partitionDir, partitionStoragePath, tableStoragePath, volumeOf } from './layout.js';
import { buildRollupIndex, dropRollupIndexData } from './rollup-build.js';
import { insertRows, type InsertOptions, type InsertResult } from './load.js';
import type { InputRow } from './row-input.js';
import { TxnManager } from './txn.js';
import { reshardTick } from '../range/reshard.js';
import type { Row } from './values.js';
import { VacuumSchedule, vacuumTick, type VacuumReport } from './vacuum.js';

export interface TickReport {
  compaction: CompactionReport;
  vacuum: VacuumReport;
}

export class Lake {
  readonly txns: TxnManager;
  private readonly compaction = new CompactionSchedule();
  private readonly vacuum = new VacuumSchedule();
  private ticking: Promise<TickReport> | null = null;

  constructor(readonly fe: FeState) {
    this.txns = new TxnManager(fe);
  }

  volumeOf(table: OlapTable) {
    return volumeOf(this.fe, table);
  }

  partitionDir(db: Database, table: OlapTable, pp: PhysicalPartition): string {
    return partitionDir(this.fe, db, table, pp);
  }

  tableStoragePath(db: Database, table: OlapTable): string {
    return tableStoragePath(this.fe, db, table);
  }

  partitionStoragePath(db: Database, table: OlapTable, pp: PhysicalPartition): string {
    return partitionStoragePath(this.fe, db, table, pp);
  }

  initPhysicalPartition(db: Database, table: OlapTable, pp: PhysicalPartition): void {
    initPhysicalPartition(this.fe, db, table, pp);
  }

  insertRows(db: Database, table: OlapTable, rows: InputRow[], opts?: InsertOptions): Promise<InsertResult> {
    return insertRows(this.fe, db, table, rows, opts);
  }

  countRows(db: Database, table: OlapTable, partitionNames?: string[], opts?: ScanOptions): number {
    return countRows(this.fe, db, table, partitionNames, opts);
  }

  scanRows(db: Database, table: OlapTable, partitionNames?: string[], opts?: ScanOptions): Row[] {
    return scanRows(this.fe, db, table, partitionNames, opts);
  }

  dropPhysicalPartitionData(db: Database, table: OlapTable, pp: PhysicalPartition): void {
    dropPhysicalPartitionData(this.fe, db, table, pp);
    this.compaction.nextTime.delete(pp.id);
    this.vacuum.nextTime.delete(pp.id);
  }

  dropTableData(db: Database, table: OlapTable): void {
    dropTableData(this.fe, db, table);
  }

  /** Callbacks in the shape of sim/ddl's DdlHooks: new partitions get version-1 metadata, dropped ones lose their data. */
  ddlHooks() {
    return {
      onNewPhysicalPartition: (db: Database, table: OlapTable, pp: PhysicalPartition) => this.initPhysicalPartition(db, table, pp),
      // StarRocks keeps non-FORCE drops in the recycle bin; the simulator deletes at once either way.
      onDropPhysicalPartition: (db: Database, table: OlapTable, pp: PhysicalPartition, _force: boolean) =>
        this.dropPhysicalPartitionData(db, table, pp),
      onBuildRollupIndex: (db: Database, table: OlapTable, rollup: RollupIndex, commitVersions: Map<number, number>, txnId: number) =>
        buildRollupIndex(this.fe, db, table, rollup, commitVersions, txnId),
      onDropRollupIndex: (
        db: Database,
        table: OlapTable,
        _rollup: RollupIndex,
        removed: Array<{ pp: PhysicalPartition; index: MaterializedIndex }>,
      ) => dropRollupIndexData(this.fe, db, table, removed),
    };
  }

  /** One daemon round: expire txns, compact, vacuum. Overlapping calls share the running round. */
  tick(now = Date.now()): Promise<TickReport> {
    if (!this.ticking) {
      this.ticking = (async () => {
        try {
          this.txns.expire(now);
          const compaction = await compactionTick(this.fe, now, this.compaction);
          const vacuum = vacuumTick(this.fe, now, this.vacuum);
          // Tablet reshard jobs of range-distributed tables (TabletReshardJobMgr's daemon).
          reshardTick(this.fe, now);
          return { compaction, vacuum };
        } finally {
          this.ticking = null;
        }
      })();
    }
    return this.ticking;
  }
}

export { PARTITION_INIT_VERSION, commitReplication, type PartitionCommit } from './versions.js';
export { formatVersionEpoch, nextVersionEpoch } from './epoch.js';
export { copyTabletFiles, publishReplication, readSourceTabletMeta } from './replica-copy.js';
export { RateLimiter } from './rate-limiter.js';
export { ObjectNotFoundError, CorruptObjectError } from './segments.js';
export type { CreatePartition, InsertOptions, InsertResult } from './load.js';
