// Typed AST of the simulated FE's SQL front end: one `Statement` per SQL string (see parser.ts).
// Conventions:
// - Identifiers are stored unquoted (backticks removed, doubled backticks collapsed), case preserved as written.
// - Keyword-like enumerations (types, aggregate functions, units, scopes) are stored upper-case.
// - String literals are stored as their decoded value; numbers keep their source text.
// - Where the original text matters (view/MV queries, partition expressions, defaults, types, refresh clauses),
//   the node carries `text`: the exact slice of the input SQL.
// - Properties keep keys and values as written; later duplicates override earlier ones.
import type { AggType, KeysType } from '../catalog/model.js';
import type { AuthStatement } from './ast-auth.js';

export type { AggType, KeysType };

// ---------------------------------------------------------------- names

/** `[db.]name`; `db` is null when not given. */
export interface QualifiedName {
  db: string | null;
  name: string;
}

/** `'user'@'host'`; host defaults to `%`. */
export interface UserIdentity {
  user: string;
  host: string;
  /** `'u'@['domain']` form. */
  isDomain: boolean;
}

/** Ordered key/value properties from `PROPERTIES ("k" = "v", ...)` or `("k" = "v")`. */
export type Properties = Record<string, string>;

// ---------------------------------------------------------------- types

export type ScalarTypeName =
  | 'TINYINT'
  | 'SMALLINT'
  | 'INT'
  | 'BIGINT'
  | 'LARGEINT'
  | 'BOOLEAN'
  | 'FLOAT'
  | 'DOUBLE'
  | 'DECIMAL'
  | 'DECIMALV2'
  | 'DECIMAL32'
  | 'DECIMAL64'
  | 'DECIMAL128'
  | 'DECIMAL256'
  | 'DATE'
  | 'DATETIME'
  | 'TIME'
  | 'CHAR'
  | 'VARCHAR'
  | 'STRING'
  | 'BINARY'
  | 'VARBINARY'
  | 'JSON'
  | 'HLL'
  | 'BITMAP'
  | 'PERCENTILE';

/**
 * A column / CAST type. `text` is the exact source text (e.g. `int(11)`, `ARRAY<VARCHAR(10)>`).
 * Scalar `name` is canonical upper-case (`INTEGER` → `INT`, `TEXT` → `STRING`, `NUMERIC`/`NUMBER` → `DECIMAL`).
 */
export type TypeDef = ScalarType | ArrayType | MapType | StructType;

export interface ScalarType {
  kind: 'scalar';
  name: ScalarTypeName;
  /** Numbers in parentheses as written: display width of integer types, length of CHAR/VARCHAR/BINARY/VARBINARY,
   *  precision [, scale] of decimals. Empty when none. */
  args: number[];
  text: string;
}

export interface ArrayType {
  kind: 'array';
  element: TypeDef;
  text: string;
}

export interface MapType {
  kind: 'map';
  key: TypeDef;
  value: TypeDef;
  text: string;
}

export interface StructField {
  name: string;
  type: TypeDef;
  comment: string | null;
}

export interface StructType {
  kind: 'struct';
  fields: StructField[];
  text: string;
}

// ---------------------------------------------------------------- expressions

export type BinaryOp = '=' | '!=' | '<>' | '<' | '<=' | '>' | '>=' | '<=>' | '+' | '-' | '*' | '/' | '%' | 'DIV' | 'AND' | 'OR';

export type UnaryOp = '-' | '+' | 'NOT';

export type Expr =
  | NumberLiteral
  | StringLiteral
  | NullLiteral
  | BoolLiteral
  | ColumnRef
  | VariableRef
  | FunctionCall
  | UnaryExpr
  | BinaryExpr
  | InExpr
  | LikeExpr
  | IsNullExpr
  | BetweenExpr
  | CastExpr
  | IntervalExpr
  | TupleExpr
  | ParenExpr
  | DefaultExpr;

/** A numeric literal; `text` as written without sign (e.g. `10`, `1.5`, `1e3`). Negative numbers are unary `-`. */
export interface NumberLiteral {
  kind: 'number';
  text: string;
}

export interface StringLiteral {
  kind: 'string';
  value: string;
}

