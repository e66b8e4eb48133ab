// Reads one cluster's catalog. Never writes: every statement here is a SELECT, SHOW or DESC.
// Bulk reads through information_schema where the output allows (reference §6.6, §6.8, §6.10);
// per-object SHOW statements only for what the planner or a replication request needs.
import { readIndexes } from './bulk-jobs.js';
import { inParallel } from '../util/parallel.js';
import { SqlError, type SqlClient, type Row } from '../cluster/sql-client.js';
import type {
  ClusterSnapshot,
  ColumnInfo,
  DatabaseInfo,
  MaterializedIndexInfo,
  MaterializedViewInfo,
  PartitionInfo,
  PhysicalPartitionInfo,
  StorageVolumeInfo,
  TableInfo,
  ViewInfo,
  BitmapIndexInfo,
} from '../model/snapshot.js';
import { qualifiedName, quoteIdent, quoteString } from '../sql/quote.js';
import {
  parseJsonObject,
  parseKeysType,
  parseListText,
  parseNameList,
  parseDistribution,
  parsePartitionType,
  parseRangeText,
  parseVersionComment,
  parseReplicationProgress,
  type ReplicationProgress,
} from './parse.js';
import { parseDescAll, syncIndexesOf } from './sync-index.js';
import { hasIndexDefinitions, quoteIndexDefinitions, type IndexDefinition } from '../planner/show-create-repair.js';
import { readPrivileges } from './privileges.js';
import type { PrivilegeSnapshot } from '../model/snapshot.js';

/** A database while the inspector fills it (the snapshot's DatabaseInfo is read-only once returned). */
type Draft<T> = { -readonly [K in keyof T]: T[K] };
type DatabaseDraft = DatabaseInfo & {
  tables: Map<string, Draft<TableInfo>>;
  views: Map<string, ViewInfo>;
  materializedViews: Map<string, MaterializedViewInfo>;
};

/**
 * The outcome of one object's own read (its SHOW CREATE text, its SHOW INDEX...): a failure is that object's, never
 * the round's. `transient`: the connection failed (every object would fail alike), not the object.
 */
export type ObjectRead<T> = { ok: true; value: T } | { ok: false; error: string; transient: boolean };

/** Runs one object's read; a failure becomes `{ ok: false }` with `<what> failed: <the FE's message>`. */
export async function readObject<T>(what: string, read: () => Promise<T>): Promise<ObjectRead<T>> {
  try {
    return { ok: true, value: await read() };
  } catch (e) {
    return { ok: false, error: `${what} failed: ${(e as Error).message}`, transient: e instanceof SqlError && e.transient };
  }
}

export const SYSTEM_DATABASES = new Set(['information_schema', '_statistics_', 'sys', '_starrocks_sys_']);

export interface FrontendInfo {
  name: string;
  ip: string;
  queryPort: number;
  rpcPort: number;
  httpPort: number;
  role: string;
  alive: boolean;
}

const num = (v: string | null | undefined) => (v === null || v === undefined || v === '' || v === '\\N' ? 0 : Number(v));
const str = (v: string | null | undefined) => (v === null || v === undefined || v === '\\N' ? '' : v);

export class ClusterInspector {
  constructor(private readonly sql: SqlClient) {}

  async versionComment(): Promise<string> {
    const rows = await this.sql.query('SELECT @@version_comment');
    return Object.values(rows[0] ?? {})[0] ?? '';
  }

  async runMode(): Promise<string> {
    const rows = await this.sql.query("ADMIN SHOW FRONTEND CONFIG LIKE 'run_mode'");
    return str(rows[0]?.['Value']);
  }

  async frontendConfig(key: string): Promise<string | null> {
    const rows = await this.sql.query(`ADMIN SHOW FRONTEND CONFIG LIKE ${quoteString(key)}`);
    const row = rows.find((r) => r['Key'] === key);
    return row ? str(row['Value']) : null;
  }

