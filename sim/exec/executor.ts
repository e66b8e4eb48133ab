// The simulated FE's statement executor: parses one statement, checks privileges, runs it against the catalog
// (sim/ddl), the storage layer (sim/lake) or the result-set builders (sim/show), and answers as StarRocks does.
import type { FeState } from '../fe/state.js';
import { SimError } from '../fe/errors.js';
import type { Session, QueryResult } from '../server/session.js';
import { parse } from '../sql/parser.js';
import type { CreateTableStmt, QualifiedName, SelectStmt, Statement } from '../sql/ast.js';
import type { Lake } from '../lake/lake.js';
import * as ddl from '../ddl/index.js';
import * as show from '../show/index.js';
import type { ResultSet } from '../show/index.js';
import { filterRows, selectFrom, selectScalars, isCountStar } from '../query/select.js';
import { equalityConstraints, evaluate } from '../query/eval.js';
import { aggregateRows, isAggregateSelect } from '../query/aggregate.js';
import { scalarEnv } from './scalar-env.js';
import { ctasCreateStatement } from './ctas.js';
import { queryRows } from './query-rows.js';
import { checkPrivilege, ObjectChecks, type Privilege } from './privileges.js';
import type { UserStore } from './users.js';
import { runAuthStatement } from './auth-exec.js';
import { adminExecuteOnFrontendScript, executeFrontendScript } from '../range/script.js';
import { leaderAdmissionOpen } from '../replication/replication-mgr.js';

export interface ExecutorDeps {
  fe: FeState;
  lake: Lake;
  users: UserStore;
  /** Simulated per-statement latency, ms (DDL vs queries). */
  latency(kind: 'ddl' | 'query'): number;
}

/** A boolean session variable set with SET (true / 1 / 'true'); undefined when not set. */
function sessionBool(session: Session, name: string): boolean | undefined {
  const v = session.variables.get(name);
  return v === undefined ? undefined : ['true', '1', 'on'].includes(String(v).toLowerCase());
}

const rows = (rs: ResultSet): QueryResult => ({ kind: 'rows', columns: rs.columns, rows: rs.rows });
const ok = (affectedRows = 0): QueryResult => ({ kind: 'ok', affectedRows });

const DDL_KINDS = new Set<Statement['kind']>([
  'createDatabase',
  'dropDatabase',
  'createTable',
  'dropTable',
  'truncateTable',
  'alterTable',
  'createIndex',
  'dropIndex',
  'createView',
  'alterView',
  'dropView',
  'createMaterializedView',
  'dropMaterializedView',
  'createStorageVolume',
  'dropStorageVolume',
  'alterStorageVolume',
  'setDefaultStorageVolume',
  'adminSetFrontendConfig',
  'createUser',
  'dropUser',
  'grantPrivileges',
  'grantRole',
  'revokePrivileges',
  'revokeRole',
  'alterUser',
  'createRole',
  'dropRole',
  'setDefaultRole',
]);

export class StatementExecutor {
  /** Privilege checks on catalog objects (sim/exec/privileges.ts). */
  private readonly can: ObjectChecks;

  constructor(private readonly deps: ExecutorDeps) {
    deps.users.bind(deps.fe);
    this.can = new ObjectChecks(deps.users, deps.fe);
  }

  async execute(session: Session, sql: string): Promise<QueryResult> {
    // ADMIN EXECUTE ON FRONTEND '<script>': runs here (never forwarded), SYSTEM OPERATE required.
    const script = adminExecuteOnFrontendScript(sql);
    if (script !== null) {
      this.need(session, 'OPERATE');
      return rows(executeFrontendScript(this.deps.fe, script, leaderAdmissionOpen(this.deps.fe)));
    }
    const stmt = parse(sql);
    const ms = this.deps.latency(DDL_KINDS.has(stmt.kind) || stmt.kind === 'insert' ? 'ddl' : 'query');
    if (ms > 0) await new Promise((r) => setTimeout(r, ms));
    return this.run(session, stmt);
  }