export interface NullLiteral {
  kind: 'null';
}

export interface BoolLiteral {
  kind: 'bool';
  value: boolean;
}

/** `c`, `t.c`, `db.t.c`: `qualifier` holds the leading parts (may be empty). */
export interface ColumnRef {
  kind: 'column';
  qualifier: string[];
  name: string;
}

/** `@@x`, `@@session.x`, `@@global.x`, `@@local.x` (scope null = unspecified), or a user variable `@x`. */
export interface VariableRef {
  kind: 'variable';
  system: boolean;
  scope: 'SESSION' | 'GLOBAL' | null;
  name: string;
}

/** `name(args)`; `name` is kept as written (qualified names joined with `.`). `count(*)` has `star: true`, no args. */
export interface FunctionCall {
  kind: 'call';
  name: string;
  args: Expr[];
  star: boolean;
  distinct: boolean;
}

export interface UnaryExpr {
  kind: 'unary';
  op: UnaryOp;
  operand: Expr;
}

export interface BinaryExpr {
  kind: 'binary';
  op: BinaryOp;
  left: Expr;
  right: Expr;
}

export interface InExpr {
  kind: 'in';
  expr: Expr;
  list: Expr[];
  not: boolean;
}

export interface LikeExpr {
  kind: 'like';
  expr: Expr;
  pattern: Expr;
  not: boolean;
}

export interface IsNullExpr {
  kind: 'isNull';
  expr: Expr;
  not: boolean;
}

export interface BetweenExpr {
  kind: 'between';
  expr: Expr;
  low: Expr;
  high: Expr;
  not: boolean;
}

export interface CastExpr {
  kind: 'cast';
  expr: Expr;
  type: TypeDef;
}

/** `INTERVAL <value> <unit>`; unit upper-case (DAY, HOUR, MONTH, ...). */
export interface IntervalExpr {
  kind: 'interval';
  value: Expr;
  unit: string;
}

/** `(a, b, ...)` with two or more elements (e.g. `PARTITION BY (c1, c2)`, `IN ((1,2),(3,4))`). */
export interface TupleExpr {
  kind: 'tuple';
  items: Expr[];
}

/** An explicitly parenthesized single expression, kept so texts can be reproduced. */
export interface ParenExpr {
  kind: 'paren';
  expr: Expr;
}

/** `DEFAULT` as a VALUES item or a SET value. */
export interface DefaultExpr {
  kind: 'default';
}

/** A parsed expression together with the exact source slice it came from. */
export interface ExprWithText {
  expr: Expr;
  text: string;
  /** Partition expressions: StarRocks' NodePosition of the expression, `from line L, column C to line L2, column C2`. */
  pos?: string;
}

// ---------------------------------------------------------------- CREATE TABLE parts

export type ColumnDefault =
  /** `DEFAULT 'x'` / `DEFAULT 10` / `DEFAULT NULL` (value null): the literal's value as a string. */
  | { kind: 'literal'; value: string | null; text: string }
  /** `DEFAULT CURRENT_TIMESTAMP` (`DEFAULT (now())` is the `expr` form). */
  | { kind: 'currentTimestamp'; text: string }
  /** `DEFAULT (expr)`, e.g. `DEFAULT (uuid())`; `text` is the expression text without the outer parentheses. */
  | { kind: 'expr'; expr: Expr; text: string };

export interface ColumnDef {
  name: string;
  type: TypeDef;
  /** `KEY` keyword given after the type. */
  isKey: boolean;
  aggType: AggType | null;
  /** true for NULL, false for NOT NULL, null when unspecified. */
  nullable: boolean | null;
  autoIncrement: boolean;
  default: ColumnDefault | null;
  comment: string | null;
  /** The whole column definition as written. */
  text: string;
  /** `col TYPE [NULL] AS expr`: a generated column's expression (StarRocks' generatedColumnDesc). */
  generated?: ExprWithText;
  /** `CHARSET x` / `CHAR SET x` / `CHARACTER SET x` after the type, as written. */
  charset?: string;
  /** The definition's NodePosition text (`from line 1, column 16 to line 1, column 30`), for analyzer messages. */
  pos?: string;
}

