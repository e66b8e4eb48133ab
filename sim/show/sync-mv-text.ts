// The sync MVs (and rollups) of a database as SHOW / information_schema list them, and the definition text
// ShowMaterializedViewStatus prints for each (its OriginStatement, or buildCreateMVSql for a rollup).
import type { Database, OlapTable, RollupIndex } from '../catalog/model.js';
import { indexIdsForListing, rollupById } from './lookup.js';

/**
 * The sync MVs (and rollups: every non-base index) of a database as the lists see them: per OLAP table in catalog
 * order, its indexes in `getVisibleIndexMetas` order (HashMap order of the index ids). `types` are the
 * Table.TableType names whose tables are searched: SHOW MATERIALIZED VIEWS takes OLAP and CLOUD_NATIVE
 * (`isOlapOrCloudNativeTable`), information_schema.materialized_views only OLAP (`getType() == OLAP`).
 */
export function syncMaterializedViews(db: Database, types: ReadonlyArray<OlapTable['type']>): Array<{ table: OlapTable; index: RollupIndex }> {
  const out: Array<{ table: OlapTable; index: RollupIndex }> = [];
  for (const t of db.tables.values()) {
    if (t.kind !== 'olap' || t.mv || !types.includes(t.type)) continue;
    for (const id of indexIdsForListing(t)) {
      const index = rollupById(t, id);
      if (index) out.push({ table: t, index });
    }
  }
  return out;
}

/**
 * ShowMaterializedViewStatus.buildCreateMVSql: the text of an index without OriginStatement (ALTER TABLE ADD
 * ROLLUP): `create materialized view r as select k1,k2,SUM(v) from t group by k1,k2`; a DUPLICATE value column
 * prints its implicit aggregation `NONE(v)`, a UNIQUE one `REPLACE(v)`.
 */
export function buildCreateMvSql(table: OlapTable, index: RollupIndex): string {
  const keys = index.columns
    .filter((c) => c.isKey)
    .map((c) => `${c.name},`)
    .join('');
  const values = index.columns
    .filter((c) => !c.isKey)
    .map((c) => `${c.aggType ?? (index.keysType === 'UNIQUE_KEYS' ? 'REPLACE' : 'NONE')}(${c.name}),`)
    .join('');
  const select = `${keys}${values}`.slice(0, -1);
  return `create materialized view ${index.name} as select ${select} from ${table.name} group by ${keys.slice(0, -1)}`;
}

/** The `text` of a sync MV / rollup status: the OriginStatement without newlines/tabs and with single spaces. */
export function syncMvText(table: OlapTable, index: RollupIndex): string {
  if (index.originStmt === null) return buildCreateMvSql(table, index);
  return index.originStmt.replace(/\n/g, '').replace(/\t/g, '').replace(/ +/g, ' ');
}