  async frontends(): Promise<FrontendInfo[]> {
    const rows = await this.sql.query('SHOW FRONTENDS');
    return rows.map((r) => ({
      name: str(r['Name']),
      ip: str(r['IP']),
      queryPort: num(r['QueryPort']),
      rpcPort: num(r['RpcPort']),
      httpPort: num(r['HttpPort']),
      role: str(r['Role']),
      alive: str(r['Alive']).toLowerCase() === 'true',
    }));
  }

  async storageVolumes(): Promise<Map<string, StorageVolumeInfo>> {
    const names = (await this.sql.query('SHOW STORAGE VOLUMES')).map((r) => str(r['Storage Volume']));
    const out = new Map<string, StorageVolumeInfo>();
    for (const name of names) {
      const row = (await this.sql.query(`DESC STORAGE VOLUME ${quoteIdent(name)}`))[0];
      if (!row) continue;
      out.set(name, {
        name,
        type: str(row['Type']),
        locations: str(row['Location']).split(', ').filter(Boolean),
        isDefault: str(row['IsDefault']).toLowerCase() === 'true',
        enabled: str(row['Enabled']).toLowerCase() !== 'false',
      });
    }
    return out;
  }

  /**
   * The whole catalog of user databases in a handful of bulk queries.
   * `dbFilter` limits the databases read (scope pushdown); table DDL text is not read here (see createSql).
   */
  async snapshot(opts: { serviceId: string; dbFilter?: (db: string) => boolean }): Promise<ClusterSnapshot> {
    const takenAt = Date.now();
    const [versionComment, runMode, volumes] = await Promise.all([this.versionComment(), this.runMode(), this.storageVolumes()]);
    const wanted = (db: string) => !SYSTEM_DATABASES.has(db) && (opts.dbFilter ? opts.dbFilter(db) : true);
    const databases = new Map<string, DatabaseDraft>();
    for (const r of await this.sql.query("SHOW PROC '/dbs'")) {
      const name = str(r['DbName']);
      if (!wanted(name)) continue;
      databases.set(name, { id: str(r['DbId']), name, tables: new Map(), views: new Map(), materializedViews: new Map() });
    }
    if (databases.size === 0) {
      return {
        takenAt,
        version: parseVersionComment(versionComment).version,
        runMode: runMode as ClusterSnapshot['runMode'],
        serviceId: opts.serviceId,
        storageVolumes: volumes,
        defaultStorageVolume: defaultVolume(volumes),
        databases,
      };
    }
    const dbList = [...databases.keys()];
    const inDbs = `(${dbList.map(quoteString).join(', ')})`;

    // Views and MVs are few: one query each. Tables are read database by database (SHOW PROC for ids, states and
    // partition types; tables_config, columns and partitions_meta filtered by database) and built at once, so that
    // only a few databases' raw rows are held at a time (10,000 tables / 100,000 partitions in one go cost ~400 MB).
    const [views, mvs] = await Promise.all([
      this.sql.query(`SELECT TABLE_SCHEMA, TABLE_NAME, VIEW_DEFINITION FROM information_schema.views WHERE TABLE_SCHEMA IN ${inDbs}`),
      this.sql.query(
        `SELECT MATERIALIZED_VIEW_ID, TABLE_SCHEMA, TABLE_NAME, REFRESH_TYPE, MATERIALIZED_VIEW_DEFINITION FROM information_schema.materialized_views WHERE TABLE_SCHEMA IN ${inDbs}`,
      ),
    ]);
    const viewDefs = new Map(views.map((r) => [key(str(r['TABLE_SCHEMA']), str(r['TABLE_NAME'])), str(r['VIEW_DEFINITION'])]));
    // Async MVs only: the view also lists the sync MVs / rollups of OLAP tables (refresh type ROLLUP, id = an index
    // id); those are indexes of their tables (see readSyncIndexes), never MVs of their own.
    const asyncMvs = mvs.filter((r) => str(r['REFRESH_TYPE']).toUpperCase() !== 'ROLLUP');
    const mvDefs = new Map(
      asyncMvs.map((r) => [
        key(str(r['TABLE_SCHEMA']), str(r['TABLE_NAME'])),
        { id: str(r['MATERIALIZED_VIEW_ID']), definition: str(r['MATERIALIZED_VIEW_DEFINITION']) },
      ]),
    );

    const cache = newReadCache();
    await inParallel(DB_READ_CONCURRENCY, dbList, async (db) => {
      const dbInfo = databases.get(db)!;
      const inDb = quoteString(db);
      const [rows, configs, columns, partitions] = await Promise.all([
        this.sql.query(`SHOW PROC ${quoteString(`/dbs/${dbInfo.id}`)}`),
        this.sql.query(`SELECT * FROM information_schema.tables_config WHERE TABLE_SCHEMA = ${inDb}`),
        this.sql.query(
          `SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, ORDINAL_POSITION, COLUMN_DEFAULT, IS_NULLABLE, COLUMN_TYPE, COLUMN_KEY, EXTRA, COLUMN_COMMENT FROM information_schema.columns WHERE TABLE_SCHEMA = ${inDb}`,
        ),
        this.sql.query(`${PARTITIONS_META} WHERE DB_NAME = ${inDb}`),
      ]);
      // Keyed by table name: rows of another database (none are asked for) are never looked up.
      const configByTable = new Map<string, Row>();
      for (const r of configs) if (str(r['TABLE_SCHEMA']) === db) configByTable.set(str(r['TABLE_NAME']), r);
      const columnsByTable = groupByTable(columns, 'TABLE_SCHEMA', db);
      const partitionsByTable = groupByTable(partitions, 'DB_NAME', db);
      for (const r of rows) {
        const name = str(r['TableName']);
        const type = str(r['Type']);
        if (type === 'VIEW') {
          const columns = buildColumns(columnsByTable.get(name) ?? []).map((c) => c.name);
          const v: ViewInfo = { id: str(r['TableId']), dbName: db, name, createSql: '', definition: viewDefs.get(key(db, name)) ?? '', columns };
          dbInfo.views.set(name, v);
          continue;
        }
        if (type.endsWith('MATERIALIZED_VIEW')) {
          const columns = buildColumns(columnsByTable.get(name) ?? []).map((c) => c.name);
          const def = mvDefs.get(key(db, name));
          const id = str(r['TableId']);
          const definition = def && (def.id === '' || def.id === id) ? def.definition : '';
          const mv: MaterializedViewInfo = { id, dbName: db, name, createSql: '', definition, columns };
          dbInfo.materializedViews.set(name, mv);
          continue;
        }
        if (type !== 'CLOUD_NATIVE' && type !== 'OLAP') continue;
        const cfg = configByTable.get(name);
        if (!cfg) continue; // created between the two reads: next round
        const proc = procTable(r);
        // One table's rows that cannot be understood are that table's failure (readError), not the round's.
        let table: Draft<TableInfo>;
        try {
          table = buildTable(db, proc, cfg, columnsByTable.get(name) ?? [], partitionsByTable.get(name) ?? [], cache);
          table.indexNum = proc.indexNum;
          table.syncIndexes = proc.indexNum > 1 ? undefined : [];
        } catch (e) {
          table = unreadableTable(db, proc, `reading its columns and partitions failed: ${(e as Error).message}`);
        }
        dbInfo.tables.set(name, table);
      }
      // Rollups and sync MVs: only tables with more than one index cost queries (IndexNum above).
      const withIndexes = [...dbInfo.tables.values()].filter((t) => (t.indexNum ?? 0) > 1 && t.readError === undefined);
      if (withIndexes.length > 0) await this.readSyncIndexes(dbInfo, withIndexes);
    });
    return {
      takenAt,
      version: parseVersionComment(versionComment).version,
      runMode: runMode as ClusterSnapshot['runMode'],
      serviceId: opts.serviceId,
      storageVolumes: volumes,
      defaultStorageVolume: defaultVolume(volumes),
      databases,
    };
  }