export interface IndexDef {
  name: string;
  columns: string[];
  /** `USING BITMAP` (upper-case) or null when omitted (StarRocks defaults to BITMAP). */
  using: string | null;
  comment: string | null;
  /** `USING BITMAP ("k" = "v")` index properties, when written. */
  properties?: Properties;
  /** The index definition's NodePosition text (from `INDEX` to its last token), for analyzer messages. */
  pos?: string;
}

export interface KeysDesc {
  keysType: KeysType;
  columns: string[];
}

export interface DistributionDesc {
  type: 'HASH' | 'RANDOM';
  columns: string[];
  /** null when `BUCKETS n` is omitted (automatic bucketing). */
  buckets: number | null;
  text: string;
  /** StarRocks' NodePosition of the clause, `from line L, column C to line L2, column C2`. */
  pos?: string;
}

/** A partition bound value: the string literal's value, or null for MAXVALUE (range) / NULL (list).
 *  StarRocks' grammar only takes quoted strings here (`partitionValue: MAXVALUE | string`), so numbers are errors. */
export type PartitionValue = string | null;

/** `PARTITION p VALUES LESS THAN (v, ...)` or `... LESS THAN MAXVALUE` (then `upper` is [] and `isMaxValue`). */
export interface LessThanPartitionItem {
  kind: 'lessThan';
  name: string;
  ifNotExists: boolean;
  upper: PartitionValue[];
  isMaxValue: boolean;
  properties: Properties;
  text: string;
}

/** `PARTITION p VALUES [(lower...), (upper...))`. */
export interface FixedRangePartitionItem {
  kind: 'fixedRange';
  name: string;
  ifNotExists: boolean;
  lower: PartitionValue[];
  upper: PartitionValue[];
  properties: Properties;
  text: string;
}

/** `START ("a") END ("b") EVERY (INTERVAL 1 DAY)` or `EVERY (10)`. StarRocks' grammar takes exactly one string
 *  each for START and END, so `start` and `end` hold one value. */
export interface BatchRangePartitionItem {
  kind: 'batch';
  start: PartitionValue[];
  end: PartitionValue[];
  /** unit null for a numeric step `EVERY (10)`; otherwise upper-case unit (DAY, WEEK, MONTH, YEAR, HOUR, ...). */
  every: { value: number; unit: string | null; text: string };
  text: string;
}

/** `PARTITION p VALUES IN ("a", "b")` (each value a 1-tuple) or `IN (("a","1"),("b","2"))`. */
export interface ListPartitionItem {
  kind: 'list';
  name: string;
  ifNotExists: boolean;
  values: PartitionValue[][];
  properties: Properties;
  text: string;
}

export type RangePartitionItem = LessThanPartitionItem | FixedRangePartitionItem | BatchRangePartitionItem;
export type PartitionItem = RangePartitionItem | ListPartitionItem;

/**
 * Partition clause of CREATE TABLE.
 * - `range`: `PARTITION BY RANGE(c1, ...) (...)`, or `RANGE(func(c)) (...)` (then `expr` is set, `columns` lists
 *   the columns the expression references).
 * - `list`: `PARTITION BY LIST(c1, ...) (...)`.
 * - `expr`: expression partitioning without explicit bounds: `PARTITION BY date_trunc('day', dt)`,
 *   `time_slice(...)`, `PARTITION BY col`, `PARTITION BY (c1, c2)`, `PARTITION BY c1, c2`. `exprs` holds one entry
 *   per expression; `columns` the referenced column names in order. `items` holds explicit partitions if written.
 */
export type PartitionDesc =
  | { kind: 'range'; columns: string[]; expr: ExprWithText | null; items: RangePartitionItem[]; text: string }
  | { kind: 'list'; columns: string[]; items: ListPartitionItem[]; text: string }
  | { kind: 'expr'; exprs: ExprWithText[]; columns: string[]; items: PartitionItem[]; text: string };

// ---------------------------------------------------------------- queries

export interface TableRef {
  name: QualifiedName;
  alias: string | null;
  /** `PARTITION (p1, p2)` / `PARTITION p1` / `PARTITIONS (...)`; null when not given. */
  partitions: string[] | null;
}

