// Partition clauses: RANGE (LESS THAN, fixed [lower, upper), START/END/EVERY batches), LIST, and expression
// (automatic) partitioning; bound normalization and the overlap checks of RangePartitionInfo; the names StarRocks
// generates (MultiRangePartitionDesc, AnalyzerUtils.getAddPartitionClauseFromPartitionValues).
import type { Column, KeysType, OlapTable, PartitionBound, PartitionInfo } from '../catalog/model.js';
import type { BatchRangePartitionItem, Expr, ExprWithText, ListPartitionItem, PartitionDesc, PartitionItem } from '../sql/ast.js';
import { SimError } from '../fe/errors.js';
import { ddlError, semanticError } from './errors.js';
import { partitionExprToSql as exprToSql, referencedColumns } from './expr-text.js';
import { generatedExprSql, inferType } from './generated.js';
import { javaIntToHex, javaStringHash } from './java.js';
import {
  compareKeys,
  dayOfWeek,
  dayOfYear,
  type DateTimeParts,
  fmtDate,
  fmtDateTime,
  fmtPattern,
  listValueText,
  minValue,
  normalizeLiteral,
  NULL_PARTITION_VALUE,
  parseDateTime,
  plusMonths,
  plusSeconds,
  toEpochDay,
  toEpochSecond,
} from './literals.js';
import { checkPartitionName } from './names.js';
import {
  type ColType,
  isComplexType,
  isDateType,
  isDecimalType,
  isFloatType,
  isIntegerType,
  isStringType,
  parseTypeText,
  typeToString,
} from './types.js';

export const SHADOW_PARTITION_NAME = '$shadow_automatic_partition';
export const isShadowPartition = (name: string) => name.startsWith('$shadow_automatic_partition');
/** Config.max_partitions_in_one_batch. */
export const MAX_PARTITIONS_IN_ONE_BATCH = 4096;
/** FeConstants.MAX_LIST_PARTITION_NAME_LENGTH. */
const MAX_LIST_PARTITION_NAME_LENGTH = 50;

export interface PartitionSpec {
  name: string;
  bound: PartitionBound;
}

export interface PartitionPlan {
  info: PartitionInfo;
  /** Explicit partitions in definition order. */
  specs: PartitionSpec[];
  /** Automatic partitioning: CREATE TABLE also creates the hidden shadow partition. */
  shadow: boolean;
}

export const UNPARTITIONED: PartitionInfo = { type: 'UNPARTITIONED', columns: [], exprText: null, automatic: false };

/** The ColTypes of a table's partition columns (str2date(...) range expressions partition by DATE). */
export function partitionTypes(table: Pick<OlapTable, 'columns' | 'partitionInfo'>): ColType[] {
  const fnType = table.partitionInfo.type === 'EXPR_RANGE_V2' ? rangeFunctionType(table.partitionInfo.exprText ?? '') : null;
  if (fnType) return [parseTypeText(fnType)];
  return table.partitionInfo.columns.map((n) => {
    const c = table.columns.find((x) => x.name.toLowerCase() === n.toLowerCase());
    return parseTypeText(c?.type ?? 'varchar(65533)');
  });
}