  /** Users, roles and grants (src/inspector/privileges.ts); `dbNames` resolves dotted object names in SHOW GRANTS. */
  privileges(dbNames: ReadonlySet<string>, threads?: number): Promise<PrivilegeSnapshot> {
    return readPrivileges(this.sql, dbNames, threads);
  }

  /** User database ids by name: SHOW PROC '/dbs'. */
  async databaseIds(): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const r of await this.sql.query("SHOW PROC '/dbs'")) {
      const name = str(r['DbName']);
      if (!SYSTEM_DATABASES.has(name)) out.set(name, str(r['DbId']));
    }
    return out;
  }

  /**
   * Re-reads some tables (configs, columns, partitions) with three information_schema queries filtered by
   * database and table name, for a re-plan of just these tables. What SHOW PROC told of each (id, engine, state,
   * partition type) is taken from `known` (the last full read). A table gone from tables_config is missing from
   * the result; its `id` is tables_config's TABLE_ID (a re-created table has a new one). Keyed `db.table`. A table
   * whose rows cannot be understood is returned with `readError` set (its failure, not the batch's).
   */
  async tables(known: TableInfo[]): Promise<Map<string, TableInfo>> {
    const out = new Map<string, TableInfo>();
    if (known.length === 0) return out;
    const dbs = `(${[...new Set(known.map((t) => t.dbName))].map(quoteString).join(', ')})`;
    const names = `(${[...new Set(known.map((t) => t.name))].map(quoteString).join(', ')})`;
    const [configs, columns, partitions] = await Promise.all([
      this.sql.query(`SELECT * FROM information_schema.tables_config WHERE TABLE_SCHEMA IN ${dbs} AND TABLE_NAME IN ${names}`),
      this.sql.query(
        `SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, ORDINAL_POSITION, COLUMN_DEFAULT, IS_NULLABLE, COLUMN_TYPE, COLUMN_KEY, EXTRA, COLUMN_COMMENT FROM information_schema.columns WHERE TABLE_SCHEMA IN ${dbs} AND TABLE_NAME IN ${names}`,
      ),
      this.sql.query(`${PARTITIONS_META} WHERE DB_NAME IN ${dbs} AND TABLE_NAME IN ${names}`),
    ]);
    const configByTable = new Map<string, Row>(configs.map((r) => [key(str(r['TABLE_SCHEMA']), str(r['TABLE_NAME'])), r]));
    const columnsByTable = groupBy(columns, (r) => key(str(r['TABLE_SCHEMA']), str(r['TABLE_NAME'])));
    const partitionsByTable = groupBy(partitions, (r) => key(str(r['DB_NAME']), str(r['TABLE_NAME'])));
    const cache = newReadCache();
    for (const t of known) {
      const k = key(t.dbName, t.name);
      const cfg = configByTable.get(k);
      if (!cfg) continue;
      const proc: ProcTable = {
        id: str(cfg['TABLE_ID']) || t.id,
        name: t.name,
        engine: t.engine,
        state: t.state,
        partitionType: t.partitionType,
        indexNum: 0,
      };
      let fresh: TableInfo;
      try {
        fresh = buildTable(t.dbName, proc, cfg, columnsByTable.get(k) ?? [], partitionsByTable.get(k) ?? [], cache);
      } catch (e) {
        fresh = unreadableTable(t.dbName, proc, `reading its columns and partitions failed: ${(e as Error).message}`);
      }
      out.set(`${t.dbName}.${t.name}`, { ...fresh, bitmapIndexes: t.bitmapIndexes, indexes: t.indexes, createSql: t.createSql });
    }
    return out;
  }

  /**
   * SHOW CREATE TABLE text. Index.toSql prints index names bare, and a name may hold spaces, backticks or newlines:
   * when the text has index definitions, their names are taken from SHOW INDEX and the definitions re-rendered
   * quoted (quoteIndexDefinitions); the rest of the text is as the FE printed it.
   */
  async createTableSql(db: string, table: string): Promise<string> {
    const rows = await this.sql.query(`SHOW CREATE TABLE ${quoteIdent(db)}.${quoteIdent(table)}`);
    const sql = str(rows[0]?.['Create Table']);
    return hasIndexDefinitions(sql) ? quoteIndexDefinitions(sql, await this.indexDefinitions(db, table)) : sql;
  }

  /** createTableSql, its failure that table's own (for the engine: reported with the table, the round goes on). */
  tryCreateTableSql(db: string, table: string): Promise<ObjectRead<string>> {
    return readObject(`SHOW CREATE TABLE ${qualifiedName(db, table)}`, () => this.createTableSql(db, table));
  }

  tryCreateViewSql(db: string, view: string): Promise<ObjectRead<string>> {
    return readObject(`SHOW CREATE VIEW ${qualifiedName(db, view)}`, () => this.createViewSql(db, view));
  }

  tryCreateMaterializedViewSql(db: string, mv: string): Promise<ObjectRead<string>> {
    return readObject(`SHOW CREATE MATERIALIZED VIEW ${qualifiedName(db, mv)}`, () => this.createMaterializedViewSql(db, mv));
  }

  tryBitmapIndexes(db: string, table: string): Promise<ObjectRead<BitmapIndexInfo[]>> {
    return readObject(`SHOW INDEX FROM ${qualifiedName(db, table)}`, () => this.bitmapIndexes(db, table));
  }

  /** Every index of a table as SHOW INDEX lists it (all types; one row per index, Column_name not split). */
  async indexDefinitions(db: string, table: string): Promise<IndexDefinition[]> {
    const rows = await this.sql.query(`SHOW INDEX FROM ${quoteIdent(db)}.${quoteIdent(table)}`);
    return rows.map((r) => ({
      name: str(r['Key_name']),
      columns: [str(r['Column_name'])],
      type: str(r['Index_type']).toUpperCase(),
      comment: str(r['Comment']),
    }));
  }

  async createViewSql(db: string, view: string): Promise<string> {
    const rows = await this.sql.query(`SHOW CREATE VIEW ${quoteIdent(db)}.${quoteIdent(view)}`);
    return str(rows[0]?.['Create View']);
  }

  async createMaterializedViewSql(db: string, mv: string): Promise<string> {
    const rows = await this.sql.query(`SHOW CREATE MATERIALIZED VIEW ${quoteIdent(db)}.${quoteIdent(mv)}`);
    const row = rows[0];
    if (!row) return '';
    const sql = str(row['Create Materialized View'] ?? Object.values(row)[1]);
    if (!hasIndexDefinitions(sql)) return sql;
    // An async MV's indexes print as a table's do (bare names); SHOW INDEX names them.
    const indexes = await this.indexDefinitions(db, mv).catch(() => null);
    return indexes ? quoteIndexDefinitions(sql, indexes) : sql;
  }

  async bitmapIndexes(db: string, table: string): Promise<BitmapIndexInfo[]> {
    const rows = await this.sql.query(`SHOW INDEX FROM ${quoteIdent(db)}.${quoteIdent(table)}`);
    const byName = new Map<string, BitmapIndexInfo & { columns: string[] }>(); // draft: columns filled below
    for (const r of rows) {
      if (str(r['Index_type']).toUpperCase() !== 'BITMAP') continue;
      const name = str(r['Key_name']);
      const idx = byName.get(name) ?? { name, columns: [] as string[], comment: str(r['Comment']) };
      // A bitmap index has exactly one column (IndexDef: "bitmap index can only apply to a single column"), and
      // Column_name is its name as is: a name containing a comma must not be split.
      idx.columns.push(str(r['Column_name']));
      byName.set(name, idx);
    }
    return [...byName.values()];
  }

  /** Materialized indexes of a table (base first) with schema hashes: SHOW PROC '/dbs/<dbId>/<tableId>/index_schema'. */
  materializedIndexes(dbId: string, tableId: string): Promise<MaterializedIndexInfo[]> {
    return readIndexes(this.sql, dbId, tableId);
  }

  /**
   * Rollups and sync MVs of some tables of one database (sim/fidelity/rollups.md): SHOW MATERIALIZED VIEWS once for
   * the database (definitions by index id; async MVs have table ids and match no index), then per table its
   * index_schema (ids, names) and DESC ALL (columns). Sets `indexes` and `syncIndexes` (left undefined for a table
   * whose reads failed or disagreed: the planner waits for the next round).
   */
  async readSyncIndexes(db: DatabaseInfo, tables: Draft<TableInfo>[]): Promise<void> {
    let textById: Map<string, string>;
    try {
      const rows = await this.sql.query(`SHOW MATERIALIZED VIEWS FROM ${quoteIdent(db.name)}`);
      textById = new Map(rows.map((r) => [str(r['id']), str(r['text'])]));
    } catch {
      return;
    }
    await inParallel(SYNC_INDEX_READ_CONCURRENCY, tables, async (t) => {
      try {
        const [indexes, desc] = await Promise.all([
          this.materializedIndexes(db.id, t.id),
          this.sql.query(`DESC ${qualifiedName(db.name, t.name)} ALL`),
        ]);
        t.indexes = indexes;
        t.syncIndexes = syncIndexesOf(t, indexes, parseDescAll(desc), textById);
      } catch {
        t.syncIndexes = undefined; // dropped meanwhile, or unreadable: the next round reads it again
      }
    });
  }

  /** Replication jobs known to this (target) FE: SHOW PROC '/replications' (reference §5). */
  async replicationJobs(): Promise<
    Array<{
      jobId: string;
      dbId: string;
      tableId: string;
      txnId: string;
      state: string;
      progress: string;
      tasks: ReplicationProgress | null;
      error: string;
    }>
  > {
    const rows = await this.sql.query("SHOW PROC '/replications'");
    return rows.map((r) => ({
      jobId: str(r['JobID']),
      dbId: str(r['DatabaseID']),
      tableId: str(r['TableID']),
      txnId: str(r['TxnID']),
      state: str(r['State']),
      progress: str(r['Progress']),
      tasks: parseReplicationProgress(r['Progress']),
      error: str(r['Error']),
    }));
  }
}

