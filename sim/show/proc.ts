// SHOW PROC '<path>': ProcService.open's path walk over the proc tree, and the dirs/nodes of the tree the
// simulator implements (reference §5, §6.5-§6.9). All output is VARCHAR; `\N` marks "null".
import type { Database, MaterializedIndex, OlapTable, PhysicalPartition, RollupIndex, Table } from '../catalog/model.js';
import { analysisError } from '../fe/errors.js';
import type { FeState } from '../fe/state.js';
import { canonicalTypeName } from './column-types.js';
import { NULL_STRING } from './format.js';
import { showBackends, showComputeNodes, showFrontends } from './frontends.js';
import {
  VIRTUAL_SYSTEM_DBS,
  findDbByIdOrName,
  findTableByIdOrName,
  indexIdsForListing,
  indexNameById,
  parseId,
  rollupById,
  tableStoragePath,
  tableTypeName,
  tabletCount,
} from './lookup.js';
import { partitionsResult } from './partitions.js';
import { replicationsResult } from './replications.js';
import { resultSet, varcharColumns, type ResultSet, type Row } from './result-set.js';
import { systemTablesOf } from './system-tables.js';
import { LAKE_TABLET_COLUMNS, lakeTabletRows, lakeTabletsResult } from './tablets.js';
import {
  transactionDbsResult,
  transactionListResult,
  transactionPartitionsResult,
  transactionStatesResult,
  transactionTablesResult,
} from './transactions.js';
import { DEFAULT_REPLICA_QUOTA, readableQuota } from './data.js';

/** A node of the proc tree: a dir has `lookup` (which may throw with StarRocks' message or return null). */
interface ProcNode {
  fetch(): ResultSet;
  lookup?(name: string): ProcNode | null;
}

const fail = (msg: string): never => {
  throw analysisError(msg);
};

/** SHOW PROC '<path>' → the node's result set, or the SimError StarRocks reports. */
export function showProc(fe: FeState, path: string): ResultSet {
  return openProc(fe, path).fetch();
}

/** ProcService.open: walks `/a/b/c` (repeated `/` swallowed, a blank ends the path). */
function openProc(fe: FeState, path: string): ProcNode {
  if (path === '') fail('Path is null');
  let last = 0;
  let pos = 0;
  const len = path.length;
  let meetRoot = false;
  let meetEnd = false;
  let cur: ProcNode | null = null;
  while (pos < len && !meetEnd) {
    const ch = path[pos]!;
    if (ch === '/') {
      if (!meetRoot) {
        cur = rootDir(fe);
        meetRoot = true;
      } else {
        const name = path.slice(last, pos);
        if (!cur?.lookup) fail(`${path.slice(0, pos)} is not a directory`);
        cur = cur!.lookup!(name);
      }
      while (pos < len && path[pos] === '/') pos++;
      last = pos;
    } else if (ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n') {
      if (meetRoot) meetEnd = true;
      else {
        last++;
        pos++;
      }
    } else {
      if (!meetRoot) fail(`Path(${path}) does not start with '/'`);
      pos++;
    }
  }
  if (pos === last) {
    if (!cur?.lookup) fail(`${path} is not a directory`);
    return cur!;
  }
  if (!cur?.lookup) fail(`${path.slice(0, pos)} is not a directory`);
  const node = cur!.lookup!(path.slice(last, pos));
  if (!node) fail(`Cannot find path: ${path}`);
  return node!;
}

const leaf = (fetch: () => ResultSet): ProcNode => ({ fetch });

function rootDir(fe: FeState): ProcNode {
  const children: Record<string, () => ProcNode> = {
    backends: () => leafDir(() => showBackends(fe)),
    compute_nodes: () => leafDir(() => showComputeNodes(fe)),
    dbs: () => dbsDir(fe),
    frontends: () => leaf(() => showFrontends(fe)),
    replications: () => leaf(() => replicationsResult(fe)),
    statistic: () => leafDir(() => statisticResult(fe)),
    transactions: () => transDbDir(fe),
  };
  return {
    fetch: () =>
      resultSet(
        varcharColumns(['name']),
        Object.keys(children).map((n) => [n]),
      ),
    lookup: (name) => children[name]?.() ?? null,
  };
}

/** A dir whose children are not simulated (lookup finds nothing). */
const leafDir = (fetch: () => ResultSet): ProcNode => ({ fetch, lookup: () => null });

// ---- /dbs ----

export const DBS_COLUMNS = ['DbId', 'DbName', 'TableNum', 'Quota', 'LastConsistencyCheckTime', 'ReplicaQuota'] as const;

