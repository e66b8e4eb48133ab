// Where a replication reads and writes in the simulated object store (sim/lake/paths.ts layout).
import type { Database, OlapTable, PhysicalPartition, StorageVolume } from '../catalog/model.js';
import type { FeState } from '../fe/state.js';
import { partitionDir } from '../lake/layout.js';
import { ObjectStore, partitionUri } from '../lake/paths.js';
import { s3AccessError } from '../lake/s3-access.js';
import { CnTaskError } from './cn-copy.js';

export interface ReplicationPaths {
  /** Local dir of a target physical partition: `<volume>/<fe service id>/db<db>/<table>/<pp>`. */
  partitionDir(db: Database, table: OlapTable, pp: PhysicalPartition): string;
  /** Local dir of a source physical partition seen through the mirror volume (the virtual tablet's root). */
  sourcePartitionDir(mirrorVolume: StorageVolume, srcServiceId: string, srcDbId: number, srcTableId: number, srcPartitionId: number): string;
}

export function objectStorePaths(fe: FeState): ReplicationPaths {
  const store = new ObjectStore(fe.options.objectStore);
  return {
    partitionDir: (db, table, pp) => partitionDir(fe, db, table, pp),
    sourcePartitionDir(volume, serviceId, dbId, tableId, ppId) {
      const uri = partitionUri(volume, serviceId, dbId, tableId, ppId);
      const refused = s3AccessError(fe.options.objectStore, uri, volume.params);
      if (refused !== null) throw new CnTaskError(refused);
      return store.localPath(uri);
    },
  };
}