const key = (db: string, t: string) => `${db}\u0000${t}`;

/** Databases read at once by snapshot(): bounds the raw rows held (memory) while keeping the pool busy. */
const DB_READ_CONCURRENCY = 2;
/** Tables of one database whose indexes (index_schema + DESC ALL) are read at once. */
const SYNC_INDEX_READ_CONCURRENCY = 4;

const PARTITIONS_META =
  'SELECT DB_NAME, TABLE_NAME, PARTITION_NAME, PARTITION_ID, VISIBLE_VERSION, NEXT_VERSION, DATA_VERSION, VERSION_EPOCH, VERSION_TXN_TYPE, PARTITION_VALUE, DISTRIBUTION_KEY, BUCKETS, IS_TEMP, DATA_SIZE, ROW_COUNT FROM information_schema.partitions_meta';

/** What SHOW PROC '/dbs/<id>' tells of a table. */
interface ProcTable {
  id: string;
  name: string;
  engine: string;
  state: string;
  partitionType: TableInfo['partitionType'];
  /** IndexNum: 1 + rollups + sync MVs (0 when not shown). */
  indexNum: number;
}

function procTable(r: Row): ProcTable {
  return {
    id: str(r['TableId']),
    name: str(r['TableName']),
    engine: str(r['Type']),
    state: str(r['State']),
    partitionType: parsePartitionType(str(r['PartitionType'])),
    indexNum: num(r['IndexNum']),
  };
}