function dbsDir(fe: FeState): ProcNode {
  return {
    fetch: () => {
      const rows: Array<[number, Row]> = [];
      const dbRow = (id: number, name: string, tableNum: number): [number, Row] => [
        id,
        [String(id), name, String(tableNum), readableQuota(), NULL_STRING, String(DEFAULT_REPLICA_QUOTA)],
      ];
      for (const s of VIRTUAL_SYSTEM_DBS) rows.push(dbRow(s.id, s.name, systemTablesOf(s.name)?.length ?? 0));
      for (const db of fe.catalog.databases.values()) rows.push(dbRow(db.id, db.name, db.tables.size));
      rows.sort((a, b) => a[0] - b[0]);
      return resultSet(
        varcharColumns(DBS_COLUMNS),
        rows.map((r) => r[1]),
      );
    },
    lookup: (idOrName) => {
      if (idOrName === '') fail('database id or name is null or empty');
      const db = findDbByIdOrName(fe, idOrName);
      if (!db) fail(`Unknown database id or name "${idOrName}"`);
      return tablesDir(fe, db!);
    },
  };
}

export const TABLES_COLUMNS = [
  'TableId',
  'TableName',
  'IndexNum',
  'PartitionColumnName',
  'PartitionNum',
  'State',
  'Type',
  'LastConsistencyCheckTime',
  'ReplicaCount',
  'PartitionType',
  'StoragePath',
] as const;

function tableRow(fe: FeState, db: Database, t: Table): Row {
  if (t.kind === 'view') {
    return [String(t.id), t.name, NULL_STRING, NULL_STRING, '1', NULL_STRING, 'VIEW', NULL_STRING, '0', 'UNPARTITIONED', NULL_STRING];
  }
  const ptype = t.partitionInfo.type;
  // Formal partitions and their tablets (every index of every physical partition), counted in plain loops: SHOW PROC
  // '/dbs/<id>' of a database of 1,000 tables walks 100,000 tablets.
  let formal = 0;
  let replicas = 0;
  for (const p of t.partitions) {
    if (p.isTemp) continue;
    formal++;
    for (const pp of p.physicalPartitions) for (const i of pp.indexes) replicas += i.tablets.length;
  }
  const partitionNum = ptype === 'RANGE' || ptype === 'EXPR_RANGE' || ptype === 'LIST' ? formal : 1;
  return [
    String(t.id),
    t.name,
    String(1 + (t.rollups?.length ?? 0)),
    ptype === 'UNPARTITIONED' ? '' : t.partitionInfo.columns.join(', '),
    String(partitionNum),
    t.state,
    tableTypeName(t),
    NULL_STRING,
    String(replicas),
    ptype,
    tableStoragePath(fe, db, t) ?? NULL_STRING,
  ];
}

function tablesDir(fe: FeState, db: Database): ProcNode {
  return {
    fetch: () => {
      const tables = [...db.tables.values()].sort((a, b) => a.id - b.id);
      return resultSet(
        varcharColumns(TABLES_COLUMNS),
        tables.map((t) => tableRow(fe, db, t)),
      );
    },
    lookup: (idOrName) => {
      if (idOrName === '') fail('table id or name is null or empty');
      const t = findTableByIdOrName(fe, db, idOrName);
      if (!t) fail(`unknown table id or name "${idOrName}"`);
      return tableDir(fe, db, t!);
    },
  };
}

function tableDir(fe: FeState, db: Database, t: Table): ProcNode {
  return {
    fetch: () => resultSet(varcharColumns(['Nodes']), [['partitions'], ['temp_partitions'], ['index_schema']]),
    lookup: (name) => {
      if (name === '') fail('Entry name is null');
      if (name === 'partitions') {
        if (t.kind !== 'olap') fail(`Table[${t.name}] is not a OLAP/MATERIALIZED_VIEW/ELASTICSEARCH/HIVE/HUDI table`);
        return partitionsDir(fe, db, t as OlapTable, false);
      }
      if (name === 'temp_partitions') {
        if (t.kind !== 'olap') fail(`Table[${t.name}] does not have temp partitions`);
        return partitionsDir(fe, db, t as OlapTable, true);
      }
      if (name === 'index_schema') return indexInfoDir(t);
      return fail(`Not implemented yet: ${name}`);
    },
  };
}

// ---- partitions, indexes, tablets ----

