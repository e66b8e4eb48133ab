// CREATE TABLE t LIKE src (CreateTableLikeAnalyzer): the source table's own CREATE TABLE text (as SHOW CREATE TABLE
// prints it) is parsed again under the new name; a partition clause, distribution or properties written in the
// LIKE statement replace / extend the copied ones. The result is an ordinary CREATE TABLE.
import type { FeState } from '../fe/state.js';
import { createTableDdl } from '../show/create-table.js';
import type { CreateTableStmt } from '../sql/ast.js';
import { parse } from '../sql/parser.js';
import { ERR, semanticError } from './errors.js';
import { resolveDb } from './resolve.js';

/** The CREATE TABLE statement a `CREATE TABLE ... LIKE src` stands for. */
export function expandCreateTableLike(fe: FeState, currentDb: string | null, stmt: CreateTableStmt): CreateTableStmt {
  const like = stmt.like!;
  const srcDb = resolveDb(fe, like, currentDb);
  const src = srcDb.tables.get(like.name);
  if (!src) throw ERR.badTable(like.name);
  if (src.kind !== 'olap' || src.mv) throw semanticError(`Table '${like.name}' is not an OLAP table; CREATE TABLE LIKE copies OLAP tables only`);
  const copied = parse(createTableDdl(fe, src));
  if (copied.kind !== 'createTable') throw semanticError(`Cannot copy table '${like.name}'`);
  const out: CreateTableStmt = {
    ...copied,
    name: stmt.name,
    ifNotExists: stmt.ifNotExists,
    properties: { ...copied.properties, ...stmt.properties },
  };
  if (stmt.partition) out.partition = stmt.partition;
  if (stmt.distribution) out.distribution = stmt.distribution;
  return out;
}
