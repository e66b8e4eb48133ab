// Builds huge catalogs directly into an FeState (no SQL parsing per table), with the ids a sequence of
// CREATE DATABASE / CREATE TABLE statements would get: e.g. 10 dbs × 1,000 tables × 10 daily RANGE partitions ×
// 10 buckets = 10,000 tables, 100,000 partitions, 1,000,000 tablets in a few seconds. All tables share one
// column list (treat catalog objects as immutable; DDL replaces them rather than mutating).
import type { Column, Database, OlapTable, PhysicalPartition } from '../catalog/model.js';
import type { FeState } from '../fe/state.js';
import { createDatabase } from '../ddl/database.js';
import { type DdlHooks, hooksOf } from '../ddl/hooks.js';
import { fmtDate, fmtPattern, fromEpochDay, parseDateTime, toEpochDay } from '../ddl/literals.js';
import type { PartitionSpec } from '../ddl/partitions.js';
import { analyzeTableProperties } from '../ddl/properties.js';
import { volumeForTable } from '../ddl/storage-volume.js';
import { materializeTable, type TableBlueprint } from '../ddl/table.js';

export interface CatalogSpec {
  databases: number;
  tablesPerDb: number;
  partitionsPerTable: number;
  bucketsPerPartition: number;
  /** When set with `load`, `load` is called once per physical partition with this row count. */
  rowsPerPartition?: number;
  /** Calls the DDL hooks' onNewPhysicalPartition for every partition (the lake writes version-1 metadata). */
  writeMetaFiles?: boolean;
  /** Database names are `<dbPrefix><i>` (default `gen_db`), tables `<tablePrefix><j>` (default `t`). */
  dbPrefix?: string;
  tablePrefix?: string;
  /** First day of the daily partitions (default 2024-01-01). */
  startDate?: string;
  /** Loads data into one new physical partition (the caller's load path). */
  load?: (db: Database, table: OlapTable, pp: PhysicalPartition, rows: number) => void;
  hooks?: DdlHooks;
}

export interface GeneratedCatalog {
  databases: Database[];
  tables: number;
  partitions: number;
  tablets: number;
}

const col = (name: string, type: string, isKey: boolean, nullable: boolean): Column => ({
  name,
  type,
  isKey,
  aggType: null,
  nullable,
  defaultValue: null,
  autoIncrement: false,
  comment: '',
});

/** The shared schema: DUPLICATE KEY(dt, id), RANGE(dt) daily, HASH(id). */
export const GENERATED_COLUMNS: readonly Column[] = [
  col('dt', 'date', true, false),
  col('id', 'bigint(20)', true, false),
  col('name', 'varchar(64)', false, true),
  col('amount', 'decimal(18, 4)', false, true),
  col('ts', 'datetime', false, true),
];

function dailySpecs(start: string, n: number): PartitionSpec[] {
  const p = parseDateTime(start);
  if (!p) throw new Error(`invalid startDate ${start}`);
  const day0 = toEpochDay(p.y, p.mo, p.d);
  const specs: PartitionSpec[] = [];
  for (let i = 0; i < n; i++) {
    const a = fromEpochDay(day0 + i);
    const b = fromEpochDay(day0 + i + 1);
    const lo = { ...a, h: 0, mi: 0, s: 0 };
    const hi = { ...b, h: 0, mi: 0, s: 0 };
    specs.push({ name: `p${fmtPattern(lo, 'yyyyMMdd')}`, bound: { kind: 'range', lower: [fmtDate(lo)], upper: [fmtDate(hi)] } });
  }
  return specs;
}

export function generateCatalog(fe: FeState, spec: CatalogSpec): GeneratedCatalog {
  const hooks = spec.hooks ?? hooksOf(fe);
  const columns = [...GENERATED_COLUMNS];
  const specs = dailySpecs(spec.startDate ?? '2024-01-01', spec.partitionsPerTable);
  const cloudNative = fe.options.runMode === 'shared_data';
  const distribution = { type: 'HASH' as const, columns: ['id'], buckets: spec.bucketsPerPartition };
  const props = analyzeTableProperties(
    fe,
    {},
    {
      keysType: 'DUP_KEYS',
      columns,
      cloudNative,
      distributionType: 'HASH',
      autoBuckets: false,
      rangePartitioned: true,
    },
  ).properties;
  const out: GeneratedCatalog = { databases: [], tables: 0, partitions: 0, tablets: 0 };
  for (let i = 0; i < spec.databases; i++) {
    const dbName = `${spec.dbPrefix ?? 'gen_db'}${i}`;
    const db = createDatabase(fe, { kind: 'createDatabase', ifNotExists: false, name: dbName, properties: {} })!;
    out.databases.push(db);
    for (let j = 0; j < spec.tablesPerDb; j++) {
      const bp: TableBlueprint = {
        name: `${spec.tablePrefix ?? 't'}${j}`,
        type: cloudNative ? 'CLOUD_NATIVE' : 'OLAP',
        keysType: 'DUP_KEYS',
        columns,
        keyColumns: ['dt', 'id'],
        partitionInfo: { type: 'RANGE', columns: ['dt'], exprText: null, automatic: false },
        distribution: { ...distribution },
        sortKeys: [],
        bitmapIndexes: [],
        comment: '',
        mv: null,
        specs,
        shadow: false,
      };
      const table = materializeTable(fe, bp, {
        afterTableId: () => (cloudNative ? volumeForTable(fe, db, '') : ''),
        afterIndexId: () => ({ ...props }),
      });
      db.tables.set(table.name, table);
      out.tables++;
      for (const p of table.partitions) {
        out.partitions++;
        for (const pp of p.physicalPartitions) {
          out.tablets += pp.indexes[0]!.tablets.length;
          if (spec.writeMetaFiles) hooks.onNewPhysicalPartition(db, table, pp);
          if (spec.load && spec.rowsPerPartition) spec.load(db, table, pp, spec.rowsPerPartition);
        }
      }
    }
  }
  fe.onChange();
  return out;
}
