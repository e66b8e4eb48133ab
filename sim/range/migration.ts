// RangeDistributionMigrationService (PR #77360, fe/.../alter/reshard/RangeDistributionMigrationService.java@6b3e681e):
// the ADMIN-script bridge of the cross-cluster migration tool. getTopology prints a range table's real tablet
// ranges as JSON (partition → index → tablet); submitSplit validates exact half-open child ranges for current
// parent tablets and admits one split job. Messages are StarRocks'.
import type { Column, Database, OlapTable, Tablet, TabletRange } from '../catalog/model.js';
import type { FeState } from '../fe/state.js';
import { indexNameById } from '../show/lookup.js';
import { addReshardJob, type SplitPlan } from './reshard.js';
import { cellText, compareTuples, isRangeTable, rangeColumns, rangeOf, sortByRange, tupleCells } from './ranges.js';
import { normalizeCell } from '../lake/values.js';

/** A complete external range: a null endpoint is infinity; a null cell is SQL NULL. */
export interface RangeSpec {
  lowerBound: Array<string | null> | null;
  lowerIncluded: boolean;
  upperBound: Array<string | null> | null;
  upperIncluded: boolean;
}

/** StarRocksException / IllegalArgumentException raised by the service (the script runner adds its prefix). */
export class MigrationServiceError extends Error {}

const fail = (msg: string): never => {
  throw new MigrationServiceError(msg);
};

function resolveTable(fe: FeState, dbName: string, tableName: string): { db: Database; table: OlapTable } {
  const db = fe.catalog.databases.get(dbName);
  if (!db) return fail(`Cannot find database ${dbName}`);
  const t = db.tables.get(tableName);
  if (!t || t.kind !== 'olap') return fail(`Cannot find OLAP table ${dbName}.${tableName}`);
  return { db, table: t };
}

function validateSupportedTable(db: Database, table: OlapTable): void {
  if (table.type !== 'CLOUD_NATIVE') fail(`Table ${db.name}.${table.name} is not a cloud-native table`);
  if (!isRangeTable(table)) fail(`Table ${db.name}.${table.name} is not range-distributed`);
  if (table.properties['colocate_with'] !== undefined) fail('Range-colocate tables are not supported by cross-cluster migration');
  if (table.state !== 'NORMAL') fail(`Table ${db.name}.${table.name} is not in NORMAL state: ${table.state}`);
}

const rangeJson = (r: TabletRange) => ({ lowerBound: r.lower, lowerIncluded: r.lowerIncluded, upperBound: r.upper, upperIncluded: r.upperIncluded });

/** getTopology / LocalMetastore.getRangeDistributionTopology: compact JSON (Gson's JsonObject.toString). */
export function getRangeDistributionTopology(fe: FeState, dbName: string, tableName: string): string {
  const { db, table } = resolveTable(fe, dbName, tableName);
  validateSupportedTable(db, table);
  const partitions = table.partitions.filter((p) => !p.isTemp).sort((a, b) => a.id - b.id);
  const out = partitions.flatMap((p) =>
    [...p.physicalPartitions]
      .sort((a, b) => a.id - b.id)
      .map((pp) => ({
        partitionName: p.name,
        partitionId: p.id,
        physicalPartitionId: pp.id,
        visibleVersion: pp.visibleVersion,
        // The simulator keeps one MaterializedIndex per index meta: currentIndexId = indexMetaId (see range.md).
        indexes: [...pp.indexes]
          .sort((a, b) => a.id - b.id)
          .map((idx) => ({
            indexName: indexNameById(table, idx.id),
            indexMetaId: idx.id,
            currentIndexId: idx.id,
            tablets: sortByRange(rangeColumns(table, idx.id), idx.tablets).map((t) => ({ tabletId: t.id, range: rangeJson(rangeOf(t)) })),
          })),
      })),
  );
  return JSON.stringify({ databaseName: db.name, tableName: table.name, tableId: table.id, partitions: out });
}

function validateHalfOpen(spec: RangeSpec, tabletId: number, i: number): void {
  if (spec.lowerBound === null && spec.lowerIncluded) fail('-infinity cannot be included');
  if (spec.upperBound === null && spec.upperIncluded) fail('+infinity cannot be included');
  if (spec.lowerBound !== null && !spec.lowerIncluded)
    fail(`Finite lower endpoint of child range ${i} for parent tablet ${tabletId} must be included`);
  if (spec.upperBound !== null && spec.upperIncluded)
    fail(`Finite upper endpoint of child range ${i} for parent tablet ${tabletId} must be excluded`);
}

