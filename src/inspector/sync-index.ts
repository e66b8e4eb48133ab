// Rollups and synchronous materialized views of a table, from three reads (sim/fidelity/rollups.md, "What srsync
// can read"): index_schema (index ids and names, base first), `DESC <db>.<t> ALL` (every index's columns and keys
// type; index_schema/<id> answers the base schema on a cloud-native table) and the database's SHOW MATERIALIZED
// VIEWS rows joined by `id` = IndexId (the definition text). Pure functions over the rows.
import type { Row } from '../cluster/sql-client.js';
import type { IndexColumnInfo, KeysType, MaterializedIndexInfo, SyncIndexInfo } from '../model/snapshot.js';
import { parseKeysType } from './parse.js';

const str = (v: string | null | undefined) => (v === null || v === undefined || v === '\\N' ? '' : v);

/** One index of DESC ALL. */
export interface DescIndex {
  name: string;
  keysType: KeysType;
  columns: IndexColumnInfo[];
}

/** Aggregation words of DESC's Extra (AggregateType names), NONE included. */
const AGG_WORDS = new Set(['SUM', 'MAX', 'MIN', 'REPLACE', 'REPLACE_IF_NOT_NULL', 'HLL_UNION', 'BITMAP_UNION', 'PERCENTILE_UNION', 'NONE']);

/** The implicit aggregation of a value column when Extra shows none: NONE (DUPLICATE), REPLACE (UNIQUE). */
function implicitAgg(keysType: KeysType): string {
  return keysType === 'UNIQUE_KEYS' || keysType === 'PRIMARY_KEYS' ? 'REPLACE' : 'NONE';
}

/**
 * DESC ALL rows (`IndexName, IndexKeysType, Field, Type, Null, Key, Default, Extra`): an index starts at a row with
 * an IndexName; rows without a Field (the empty row between indexes) are skipped. Throws on an unknown keys type.
 */
export function parseDescAll(rows: readonly Row[]): DescIndex[] {
  const out: DescIndex[] = [];
  let current: DescIndex | null = null;
  for (const r of rows) {
    const indexName = str(r['IndexName']);
    if (indexName !== '') {
      current = { name: indexName, keysType: parseKeysType(str(r['IndexKeysType'])), columns: [] };
      out.push(current);
    }
    const field = str(r['Field']);
    if (field === '' || !current) continue;
    const isKey = str(r['Key']).toLowerCase() === 'true';
    const agg = str(r['Extra'])
      .toUpperCase()
      .split(/[\s,]+/)
      .find((w) => AGG_WORDS.has(w));
    current.columns.push({
      name: field,
      type: str(r['Type']),
      isKey,
      aggType: isKey ? null : (agg ?? implicitAgg(current.keysType)),
      nullable: str(r['Null']).toUpperCase() === 'YES',
    });
  }
  return out;
}

/**
 * ShowMaterializedViewStatus.buildCreateMVSql: the text StarRocks shows for an index without an OriginStatement
 * (a rollup): `create materialized view r as select k1,k2,NONE(v) from t group by k1,k2` (names not quoted).
 */
export function buildRollupText(table: string, index: string, columns: readonly IndexColumnInfo[]): string {
  const keys = columns.filter((c) => c.isKey).map((c) => c.name);
  const values = columns.filter((c) => !c.isKey).map((c) => `${c.aggType ?? 'NONE'}(${c.name})`);
  return `create materialized view ${index} as select ${[...keys, ...values].join(',')} from ${table} group by ${keys.join(',')}`;
}

/**
 * The non-base indexes of a table, in index_schema order, or undefined when the three reads do not describe the
 * same indexes (one was added or dropped between them, or a rollup job still builds it: index_schema lists it,
 * SHOW MATERIALIZED VIEWS only lists visible indexes): the next round reads again.
 * An index is a rollup when its text is exactly what StarRocks builds for an index without a statement and its
 * keys type is the table's (what ADD ROLLUP makes); otherwise the text is the user's CREATE MATERIALIZED VIEW.
 */
export function syncIndexesOf(
  table: { name: string; keysType: KeysType },
  indexes: readonly MaterializedIndexInfo[],
  desc: readonly DescIndex[],
  textById: ReadonlyMap<string, string>,
): SyncIndexInfo[] | undefined {
  const others = indexes.filter((i, n) => n > 0 && i.name !== table.name);
  const descOthers = desc.filter((d, n) => n > 0 && d.name !== table.name);
  if (indexes.length === 0 || others.length !== descOthers.length) return undefined;
  const descByName = new Map(descOthers.map((d) => [d.name, d]));
  const out: SyncIndexInfo[] = [];
  for (const i of others) {
    const d = descByName.get(i.name);
    const text = textById.get(i.id);
    if (!d || text === undefined || text.trim() === '' || d.columns.length === 0) return undefined;
    const rollup = d.keysType === table.keysType && text === buildRollupText(table.name, i.name, d.columns);
    out.push({ id: i.id, name: i.name, kind: rollup ? 'rollup' : 'mv', definition: text, keysType: d.keysType, columns: d.columns });
  }
  return out;
}
