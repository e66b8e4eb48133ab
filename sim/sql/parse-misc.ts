// Databases, USE, storage volumes and INSERT ... VALUES (StarRocks.g4 createDbStatement, dropDbStatement,
// useDatabaseStatement, *StorageVolumeStatement, insertStatement).
import type {
  AlterStorageVolumeStmt,
  CreateDatabaseStmt,
  CreateStorageVolumeStmt,
  DescStorageVolumeStmt,
  DescTableStmt,
  DropDatabaseStmt,
  DropStorageVolumeStmt,
  Expr,
  InsertStmt,
  Properties,
  QualifiedName,
  UseStmt,
} from './ast.js';
import type { Cursor } from './cursor.js';
import { parseExpr } from './expr.js';
import { parsePartitionNames } from './parse-table.js';
import { parseSelect } from './parse-select.js';

/** `[catalog.]db` */
function catalogAndDb(name: QualifiedName): { catalog: string | null; db: string } {
  return { catalog: name.db, db: name.name };
}

/** After `CREATE`: `DATABASE|SCHEMA [IF NOT EXISTS] [catalog.]db [PROPERTIES (...)]`. */
export function parseCreateDatabase(cur: Cursor): CreateDatabaseStmt {
  cur.expectOneOf('DATABASE', 'SCHEMA');
  const ifNotExists = cur.acceptIfNotExists();
  const { catalog, db } = catalogAndDb(cur.qualifiedName());
  if (cur.isKw('DEFAULT') || cur.isKw('CHARSET') || cur.isKw('COLLATE') || cur.isKws('CHAR', 'SET') || cur.isKws('CHARACTER', 'SET')) {
    throw cur.fail('Database character sets are not supported by the simulator');
  }
  const stmt: CreateDatabaseStmt = { kind: 'createDatabase', ifNotExists, name: db, properties: cur.optionalProperties() };
  if (catalog !== null) stmt.catalog = catalog;
  return stmt;
}

/** After `DROP`: `DATABASE|SCHEMA [IF EXISTS] [catalog.]db [FORCE]`. */
export function parseDropDatabase(cur: Cursor): DropDatabaseStmt {
  cur.expectOneOf('DATABASE', 'SCHEMA');
  const ifExists = cur.acceptIfExists();
  const { catalog, db } = catalogAndDb(cur.qualifiedName());
  const stmt: DropDatabaseStmt = { kind: 'dropDatabase', ifExists, name: db, force: cur.acceptKw('FORCE') };
  if (catalog !== null) stmt.catalog = catalog;
  return stmt;
}

/** After `USE`: `[catalog.]db`. */
export function parseUse(cur: Cursor): UseStmt {
  if (cur.isString()) throw cur.fail("USE '<catalog>' is not supported by the simulator");
  const { catalog, db } = catalogAndDb(cur.qualifiedName());
  return { kind: 'use', catalog, db };
}

// ------------------------------------------------------------------ storage volumes

/** After `CREATE`: `STORAGE VOLUME [IF NOT EXISTS] name TYPE = t LOCATIONS = ("...") [COMMENT 'x'] [PROPERTIES (...)]`. */
export function parseCreateStorageVolume(cur: Cursor): CreateStorageVolumeStmt {
  cur.expectKw('STORAGE', 'VOLUME');
  const ifNotExists = cur.acceptIfNotExists();
  const name = cur.identOrString();
  cur.expectKw('TYPE');
  cur.expectOp('=');
  const type = cur.ident().toUpperCase();
  cur.expectKw('LOCATIONS');
  cur.expectOp('=');
  cur.expectOp('(');
  const locations = [cur.string()];
  while (cur.acceptOp(',')) locations.push(cur.string());
  cur.expectOp(')');
  const comment = cur.optionalComment();
  return { kind: 'createStorageVolume', ifNotExists, name, type, locations, comment, properties: cur.optionalProperties() };
}

/** After `DROP`: `STORAGE VOLUME [IF EXISTS] name`. */
export function parseDropStorageVolume(cur: Cursor): DropStorageVolumeStmt {
  cur.expectKw('STORAGE', 'VOLUME');
  const ifExists = cur.acceptIfExists();
  return { kind: 'dropStorageVolume', ifExists, name: cur.identOrString() };
}

