// Data of dropped partitions and tables. StarRocks deletes it asynchronously (after the catalog recycle bin
// expires, `catalog_trash_expire_second`); the simulator deletes it at once (sim/fidelity/lake.md).
import fs from 'node:fs';
import type { Database, OlapTable, PhysicalPartition } from '../catalog/model.js';
import type { FeState } from '../fe/state.js';
import { forgetKnownDirs } from './known-dirs.js';
import { partitionDir, tableDir } from './layout.js';

export function dropPhysicalPartitionData(fe: FeState, db: Database, table: OlapTable, pp: PhysicalPartition): void {
  fs.rmSync(partitionDir(fe, db, table, pp), { recursive: true, force: true });
  forgetKnownDirs();
}

export function dropTableData(fe: FeState, db: Database, table: OlapTable): void {
  fs.rmSync(tableDir(fe, db, table), { recursive: true, force: true });
  forgetKnownDirs();
}