function partitionsDir(fe: FeState, db: Database, t: OlapTable, temp: boolean): ProcNode {
  return {
    fetch: () => partitionsResult(t, temp),
    lookup: (idOrName) => {
      let pp: PhysicalPartition | undefined;
      const id = parseId(idOrName);
      if (id !== null) {
        for (const p of t.partitions) pp ??= p.physicalPartitions.find((x) => x.id === id);
      } else {
        const p = t.partitions.find((x) => !x.isTemp && x.name === idOrName) ?? t.partitions.find((x) => x.isTemp && x.name === idOrName);
        pp = p?.physicalPartitions[0];
      }
      if (!pp) fail(`Unknown partition id or name "${idOrName}"`);
      return indicesDir(fe, db, t, pp!);
    },
  };
}

export const INDICES_COLUMNS = ['IndexId', 'IndexName', 'State', 'LastConsistencyCheckTime', 'TabletBalanceStat', 'Tablets'] as const;

function indicesDir(fe: FeState, db: Database, t: OlapTable, pp: PhysicalPartition): ProcNode {
  return {
    fetch: () => {
      const rows = [...pp.indexes]
        .sort((a, b) => a.id - b.id)
        .map((idx): Row => [
          String(idx.id),
          indexNameById(t, idx.id) ?? NULL_STRING,
          'NORMAL',
          NULL_STRING,
          '{"balanced":true}',
          String(idx.tablets.length),
        ]);
      return resultSet(varcharColumns(INDICES_COLUMNS), rows);
    },
    lookup: (idStr) => {
      if (idStr === '') fail('Index id is null');
      const id = parseId(idStr);
      if (id === null) fail(`Invalid index id format: ${idStr}`);
      const idx = pp.indexes.find((i) => i.id === id);
      if (!idx) fail(`Index[${id}] does not exist.`);
      return lakeTabletsDir(fe, db, t, pp, idx!);
    },
  };
}

function lakeTabletsDir(fe: FeState, db: Database, t: OlapTable, pp: PhysicalPartition, idx: MaterializedIndex): ProcNode {
  return {
    fetch: () => lakeTabletsResult(fe, db, t, pp, idx),
    lookup: (idStr) => {
      const id = parseId(idStr);
      if (id === null) fail(`Invalid tablet id format: ${idStr}`);
      if (!idx.tablets.some((x) => x.id === id)) fail(`Can't find tablet id: ${idStr}`);
      return leaf(() =>
        resultSet(
          varcharColumns(LAKE_TABLET_COLUMNS),
          lakeTabletRows(fe, db, t, pp, idx).filter((r) => r[0] === String(id)),
        ),
      );
    },
  };
}

// ---- index_schema ----

export const INDEX_INFO_COLUMNS = ['IndexId', 'IndexName', 'SchemaVersion', 'SchemaHash', 'ShortKeyColumnCount', 'StorageType', 'Keys'] as const;
export const INDEX_SCHEMA_COLUMNS = ['Field', 'Type', 'Null', 'Key', 'Default', 'Extra'] as const;

/**
 * IndexInfoProcDir: the base index, then the rollups / sync MVs (HashMap order). `Keys` prints the TABLE's keys type
 * with the index's key columns (`olapTable.getKeysType()`), so an AGG sync MV of a DUP table shows `DUP_KEYS(k)`.
 * The lookup reads the index's own schema only for TableType.OLAP; any other type (cloud-native) answers the base
 * schema whatever the id (`schema = table.getBaseSchema()`).
 */
function indexInfoDir(t: Table): ProcNode {
  return {
    fetch: () => {
      if (t.kind !== 'olap') return resultSet(varcharColumns(INDEX_INFO_COLUMNS), []);
      const rows = indexIdsForListing(t).map((id): Row => {
        const r = rollupById(t, id);
        const m = r ?? t.baseIndex;
        const cols = r ? r.columns : t.columns;
        const keys = `${t.keysType}(${cols
          .filter((c) => c.isKey)
          .map((c) => c.name)
          .join(', ')})`;
        return [String(id), indexNameById(t, id) ?? '', String(m.schemaVersion), String(m.schemaHash), String(m.shortKeyColumnCount), 'COLUMN', keys];
      });
      return resultSet(varcharColumns(INDEX_INFO_COLUMNS), rows);
    },
    lookup: (idStr) => {
      if (t.kind !== 'olap') return null;
      const id = parseId(idStr);
      if (id === null) fail(`Invalid index id format: ${idStr}`);
      if (t.type !== 'OLAP') return leaf(() => indexSchemaResult(t));
      if (id !== t.baseIndex.indexId && !rollupById(t, id!)) fail(`Index ${id} does not exist`);
      return leaf(() => indexSchemaResult(t, rollupById(t, id!)));
    },
  };
}