/** After `ALTER`: `STORAGE VOLUME [IF EXISTS] name (SET ("k"="v") | COMMENT = 'x') [, ...]`. */
export function parseAlterStorageVolume(cur: Cursor): AlterStorageVolumeStmt {
  cur.expectKw('STORAGE', 'VOLUME');
  const ifExists = cur.acceptIfExists();
  const name = cur.identOrString();
  const properties: Properties = {};
  let comment: string | null = null;
  do {
    if (cur.acceptKw('SET')) Object.assign(properties, cur.propertyList());
    else if (cur.acceptKw('COMMENT')) {
      cur.expectOp('=');
      comment = cur.string();
    } else throw cur.unexpected('SET, COMMENT');
  } while (cur.acceptOp(','));
  const stmt: AlterStorageVolumeStmt = { kind: 'alterStorageVolume', name, properties, comment };
  if (ifExists) stmt.ifExists = true;
  return stmt;
}

/** After `DESC`/`DESCRIBE`: `STORAGE VOLUME name` or `[db.]table [ALL]`. */
export function parseDesc(cur: Cursor): DescStorageVolumeStmt | DescTableStmt {
  if (cur.isKws('STORAGE', 'VOLUME')) {
    cur.expectKw('STORAGE', 'VOLUME');
    return { kind: 'descStorageVolume', name: cur.identOrString() };
  }
  if (cur.isKw('FILES')) throw cur.fail('DESC FILES(...) is not supported by the simulator');
  const table = cur.qualifiedName();
  if (cur.isKw('PARTITION') || cur.isKw('PARTITIONS')) throw cur.fail('DESC ... PARTITION is not supported by the simulator');
  return { kind: 'descTable', table, all: cur.acceptKw('ALL') };
}

// ------------------------------------------------------------------ INSERT

/** After `INSERT`: `INTO|OVERWRITE t [PARTITION (...)] [WITH LABEL l] [(cols)] [PROPERTIES (...)] VALUES (...), ... | SELECT ...`. */
export function parseInsert(cur: Cursor): InsertStmt {
  const overwrite = cur.expectOneOf('INTO', 'OVERWRITE') === 'OVERWRITE';
  if (cur.isKw('FILES') || cur.isKw('BLACKHOLE')) throw cur.fail(`INSERT INTO ${cur.peek().upper} is not supported by the simulator`);
  const table = cur.qualifiedName();
  const partitions = parsePartitionNames(cur);
  let label: string | null = null;
  let columns: string[] | null = null;
  for (;;) {
    if (cur.acceptKws('WITH', 'LABEL')) label = cur.ident();
    else if (cur.isOp('(') && !cur.isKw('SELECT', 1) && !cur.isKw('WITH', 1)) columns = cur.identList();
    else if (cur.isKws('BY', 'NAME')) throw cur.fail('INSERT ... BY NAME is not supported by the simulator');
    else break;
  }
  const properties = cur.optionalProperties();
  if (cur.isKw('SELECT') || cur.isKw('WITH')) {
    const stmt: InsertStmt = { kind: 'insert', overwrite, table, partitions, label, columns, rows: [], select: parseSelect(cur) };
    if (Object.keys(properties).length > 0) stmt.properties = properties;
    return stmt;
  }
  if (!cur.acceptKw('VALUES')) {
    if (cur.isOp('(')) throw cur.fail('INSERT ... (SELECT ...) is not supported by the simulator');
    throw cur.unexpected('VALUES');
  }
  const rows = [parseRow(cur)];
  while (cur.acceptOp(',')) rows.push(parseRow(cur));
  const stmt: InsertStmt = { kind: 'insert', overwrite, table, partitions, label, columns, rows };
  if (Object.keys(properties).length > 0) stmt.properties = properties;
  return stmt;
}

function parseRow(cur: Cursor): Expr[] {
  cur.expectOp('(');
  const row = [parseValueOrDefault(cur)];
  while (cur.acceptOp(',')) row.push(parseValueOrDefault(cur));
  cur.expectOp(')');
  return row;
}

function parseValueOrDefault(cur: Cursor): Expr {
  if (cur.acceptKw('DEFAULT')) return { kind: 'default' };
  return parseExpr(cur);
}
