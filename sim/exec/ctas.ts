// CREATE TABLE ... AS SELECT (CTASAnalyzer): the new table's columns come from the query's fields, then the rows are
// loaded as INSERT INTO t SELECT does. See sim/fidelity/ddl.md ("CTAS").
import type { Column } from '../catalog/model.js';
import { SimError } from '../fe/errors.js';
import { Cursor } from '../sql/cursor.js';
import type { ColumnDef, CreateTableStmt, DistributionDesc } from '../sql/ast.js';
import { parseColumnDef } from '../sql/parse-table.js';
import type { QueryField } from './query-rows.js';

const semantic = (msg: string) => new SimError(1064, `Getting analyzing error. Detail message: ${msg}.`, '42000');

/**
 * AnalyzerUtils.transformTableColumnType (convertDouble = true, as CTAS calls it): CHAR/VARCHAR become VARCHAR of the
 * same length, FLOAT/DOUBLE become DECIMAL(38, 9) (the recorded CTAS of test_multi_expr prints `float`/`double` source
 * columns as `decimal(38, 9)`), every other type is kept.
 */
export function ctasColumnType(sourceType: string): string {
  const t = sourceType.trim();
  const ch = /^char\((\d+)\)$/i.exec(t);
  if (ch) return `varchar(${ch[1]})`;
  if (/^(float|double)$/i.test(t)) return 'decimal(38, 9)';
  return t;
}

const quote = (name: string) => '`' + name.replace(/`/g, '``') + '`';

function columnDef(name: string, source: Column, notNull: boolean): ColumnDef {
  const text = `${quote(name)} ${ctasColumnType(source.type)} ${notNull ? 'NOT NULL' : 'NULL'}`;
  return parseColumnDef(new Cursor(text));
}

/**
 * The CREATE TABLE statement a CTAS runs: one column per query field (named by the CTAS column list or the field),
 * typed from its source column, nullable as its source column except PRIMARY KEY columns (NOT NULL); only DUPLICATE
 * and PRIMARY KEY tables; no DISTRIBUTED BY → HASH(first column) with automatic buckets (CTASAnalyzer without column
 * statistics).
 */
export function ctasCreateStatement(stmt: CreateTableStmt, fields: QueryField[]): CreateTableStmt {
  const names = stmt.ctasColumnNames ?? fields.map((f) => f.name);
  if (names.length !== fields.length) {
    throw semantic(`Number of select columns [${names.length}] don't equal query statement's columns [${fields.length}]`);
  }
  const keysType = stmt.keys?.keysType;
  if (keysType && keysType !== 'DUP_KEYS' && keysType !== 'PRIMARY_KEYS') throw semantic(`CTAS does not support ${keysType} table`);
  const pkColumns = new Set(keysType === 'PRIMARY_KEYS' ? stmt.keys!.columns.map((c) => c.toLowerCase()) : []);
  const columns = fields.map((f, i) => {
    if (!f.column) {
      throw new SimError(
        1064,
        'Getting analyzing error. Detail message: CTAS with an expression in the select list is not supported by the simulator.',
        '42000',
      );
    }
    const name = names[i]!;
    return columnDef(name, f.column, pkColumns.has(name.toLowerCase()) || !f.column.nullable);
  });
  const first = names[0]!;
  const distribution: DistributionDesc = stmt.distribution ?? {
    type: 'HASH',
    columns: [first],
    buckets: null,
    text: `DISTRIBUTED BY HASH(${quote(first)})`,
  };
  const { asSelect: _q, ctasColumnNames: _n, ...rest } = stmt;
  return { ...rest, columns, distribution };
}