/** IndexSchemaProcNode: Extra lists the aggregation type (hidden for PRIMARY KEY tables) and BLOOM_FILTER. */
export function indexSchemaResult(t: OlapTable, rollup?: RollupIndex): ResultSet {
  const bf = new Set(
    (t.properties['bloom_filter_columns'] ?? '')
      .split(',')
      .map((s) => s.trim().toLowerCase())
      .filter(Boolean),
  );
  const keysType = rollup?.keysType ?? t.keysType;
  const rows = (rollup?.columns ?? t.columns).map((c): Row => {
    const extras: string[] = [];
    if (!c.isKey && keysType !== 'PRIMARY_KEYS') {
      if (keysType === 'AGG_KEYS' && c.aggType) extras.push(c.aggType);
      else if (keysType === 'UNIQUE_KEYS') extras.push(c.aggType ?? 'REPLACE');
    }
    if (bf.has(c.name.toLowerCase())) extras.push('BLOOM_FILTER');
    let def = c.defaultValue;
    if (def !== null && /^(current_timestamp|now\(\))$/i.test(def)) {
      extras.push('DEFAULT_GENERATED');
      def = 'CURRENT_TIMESTAMP';
    }
    return [c.name, canonicalTypeName(c.type), c.nullable ? 'YES' : 'NO', String(c.isKey), def, extras.join(',')];
  });
  return resultSet(varcharColumns(INDEX_SCHEMA_COLUMNS), rows);
}

// ---- /transactions ----

function transDbDir(fe: FeState): ProcNode {
  return {
    fetch: () => transactionDbsResult(fe),
    lookup: (dbIdOrName) => {
      if (dbIdOrName === '') fail('Db id is null');
      return transStateDir(fe, dbIdOrName);
    },
  };
}

/** ProcUtils.getDbId, then the db's transaction manager. */
function txnDb(fe: FeState, dbIdOrName: string): Database {
  const id = parseId(dbIdOrName);
  const db = findDbByIdOrName(fe, dbIdOrName);
  if (!db) fail(id !== null ? `databaseTransactionMgr[${id}] does not exist` : `Unknown database id or name "${dbIdOrName}"`);
  return db!;
}

function transStateDir(fe: FeState, dbIdOrName: string): ProcNode {
  return {
    fetch: () => transactionStatesResult(fe, txnDb(fe, dbIdOrName)),
    lookup: (state) => {
      if (state === '') fail('State is not set');
      if (state !== 'running' && state !== 'finished') fail('State is invalid');
      const db = txnDb(fe, dbIdOrName);
      return {
        fetch: () => transactionListResult(fe, db, state === 'running'),
        lookup: (tidStr) => {
          if (tidStr === '') fail('Table id is null');
          const tid = parseId(tidStr);
          if (tid === null) fail('Invalid transaction id format: -1');
          return {
            fetch: () => transactionTablesResult(fe, db, tid!),
            lookup: (tableIdStr) => {
              if (tableIdStr === '') fail('TableIdStr is null');
              const tableId = parseId(tableIdStr);
              if (tableId === null) fail(`Invalid table id format: ${tableIdStr}`);
              return leaf(() => transactionPartitionsResult(fe, db, tid!, tableId!));
            },
          };
        },
      };
    },
  };
}

// ---- /statistic ----

export const STATISTIC_COLUMNS = [
  'DbId',
  'DbName',
  'TableNum',
  'PartitionNum',
  'IndexNum',
  'TabletNum',
  'ReplicaNum',
  'UnhealthyTabletNum',
  'InconsistentTabletNum',
  'CloningTabletNum',
  'ErrorStateTabletNum',
] as const;

function statisticResult(fe: FeState): ResultSet {
  const rows: Row[] = [];
  const total = [0, 0, 0, 0, 0];
  const dbs = [...fe.catalog.databases.values()].sort((a, b) => a.id - b.id);
  for (const db of dbs) {
    let tables = 0;
    let partitions = 0;
    let indexes = 0;
    let tablets = 0;
    for (const t of db.tables.values()) {
      if (t.kind !== 'olap') continue;
      tables++;
      for (const p of t.partitions) {
        partitions++;
        for (const pp of p.physicalPartitions) indexes += pp.indexes.length;
      }
      tablets += tabletCount(t);
    }
    const counts = [tables, partitions, indexes, tablets, tablets];
    counts.forEach((c, i) => (total[i]! += c));
    rows.push([String(db.id), db.name, ...counts.map(String), '0', '0', '0', '0']);
  }
  rows.push(['Total', String(dbs.length), ...total.map(String), '0', '0', '0', '0']);
  return resultSet(varcharColumns(STATISTIC_COLUMNS), rows);
}
