// information_schema.columns (ColumnsSystemTable): one row per column of every table, view and MV.
import type { Database, OlapTable } from '../../catalog/model.js';
import type { FeState } from '../../fe/state.js';
import { isIntegerType, isStringType, parseType } from '../column-types.js';
import {
  resultSet,
  scannableResultSet,
  typedColumns,
  type InfoSchemaHints,
  type ResultSet,
  type Row,
  type ScannableResultSet,
} from '../result-set.js';
import { viewColumns } from '../view-columns.js';
import { hintedDbs, tableAllowed } from './common.js';

export const COLUMNS_COLUMNS = typedColumns([
  ['TABLE_CATALOG', 'VARCHAR'],
  ['TABLE_SCHEMA', 'VARCHAR'],
  ['TABLE_NAME', 'VARCHAR'],
  ['COLUMN_NAME', 'VARCHAR'],
  ['ORDINAL_POSITION', 'BIGINT'],
  ['COLUMN_DEFAULT', 'VARCHAR'],
  ['IS_NULLABLE', 'VARCHAR'],
  ['DATA_TYPE', 'VARCHAR'],
  ['CHARACTER_MAXIMUM_LENGTH', 'BIGINT'],
  ['CHARACTER_OCTET_LENGTH', 'BIGINT'],
  ['NUMERIC_PRECISION', 'BIGINT'],
  ['NUMERIC_SCALE', 'BIGINT'],
  ['DATETIME_PRECISION', 'BIGINT'],
  ['CHARACTER_SET_NAME', 'VARCHAR'],
  ['COLLATION_NAME', 'VARCHAR'],
  ['COLUMN_TYPE', 'VARCHAR'],
  ['COLUMN_KEY', 'VARCHAR'],
  ['EXTRA', 'VARCHAR'],
  ['PRIVILEGES', 'VARCHAR'],
  ['COLUMN_COMMENT', 'VARCHAR'],
  ['COLUMN_SIZE', 'BIGINT'],
  ['DECIMAL_DIGITS', 'BIGINT'],
  ['GENERATION_EXPRESSION', 'VARCHAR'],
  ['SRS_ID', 'BIGINT'],
]);

const INT_PRECISION: Record<string, number> = { tinyint: 3, smallint: 5, int: 10, integer: 10, bigint: 19, largeint: 39 };
const KEY_MARK: Record<OlapTable['keysType'], string> = { DUP_KEYS: 'DUP', AGG_KEYS: 'AGG', UNIQUE_KEYS: 'UNI', PRIMARY_KEYS: 'PRI' };

interface ColumnFacts {
  name: string;
  type: string;
  nullable: boolean;
  defaultValue: string | null;
  comment: string;
  key: string;
  extra: string;
}

/** typeCells by type text: a pure function of it, and tables share a few types (cleared when full). */
const typeCellsMemo = new Map<string, Readonly<Row>>();
const TYPE_CELLS_MEMO_SIZE = 10_000;

function memoTypeCells(typeText: string): Readonly<Row> {
  let cells = typeCellsMemo.get(typeText);
  if (cells === undefined) {
    cells = typeCells(typeText);
    if (typeCellsMemo.size >= TYPE_CELLS_MEMO_SIZE) typeCellsMemo.clear();
    typeCellsMemo.set(typeText, cells);
  }
  return cells;
}

function typeCells(typeText: string): Row {
  const t = parseType(typeText);
  const str = isStringType(t);
  const len = str ? (t.args[0] ?? (t.base === 'string' ? 65533 : 1)) : null;
  let precision: number | null = null;
  let scale: number | null = null;
  if (isIntegerType(t)) [precision, scale] = [INT_PRECISION[t.base] ?? null, 0];
  else if (t.base.startsWith('decimal')) [precision, scale] = [t.args[0] ?? 10, t.args[1] ?? 0];
  else if (t.base === 'float') precision = 12;
  else if (t.base === 'double') precision = 22;
  const dtPrecision = t.base === 'datetime' ? 0 : null;
  const size = len ?? precision;
  const cell = (n: number | null) => (n === null ? null : String(n));
  return [
    t.base,
    cell(len),
    cell(len),
    cell(precision),
    cell(scale),
    cell(dtPrecision),
    str ? 'utf8' : null,
    str ? 'utf8_general_ci' : null,
    typeText,
    cell(size),
    cell(scale),
  ];
}

function rowOf(db: Database, tableName: string, pos: number, c: ColumnFacts): Row {
  const [dataType, maxLen, octetLen, precision, scale, dtPrecision, charset, collation, columnType, size, digits] = memoTypeCells(c.type);
  const def = c.defaultValue !== null && /^now\(\)$/i.test(c.defaultValue) ? 'CURRENT_TIMESTAMP' : c.defaultValue;
  return [
    'def',
    db.name,
    tableName,
    c.name,
    String(pos),
    def,
    c.nullable ? 'YES' : 'NO',
    dataType!,
    maxLen!,
    octetLen!,
    precision!,
    scale!,
    dtPrecision!,
    charset!,
    collation!,
    columnType!,
    c.key,
    c.extra,
    '',
    c.comment,
    size!,
    digits!,
    null,
    null,
  ];
}

/** Visits the rows of information_schema.columns the hints allow, in catalog order. */
function scanColumns(fe: FeState, hints: InfoSchemaHints, visit: (row: Row) => void): void {
  for (const db of hintedDbs(fe, hints)) {
    for (const t of db.tables.values()) {
      if (!tableAllowed(hints, t.name)) continue;
      if (t.kind === 'view') {
        viewColumns(fe, db.name, t).forEach((c, i) => visit(rowOf(db, t.name, i + 1, { ...c, defaultValue: null, key: '', extra: '' })));
        continue;
      }
      for (let i = 0; i < t.columns.length; i++) {
        const c = t.columns[i]!;
        const extra = !c.isKey && t.keysType === 'AGG_KEYS' && c.aggType ? c.aggType : c.autoIncrement ? 'auto_increment' : '';
        visit(
          rowOf(db, t.name, i + 1, {
            name: c.name,
            type: c.type,
            nullable: c.nullable,
            defaultValue: c.defaultValue,
            comment: c.comment,
            key: c.isKey ? KEY_MARK[t.keysType] : '',
            extra,
          }),
        );
      }
    }
  }
}

/** The whole table at once (a plain result set: its rows are collected by the scan below). */
export function columnsTable(fe: FeState, hints: InfoSchemaHints = {}): ResultSet {
  return resultSet(COLUMNS_COLUMNS, columnsScan(fe, hints).rows);
}

/** information_schema.columns for a SELECT: its rows produced while the SELECT reads them (see ScannableResultSet). */
export function columnsScan(fe: FeState, hints: InfoSchemaHints = {}): ScannableResultSet {
  return scannableResultSet(COLUMNS_COLUMNS, (visit) => scanColumns(fe, hints, visit));
}