export type SelectItem =
  /** `*` or `t.*` */
  | { kind: 'star'; qualifier: string | null; text: string }
  /** `text` is the item's expression as written (MySQL-style column label when there is no alias). */
  | { kind: 'expr'; expr: Expr; alias: string | null; text: string };

export interface OrderByItem {
  expr: Expr;
  desc: boolean;
}

export interface LimitClause {
  count: number;
  offset: number;
}

export interface SelectStmt {
  kind: 'select';
  items: SelectItem[];
  from: TableRef | null;
  where: Expr | null;
  orderBy: OrderByItem[];
  limit: LimitClause | null;
}

/** The text of a view / MV defining query (after AS, trimmed, no trailing `;`), and its parse when simple. */
export interface QueryText {
  text: string;
  select: SelectStmt | null;
}

// ---------------------------------------------------------------- databases

export interface CreateDatabaseStmt {
  kind: 'createDatabase';
  ifNotExists: boolean;
  name: string;
  properties: Properties;
  /** `CREATE DATABASE catalog.db`: the catalog, when written. */
  catalog?: string | null;
}

export interface DropDatabaseStmt {
  kind: 'dropDatabase';
  ifExists: boolean;
  name: string;
  force: boolean;
  catalog?: string | null;
}

export interface UseStmt {
  kind: 'use';
  /** `USE catalog.db`: the catalog; null when not given. */
  catalog: string | null;
  db: string;
}

// ---------------------------------------------------------------- tables

export interface CreateTableStmt {
  kind: 'createTable';
  ifNotExists: boolean;
  /** `CREATE EXTERNAL TABLE` / `TEMPORARY` are not supported (syntax error). */
  name: QualifiedName;
  columns: ColumnDef[];
  indexes: IndexDef[];
  /** `ENGINE = x` lower-cased, or null when omitted. */
  engine: string | null;
  keys: KeysDesc | null;
  comment: string | null;
  partition: PartitionDesc | null;
  distribution: DistributionDesc | null;
  orderBy: string[] | null;
  properties: Properties;
  /** `ROLLUP (r1 (cols) ..., r2 (...))` after ORDER BY (StarRocks' rollupDesc), when written. */
  rollups?: RollupItem[];
  /**
   * `CREATE TABLE t [partitionDesc] [distributionDesc] [PROPERTIES] LIKE src` (createTableLikeStatement): the source
   * table; `columns` is then empty and only `partition`, `distribution` and `properties` may be set.
   */
  like?: QualifiedName;
  /**
   * `CREATE TABLE t [(c1, c2)] [keys] [COMMENT] [partition] [distribution] [ORDER BY] [PROPERTIES] AS SELECT ...`
   * (createTableAsSelectStatement): the query; `columns` is then empty and `ctasColumnNames` holds the optional names.
   */
  asSelect?: SelectStmt;
  ctasColumnNames?: string[];
}

export interface DropTableStmt {
  kind: 'dropTable';
  ifExists: boolean;
  name: QualifiedName;
  force: boolean;
}

export interface TruncateTableStmt {
  kind: 'truncateTable';
  name: QualifiedName;
  /** null when no PARTITION clause. */
  partitions: string[] | null;
}

export type ColumnPosition = { kind: 'first' } | { kind: 'after'; column: string };

export type AlterTableClause =
  /** ADD [TEMPORARY] PARTITION / ADD PARTITIONS START..END..EVERY (item kind `batch`). */
  | {
      kind: 'addPartition';
      temporary: boolean;
      item: PartitionItem;
      distribution: DistributionDesc | null;
      properties: Properties;
    }
  | { kind: 'dropPartition'; temporary: boolean; ifExists: boolean; name: string; force: boolean }
  | { kind: 'addColumn'; column: ColumnDef; position: ColumnPosition | null; rollup: string | null; properties: Properties }
  | { kind: 'addColumns'; columns: ColumnDef[]; rollup: string | null; properties: Properties }
  | { kind: 'dropColumn'; name: string; rollup: string | null; properties: Properties }
  | { kind: 'modifyColumn'; column: ColumnDef; position: ColumnPosition | null; rollup: string | null; properties: Properties }
  | { kind: 'renameColumn'; oldName: string; newName: string }
  | { kind: 'setProperties'; properties: Properties }
  | { kind: 'rename'; newName: string }
  | { kind: 'addIndex'; index: IndexDef }
  | { kind: 'dropIndex'; name: string }
  | { kind: 'setComment'; comment: string }
  | { kind: 'orderBy'; columns: string[] }
  /** ADD ROLLUP r1 (c1, c2) [DUPLICATE KEY (c1)] [FROM base] [PROPERTIES (...)], r2 (...) */
  | { kind: 'addRollup'; rollups: RollupItem[] }
  /** DROP ROLLUP r1, r2 */
  | { kind: 'dropRollup'; names: string[] };

