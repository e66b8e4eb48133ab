// Where a table's and a partition's objects live: the s3:// URI (what SHOW PROC / partitions_meta print as
// StoragePath) and the local directory of the simulated object store that holds them.
import type { Database, OlapTable, PhysicalPartition, StorageVolume, Tablet } from '../catalog/model.js';
import type { FeState } from '../fe/state.js';
import { SimError } from '../fe/errors.js';
import { ObjectStore, partitionUri, tableUri } from './paths.js';

export function volumeOf(fe: FeState, table: OlapTable): StorageVolume {
  const v = fe.storageVolumeById(table.storageVolumeId);
  if (!v) throw new SimError(1064, `Unknown storage volume id: ${table.storageVolumeId} of table ${table.name}`);
  return v;
}

export const objectStoreOf = (fe: FeState) => new ObjectStore(fe.options.objectStore);

/** `<volume location>/<service_id>/db<dbId>/<tableId>` */
export function tableStoragePath(fe: FeState, db: Database, table: OlapTable): string {
  return tableUri(volumeOf(fe, table), fe.serviceId, db.id, table.id);
}

/** `<volume location>/<service_id>/db<dbId>/<tableId>/<physicalPartitionId>` */
export function partitionStoragePath(fe: FeState, db: Database, table: OlapTable, pp: PhysicalPartition): string {
  return partitionUri(volumeOf(fe, table), fe.serviceId, db.id, table.id, pp.id);
}

export function tableDir(fe: FeState, db: Database, table: OlapTable): string {
  return objectStoreOf(fe).localPath(tableStoragePath(fe, db, table));
}

export function partitionDir(fe: FeState, db: Database, table: OlapTable, pp: PhysicalPartition): string {
  return objectStoreOf(fe).localPath(partitionStoragePath(fe, db, table, pp));
}

/** Every tablet of every materialized index of the physical partition (base index first). */
export function tabletsOf(pp: PhysicalPartition): Tablet[] {
  return pp.indexes.flatMap((i) => i.tablets);
}

/** Where a physical partition sits in the catalog: its logical partition, or undefined once dropped. */
export function ownerPartition(table: OlapTable, pp: PhysicalPartition) {
  return table.partitions.find((p) => p.physicalPartitions.includes(pp));
}
