// A freshly created physical partition: version 1 in the catalog and an empty tablet metadata file at version 1
// for every tablet (what CNs write when StarRocks creates lake tablets).
import type { Database, OlapTable, PhysicalPartition } from '../catalog/model.js';
import type { FeState } from '../fe/state.js';
import { tabletSchemas } from './index-schema.js';
import { partitionDir, tabletsOf } from './layout.js';
import { writeTabletMeta } from './tablet-meta.js';
import { initVersions, PARTITION_INIT_VERSION } from './versions.js';

export function initPhysicalPartition(fe: FeState, db: Database, table: OlapTable, pp: PhysicalPartition, now = Date.now()): void {
  initVersions(pp, now);
  const dir = partitionDir(fe, db, table, pp);
  const schemas = tabletSchemas(table, pp);
  for (const tablet of tabletsOf(pp)) {
    writeTabletMeta(dir, {
      id: tablet.id,
      version: PARTITION_INIT_VERSION,
      schemaHash: schemas.get(tablet.id)?.schemaHash ?? table.baseIndex.schemaHash,
      rowsets: [],
      commitTime: now,
    });
  }
  fe.onChange();
}