/** The rows of database `db` (column `dbColumn`) by TABLE_NAME, in order; rows of other databases are left out. */
function groupByTable(rows: Row[], dbColumn: string, db: string): Map<string, Row[]> {
  const m = new Map<string, Row[]>();
  let lastName: string | null = null;
  let last: Row[] = [];
  for (const r of rows) {
    if (str(r[dbColumn]) !== db) continue;
    const name = str(r['TABLE_NAME']);
    // Rows come table by table: most rows join the previous row's group without a lookup.
    if (name !== lastName) {
      lastName = name;
      const group = m.get(name);
      if (group) last = group;
      else m.set(name, (last = []));
    }
    last.push(r);
  }
  return m;
}

function groupBy<T>(items: T[], f: (x: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const x of items) {
    const k = f(x);
    const arr = m.get(k);
    if (arr) arr.push(x);
    else m.set(k, [x]);
  }
  return m;
}

function defaultVolume(volumes: Map<string, StorageVolumeInfo>): string {
  for (const v of volumes.values()) if (v.isDefault) return v.name;
  return '';
}

const AGG_TYPES = new Set(['SUM', 'MAX', 'MIN', 'REPLACE', 'REPLACE_IF_NOT_NULL', 'HLL_UNION', 'BITMAP_UNION', 'PERCENTILE_UNION']);

