// DDL errors worded as StarRocks words them. Two families reach the MySQL client:
// - analyzer errors (SemanticException): `Getting analyzing error. Detail message: <msg>.`; the code is the
//   ErrorCode passed to ErrorReport (1050, 1051, 1347, ...) or 1064 for a plain SemanticException;
// - executor errors (DdlException, AlreadyExists, Preconditions): the raw message, code from ErrorReport or 1064.
import { SimError } from '../fe/errors.js';

/** A SemanticException raised by an analyzer (CreateTableAnalyzer, DropStmtAnalyzer, KeysDesc, ColumnDef...). */
export const semanticError = (msg: string, code = 1064, sqlState = '42000') =>
  new SimError(code, `Getting analyzing error. Detail message: ${msg}.`, sqlState);

/** A SemanticException carrying a NodePosition (`from line 1, column 5 to line 1, column 20` / `at line 1, column 5`). */
export const semanticErrorAt = (msg: string, pos: string | undefined, code = 1064, sqlState = '42000') =>
  pos ? new SimError(code, `Getting analyzing error ${pos}. Detail message: ${msg}.`, sqlState) : semanticError(msg, code, sqlState);

/** A DdlException (or another executor-side exception) with its raw message. */
export const ddlError = (msg: string, code = 1064, sqlState = 'HY000') => new SimError(code, msg, sqlState);

// ErrorCode entries (code, SQLSTATE, message) used by the DDL paths.
export const ERR = {
  dbCreateExists: (db: string) => ddlError(`Can't create database '${db}'; database exists`, 1007, 'HY000'),
  dbDropNotExists: (db: string) => ddlError(`Can't drop database '${db}'; database doesn't exist`, 1008, 'HY000'),
  badDb: (db: string) => semanticError(`Unknown database '${db}'`, 1049, '42000'),
  noDbSelected: () => semanticError('No database selected', 1046, '3D000'),
  tableExists: (t: string) => semanticError(`Table '${t}' already exists`, 1050, '42S01'),
  badTable: (t: string) => semanticError(`Unknown table '${t}'`, 1051, '42S02'),
  wrongObject: (db: string, t: string, what: 'VIEW' | 'TABLE' | 'MATERIALIZED VIEW') => semanticError(`'${db}.${t}' is not ${what}`, 1347, 'HY000'),
  dupFieldName: (c: string) => semanticError(`Duplicate column name '${c}'`, 1060, '42S21'),
  samePartitionName: (p: string) => ddlError(`Duplicate partition name ${p}`, 1517, 'HY000'),
  dropPartitionNotExists: (p: string) => ddlError(`Error in list of partitions to ${p}`, 1507, 'HY000'),
} as const;