  /**
   * Authorizer.check for the statements the simulator executes (root holds every privilege through its root role).
   * Objects that do not exist pass here; the statement then reports them as StarRocks does.
   */
  private authorize(session: Session, stmt: Statement): void {
    const u = session.user;
    const dbOf = (n: QualifiedName) => n.db ?? session.currentDb;
    const table = (n: QualifiedName, p: string) => {
      const db = dbOf(n);
      if (db) this.can.table(u, db, n.name, p);
    };
    const database = (db: string | null, p: string) => {
      if (db) this.can.database(u, db, p);
    };
    switch (stmt.kind) {
      case 'createDatabase':
        return this.can.catalog(u, 'CREATE DATABASE');
      case 'dropDatabase':
        return database(stmt.name, 'DROP');
      case 'createTable':
        return database(dbOf(stmt.name), 'CREATE TABLE');
      case 'dropTable':
      case 'dropView':
      case 'dropMaterializedView':
        return table(stmt.name, 'DROP');
      case 'alterTable':
      case 'alterView':
        return table(stmt.name, 'ALTER');
      case 'createIndex':
      case 'dropIndex':
        return table(stmt.table, 'ALTER');
      case 'createView':
        return database(dbOf(stmt.name), 'CREATE VIEW');
      case 'createMaterializedView':
        return database(dbOf(stmt.name), 'CREATE MATERIALIZED VIEW');
      case 'insert':
        return table(stmt.table, 'INSERT');
      case 'select':
        if (stmt.from) table(stmt.from.name, 'SELECT');
        return;
      case 'createStorageVolume':
        return this.need(session, 'CREATE STORAGE VOLUME');
      case 'dropStorageVolume':
        return this.can.storageVolume(u, stmt.name, 'DROP');
      case 'alterStorageVolume':
        return this.can.storageVolume(u, stmt.name, 'ALTER');
      default:
        return;
    }
  }

  private need(session: Session, p: Privilege): void {
    checkPrivilege(this.deps.users, session.user, p);
  }

  private dbOf(session: Session, name: QualifiedName | null | undefined): string {
    const db = name?.db ?? session.currentDb;
    if (!db) throw new SimError(1046, 'No database selected', '3D000');
    return db;
  }