function buildColumns(rows: Row[], text: (s: string) => string = (s) => s): ColumnInfo[] {
  const sorted = rows.length > 1 ? rows.slice().sort((a, b) => num(a['ORDINAL_POSITION']) - num(b['ORDINAL_POSITION'])) : rows;
  const out: ColumnInfo[] = new Array<ColumnInfo>(sorted.length);
  for (let i = 0; i < sorted.length; i++) {
    const r = sorted[i]!;
    const rawExtra = str(r['EXTRA']);
    const extra = rawExtra === '' ? '' : rawExtra.toUpperCase();
    const agg = extra === '' ? null : (extra.split(/\s+/).find((w) => AGG_TYPES.has(w)) ?? null);
    out[i] = {
      name: text(str(r['COLUMN_NAME'])),
      type: text(str(r['COLUMN_TYPE'])),
      isKey: str(r['COLUMN_KEY']) !== '',
      aggType: agg,
      nullable: str(r['IS_NULLABLE']).toUpperCase() === 'YES',
      defaultValue: r['COLUMN_DEFAULT'] ?? null,
      autoIncrement: extra !== '' && extra.includes('AUTO_INCREMENT'),
      comment: text(str(r['COLUMN_COMMENT'])),
    };
  }
  return out;
}

/**
 * The entry of a table whose rows could not be understood: present (so that it is neither created nor dropped as
 * missing), empty, and marked with `readError` (not in sync for that reason; nothing is planned for it).
 */