/** Variant.of(type, value) per column; the canonical text of each cell (e.g. `007` of an INT is `7`). */
function toTuple(
  values: Array<string | null> | null,
  cols: Column[],
  tabletId: number,
  i: number,
  end: 'lower' | 'upper',
): Array<string | null> | null {
  if (values === null) return null;
  if (values.length !== cols.length) {
    fail(`The ${end} endpoint of child range ${i} for parent tablet ${tabletId} has ${values.length} values, expected ${cols.length}`);
  }
  try {
    return values.map((v, k) => (v === null ? null : cellText(normalizeCell({ ...cols[k]!, nullable: true }, v))));
  } catch {
    return fail(`Invalid ${end} endpoint of child range ${i} for parent tablet ${tabletId}`);
  }
}

const sameTuple = (cols: Column[], a: Array<string | null> | null, b: Array<string | null> | null): boolean =>
  a === null || b === null ? a === b : a.length === b.length && compareTuples(cols, tupleCells(cols, a), tupleCells(cols, b)) === 0;

function convertAndValidate(tabletId: number, parent: TabletRange, specs: RangeSpec[] | null, cols: Column[], maxSplit: number): TabletRange[] {
  if (!specs || specs.length < 2 || specs.length > maxSplit) fail(`Parent tablet ${tabletId} must have between 2 and ${maxSplit} child ranges`);
  const result = specs!.map((spec, i) => {
    if (!spec) return fail('Child range must not be null');
    validateHalfOpen(spec, tabletId, i);
    const lower = toTuple(spec.lowerBound, cols, tabletId, i, 'lower');
    const upper = toTuple(spec.upperBound, cols, tabletId, i, 'upper');
    if (lower !== null && upper !== null && compareTuples(cols, tupleCells(cols, lower), tupleCells(cols, upper)) >= 0) {
      fail(`Child range ${i} for parent tablet ${tabletId} is empty or reversed`);
    }
    return { lower, lowerIncluded: spec.lowerIncluded, upper, upperIncluded: spec.upperIncluded };
  });
  const first = result[0]!;
  const last = result[result.length - 1]!;
  if (
    !sameTuple(cols, parent.lower, first.lower) ||
    parent.lowerIncluded !== first.lowerIncluded ||
    !sameTuple(cols, parent.upper, last.upper) ||
    parent.upperIncluded !== last.upperIncluded
  ) {
    fail(`Child ranges do not exactly cover parent tablet ${tabletId}`);
  }
  for (let i = 1; i < result.length; i++) {
    const prev = result[i - 1]!;
    const cur = result[i]!;
    if (!sameTuple(cols, prev.upper, cur.lower) || prev.upperIncluded === cur.lowerIncluded) {
      fail(`Child ranges for parent tablet ${tabletId} have a gap, overlap, or duplicate at position ${i}`);
    }
  }
  return result;
}

/**
 * submitSplit: leader only (`leaderAdmissionOpen` = isLeader && isLeaderWorkAdmissionOpen), every parent a current
 * visible tablet of the table, exact half-open children; admits one SPLIT_TABLET job and returns its id.
 */
export function submitSplit(
  fe: FeState,
  dbName: string,
  tableName: string,
  request: Map<number, RangeSpec[] | null>,
  leaderAdmissionOpen: boolean,
): number {
  if (!leaderAdmissionOpen) fail('Range split must be submitted to the active leader FE');
  if (request.size === 0) fail('Range split requires at least one parent tablet');
  const { db, table } = resolveTable(fe, dbName, tableName);
  validateSupportedTable(db, table);
  const parents = new Map<number, { ppId: number; indexId: number; tablet: Tablet }>();
  for (const p of table.partitions.filter((x) => !x.isTemp))
    for (const pp of p.physicalPartitions)
      for (const idx of pp.indexes)
        for (const t of idx.tablets) if (request.has(t.id)) parents.set(t.id, { ppId: pp.id, indexId: idx.id, tablet: t });
  const missing = [...request.keys()].filter((id) => !parents.has(id)).sort((a, b) => a - b);
  if (missing.length > 0) fail(`Tablets [${missing.join(', ')}] are not current visible tablets of table ${table.name}`);
  const maxSplit = fe.config.getInt('tablet_reshard_max_split_count');
  const splits: SplitPlan[] = [...request].map(([id, specs]) => {
    const parent = parents.get(id)!;
    const ranges = convertAndValidate(id, rangeOf(parent.tablet), specs, rangeColumns(table, parent.indexId), maxSplit);
    return { physicalPartitionId: parent.ppId, indexId: parent.indexId, parentTabletId: id, ranges };
  });
  try {
    return addReshardJob(fe, db, table, 'SPLIT_TABLET', { splits });
  } catch (e) {
    return fail(e instanceof Error ? e.message : String(e));
  }
}