  private async run(session: Session, stmt: Statement): Promise<QueryResult> {
    const { fe, lake } = this.deps;
    const auth = runAuthStatement(fe, this.deps.users, session, stmt);
    if (auth) return auth;
    this.authorize(session, stmt);
    switch (stmt.kind) {
      // ---------------------------------------------------------------- session
      case 'use':
        fe.getDb(stmt.db);
        session.currentDb = stmt.db;
        return ok();
      case 'setVariables':
        for (const a of stmt.assignments) {
          const v = a.isDefault ? null : evaluate(a.value, { column: (n) => n, ...scalarEnv(fe, session) });
          session.variables.set(a.user ? `@${a.name.toLowerCase()}` : a.name.toLowerCase(), v ?? '');
        }
        return ok();
      case 'setNames':
      case 'kill':
        return ok();
      // ---------------------------------------------------------------- DDL
      case 'createDatabase':
        ddl.createDatabase(fe, stmt);
        return ok();
      case 'dropDatabase':
        ddl.dropDatabase(fe, stmt);
        return ok();
      case 'createTable':
        if (stmt.asSelect) return this.createTableAsSelect(session, stmt);
        ddl.createTable(fe, session.currentDb, stmt, undefined, { rangeDistribution: sessionBool(session, 'enable_range_distribution') });
        return ok();
      case 'dropTable':
        ddl.dropTable(fe, session.currentDb, stmt);
        return ok();
      case 'alterTable':
        ddl.alterTable(fe, session.currentDb, stmt);
        return ok();
      case 'createIndex':
        ddl.createIndex(fe, session.currentDb, stmt);
        return ok();
      case 'dropIndex':
        ddl.dropIndex(fe, session.currentDb, stmt);
        return ok();
      case 'createView':
        ddl.createView(fe, session.currentDb, stmt);
        return ok();
      case 'alterView':
        ddl.alterView(fe, session.currentDb, stmt);
        return ok();
      case 'dropView':
        ddl.dropView(fe, session.currentDb, stmt);
        return ok();
      case 'createMaterializedView':
        ddl.createMaterializedView(fe, session.currentDb, stmt);
        return ok();
      case 'dropMaterializedView':
        ddl.dropMaterializedView(fe, session.currentDb, stmt);
        return ok();
      case 'createStorageVolume':
        ddl.createStorageVolume(fe, stmt);
        return ok();
      case 'dropStorageVolume':
        ddl.dropStorageVolume(fe, stmt);
        return ok();
      case 'alterStorageVolume':
        ddl.alterStorageVolume(fe, stmt);
        return ok();
      case 'setDefaultStorageVolume':
        this.need(session, 'OPERATE');
        ddl.setDefaultStorageVolume(fe, stmt);
        return ok();
      case 'truncateTable':
        throw new SimError(1064, `Getting analyzing error. Detail message: TRUNCATE TABLE is not supported by the simulator.`, '42000');

      // ---------------------------------------------------------------- DML / queries
      case 'insert': {
        if (stmt.overwrite)
          throw new SimError(1064, 'Getting analyzing error. Detail message: INSERT OVERWRITE is not supported by the simulator.', '42000');
        const dbName = this.dbOf(session, stmt.table);
        const db = fe.getDb(dbName);
        const table = fe.getOlapTable(dbName, stmt.table.name);
        if (table.mv)
          throw new SimError(
            1064,
            `Getting analyzing error. Detail message: the data of materialized view ${table.name} cannot be loaded directly.`,
            '42000',
          );
        const env = scalarEnv(fe, session);
        const input = stmt.select
          ? queryRows(fe, lake, env, session.currentDb, stmt.select).rows
          : stmt.rows.map((r) => r.map((e) => evaluate(e, { column: () => undefined, ...env })));
        if (stmt.select && stmt.columns && input.some((r) => r.length !== stmt.columns!.length)) {
          throw new SimError(1064, "Getting analyzing error. Detail message: Column count doesn't match value count.", '42000');
        }
        // INSERT ... SELECT of no row loads nothing (no transaction, no version).
        if (stmt.select && input.length === 0) return { kind: 'ok', affectedRows: 0 };
        const rowsIn = stmt.columns ? input.map((r) => Object.fromEntries(stmt.columns!.map((c, i) => [c, r[i] ?? null]))) : input;
        const res = await lake.insertRows(db, table, rowsIn, {
          ...(stmt.partitions ? { partitionNames: stmt.partitions } : {}),
          ...(stmt.label ? { label: stmt.label } : {}),
          createPartition: (values) => ddl.createAutomaticPartition(fe, db, table, values),
        });
        return { kind: 'ok', affectedRows: res.rowCount, info: `{'label':'${res.label}', 'status':'VISIBLE', 'txnId':'${res.txnId}'}` };
      }
      case 'select':
        return rows(this.select(session, stmt));

      // ---------------------------------------------------------------- SHOW
      case 'showDatabases':
        return rows(show.showDatabases(fe, stmt.like ?? undefined));
      case 'showTables':
        return rows(show.showTables(fe, this.dbOf(session, stmt.db ? { db: stmt.db, name: '' } : null), stmt.full, stmt.like ?? undefined));
      case 'showCreate': {
        const db = this.dbOf(session, stmt.name);
        if (stmt.objectType === 'VIEW') return rows(show.showCreateView(fe, db, stmt.name.name));
        if (stmt.objectType === 'MATERIALIZED VIEW') return rows(show.showCreateMaterializedView(fe, db, stmt.name.name));
        return rows(show.showCreateTable(fe, db, stmt.name.name));
      }
      case 'showPartitions': {
        const rs = show.showPartitions(fe, this.dbOf(session, stmt.table), stmt.table.name, stmt.temporary);
        return rows(filterRows(rs, stmt.where, stmt.orderBy, stmt.limit, scalarEnv(fe, session)));
      }
      case 'showTabletsFromTable': {
        const indexName = stmt.where ? [...(equalityConstraints(stmt.where, 'IndexName') ?? [])][0] : undefined;
        const rs = show.showTabletsOfTable(fe, this.dbOf(session, stmt.table), stmt.table.name, stmt.partitions ?? undefined, indexName);
        return rows(filterRows(rs, null, stmt.orderBy, stmt.limit, scalarEnv(fe, session)));
      }
      case 'showTabletById':
        this.need(session, 'OPERATE');
        return rows(show.showTabletById(fe, Number(stmt.tabletId)));
      case 'showIndex':
        return rows(show.showIndex(fe, this.dbOf(session, stmt.table), stmt.table.name));
      case 'showColumns':
        return rows(this.showColumns(session, stmt.table));
      case 'showData':
        return rows(show.showData(fe, this.dbOf(session, stmt.table), stmt.table?.name));
      case 'showFrontends':
        this.need(session, 'OPERATE');
        return rows(show.showFrontends(fe));
      case 'showBackends':
        this.need(session, 'OPERATE');
        return rows(show.showBackends(fe));
      case 'showComputeNodes':
        this.need(session, 'OPERATE');
        return rows(show.showComputeNodes(fe));
      case 'showProc':
        this.need(session, 'OPERATE');
        return rows(show.showProc(fe, stmt.path));
      case 'showTransaction':
        return rows(show.showTransaction(fe, this.dbOf(session, stmt.db ? { db: stmt.db, name: '' } : null), Number(stmt.txnId)));
      case 'showVariables': {
        const rs = show.showVariables(fe, stmt.like ?? undefined, Object.fromEntries(session.variables));
        return rows(filterRows(rs, stmt.where, [], null, scalarEnv(fe, session)));
      }
      case 'showMaterializedViews':
        return rows(show.showMaterializedViews(fe, this.dbOf(session, stmt.db ? { db: stmt.db, name: '' } : null), stmt.like ?? undefined));
      case 'showStorageVolumes':
        return rows(show.showStorageVolumes(fe, stmt.like ?? undefined));
      case 'descStorageVolume':
        return rows(show.descStorageVolume(fe, stmt.name));
      case 'descTable': {
        const dbName = this.dbOf(session, stmt.table);
        const t = fe.getTable(dbName, stmt.table.name);
        if (!stmt.all && t.kind === 'view') return rows(this.showColumns(session, stmt.table));
        return rows(show.describeTable(fe, dbName, stmt.table.name, stmt.all));
      }

      // ---------------------------------------------------------------- ADMIN
      case 'adminSetFrontendConfig':
        this.need(session, 'OPERATE');
        fe.config.set(stmt.key, stmt.value, stmt.persistent); // without WITH PERSISTENT: lost at the next restart
        fe.onChange();
        return ok();
      case 'adminShowFrontendConfig':
        this.need(session, 'OPERATE');
        return rows(show.adminShowFrontendConfig(fe, stmt.like ?? undefined));
    }
    throw new SimError(1064, `Getting syntax error. Statement not supported by the simulator.`, '42000');
  }