function unreadableTable(db: string, proc: ProcTable, readError: string): TableInfo {
  return {
    id: proc.id,
    dbName: db,
    name: proc.name,
    engine: proc.engine,
    state: proc.state,
    keysType: 'DUP_KEYS',
    columns: [],
    keyColumns: [],
    partitionType: proc.partitionType,
    partitionColumns: [],
    distribution: { type: 'HASH', columns: [], buckets: 0 },
    sortKeys: [],
    properties: {},
    storageVolume: '',
    bitmapIndexes: [],
    indexes: [],
    indexNum: proc.indexNum,
    partitions: new Map(),
    createSql: '',
    dataSize: 0,
    readError,
  };
}

/**
 * Values many tables of one read share, parsed once and the same object handed to each (snapshots are never
 * mutated): a catalog of 50,000 tables with the same daily partitions and properties holds one bound per partition
 * text instead of 500,000, and one properties object per distinct PROPERTIES text. Lives for one read only.
 */
interface ReadCache {
  properties(text: string | null): Record<string, string>;
  bound(type: TableInfo['partitionType'], value: string): PartitionInfo['bound'];
  /** One string instance per distinct text (partition names and values repeat across tables). */
  text(s: string): string;
}

function newReadCache(): ReadCache {
  // Plain lookups (no key strings built, no closures per call): these run once per partition and column read.
  const props = new Map<string, Record<string, string>>();
  const bounds = new Map<TableInfo['partitionType'], Map<string, PartitionInfo['bound']>>();
  const texts = new Map<string, string>();
  return {
    properties: (text) => {
      if (!text) return {};
      let v = props.get(text);
      if (v === undefined) {
        v = parseJsonObject(text);
        props.set(text, v);
      }
      return v;
    },
    bound: (type, value) => {
      let byValue = bounds.get(type);
      if (byValue === undefined) bounds.set(type, (byValue = new Map()));
      let b = byValue.get(value);
      if (b === undefined) {
        b = (type === 'UNPARTITIONED' ? null : type === 'LIST' ? parseListText(value) : (parseRangeText(value) ?? parseListText(value))) ?? {
          kind: 'none',
        };
        byValue.set(value, b);
      }
      return b;
    },
    text: (t) => {
      const v = texts.get(t);
      if (v !== undefined) return v;
      texts.set(t, t);
      return t;
    },
  };
}