/** StarRocks.g4 rollupItem: `name (cols) [DUPLICATE KEY (cols)] [FROM base] [PROPERTIES (...)]`. */
export interface RollupItem {
  name: string;
  columns: string[];
  dupKeys: string[] | null;
  fromRollup: string | null;
  properties: Properties;
}

export interface AlterTableStmt {
  kind: 'alterTable';
  name: QualifiedName;
  clauses: AlterTableClause[];
}

export interface CreateIndexStmt {
  kind: 'createIndex';
  table: QualifiedName;
  index: IndexDef;
}

export interface DropIndexStmt {
  kind: 'dropIndex';
  name: string;
  table: QualifiedName;
}

// ---------------------------------------------------------------- views and materialized views

export interface ViewColumn {
  name: string;
  comment: string | null;
}

export interface CreateViewStmt {
  kind: 'createView';
  orReplace: boolean;
  ifNotExists: boolean;
  name: QualifiedName;
  columns: ViewColumn[] | null;
  comment: string | null;
  query: QueryText;
  /** `SECURITY NONE|INVOKER`, when written. */
  security?: 'NONE' | 'INVOKER' | null;
  properties?: Properties;
}

export interface AlterViewStmt {
  kind: 'alterView';
  name: QualifiedName;
  columns: ViewColumn[] | null;
  comment: string | null;
  query: QueryText;
}

export interface DropViewStmt {
  kind: 'dropView';
  ifExists: boolean;
  name: QualifiedName;
}

export interface RefreshDesc {
  /** The whole clause as written, starting at REFRESH, e.g. `REFRESH ASYNC START('2024-01-01') EVERY (INTERVAL 1 DAY)`. */
  text: string;
  /** `IMMEDIATE` / `DEFERRED` or null. */
  moment: 'IMMEDIATE' | 'DEFERRED' | null;
  /** null when only a moment was given (`REFRESH DEFERRED`). */
  type: 'ASYNC' | 'MANUAL' | 'INCREMENTAL' | null;
  /** The START('...') string, or null. */
  start: string | null;
  /** EVERY (INTERVAL n unit), unit upper-case; text is e.g. `INTERVAL 1 DAY`. */
  every: { value: number; unit: string; text: string } | null;
}

export interface CreateMaterializedViewStmt {
  kind: 'createMaterializedView';
  ifNotExists: boolean;
  name: QualifiedName;
  comment: string | null;
  /** `PARTITION BY expr` / `PARTITION BY (a, b)`: one entry per expression; null when absent. */
  partitionBy: { exprs: ExprWithText[]; text: string } | null;
  distribution: DistributionDesc | null;
  orderBy: string[] | null;
  refresh: RefreshDesc | null;
  properties: Properties;
  query: QueryText;
  /** `CREATE MATERIALIZED VIEW mv (c1 COMMENT 'x', c2)`: column names; null when not given. */
  columns?: ViewColumn[] | null;
  /** The whole statement as sent (no trailing `;`): a sync MV keeps it as its OriginStatement. */
  text?: string;
}

/** The defining query of a synchronous MV: one table, optional GROUP BY (sim/sql/parse-view.parseSyncMvQuery). */
export interface SyncMvQuery {
  items: SelectItem[];
  distinct: boolean;
  /** Every table of the FROM clause (more than one is refused by the analyzer). */
  from: TableRef[];
  where: Expr | null;
  groupBy: Expr[];
  having: Expr | null;
  orderBy: OrderByItem[];
  limit: LimitClause | null;
}

