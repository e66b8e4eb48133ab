// Catalog lookups the proc dirs and SHOW statements share (by id or name, as StarRocks resolves them),
// the system databases every FE lists, and the storage paths of tables and partitions.
import type { Database, OlapTable, RollupIndex, StorageVolume, Table } from '../catalog/model.js';
import { javaLongHashMapOrder } from '../ddl/java.js';
import type { FeState } from '../fe/state.js';
import { partitionUri, tableUri } from '../lake/paths.js';

/** Databases that exist in every FE without being in the catalog: name → id (InfoSchemaDb / SysDb). */
export const VIRTUAL_SYSTEM_DBS: ReadonlyArray<{ name: string; id: number }> = [
  { name: 'information_schema', id: 1 },
  { name: 'sys', id: 2 },
];

/** Database names as SHOW DATABASES / information_schema.schemata see them: catalog dbs plus the system dbs. */
export function allDatabaseNames(fe: FeState): string[] {
  const names = new Set<string>(fe.catalog.databases.keys());
  for (const s of VIRTUAL_SYSTEM_DBS) names.add(s.name);
  return [...names];
}

/** `Long.parseLong(s)` semantics: a decimal integer string, else null. */
export function parseId(s: string): number | null {
  return /^[+-]?\d+$/.test(s) ? Number(s) : null;
}

/** GlobalStateMgr.getDb(Long.parseLong(s)) falling back to the name when `s` is not a number. */
export function findDbByIdOrName(fe: FeState, idOrName: string): Database | undefined {
  const id = parseId(idOrName);
  return id !== null ? fe.findDbById(id) : fe.catalog.databases.get(idOrName);
}

export function findTableByIdOrName(fe: FeState, db: Database, idOrName: string): Table | undefined {
  const id = parseId(idOrName);
  return id !== null ? fe.findTableById(db, id) : db.tables.get(idOrName);
}

export function volumeOf(fe: FeState, table: OlapTable): StorageVolume | undefined {
  return fe.storageVolumeById(table.storageVolumeId) ?? fe.catalog.storageVolumes.get(table.storageVolumeId);
}

/** The table's default file path (`<location>/<service_id>/db<dbId>/<tableId>`), or null when unknown. */
export function tableStoragePath(fe: FeState, db: Database, table: OlapTable): string | null {
  if (table.type !== 'CLOUD_NATIVE') return null;
  const v = volumeOf(fe, table);
  return v ? tableUri(v, fe.serviceId, db.id, table.id) : null;
}

export function partitionStoragePath(fe: FeState, db: Database, table: OlapTable, physicalPartitionId: number): string | null {
  if (table.type !== 'CLOUD_NATIVE') return null;
  const v = volumeOf(fe, table);
  return v ? partitionUri(v, fe.serviceId, db.id, table.id, physicalPartitionId) : null;
}

/** Table.TableType name of a catalog object, as `Type` / `TABLE_ENGINE` print it. */
export function tableTypeName(table: Table): string {
  if (table.kind === 'view') return 'VIEW';
  if (table.mv) return table.type === 'CLOUD_NATIVE' ? 'CLOUD_NATIVE_MATERIALIZED_VIEW' : 'MATERIALIZED_VIEW';
  return table.type;
}

export const isMaterializedView = (t: Table): t is OlapTable => t.kind === 'olap' && t.mv !== null;

/** The base index's name (StarRocks names it after the table). */
export const baseIndexName = (t: OlapTable) => t.baseIndex.name || t.name;

/** OlapTable.getIndexNameById: the base index's or a rollup's / sync MV's name; null when unknown. */
export function indexNameById(t: OlapTable, indexId: number): string | null {
  if (indexId === t.baseIndex.indexId) return baseIndexName(t);
  return t.rollups?.find((r) => r.indexId === indexId)?.name ?? null;
}

/**
 * The order IndexInfoProcDir and DESC ALL list indexes in: the base index, then the others as the
 * `HashMap<Long, MaterializedIndexMeta>` iterates them (getIndexIdListExceptBaseIndex / indexMetaIdToSchema).
 */
export function indexIdsForListing(t: OlapTable): number[] {
  const all = javaLongHashMapOrder([t.baseIndex.indexId, ...(t.rollups ?? []).map((r) => r.indexId)]);
  return [t.baseIndex.indexId, ...all.filter((id) => id !== t.baseIndex.indexId)];
}

export const rollupById = (t: OlapTable, indexId: number): RollupIndex | undefined => t.rollups?.find((r) => r.indexId === indexId);

/** All tablets of all physical partitions of the table (lake tables: one replica each). */
export function tabletCount(t: OlapTable): number {
  let n = 0;
  for (const p of t.partitions) for (const pp of p.physicalPartitions) for (const idx of pp.indexes) n += idx.tablets.length;
  return n;
}

/** OlapTable.getDataSize / row count over the formal (non-temporary) partitions. */
export function tableDataSize(t: OlapTable): number {
  let n = 0;
  for (const p of t.partitions) if (!p.isTemp) for (const pp of p.physicalPartitions) n += pp.dataSize;
  return n;
}

export function tableRowCount(t: OlapTable): number {
  let n = 0;
  for (const p of t.partitions) if (!p.isTemp) for (const pp of p.physicalPartitions) n += pp.rowCount;
  return n;
}