/** IS_TEMP as partitions_meta prints it (BOOLEAN: `1`/`0`; `true` tolerated). */
const isTempRow = (r: Row): boolean => {
  const v = str(r['IS_TEMP']);
  return v !== '0' && (v === '1' || v.toLowerCase() === 'true');
};

function buildTable(db: string, proc: ProcTable, cfg: Row, columnRows: Row[], partitionRows: Row[], cache: ReadCache = newReadCache()): TableInfo {
  const properties = cache.properties(cfg['PROPERTIES'] ?? null);
  const columns = buildColumns(columnRows, cache.text);
  const partitions = new Map<string, PartitionInfo & { physical: PhysicalPartitionInfo[] }>(); // draft: physical filled below
  const partitionType = proc.partitionType;
  // Distribution: only the first formal partition's non-empty DISTRIBUTION_KEY counts (parseDistribution).
  let distributionKey: string | null = null;
  for (const r of partitionRows) {
    if (isTempRow(r)) continue;
    if (distributionKey === null) {
      const k = str(r['DISTRIBUTION_KEY']);
      const t = k.trim();
      if (t !== '' && t !== '\\N') distributionKey = k;
    }
    const name = str(r['PARTITION_NAME']);
    const physical: PhysicalPartitionInfo = {
      id: str(r['PARTITION_ID']),
      visibleVersion: num(r['VISIBLE_VERSION']),
      dataVersion: num(r['DATA_VERSION']),
      nextVersion: num(r['NEXT_VERSION']),
      versionEpoch: str(r['VERSION_EPOCH']),
      versionTxnType: str(r['VERSION_TXN_TYPE']) === 'TXN_REPLICATION' ? 'TXN_REPLICATION' : 'TXN_NORMAL',
      dataSize: num(r['DATA_SIZE']),
      rowCount: num(r['ROW_COUNT']),
    };
    const p = partitions.get(name);
    if (p) p.physical.push(physical);
    else {
      const value = cache.text(str(r['PARTITION_VALUE']));
      const shared = cache.text(name);
      // `[physical]`, not `[]` + push: a pushed-to empty array reserves room for 17 (most partitions have one).
      partitions.set(shared, { name: shared, value, bound: cache.bound(partitionType, value), buckets: num(r['BUCKETS']), physical: [physical] });
    }
  }
  let dataSize = 0;
  for (const p of partitions.values()) {
    if (p.physical.length > 1) p.physical.sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
    let size = 0;
    for (const x of p.physical) size += x.dataSize;
    dataSize += size;
  }
  const keysType = parseKeysType(str(cfg['TABLE_MODEL']));
  const keyColumns = columns.filter((c) => c.isKey).map((c) => c.name);
  const names = columns.map((c) => c.name);
  const distribution = parseDistribution(
    { type: str(cfg['DISTRIBUTE_TYPE']), key: str(cfg['DISTRIBUTE_KEY']), buckets: num(cfg['DISTRIBUTE_BUCKET']) },
    distributionKey === null ? [] : [distributionKey],
    names,
  );
  return {
    id: proc.id || str(cfg['TABLE_ID']),
    dbName: db,
    name: proc.name,
    engine: proc.engine,
    state: proc.state,
    keysType,
    columns,
    keyColumns,
    partitionType,
    partitionColumns: parseNameList(str(cfg['PARTITION_KEY']), names),
    distribution,
    sortKeys: parseNameList(str(cfg['SORT_KEY']), names),
    properties,
    storageVolume: properties['storage_volume'] ?? '',
    bitmapIndexes: [],
    indexes: [],
    partitions,
    createSql: '',
    dataSize,
  };
}
