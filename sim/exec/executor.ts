// The simulated FE's statement executor: parses one statement, checks privileges, runs it against the catalog
// (sim/ddl), the storage layer (sim/lake) or the result-set builders (sim/show), and answers as StarRocks does.
import type { FeState } from '../fe/state.js';
import { SimError } from '../fe/errors.js';
import type { Session, QueryResult } from '../server/session.js';
import { parse } from '../sql/parser.js';
import type { QualifiedName, SelectStmt, Statement } from '../sql/ast.js';
import type { Lake } from '../lake/lake.js';
import * as ddl from '../ddl/index.js';
import * as show from '../show/index.js';
import type { ResultSet } from '../show/index.js';
import { filterRows, selectFrom, selectScalars, isCountStar } from '../query/select.js';
import { equalityConstraints, evaluate } from '../query/eval.js';
import { scalarEnv } from './scalar-env.js';
import { checkPrivilege, type Privilege } from './privileges.js';
import type { UserStore } from './users.js';

export interface ExecutorDeps {
  fe: FeState;
  lake: Lake;
  users: UserStore;
  /** Simulated per-statement latency, ms (DDL vs queries). */
  latency(kind: 'ddl' | 'query'): number;
}

const rows = (rs: ResultSet): QueryResult => ({ kind: 'rows', columns: rs.columns, rows: rs.rows });
const ok = (affectedRows = 0): QueryResult => ({ kind: 'ok', affectedRows });

const DDL_KINDS = new Set<Statement['kind']>([
  'createDatabase', 'dropDatabase', 'createTable', 'dropTable', 'truncateTable', 'alterTable', 'createIndex', 'dropIndex',
  'createView', 'alterView', 'dropView', 'createMaterializedView', 'dropMaterializedView', 'createStorageVolume',
  'dropStorageVolume', 'alterStorageVolume', 'setDefaultStorageVolume', 'adminSetFrontendConfig', 'createUser', 'dropUser',
  'grantPrivileges', 'grantRole', 'revokePrivileges', 'revokeRole',
]);

export class StatementExecutor {
  constructor(private readonly deps: ExecutorDeps) {}

  async execute(session: Session, sql: string): Promise<QueryResult> {
    const stmt = parse(sql);
    const ms = this.deps.latency(DDL_KINDS.has(stmt.kind) || stmt.kind === 'insert' ? 'ddl' : 'query');
    if (ms > 0) await new Promise((r) => setTimeout(r, ms));
    return this.run(session, stmt);
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
      case 'setPassword':
        this.deps.users.setPassword(stmt.user?.user ?? session.user, stmt.password, stmt.hashed);
        return ok();

      // ---------------------------------------------------------------- users
      case 'createUser':
        this.need(session, 'GRANT');
        this.deps.users.create(stmt.user.user, stmt.password ?? '', stmt.passwordHashed, stmt.ifNotExists);
        return ok();
      case 'dropUser':
        this.need(session, 'GRANT');
        this.deps.users.drop(stmt.user.user, stmt.ifExists);
        return ok();
      case 'grantPrivileges':
      case 'revokePrivileges':
        this.need(session, 'GRANT');
        if (stmt.grantee.kind !== 'user') throw new SimError(1064, 'Getting analyzing error. Detail message: roles are not simulated.', '42000');
        this.deps.users.grant(stmt.grantee.user.user, stmt.privileges, stmt.object.kind === 'system' ? 'SYSTEM' : 'OBJECT', stmt.kind === 'revokePrivileges');
        return ok();
      case 'grantRole':
      case 'revokeRole':
        this.need(session, 'GRANT');
        if (stmt.grantee.kind !== 'user') throw new SimError(1064, 'Getting analyzing error. Detail message: roles are not simulated.', '42000');
        for (const role of stmt.roles) this.deps.users.grantRole(stmt.grantee.user.user, role, stmt.kind === 'revokeRole');
        return ok();

      // ---------------------------------------------------------------- DDL
      case 'createDatabase':
        ddl.createDatabase(fe, stmt);
        return ok();
      case 'dropDatabase':
        ddl.dropDatabase(fe, stmt);
        return ok();
      case 'createTable':
        ddl.createTable(fe, session.currentDb, stmt);
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
        this.need(session, 'OPERATE');
        ddl.createStorageVolume(fe, stmt);
        return ok();
      case 'dropStorageVolume':
        this.need(session, 'OPERATE');
        ddl.dropStorageVolume(fe, stmt);
        return ok();
      case 'alterStorageVolume':
        this.need(session, 'OPERATE');
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
        if (stmt.overwrite) throw new SimError(1064, 'Getting analyzing error. Detail message: INSERT OVERWRITE is not supported by the simulator.', '42000');
        const dbName = this.dbOf(session, stmt.table);
        const db = fe.getDb(dbName);
        const table = fe.getOlapTable(dbName, stmt.table.name);
        if (table.mv) throw new SimError(1064, `Getting analyzing error. Detail message: the data of materialized view ${table.name} cannot be loaded directly.`, '42000');
        const env = scalarEnv(fe, session);
        const input = stmt.rows.map((r) => r.map((e) => evaluate(e, { column: () => undefined, ...env })));
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
      case 'showGrants':
        return rows(this.deps.users.showGrants(stmt.user?.user ?? session.user));
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
    if (table.kind !== 'olap' || !countOnly) {
      throw new SimError(1064, `Getting analyzing error. Detail message: the simulator only answers SELECT COUNT(*) FROM <table> [PARTITION (...)] on user tables.`, '42000');
    }
    const db = fe.getDb(dbName);
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