export interface DropMaterializedViewStmt {
  kind: 'dropMaterializedView';
  ifExists: boolean;
  name: QualifiedName;
  force?: boolean;
}

// ---------------------------------------------------------------- storage volumes

export interface CreateStorageVolumeStmt {
  kind: 'createStorageVolume';
  ifNotExists: boolean;
  name: string;
  /** upper-case: S3, HDFS, AZBLOB, ADLS2, GS, ... */
  type: string;
  locations: string[];
  comment: string | null;
  properties: Properties;
}

export interface DropStorageVolumeStmt {
  kind: 'dropStorageVolume';
  ifExists: boolean;
  name: string;
}

export interface AlterStorageVolumeStmt {
  kind: 'alterStorageVolume';
  ifExists?: boolean;
  name: string;
  /** `SET ("k" = "v")`; empty when only a comment is changed. */
  properties: Properties;
  /** `COMMENT = 'x'`, or null. */
  comment: string | null;
}

export interface SetDefaultStorageVolumeStmt {
  kind: 'setDefaultStorageVolume';
  name: string;
}

export interface DescStorageVolumeStmt {
  kind: 'descStorageVolume';
  name: string;
}

/** DESC[RIBE] [db.]t [ALL] */
export interface DescTableStmt {
  kind: 'descTable';
  table: QualifiedName;
  all: boolean;
}

// ---------------------------------------------------------------- DML and queries

export interface InsertStmt {
  kind: 'insert';
  overwrite: boolean;
  table: QualifiedName;
  /** `PARTITION (p1, p2)`; null when absent. */
  partitions: string[] | null;
  /** `WITH LABEL l`; null when absent. */
  label: string | null;
  /** Explicit column list; null when absent. */
  columns: string[] | null;
  /** VALUES rows, each a list of expressions (literals, unary minus, function calls...); `DEFAULT` is `{kind:'default'}`. */
  rows: Expr[][];
  /** `INSERT INTO t [(cols)] SELECT ...`: the query (then `rows` is empty). */
  select?: SelectStmt;
  /** `PROPERTIES (...)` before VALUES, when written. */
  properties?: Properties;
}

// ---------------------------------------------------------------- SHOW

/** StarRocks' `showPredicateClauses`: `[WHERE expr] [ORDER BY ...] [LIMIT ...]`, accepted after most SHOW statements.
 *  Statements that carry `where`/`orderBy`/`limit` fields directly fill both. null when none was written. */
export interface ShowPredicate {
  where: Expr | null;
  orderBy: OrderByItem[];
  limit: LimitClause | null;
}

export interface ShowDatabasesStmt {
  kind: 'showDatabases';
  like: string | null;
  predicate?: ShowPredicate | null;
}

export interface ShowTablesStmt {
  kind: 'showTables';
  full: boolean;
  db: string | null;
  like: string | null;
  predicate?: ShowPredicate | null;
}

export interface ShowCreateStmt {
  kind: 'showCreate';
  objectType: 'TABLE' | 'VIEW' | 'MATERIALIZED VIEW';
  name: QualifiedName;
}

export interface ShowPartitionsStmt {
  kind: 'showPartitions';
  temporary: boolean;
  table: QualifiedName;
  where: Expr | null;
  orderBy: OrderByItem[];
  limit: LimitClause | null;
  predicate?: ShowPredicate | null;
}

/** `SHOW TABLET FROM [db.]t [PARTITION(p, ...)] [WHERE ...] [ORDER BY ...] [LIMIT ...]`. */
export interface ShowTabletsFromTableStmt {
  kind: 'showTabletsFromTable';
  table: QualifiedName;
  partitions: string[] | null;
  where: Expr | null;
  orderBy: OrderByItem[];
  limit: LimitClause | null;
  predicate?: ShowPredicate | null;
}

/** `SHOW TABLET <id>`; id kept as decimal text. */
export interface ShowTabletByIdStmt {
  kind: 'showTabletById';
  tabletId: string;
}

/** `SHOW INDEX|INDEXES|KEYS FROM [db.]t [FROM db]`: a trailing `FROM db` is folded into `table.db`. */
export interface ShowIndexStmt {
  kind: 'showIndex';
  table: QualifiedName;
  predicate?: ShowPredicate | null;
}