  /**
   * CREATE TABLE ... AS SELECT: the table from the query's fields (sim/exec/ctas.ts), then its rows as INSERT SELECT
   * loads them; a failed load drops the new table again (StarRocks drops a CTAS table whose insert failed).
   */
  private async createTableAsSelect(session: Session, stmt: CreateTableStmt): Promise<QueryResult> {
    const { fe, lake } = this.deps;
    const q = queryRows(fe, lake, scalarEnv(fe, session), session.currentDb, stmt.asSelect!);
    const create = ctasCreateStatement(stmt, q.fields);
    const table = ddl.createTable(fe, session.currentDb, create, undefined, { rangeDistribution: sessionBool(session, 'enable_range_distribution') });
    if (!table || q.rows.length === 0) return ok();
    const db = fe.getDb(this.dbOf(session, stmt.name));
    const names = table.columns.filter((c) => c.generatedExpr === undefined).map((c) => c.name);
    const rowsIn = q.rows.map((r) => Object.fromEntries(names.map((n, i) => [n, r[i] ?? null])));
    try {
      const res = await lake.insertRows(db, table, rowsIn, { createPartition: (values) => ddl.createAutomaticPartition(fe, db, table, values) });
      return ok(res.rowCount);
    } catch (e) {
      ddl.dropTable(fe, session.currentDb, { kind: 'dropTable', ifExists: true, name: stmt.name, force: true });
      throw e;
    }
  }

