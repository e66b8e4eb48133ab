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

/**
 * A result set whose rows can also be visited one by one without being held together (the big information_schema
 * tables): `scan` computes them afresh from the current state and hands each to `visit` in order; `rows` is the
 * same list, materialized on first access. A SELECT keeps only the rows it selects, projected (sim/query/select.ts).
 */
export interface ScannableResultSet extends ResultSet {
  scan(visit: (row: Row) => void): void;
}

export const isScannable = (rs: ResultSet): rs is ScannableResultSet => typeof (rs as Partial<ScannableResultSet>).scan === 'function';

/** A ScannableResultSet over `scan`; `rows` is computed once, when first read (or replaced by assignment). */
export function scannableResultSet(columns: ResultColumn[], scan: (visit: (row: Row) => void) => void): ScannableResultSet {
  let rows: Row[] | null = null;
  return {
    columns,
    scan,
    get rows(): Row[] {
      if (rows === null) {
        const all: Row[] = [];
        scan((r) => all.push(r));
        rows = all;
      }
      return rows;
    },
    set rows(value: Row[]) {
      rows = value;
    },
  };
}

/** Column list of a typed table definition written as `[name, type]` pairs. */
export const typedColumns = (defs: ReadonlyArray<readonly [string, ColumnType]>): ResultColumn[] => defs.map(([name, type]) => ({ name, type }));

export const columnNames = (rs: ResultSet): string[] => rs.columns.map((c) => c.name);
