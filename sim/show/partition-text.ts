// Partition bounds printed the way StarRocks prints them:
//   PartitionKey.toString  `types: [DATE]; keys: [2024-01-01]; `
//   Guava Range.toString   `[<lower>..<upper>)`            (SHOW PARTITIONS `Range`, partitions_meta PARTITION_VALUE)
//   PartitionKey.toSql     `("2024-01-01")`                (SHOW CREATE TABLE `VALUES [...)`)
//   ListPartitionInfo      `('a', 'b')` / `(('1', 'x'), ('2', 'y'))`
import type { Column, OlapTable, Partition } from '../catalog/model.js';
import { javaLongHashMapOrder } from '../ddl/java.js';
import { listValueText } from '../ddl/literals.js';
import { compareLiteral, minValueOf, normalizeLiteral, parseType } from './column-types.js';

export const SHADOW_PARTITION_PREFIX = '$shadow_automatic_partition';
const MAXVALUE = 'MAXVALUE';

/** One key of a range bound: a literal, or MAXVALUE. */
type KeyValue = { max: false; value: string } | { max: true };

/** The PrimitiveType names of the table's partition columns. */
export function partitionColumnTypes(table: OlapTable): string[] {
  // RANGE(str2date(..)) partitions by DATE, RANGE(from_unixtime[_ms](..)) by DATETIME (the expression's type).
  const text = table.partitionInfo.type === 'EXPR_RANGE_V2' ? (table.partitionInfo.exprText ?? '') : '';
  if (/^str2date\(/i.test(text)) return ['DATE'];
  if (/^from_unixtime(_ms)?\(/i.test(text)) return ['DATETIME'];
  return table.partitionInfo.columns.map((name) => {
    const col: Column | undefined = table.columns.find((c) => c.name.toLowerCase() === name.toLowerCase());
    return col ? parseType(col.type).primitive : 'VARCHAR';
  });
}

/** Resolves a stored bound into one key per partition column (missing keys are MIN, as createPartitionKey does). */
function boundKeys(values: ReadonlyArray<string | null>, types: string[], isUpper: boolean): KeyValue[] {
  return types.map((t, i) => {
    const v = i < values.length ? values[i] : undefined;
    if (v === null) return isUpper ? { max: true } : { max: false, value: minValueOf(t) };
    if (v === undefined) return { max: false, value: minValueOf(t) };
    return { max: false, value: normalizeLiteral(t, v) };
  });
}

function keyToString(keys: KeyValue[], types: string[]): string {
  const vals = keys.map((k) => (k.max ? MAXVALUE : k.value));
  return `types: [${types.join(', ')}]; keys: [${vals.join(', ')}]; `;
}

/** PartitionKey.toSql, including its quirk: a MAXVALUE key is followed by no separator. */
function keyToSql(keys: KeyValue[]): string {
  let sb = '(';
  let i = 0;
  for (const k of keys) {
    if (k.max) {
      sb += MAXVALUE;
      continue;
    }
    sb += `"${k.value}"`;
    if (keys.length - 1 !== i) sb += ', ';
    i++;
  }
  return `${sb})`;
}

export interface RangeText {
  lower: KeyValue[];
  upper: KeyValue[];
}

export function rangeOf(table: OlapTable, partition: Partition, types = partitionColumnTypes(table)): RangeText | null {
  if (partition.bound.kind !== 'range') return null;
  return { lower: boundKeys(partition.bound.lower, types, false), upper: boundKeys(partition.bound.upper, types, true) };
}

/** Guava `Range.closedOpen(lower, upper).toString()` over PartitionKey.toString. */
export function rangeToString(table: OlapTable, partition: Partition, types = partitionColumnTypes(table)): string {
  const bound = partition.bound;
  if (bound.kind !== 'range') return '';
  // A pure function of (types, lower, upper): memoized by their content (tables share their daily bounds).
  const key = `${memoKey(types)}|${memoKey(bound.lower)}|${memoKey(bound.upper)}`;
  let text = rangeTexts.get(key);
  if (text === undefined) {
    const r = rangeOf(table, partition, types)!;
    text = `[${keyToString(r.lower, types)}..${keyToString(r.upper, types)})`;
    if (rangeTexts.size >= RANGE_TEXT_MEMO_SIZE) rangeTexts.clear();
    rangeTexts.set(key, text);
  }
  return text;
}

/** rangeToString's memo: bound content → text; cleared when full (bounded memory, whatever the catalog). */
const rangeTexts = new Map<string, string>();
const RANGE_TEXT_MEMO_SIZE = 10_000;

/** An unambiguous key of a list of values (each length-prefixed; null as `-`). */
function memoKey(values: ReadonlyArray<string | null>): string {
  let k = '';
  for (const v of values) k += v === null ? '-,' : `${v.length}:${v},`;
  return k;
}

/**
 * ListPartitionInfo.valuesToString / multiValuesToString (getValuesFormat and toSql share them): each value
 * `'` + LiteralExpr.getStringValue() + `'` (NULL prints `'NULL'`, like the string 'NULL'), joined by `, `.
 */
function quoteValues(t: string[]): string {
  return t.map((v) => `'${listValueText(v)}'`).join(', ');
}

function valuesSql(table: OlapTable, values: string[][]): string {
  if (table.partitionInfo.columns.length <= 1) return `(${quoteValues(values.map((t) => t[0] ?? ''))})`;
  return `(${values.map((t) => `(${quoteValues(t)})`).join(', ')})`;
}

/** ListPartitionInfo.getValuesFormat. */
export function listValuesToString(table: OlapTable, partition: Partition): string {
  if (partition.bound.kind !== 'list') return '';
  return valuesSql(table, partition.bound.values);
}

/** PartitionsProcDir.findRangeOrListValues: the `Range`/`List` column and partitions_meta PARTITION_VALUE. */
export function rangeOrListValues(table: OlapTable, partition: Partition, types?: string[]): string {
  const t = table.partitionInfo.type;
  if (t === 'LIST') return listValuesToString(table, partition);
  if (t === 'RANGE' || t === 'EXPR_RANGE' || t === 'EXPR_RANGE_V2') return rangeToString(table, partition, types);
  return '';
}

const isRangeType = (t: OlapTable) => ['RANGE', 'EXPR_RANGE', 'EXPR_RANGE_V2'].includes(t.partitionInfo.type);

/** Compares two range partitions by (lower, upper) bound, as RangeUtils.RANGE_MAP_ENTRY_COMPARATOR does. */
function compareRanges(a: RangeText, b: RangeText, types: string[]): number {
  return compareKeys(a.lower, b.lower, types) || compareKeys(a.upper, b.upper, types);
}

function compareKeys(a: KeyValue[], b: KeyValue[], types: string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x.max || y.max) {
      if (x.max && y.max) continue;
      return x.max ? 1 : -1;
    }
    const c = compareLiteral(types[i] ?? 'VARCHAR', x.value, y.value);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

/**
 * The partitions SHOW PARTITIONS lists (formal or temporary), in its order: range partitions ascending by
 * range, others in catalog order; shadow partitions of automatic partitioning are hidden.
 */
export function listedPartitions(table: OlapTable, temp: boolean): Partition[] {
  const parts = table.partitions.filter((p) => p.isTemp === temp && !p.name.startsWith(SHADOW_PARTITION_PREFIX));
  if (!isRangeType(table)) return parts;
  const types = partitionColumnTypes(table);
  const keyed = parts.map((p) => ({ p, r: rangeOf(table, p, types) }));
  keyed.sort((x, y) => (x.r && y.r ? compareRanges(x.r, y.r, types) : 0));
  return keyed.map((k) => k.p);
}

/** The partition clause of SHOW CREATE TABLE (without the leading newline); null when none is printed. */
export function partitionClauseSql(table: OlapTable): string | null {
  const info = table.partitionInfo;
  const cols = (sep: string) => info.columns.map((c) => `\`${c}\``).join(sep);
  const formal = listedPartitions(table, false);
  switch (info.type) {
    case 'RANGE':
      // A table under enabled dynamic partitioning prints no partition list (recorded shared-data outputs).
      if ((table.properties['dynamic_partition.enable'] ?? '').toLowerCase() === 'true') return `PARTITION BY RANGE(${cols(', ')})()`;
      return `PARTITION BY RANGE(${cols(', ')})\n(${rangePartitionsSql(table, formal)})`;
    case 'EXPR_RANGE':
      // ExpressionRangePartitionInfo.toSql: the partition expressions only, partitions are automatic.
      return `PARTITION BY ${info.exprText ?? cols(', ')}`;
    case 'EXPR_RANGE_V2':
      return `PARTITION BY RANGE(${info.exprText ?? cols(', ')})\n(${rangePartitionsSql(table, formal)})`;
    case 'LIST': {
      if (info.automatic) return `PARTITION BY (${cols(',')})`;
      return `PARTITION BY LIST(${cols(',')})(\n${listPartitionsSql(table)}\n)`;
    }
    default:
      return null;
  }
}

/**
 * ListPartitionInfo.singleListPartitionSql / multiListPartitionSql: one line per partition, values as
 * getValuesFormat prints them, in the iteration order of the `HashMap<Long, ...>` idToLiteralExprValues /
 * idToMultiLiteralExprValues (partition ids, every partition inserted in creation order; temporary ones are in the
 * map but not printed).
 */
function listPartitionsSql(table: OlapTable): string {
  const parts = table.partitions.filter((p) => p.bound.kind === 'list' && !p.name.startsWith(SHADOW_PARTITION_PREFIX));
  const byId = new Map(parts.map((p) => [p.id, p]));
  const lines: string[] = [];
  for (const id of javaLongHashMapOrder(parts.map((p) => p.id))) {
    const p = byId.get(id)!;
    if (p.isTemp || p.bound.kind !== 'list') continue;
    lines.push(`  PARTITION ${p.name} VALUES IN ${valuesSql(table, p.bound.values)}`);
  }
  return lines.join(',\n');
}

function rangePartitionsSql(table: OlapTable, parts: Partition[]): string {
  const types = partitionColumnTypes(table);
  return parts
    .map((p) => {
      const r = rangeOf(table, p, types)!;
      return `PARTITION ${p.name} VALUES [${keyToSql(r.lower)}, ${keyToSql(r.upper)})`;
    })
    .join(',\n');
}
