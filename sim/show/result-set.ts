// The shape of every result set the simulated FE returns (SHOW statements, SHOW PROC, information_schema).
// Values are strings; SQL NULL is null. SHOW PROC output is all VARCHAR and uses the literal `\N` for "null"
// (FeConstants.NULL_STRING), see ../shared/reference/starrocks-fe-interface.md §6.

export type ColumnType = 'VARCHAR' | 'BIGINT' | 'INT' | 'DOUBLE' | 'DATETIME' | 'BOOLEAN';

export interface ResultColumn {
  name: string;
  type: ColumnType;
}

export type Cell = string | null;
export type Row = Cell[];

export interface ResultSet {
  columns: ResultColumn[];
  rows: Row[];
}

/** Optional pushdown hints for information_schema tables: only rows of these dbs/tables are needed. */
export interface InfoSchemaHints {
  dbNames?: Set<string>;
  tableNames?: Set<string>;
}

export const varchar = (name: string): ResultColumn => ({ name, type: 'VARCHAR' });

export const varcharColumns = (names: readonly string[]): ResultColumn[] => names.map(varchar);

export function resultSet(columns: ResultColumn[], rows: Row[] = []): ResultSet {
  return { columns, rows };
}

/** Column list of a typed table definition written as `[name, type]` pairs. */
export const typedColumns = (defs: ReadonlyArray<readonly [string, ColumnType]>): ResultColumn[] => defs.map(([name, type]) => ({ name, type }));

export const columnNames = (rs: ResultSet): string[] => rs.columns.map((c) => c.name);