export interface ShowDataStmt {
  kind: 'showData';
  table: QualifiedName | null;
  predicate?: ShowPredicate | null;
}

export interface ShowFrontendsStmt {
  kind: 'showFrontends';
  predicate?: ShowPredicate | null;
}

export interface ShowBackendsStmt {
  kind: 'showBackends';
  predicate?: ShowPredicate | null;
}

export interface ShowComputeNodesStmt {
  kind: 'showComputeNodes';
  predicate?: ShowPredicate | null;
}

export interface ShowProcStmt {
  kind: 'showProc';
  path: string;
}

export interface ShowTransactionStmt {
  kind: 'showTransaction';
  db: string | null;
  /** The transaction id from `WHERE ID = n`, as decimal text. */
  txnId: string;
}

export interface ShowVariablesStmt {
  kind: 'showVariables';
  scope: 'SESSION' | 'GLOBAL' | null;
  like: string | null;
  where: Expr | null;
  predicate?: ShowPredicate | null;
}

export interface ShowGrantsStmt {
  kind: 'showGrants';
  /** `SHOW GRANTS FOR 'u'`; null for the current user. `all` for `SHOW ALL GRANTS`. */
  user: UserIdentity | null;
  all: boolean;
  /** `SHOW GRANTS FOR ROLE r`. */
  role?: string | null;
  predicate?: ShowPredicate | null;
}

export interface ShowMaterializedViewsStmt {
  kind: 'showMaterializedViews';
  db: string | null;
  like: string | null;
  predicate?: ShowPredicate | null;
}

/** `SHOW [FULL] COLUMNS|FIELDS FROM [db.]t [FROM db] [LIKE 'p']`. */
export interface ShowColumnsStmt {
  kind: 'showColumns';
  full: boolean;
  table: QualifiedName;
  like: string | null;
  predicate?: ShowPredicate | null;
}

export interface ShowStorageVolumesStmt {
  kind: 'showStorageVolumes';
  like: string | null;
  predicate?: ShowPredicate | null;
}

// ---------------------------------------------------------------- ADMIN

export interface AdminSetFrontendConfigStmt {
  kind: 'adminSetFrontendConfig';
  key: string;
  value: string;
  persistent: boolean;
}

export interface AdminShowFrontendConfigStmt {
  kind: 'adminShowFrontendConfig';
  like: string | null;
  predicate?: ShowPredicate | null;
}

// ---------------------------------------------------------------- session

export interface VariableAssignment {
  /** `SET GLOBAL x` / `SET @@global.x` → GLOBAL; `SET SESSION|LOCAL x`, `@@session.x` → SESSION; bare → null. */
  scope: 'SESSION' | 'GLOBAL' | null;
  /** User variable `@x` (then scope is null). */
  user: boolean;
  name: string;
  /** The value; `SET x = DEFAULT` gives `{ kind: 'column', qualifier: [], name: 'DEFAULT' }` and `isDefault`. */
  value: Expr;
  isDefault: boolean;
  /** The value as written. */
  valueText: string;
}

export interface SetVariablesStmt {
  kind: 'setVariables';
  assignments: VariableAssignment[];
}

export interface SetNamesStmt {
  kind: 'setNames';
  /** null for `SET NAMES DEFAULT`. */
  charset: string | null;
  collate: string | null;
}

export interface SetPasswordStmt {
  kind: 'setPassword';
  /** `SET PASSWORD FOR 'u'@'h' = ...`; null for the current user. */
  user: UserIdentity | null;
  /** The password string, or the hash when `hashed`. */
  password: string;
  /** `= PASSWORD('x')` gives hashed false with password x; a bare string `= '*ABC...'` gives hashed true. */
  hashed: boolean;
}

export interface KillStmt {
  kind: 'kill';
  /** `KILL QUERY n` → true; `KILL [CONNECTION] n` → false. */
  queryOnly: boolean;
  /** Decimal text; '' when a query id string was given instead (see `queryId`). */
  connectionId: string;
  /** `KILL QUERY 'query-id'`. */
  queryId?: string | null;
}