/** The type a `PARTITION BY RANGE(fn(col))` table is partitioned by: str2date → DATE, from_unixtime[_ms] → DATETIME. */
export function rangeFunctionType(exprText: string): 'date' | 'datetime' | null {
  if (/^str2date\(/i.test(exprText)) return 'date';
  if (/^from_unixtime(_ms)?\(/i.test(exprText)) return 'datetime';
  return null;
}

/** A SemanticException carrying the expression's NodePosition (`Getting analyzing error from line ... to ...`). */
const semanticErrorAt = (pos: string | undefined, msg: string) =>
  pos ? new SimError(1064, `Getting analyzing error ${pos}. Detail message: ${msg}.`, '42000') : semanticError(msg);

/** A key-model table partitions by expressions over key columns only (PartitionDescAnalyzer). */
function checkExprOverKeys(refs: string[], columns: Column[], keysType: KeysType): void {
  if (keysType === 'DUP_KEYS') return;
  const keyed = refs.map((r) => columns.find((c) => c.name.toLowerCase() === r.toLowerCase()));
  if (keyed.length === 0 || keyed.some((c) => c !== undefined && !c.isKey)) {
    throw semanticError('The partition expr should base on key column');
  }
}

type PartitionKind = 'RANGE' | 'LIST';

/** RangePartitionDesc / ListPartitionDesc column checks; returns the canonical column name. */
function resolvePartitionColumn(name: string, columns: Column[], keysType: KeysType, kind: PartitionKind): Column {
  const col = columns.find((c) => c.name.toLowerCase() === name.toLowerCase());
  if (!col) throw semanticError(`Partition column[${name}] does not exist in column list.`);
  if (keysType !== 'DUP_KEYS' && !col.isKey && !isGeneratedPartitionColumn(col.name)) {
    throw semanticError('The partition column could not be aggregated column');
  }
  const t = parseTypeText(col.type);
  if (isFloatType(t)) throw semanticError('Floating point type column can not be partition column');
  if (kind === 'RANGE' && !isIntegerType(t) && !isDateType(t)) {
    throw semanticError(`Column[${col.name}] type[${typeToString(t)}] cannot be a range partition key.`);
  }
  if (kind === 'LIST' && (isComplexType(t) || isDecimalType(t) || ['JSON', 'HLL', 'BITMAP', 'PERCENTILE', 'VARBINARY'].includes(t.primitive))) {
    throw semanticError(`Invalid data type of list partition column[${col.name}]: ${typeToString(t)}`);
  }
  return col;
}

function resolveColumns(names: string[], columns: Column[], keysType: KeysType, kind: PartitionKind): string[] {
  const out: string[] = [];
  for (const n of names) {
    const c = resolvePartitionColumn(n, columns, keysType, kind);
    if (out.includes(c.name)) throw semanticError(`Duplicated partition column ${c.name}`);
    out.push(c.name);
  }
  return out;
}

// ---------------------------------------------------------------- range bounds

export type RangeRequest =
  | { name: string; kind: 'lessThan'; upper: Array<string | null> }
  | { name: string; kind: 'fixed'; lower: Array<string | null>; upper: Array<string | null> };

function keyOf(types: ColType[], values: ReadonlyArray<string | null>, what: string): Array<string | null> {
  if (values.length > types.length) {
    throw semanticError(`Partition values number is more than partition column number: ${what}`);
  }
  return types.map((t, i) => {
    if (i >= values.length) return minValue(t);
    const v = values[i];
    return v === null || v === undefined ? null : normalizeLiteral(t, v);
  });
}

/** Guava Range<PartitionKey>.toString(), as RangePartitionInfo's overlap error prints it. */
export function rangeToString(types: ColType[], lower: ReadonlyArray<string | null>, upper: ReadonlyArray<string | null>): string {
  const key = (vals: ReadonlyArray<string | null>) =>
    `types: [${types.map((t) => (isDecimalType(t) ? `DECIMAL` : t.primitive)).join(', ')}]; keys: [${vals.map((v) => v ?? 'MAXVALUE').join(', ')}]; `;
  return `[${key(lower)}..${key(upper)})`;
}

/**
 * Places new ranges among `existing` as RangePartitionInfo.checkAndCreateRange does, in request order: a
 * `LESS THAN` partition starts at the greatest existing upper bound below its own upper bound. Overlaps throw.
 */
export function placeRanges(types: ColType[], existing: PartitionSpec[], requests: RangeRequest[]): PartitionSpec[] {
  type R = { lower: Array<string | null>; upper: Array<string | null> };
  const cmp = (a: ReadonlyArray<string | null>, b: ReadonlyArray<string | null>) => compareKeys(types, a, b);
  // Non-overlapping ranges sorted by lower bound (so also by upper bound).
  const sorted: R[] = existing
    .filter((s) => s.bound.kind === 'range')
    .map((s) => s.bound as R)
    .sort((a, b) => cmp(a.lower, b.lower));
  /** First index whose key(range) >= key, by binary search. */
  const lowerBound = (key: ReadonlyArray<string | null>, of: (r: R) => ReadonlyArray<string | null>) => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cmp(of(sorted[mid]!), key) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const out: PartitionSpec[] = [];
  for (const r of requests) {
    let lower: Array<string | null>;
    const upper = keyOf(types, r.upper, r.name);
    if (r.kind === 'fixed') {
      lower = keyOf(types, r.lower, r.name);
      if (cmp(lower, upper) >= 0) throw ddlError('The lower values must smaller than upper values');
    } else {
      if (upper.every((v, i) => v !== null && v === minValue(types[i]!))) {
        throw ddlError(`Partition's upper value should not be MIN VALUE: (${upper.map((v) => `'${v}'`).join(', ')})`);
      }
      // The new range starts at the greatest existing upper bound below its own upper bound.
      const i = lowerBound(upper, (x) => x.upper);
      lower = i > 0 ? [...sorted[i - 1]!.upper] : types.map(minValue);
    }
    const at = lowerBound(lower, (x) => x.lower);
    const candidates = [sorted[at - 1], sorted[at]].filter((x): x is R => x !== undefined);
    for (const p of candidates) {
      if (cmp(lower, p.upper) < 0 && cmp(p.lower, upper) < 0) {
        throw ddlError(`Range ${rangeToString(types, lower, upper)} is intersected with range: ${rangeToString(types, p.lower, p.upper)}`);
      }
    }
    sorted.splice(at, 0, { lower, upper });
    out.push({ name: r.name, bound: { kind: 'range', lower, upper } });
  }
  return out;
}

// ---------------------------------------------------------------- START / END / EVERY

export interface BatchContext {
  /** Partitions of an automatic-partitioned table created in advance: EVERY must be 1. */
  autoPartitionTable: boolean;
  temp: boolean;
  properties: Record<string, string>;
}

/** Calendar WEEK_OF_YEAR with Sunday as first day and minimalDaysInFirstWeek = 1 (the JVM's en_US default). */
function usWeekOfYear(p: DateTimeParts): number {
  const dowSun = dayOfWeek(p) % 7; // Sunday = 0
  const endOfWeek = toEpochDay(p.y, p.mo, p.d) + (6 - dowSun);
  if (endOfWeek >= toEpochDay(p.y + 1, 1, 1)) return 1;
  const jan1 = { y: p.y, mo: 1, d: 1, h: 0, mi: 0, s: 0 };
  return Math.floor((dayOfYear(p) - 1 + (dayOfWeek(jan1) % 7)) / 7) + 1;
}

const startOfDay = (p: DateTimeParts): DateTimeParts => ({ ...p, h: 0, mi: 0, s: 0 });
const plusDays = (p: DateTimeParts, n: number) => plusSeconds(p, n * 86400);
const isBefore = (a: DateTimeParts, b: DateTimeParts) => toEpochSecond(a) < toEpochSecond(b);

/** MultiRangePartitionDesc.convertToSingle: one fixed-range request per step. */
export function expandBatch(item: BatchRangePartitionItem, firstType: ColType, ctx: BatchContext): RangeRequest[] {
  const startText = item.start[0] ?? '';
  const endText = item.end[0] ?? '';
  const { value: step, unit } = item.every;
  const out: RangeRequest[] = [];
  const push = (r: RangeRequest) => {
    out.push(r);
    if (out.length > MAX_PARTITIONS_IN_ONE_BATCH) {
      throw semanticError(`The number of batch partitions should not exceed:${MAX_PARTITIONS_IN_ONE_BATCH}`);
    }
  };
  if (isDateType(firstType)) {
    const b0 = parseDateTime(startText);
    const e = parseDateTime(endText);
    if (!b0 || !e) throw semanticError('Batch build partition EVERY is date type but START or END does not type match.');
    if (!isBefore(b0, e)) throw semanticError('Batch build partition start date should less than end date.');
    if (unit === null) throw semanticError('Unknown timeunit for batch build partition.');
    if (ctx.autoPartitionTable && step !== 1) {
      throw semanticError('Automatically create partition tables and create partitions in advance only supports an interval of 1');
    }
    let prefix = ctx.temp ? 'tp' : 'p';
    let weekStart = 1;
    let monthStart = 1;
    const props = ctx.properties;
    if (props['dynamic_partition.start_day_of_week'] !== undefined) weekStart = Number(props['dynamic_partition.start_day_of_week']);
    if (props['dynamic_partition.start_day_of_month'] !== undefined) monthStart = Number(props['dynamic_partition.start_day_of_month']);
    if (props['dynamic_partition.prefix'] !== undefined) prefix = props['dynamic_partition.prefix'];
    const fmt = firstType.primitive === 'DATE' ? fmtDate : fmtDateTime;
    let begin = b0;
    while (isBefore(begin, e)) {
      const lower = fmt(begin);
      let name: string;
      switch (unit) {
        case 'HOUR':
          name = prefix + fmtPattern(begin, 'yyyyMMddHH');
          begin = plusSeconds({ ...begin, mi: 0, s: 0 }, step * 3600);
          break;
        case 'DAY':
          name = prefix + fmtPattern(begin, 'yyyyMMdd');
          begin = plusDays(startOfDay(begin), step);
          break;
        case 'WEEK': {
          begin = plusDays(begin, -((dayOfWeek(begin) - weekStart + 7) % 7));
          let week = usWeekOfYear(begin);
          if (week <= 1 && begin.mo >= 12) week += 52;
          name = `${prefix}${begin.y}_${String(week).padStart(2, '0')}`;
          begin = plusDays(begin, 7 * step);
          break;
        }
        case 'MONTH':
          name = prefix + fmtPattern(begin, 'yyyyMM');
          begin = plusMonths({ ...begin, d: Math.min(monthStart, 28) }, step);
          break;
        case 'YEAR':
          name = prefix + fmtPattern(begin, 'yyyy');
          begin = plusMonths({ ...begin, mo: 1, d: 1 }, 12 * step);
          break;
        default:
          throw semanticError(`Batch build partition does not support time interval type: ${unit}`);
      }
      if (unit !== 'DAY' && toEpochSecond(begin) > toEpochSecond(e)) begin = e;
      push({ name, kind: 'fixed', lower: [lower], upper: [fmt(begin)] });
    }
    return out;
  }
  if (isIntegerType(firstType)) {
    if (unit !== null) throw semanticError('Batch build partition EVERY is date type but START or END does not type match.');
    if (!/^[+-]?\d+$/.test(startText.trim()) || !/^[+-]?\d+$/.test(endText.trim())) {
      throw semanticError('Batch build partition EVERY is number type but START or END does not type match.');
    }
    let b = BigInt(startText.trim());
    const e = BigInt(endText.trim());
    if (b >= e) throw semanticError('Batch build partition start value should less then end value.');
    const prefix = ctx.temp ? 'tp' : 'p';
    while (b < e) {
      const name = `${prefix}${b}`;
      const lower = String(b);
      b += BigInt(step);
      push({ name, kind: 'fixed', lower: [lower], upper: [String(b)] });
    }
    return out;
  }
  throw semanticError(`Unsupported batch partition build type:${typeToString(firstType)}.`);
}

/** Converts range items (written order) into range requests. */
export function rangeRequests(items: PartitionItem[], types: ColType[], ctx: BatchContext): RangeRequest[] {
  const out: RangeRequest[] = [];
  for (const item of items) {
    switch (item.kind) {
      case 'lessThan':
        out.push({ name: item.name, kind: 'lessThan', upper: item.isMaxValue ? types.map(() => null) : item.upper });
        break;
      case 'fixedRange':
        out.push({ name: item.name, kind: 'fixed', lower: item.lower, upper: item.upper });
        break;
      case 'batch':
        out.push(...expandBatch(item, types[0]!, ctx));
        break;
      case 'list':
        throw semanticError('Only support range partition items in a range partition clause');
    }
  }
  return out;
}

export function checkDuplicateNames(names: string[], existing: string[] = []): void {
  const seen = new Set(existing.map((n) => n.toLowerCase()));
  for (const n of names) {
    checkPartitionName(n);
    if (seen.has(n.toLowerCase())) throw semanticError(`Duplicated partition name: ${n}`);
    seen.add(n.toLowerCase());
  }
}

// ---------------------------------------------------------------- list bounds

/**
 * The specs of LIST partition items. `NULL` (the parser's null) is stored as NULL_PARTITION_VALUE and is refused for
 * a NOT NULL partition column (`nullable`, one flag per partition column; StarRocks PR #51086). Duplicates are found by
 * LiteralExpr.getStringValue, so NULL and the string 'NULL' are the same value (ListPartitionDesc.analyzeDuplicateValues):
 * CREATE TABLE words them as ListPartitionDesc does; ADD PARTITION (against `existing`) keeps the simulator's wording.
 */
export function listSpecs(
  items: ListPartitionItem[],
  types: ColType[],
  existing: PartitionSpec[],
  nullable?: boolean[],
  adding = false,
): PartitionSpec[] {
  const seen = new Set<string>();
  const textKey = (norm: string[]) => JSON.stringify(norm.map(listValueText));
  for (const s of existing) if (s.bound.kind === 'list') for (const v of s.bound.values) seen.add(textKey(v));
  return items.map((item) => {
    const values = item.values.map((tuple) => {
      if (tuple.length !== types.length) throw semanticError('Partition column size should be equal to partition value size.');
      const norm = tuple.map((v, i) => {
        if (v === null || v === NULL_PARTITION_VALUE) {
          if (nullable && nullable[i] === false) {
            throw semanticError(`Partition value can not be NULL in a list partition of the NOT NULL partition column ${i + 1}`);
          }
          return NULL_PARTITION_VALUE;
        }
        return normalizeLiteral(types[i]!, v);
      });
      const key = textKey(norm);
      if (seen.has(key)) {
        const texts = norm.map(listValueText);
        if (!adding && types.length === 1) throw semanticError(`Duplicated value ${texts[0]}`);
        if (!adding) throw semanticError(`Duplicate values (${texts.map((v) => `"${v}"`).join(',')}) not allow`);
        const shown = texts.length === 1 ? `'${texts[0]}'` : `(${texts.map((v) => `'${v}'`).join(', ')})`;
        throw semanticError(`Duplicate values ${shown} in list partition ${item.name}`);
      }
      seen.add(key);
      return norm;
    });
    return { name: item.name, bound: { kind: 'list', values } };
  });
}

// ---------------------------------------------------------------- the partition clause of CREATE TABLE

export interface AutoRangeMeasure {
  granularity: 'minute' | 'hour' | 'day' | 'month' | 'year';
  interval: number;
  /** time_slice aligns to multiples of the interval since 0001-01-01; date_trunc to the unit. */
  timeSlice: boolean;
}

const GRANULARITIES = ['minute', 'hour', 'day', 'month', 'year'] as const;

/** AnalyzerUtils.checkAndGetPartitionMeasure over the partition expression text. */
export function autoRangeMeasure(exprText: string): AutoRangeMeasure {
  let m = /^date_trunc\('([a-z]+)',/i.exec(exprText);
  if (m) return { granularity: m[1]!.toLowerCase() as AutoRangeMeasure['granularity'], interval: 1, timeSlice: false };
  m = /^time_slice\([^,]+,\s*INTERVAL\s+(\d+)\s+([a-z]+)/i.exec(exprText);
  if (m) return { granularity: m[2]!.toLowerCase() as AutoRangeMeasure['granularity'], interval: Number(m[1]), timeSlice: true };
  throw semanticError('automatic partition only support data_trunc function.');
}

function analyzeExprPartition(
  exprs: ExprWithText[],
  items: PartitionItem[],
  columns: Column[],
  keysType: KeysType,
  props: Record<string, string>,
): PartitionPlan {
  const first = exprs[0]!.expr;
  const isTimeFn = exprs.length === 1 && first.kind === 'call' && ['date_trunc', 'time_slice'].includes(first.name.toLowerCase());
  for (const e of exprs) if (e.expr.kind === 'call') checkExprOverKeys(referencedColumns(e.expr), columns, keysType);
  if (isTimeFn && first.kind === 'call') {
    const refs = referencedColumns(first);
    if (refs.length !== 1) throw semanticError('Partition expression must reference exactly one column');
    const col = resolvePartitionColumn(refs[0]!, columns, keysType, 'RANGE');
    const t = parseTypeText(col.type);
    if (!isDateType(t)) {
      throw semanticError(`The ${first.name.toLowerCase()} function can only be used on DATE or DATETIME partition columns`);
    }
    const exprText = exprToSql(first);
    const measure = autoRangeMeasure(exprText);
    if (!GRANULARITIES.includes(measure.granularity)) {
      throw semanticError(`Unsupported partition granularity ${measure.granularity} for ${first.name.toLowerCase()}`);
    }
    if (t.primitive === 'DATE' && (measure.granularity === 'hour' || measure.granularity === 'minute')) {
      throw semanticError(`The granularity of ${first.name.toLowerCase()} cannot be ${measure.granularity} for a DATE partition column`);
    }
    const info: PartitionInfo = { type: 'EXPR_RANGE', columns: [col.name], exprText, automatic: true };
    const requests = rangeRequests(items, [t], { autoPartitionTable: true, temp: false, properties: props });
    checkDuplicateNames(requests.map((r) => r.name));
    return { info, specs: placeRanges([t], [], requests), shadow: true };
  }
  // PARTITION BY c1[, c2] / (c1, c2) / expressions: automatic LIST partitioning; every expression that is not a
  // plain column becomes a hidden generated column `__generated_partition_column_<n>` the table partitions by.
  const names: string[] = [];
  let generated = 0;
  for (const e of exprs) {
    if (e.expr.kind === 'column') names.push(e.expr.name);
    else names.push(addGeneratedPartitionColumn(e.expr, generated++, columns, keysType));
  }
  const cols = resolveColumns(names, columns, keysType, 'LIST');
  const info: PartitionInfo = { type: 'LIST', columns: cols, exprText: null, automatic: true };
  const listItems = items.filter((i): i is ListPartitionItem => i.kind === 'list');
  if (listItems.length !== items.length) throw semanticError('Only support list partition items for partition by columns');
  checkDuplicateNames(listItems.map((i) => i.name));
  const types = cols.map((c) => parseTypeText(columns.find((x) => x.name === c)!.type));
  return { info, specs: listSpecs(listItems, types, [], nullabilityOf(cols, columns)), shadow: true };
}

/** Prefix of the hidden columns expression partitioning adds (FeConstants.GENERATED_PARTITION_COLUMN_PREFIX). */
export const GENERATED_PARTITION_COLUMN_PREFIX = '__generated_partition_column_';
const isGeneratedPartitionColumn = (name: string) => name.toLowerCase().startsWith(GENERATED_PARTITION_COLUMN_PREFIX);
/** The OLAP max VARCHAR length a generated partition column of a string expression gets. */
const GENERATED_VARCHAR = 'varchar(1048576)';

/**
 * Appends the generated column a partition expression needs to `columns` (the table's column list, modified in
 * place as StarRocks adds it to the CREATE TABLE column definitions) and returns its name. Its type is the
 * expression's: date_trunc/time_slice keep their argument's type, string functions give varchar(1048576).
 */
function addGeneratedPartitionColumn(e: Expr, n: number, columns: Column[], keysType: KeysType): string {
  const name = `${GENERATED_PARTITION_COLUMN_PREFIX}${n}`;
  if (keysType === 'AGG_KEYS') throw semanticError(`AGG_KEYS table should specify aggregate type for non-key column[${name}]`);
  const lookup = (ref: string) => {
    const column = columns.find((c) => c.name.toLowerCase() === ref.toLowerCase());
    return column ? { column, type: parseTypeText(column.type) } : undefined;
  };
  let type: string = GENERATED_VARCHAR;
  const refs = referencedColumns(e);
  if (e.kind === 'call' && ['date_trunc', 'time_slice'].includes(e.name.toLowerCase()) && refs.length === 1) {
    type = lookup(refs[0]!)?.column.type ?? GENERATED_VARCHAR;
  } else {
    const t = inferType(e, lookup);
    if (t) type = isStringType(t) && t.length === -1 ? GENERATED_VARCHAR : t.text;
  }
  columns.push({
    name,
    type,
    isKey: false,
    aggType: null,
    nullable: true,
    defaultValue: null,
    autoIncrement: false,
    comment: '',
    generatedExpr: generatedExprSql(e),
  });
  return name;
}

/**
 * `PARTITION BY RANGE(from_unixtime(c) | from_unixtime_ms(c) | str2date(c, fmt)) (...)` (ExpressionRangePartitionInfoV2):
 * from_unixtime[_ms] need an integer column and partition by DATETIME, str2date a string column and partitions by DATE.
 */
function analyzeRangeFunctionPartition(
  expr: ExprWithText,
  items: PartitionItem[],
  columns: Column[],
  keysType: KeysType,
  props: Record<string, string>,
): PartitionPlan {
  const call = expr.expr;
  if (call.kind !== 'call') throw semanticError('Partition expression must be a function call');
  const fn = call.name.toLowerCase();
  const refs = referencedColumns(call);
  checkExprOverKeys(refs, columns, keysType);
  if (refs.length !== 1) throw semanticErrorAt(expr.pos, `Unsupported partition expression ${fn}`);
  const col = columns.find((c) => c.name.toLowerCase() === refs[0]!.toLowerCase());
  if (!col) throw semanticError(`Partition column[${refs[0]}] does not exist in column list.`);
  const t = parseTypeText(col.type);
  // from_unixtime(INT|BIGINT), from_unixtime_ms(BIGINT) (test_expr_from_unixtime R file).
  const fits = fn === 'str2date' ? isStringType(t) : fn === 'from_unixtime' ? ['INT', 'BIGINT'].includes(t.primitive) : t.primitive === 'BIGINT';
  if (!fits) throw semanticErrorAt(expr.pos, `Unsupported partition expression ${fn} for column ${col.name} type ${typeToString(t)}`);
  const info: PartitionInfo = { type: 'EXPR_RANGE_V2', columns: [col.name], exprText: exprToSql(call), automatic: false };
  const types = partitionTypes({ columns, partitionInfo: info });
  const requests = rangeRequests(items, types, { autoPartitionTable: false, temp: false, properties: props });
  checkDuplicateNames(requests.map((r) => r.name));
  return { info, specs: placeRanges(types, [], requests), shadow: false };
}

/** Calendar fields of `ms` in time zone `zone` (the FE's own zone when absent or unknown). */
function partsInZone(ms: number, zone: string | undefined): DateTimeParts {
  const pick = (tz: string | undefined) => {
    const f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      hourCycle: 'h23',
    });
    const get = (type: string) => Number(f.formatToParts(new Date(ms)).find((x) => x.type === type)?.value ?? 0);
    return { y: get('year'), mo: get('month'), d: get('day'), h: get('hour'), mi: get('minute'), s: get('second') };
  };
  try {
    return pick(zone);
  } catch {
    return pick(undefined);
  }
}

/**
 * The partitions DynamicPartitionScheduler.executeDynamicPartitionFirstTime adds right after CREATE TABLE: one per
 * time unit from the current one (in dynamic_partition.time_zone) to `end`, named and bounded like a START/END/EVERY
 * batch with the dynamic prefix; ranges overlapping `existing` partitions are skipped. History partitions
 * (create_history_partition) are not created.
 */
export function dynamicPartitionSpecs(props: Record<string, string>, t: ColType, existing: PartitionSpec[], now = Date.now()): PartitionSpec[] {
  const keys = Object.keys(props).filter((k) => k.startsWith('dynamic_partition.'));
  if (keys.length === 0 || (props['dynamic_partition.enable'] ?? 'true').toLowerCase() !== 'true') return [];
  const unit = (props['dynamic_partition.time_unit'] ?? '').toUpperCase();
  const end = Number(props['dynamic_partition.end']);
  if (!isDateType(t) || !Number.isInteger(end) || end < 0) return [];
  if (!['HOUR', 'DAY', 'WEEK', 'MONTH', 'YEAR'].includes(unit) || (unit === 'HOUR' && t.primitive === 'DATE')) return [];
  const p = partsInZone(now, props['dynamic_partition.time_zone']);
  let begin: DateTimeParts;
  switch (unit) {
    case 'HOUR':
      begin = { ...p, mi: 0, s: 0 };
      break;
    case 'DAY':
      begin = startOfDay(p);
      break;
    case 'WEEK': {
      const first = Number(props['dynamic_partition.start_day_of_week'] ?? '1');
      begin = plusDays(startOfDay(p), -((dayOfWeek(p) - first + 7) % 7));
      break;
    }
    case 'MONTH': {
      const first = Number(props['dynamic_partition.start_day_of_month'] ?? '1');
      begin = { ...startOfDay(p), d: first };
      if (p.d < first) begin = plusMonths(begin, -1);
      break;
    }
    default:
      begin = { ...startOfDay(p), mo: 1, d: 1 };
  }
  const next = (x: DateTimeParts, n: number): DateTimeParts =>
    unit === 'HOUR'
      ? plusSeconds(x, 3600 * n)
      : unit === 'DAY'
        ? plusDays(x, n)
        : unit === 'WEEK'
          ? plusDays(x, 7 * n)
          : unit === 'MONTH'
            ? plusMonths(x, n)
            : plusMonths(x, 12 * n);
  const fmt = t.primitive === 'DATE' ? fmtDate : fmtDateTime;
  const props2 = { ...props, 'dynamic_partition.prefix': props['dynamic_partition.prefix'] ?? 'p' };
  const requests = expandBatch(
    { kind: 'batch', start: [fmt(begin)], end: [fmt(next(begin, end + 1))], every: { value: 1, unit, text: `INTERVAL 1 ${unit}` }, text: '' },
    t,
    { autoPartitionTable: false, temp: false, properties: props2 },
  );
  const cmp = (a: ReadonlyArray<string | null>, b: ReadonlyArray<string | null>) => compareKeys([t], a, b);
  const taken = existing.filter((x) => x.bound.kind === 'range').map((x) => x.bound as { lower: Array<string | null>; upper: Array<string | null> });
  const names = new Set(existing.map((x) => x.name.toLowerCase()));
  const fresh = requests.filter((r) => {
    if (r.kind !== 'fixed' || names.has(r.name.toLowerCase())) return false;
    const lower = [normalizeLiteral(t, r.lower[0]!)];
    const upper = [normalizeLiteral(t, r.upper[0]!)];
    return !taken.some((x) => cmp(lower, x.upper) < 0 && cmp(x.lower, upper) < 0);
  });
  return placeRanges([t], existing, fresh);
}

/** The partition clause of CREATE TABLE: partition info and the partitions to create. */
export function analyzePartitionDesc(
  desc: PartitionDesc | null,
  columns: Column[],
  keysType: KeysType,
  props: Record<string, string>,
): PartitionPlan {
  if (!desc) return { info: UNPARTITIONED, specs: [], shadow: false };
  switch (desc.kind) {
    case 'range': {
      if (desc.expr && desc.expr.expr.kind === 'call' && rangeFunctionType(desc.expr.text.trim())) {
        return analyzeRangeFunctionPartition(desc.expr, desc.items, columns, keysType, props);
      }
      const cols = resolveColumns(desc.columns, columns, keysType, 'RANGE');
      const info: PartitionInfo = desc.expr
        ? { type: 'EXPR_RANGE_V2', columns: cols, exprText: exprToSql(desc.expr.expr), automatic: false }
        : { type: 'RANGE', columns: cols, exprText: null, automatic: false };
      const types = partitionTypes({ columns, partitionInfo: info });
      const requests = rangeRequests(desc.items, types, { autoPartitionTable: false, temp: false, properties: props });
      checkDuplicateNames(requests.map((r) => r.name));
      const specs = placeRanges(types, [], requests);
      if (info.type === 'RANGE' && types.length === 1) specs.push(...dynamicPartitionSpecs(props, types[0]!, specs));
      return { info, specs, shadow: false };
    }
    case 'list': {
      const cols = resolveColumns(desc.columns, columns, keysType, 'LIST');
      const info: PartitionInfo = { type: 'LIST', columns: cols, exprText: null, automatic: false };
      checkDuplicateNames(desc.items.map((i) => i.name));
      const types = partitionTypes({ columns, partitionInfo: info });
      return { info, specs: listSpecs(desc.items, types, [], nullabilityOf(cols, columns)), shadow: false };
    }
    case 'expr':
      return analyzeExprPartition(desc.exprs, desc.items, columns, keysType, props);
  }
}

/** Whether each partition column is nullable (by name, case-insensitive). */
export function nullabilityOf(partitionColumns: string[], columns: Column[]): boolean[] {
  return partitionColumns.map((n) => columns.find((c) => c.name.toLowerCase() === n.toLowerCase())?.nullable ?? true);
}

/** The bound the hidden shadow partition gets (an empty range at the minimum / an empty value list). */
export function shadowBound(info: PartitionInfo, types: ColType[]): PartitionBound {
  if (info.type === 'LIST') return { kind: 'list', values: [] };
  const min = types.map(minValue);
  return { kind: 'range', lower: min, upper: [...min] };
}

// ---------------------------------------------------------------- automatic partitions (load path)

/** AnalyzerUtils.getFormatPartitionValue. */
export function formatPartitionValue(value: string): string {
  let sb = value.length > 0 && value[0] === '-' ? '_' : '';
  for (const ch of value) {
    if (/[A-Za-z0-9]/.test(ch)) sb += ch;
    else if (ch === '-' || ch === ':' || ch === ' ') continue;
    else sb += ch.codePointAt(0)!.toString(16);
  }
  return sb;
}

/** The partition an automatic RANGE table needs for `value`: name and [begin, end). */
export function autoRangePartition(table: OlapTable, value: string | null): PartitionSpec {
  const measure = autoRangeMeasure(table.partitionInfo.exprText ?? '');
  const t = partitionTypes(table)[0]!;
  const raw = value === null || value.toUpperCase() === 'NULL' ? '0000-01-01' : value;
  const p = parseDateTime(raw);
  if (!p) throw ddlError(`failed to analyse partition value:${raw}`);
  let begin: DateTimeParts;
  let end: DateTimeParts;
  let pattern: string;
  const n = measure.interval;
  const sliceSeconds = (unitSec: number) => {
    const origin = toEpochSecond({ y: 1, mo: 1, d: 1, h: 0, mi: 0, s: 0 });
    const span = unitSec * n;
    const k = Math.floor((toEpochSecond(p) - origin) / span);
    return plusSeconds({ y: 1, mo: 1, d: 1, h: 0, mi: 0, s: 0 }, k * span);
  };
  switch (measure.granularity) {
    case 'minute':
      begin = measure.timeSlice ? sliceSeconds(60) : { ...p, s: 0 };
      end = plusSeconds(begin, 60 * n);
      pattern = 'yyyyMMddHHmm';
      break;
    case 'hour':
      begin = measure.timeSlice ? sliceSeconds(3600) : { ...p, mi: 0, s: 0 };
      end = plusSeconds(begin, 3600 * n);
      pattern = 'yyyyMMddHH';
      break;
    case 'day':
      begin = measure.timeSlice ? sliceSeconds(86400) : startOfDay(p);
      end = plusDays(begin, n);
      pattern = 'yyyyMMdd';
      break;
    case 'month': {
      const months = (p.y - 1) * 12 + (p.mo - 1);
      const aligned = measure.timeSlice ? months - (months % n) : months;
      begin = { y: Math.floor(aligned / 12) + 1, mo: (aligned % 12) + 1, d: 1, h: 0, mi: 0, s: 0 };
      end = plusMonths(begin, n);
      pattern = 'yyyyMM';
      break;
    }
    case 'year': {
      const y = measure.timeSlice ? p.y - ((p.y - 1) % n) : p.y;
      begin = { y, mo: 1, d: 1, h: 0, mi: 0, s: 0 };
      end = plusMonths(begin, 12 * n);
      pattern = 'yyyy';
      break;
    }
  }
  const fmt = t.primitive === 'DATE' ? fmtDate : fmtDateTime;
  return { name: `p${fmtPattern(begin, pattern)}`, bound: { kind: 'range', lower: [fmt(begin)], upper: [fmt(end)] } };
}

/** The partition an automatic LIST table needs for one row's values (name made unique as StarRocks does). */
export function autoListPartition(table: OlapTable, values: Array<string | null>): PartitionSpec {
  const types = partitionTypes(table);
  if (values.length !== types.length) throw ddlError('partition value size is not equal to partition column size');
  const norm = values.map((v, i) => (v === null ? 'NULL' : normalizeLiteral(types[i]!, v)));
  let name = `p${norm.map(formatPartitionValue).join('_')}`;
  if (name.length > MAX_LIST_PARTITION_NAME_LENGTH) {
    name = `${name.substring(0, MAX_LIST_PARTITION_NAME_LENGTH)}_${javaIntToHex(javaStringHash(name))}`;
  }
  const sameValues = (b: PartitionBound) => b.kind === 'list' && b.values.length === 1 && JSON.stringify(b.values[0]) === JSON.stringify(norm);
  const byName = (n: string) => table.partitions.find((p) => p.name.toLowerCase() === n.toLowerCase());
  const existing = byName(name);
  if (existing && !sameValues(existing.bound)) {
    // AnalyzerUtils.calculateUniquePartitionName
    let diff = javaStringHash(name);
    let candidate = `${name}_${javaIntToHex(diff)}`;
    for (let i = 0; byName(candidate) && i <= 100; i++) {
      diff = (diff + 1) | 0;
      candidate = `${name}_${javaIntToHex(diff)}`;
    }
    name = candidate;
  }
  return { name, bound: { kind: 'list', values: [norm] } };
}