  private showColumns(session: Session, name: QualifiedName): ResultSet {
    const db = this.dbOf(session, name);
    this.deps.fe.getTable(db, name.name);
    const all = show.columnsTable(this.deps.fe, { dbNames: new Set([db]), tableNames: new Set([name.name]) });
    const idx = (c: string) => all.columns.findIndex((x) => x.name === c);
    const cols = ['COLUMN_NAME', 'COLUMN_TYPE', 'IS_NULLABLE', 'COLUMN_KEY', 'COLUMN_DEFAULT', 'EXTRA'].map(idx);
    return {
      columns: ['Field', 'Type', 'Null', 'Key', 'Default', 'Extra'].map((n) => ({ name: n, type: 'VARCHAR' as const })),
      rows: all.rows.filter((r) => r[idx('TABLE_NAME')] === name.name && r[idx('TABLE_SCHEMA')] === db).map((r) => cols.map((i) => r[i] ?? null)),
    };
  }

  private select(session: Session, stmt: SelectStmt): ResultSet {
    const { fe, lake } = this.deps;
    const env = scalarEnv(fe, session);
    if (!stmt.from) return selectScalars(stmt, env);
    const from = stmt.from.name;
    const dbName = from.db ?? session.currentDb;
    if (dbName && dbName.toLowerCase() === 'information_schema') {
      const hints = {
        ...(pushdown(stmt, ['TABLE_SCHEMA', 'DB_NAME']) ? { dbNames: pushdown(stmt, ['TABLE_SCHEMA', 'DB_NAME'])! } : {}),
        ...(pushdown(stmt, ['TABLE_NAME']) ? { tableNames: pushdown(stmt, ['TABLE_NAME'])! } : {}),
      };
      const rs = show.informationSchemaTable(fe, from.name.toLowerCase(), hints);
      if (!rs) throw new SimError(5501, `Getting analyzing error. Detail message: Unknown table 'information_schema.${from.name}'.`, '42000');
      return selectFrom(rs, stmt, env);
    }
    if (!dbName) throw new SimError(1046, 'No database selected', '3D000');
    const table = fe.getTable(dbName, from.name);
    const countOnly = stmt.items.length === 1 && stmt.items[0]!.kind === 'expr' && isCountStar(stmt.items[0]!.expr) && !stmt.where;
    if (table.kind !== 'olap' || !(countOnly || isAggregateSelect(stmt))) {
      throw new SimError(
        1064,
        `Getting analyzing error. Detail message: the simulator only answers SELECT COUNT(...) / SUM(...) FROM <table> [PARTITION (...)] on user tables.`,
        '42000',
      );
    }
    const db = fe.getDb(dbName);
    // COUNT / SUM over the rows read from the segment files (sim/query/aggregate.ts): content fingerprints.
    if (!countOnly) return aggregateRows(stmt, table.columns, lake.scanRows(db, table, stmt.from.partitions ?? undefined), env);
    const item = stmt.items[0] as Extract<SelectStmt['items'][number], { kind: 'expr' }>;
    const n = lake.countRows(db, table, stmt.from.partitions ?? undefined);
    return { columns: [{ name: item.alias ?? item.text, type: 'BIGINT' }], rows: [[String(n)]] };
  }
}

function pushdown(stmt: SelectStmt, columns: string[]): Set<string> | null {
  for (const c of columns) {
    const s = equalityConstraints(stmt.where, c);
    if (s) return s;
  }
  return null;
}