// ---------------------------------------------------------------- users and privileges

export interface CreateUserStmt {
  kind: 'createUser';
  ifNotExists: boolean;
  user: UserIdentity;
  /** `IDENTIFIED BY 'pw'` → plain password; `IDENTIFIED BY PASSWORD '*hash'` → hashed; null when not given. */
  password: string | null;
  passwordHashed: boolean;
  defaultRoles: string[];
  /** `IDENTIFIED WITH plugin [BY|AS 'x']`: the plugin name; then `password` holds the BY/AS string. */
  authPlugin?: string | null;
}

export interface DropUserStmt {
  kind: 'dropUser';
  ifExists: boolean;
  user: UserIdentity;
}

export type GrantObject =
  /** `ON SYSTEM` */
  | { kind: 'system' }
  /** Brief form `ON *.*`, `ON db.*`, `ON db.tbl`, `ON tbl` (db null; db/table may be `*`). */
  | { kind: 'legacy'; db: string | null; table: string }
  /** `ON [TABLE|DATABASE|VIEW|MATERIALIZED VIEW|STORAGE VOLUME|...] name[, ...]`; objectType upper-case singular. */
  | { kind: 'objects'; objectType: string; names: QualifiedName[] }
  /** `ON ALL TABLES IN DATABASE db` (db set) / `IN ALL DATABASES` (db null) / `ON ALL DATABASES`. objectType plural upper-case. */
  | { kind: 'all'; objectType: string; db: string | null; inAllDatabases?: boolean };

export type Grantee = { kind: 'user'; user: UserIdentity } | { kind: 'role'; role: string };

export interface GrantPrivilegesStmt {
  kind: 'grantPrivileges';
  /** Upper-case privilege names, e.g. `['SELECT', 'ALTER']`, `['ALL']` for ALL [PRIVILEGES], `['OPERATE']`. */
  privileges: string[];
  object: GrantObject;
  grantee: Grantee;
  withGrantOption: boolean;
}

export interface GrantRoleStmt {
  kind: 'grantRole';
  roles: string[];
  grantee: Grantee;
}

export interface RevokePrivilegesStmt {
  kind: 'revokePrivileges';
  privileges: string[];
  object: GrantObject;
  grantee: Grantee;
}

export interface RevokeRoleStmt {
  kind: 'revokeRole';
  roles: string[];
  grantee: Grantee;
}

// ---------------------------------------------------------------- the union

export type Statement =
  | CreateDatabaseStmt
  | DropDatabaseStmt
  | UseStmt
  | CreateTableStmt
  | DropTableStmt
  | TruncateTableStmt
  | AlterTableStmt
  | CreateIndexStmt
  | DropIndexStmt
  | CreateViewStmt
  | AlterViewStmt
  | DropViewStmt
  | CreateMaterializedViewStmt
  | DropMaterializedViewStmt
  | CreateStorageVolumeStmt
  | DropStorageVolumeStmt
  | AlterStorageVolumeStmt
  | SetDefaultStorageVolumeStmt
  | DescStorageVolumeStmt
  | DescTableStmt
  | ShowStorageVolumesStmt
  | InsertStmt
  | SelectStmt
  | ShowDatabasesStmt
  | ShowTablesStmt
  | ShowCreateStmt
  | ShowPartitionsStmt
  | ShowTabletsFromTableStmt
  | ShowTabletByIdStmt
  | ShowIndexStmt
  | ShowDataStmt
  | ShowFrontendsStmt
  | ShowBackendsStmt
  | ShowComputeNodesStmt
  | ShowProcStmt
  | ShowTransactionStmt
  | ShowVariablesStmt
  | ShowGrantsStmt
  | ShowMaterializedViewsStmt
  | ShowColumnsStmt
  | AdminSetFrontendConfigStmt
  | AdminShowFrontendConfigStmt
  | SetVariablesStmt
  | SetNamesStmt
  | SetPasswordStmt
  | KillStmt
  | CreateUserStmt
  | DropUserStmt
  | GrantPrivilegesStmt
  | GrantRoleStmt
  | RevokePrivilegesStmt
  | RevokeRoleStmt
  | AuthStatement;

export type StatementKind = Statement['kind'];
