// Routing a loaded row: to its partition by the table's partition info (RANGE bounds [lower, upper), LIST
// values, UNPARTITIONED = the single partition, expression partitioning = a new partition when none matches),
// and to a tablet by the hash of the distribution columns modulo the bucket count (RANDOM: round robin), or, in a
// range-distributed table, to the tablet whose key range holds the row's sort key (RangeTabletRouter).
import type { Column, MaterializedIndex, OlapTable, Partition, PhysicalPartition, RollupColumn, Tablet } from '../catalog/model.js';
import { rangeColumns, tabletForKey } from '../range/ranges.js';
import { NULL_PARTITION_VALUE } from '../ddl/literals.js';
import { evaluatePartitionExpr } from './partition-exprs.js';
import { compareCells, normalizeCell, tupleKey, type Cell, type Row } from './values.js';

export type RouteResult =
  | { kind: 'partition'; partition: Partition }
  /** No partition holds the row, but the table partitions automatically: the one for these partition-column values. */
  | { kind: 'create'; values: Array<string | null> }
  | { kind: 'none'; reason: string };

/** MINVALUE / MAXVALUE ends of a range bound. */
type BoundCell = Cell | typeof MIN | typeof MAX;
const MIN = Symbol('MINVALUE');
const MAX = Symbol('MAXVALUE');

interface PreparedPartition {
  partition: Partition;
  lower?: BoundCell[];
  upper?: BoundCell[];
  listKeys?: Set<string>;
}

export interface RouterOptions {
  /** Only these partitions (by name, case-insensitive) may receive rows (`INSERT INTO t PARTITION (...)`). */
  partitionNames?: string[];
  /** Route into temporary partitions (`INSERT INTO t TEMPORARY PARTITION (...)`). */
  temporary?: boolean;
}

function column(table: OlapTable, name: string): Column {
  const c = table.columns.find((x) => x.name.toLowerCase() === name.toLowerCase());
  if (!c) throw new Error(`partition column ${name} not in table ${table.name}`);
  return c;
}

function boundCell(col: Column, v: string | null, end: 'lower' | 'upper'): BoundCell {
  if (v === null) return end === 'lower' ? MIN : MAX;
  try {
    return normalizeCell({ ...col, nullable: true }, v);
  } catch {
    return v;
  }
}

/** NULL row values sort with MINVALUE (StarRocks puts NULL into the partition whose lower bound is MINVALUE). */
function cmpBound(type: string, a: Cell, b: BoundCell): number {
  if (b === MIN) return a === null ? 0 : 1;
  if (b === MAX) return -1;
  if (a === null) return -1;
  return compareCells(type, a, b);
}

function cmpTuple(types: string[], row: Cell[], bound: BoundCell[]): number {
  for (let i = 0; i < row.length; i++) {
    // A bound with fewer values than partition columns is padded with MINVALUE.
    const c = cmpBound(types[i]!, row[i]!, i < bound.length ? bound[i]! : MIN);
    if (c !== 0) return c;
  }
  return 0;
}

export class PartitionRouter {
  private readonly cols: Column[];
  private readonly types: string[];
  private readonly prepared: PreparedPartition[];

  /** RANGE(str2date / from_unixtime[_ms]) tables partition by the expression's value, not the column's. */
  private readonly fnType: string | null;

  constructor(
    private readonly table: OlapTable,
    private readonly opts: RouterOptions = {},
  ) {
    const fnType = rangeFunctionType(table);
    this.fnType = fnType;
    this.cols = table.partitionInfo.columns.map((n) => {
      const c = column(table, n);
      return fnType ? { ...c, type: fnType } : c;
    });
    this.types = this.cols.map((c) => c.type);
    this.prepared = this.prepare();
  }

  private prepare(): PreparedPartition[] {
    const wanted = this.opts.partitionNames?.map((n) => n.toLowerCase());
    const temporary = this.opts.temporary ?? false;
    return this.table.partitions
      .filter((p) => p.isTemp === temporary && (!wanted || wanted.includes(p.name.toLowerCase())))
      .map((partition) => {
        const b = partition.bound;
        if (b.kind === 'range') {
          return {
            partition,
            lower: b.lower.map((v, i) => boundCell(this.cols[i]!, v, 'lower')),
            upper: b.upper.map((v, i) => boundCell(this.cols[i]!, v, 'upper')),
          };
        }
        if (b.kind === 'list') {
          // A NULL list value (stored as NULL_PARTITION_VALUE) holds the rows whose partition column is NULL.
          const cell = (v: string, i: number): Cell => (v === NULL_PARTITION_VALUE ? null : (boundCell(this.cols[i]!, v, 'lower') as Cell));
          const keys = new Set(b.values.map((tuple) => tupleKey(tuple.map(cell))));
          return { partition, listKeys: keys };
        }
        return { partition };
      });
  }

  /** Partition names the router would accept, for error messages. */
  get partitions(): Partition[] {
    return this.prepared.map((p) => p.partition);
  }

  /** Adds a partition created while routing (automatic partitioning) so later rows find it. */
  addPartition(p: Partition): void {
    const fresh = new PartitionRouter({ ...this.table, partitions: [p] }, { temporary: p.isTemp }).prepared;
    this.prepared.push(...fresh);
  }

  /**
   * A row's value of one partition column: the stored cell, the generated partition column's expression over the
   * row (loads store NULL for generated columns), or the RANGE(fn(col)) function's value.
   */
  private partitionValue(c: Column, row: Row): Cell {
    if (this.fnType) {
      const v = evaluatePartitionExpr(this.table.partitionInfo.exprText ?? '', row, this.table.columns);
      return v === null ? null : (boundCell(c, String(v), 'lower') as Cell);
    }
    const stored = row[c.name] ?? null;
    if (stored !== null || c.generatedExpr === undefined) return stored;
    const v = evaluatePartitionExpr(c.generatedExpr, row, this.table.columns);
    return v === null ? null : (boundCell(c, String(v), 'lower') as Cell);
  }

  route(row: Row): RouteResult {
    const info = this.table.partitionInfo;
    if (info.type === 'UNPARTITIONED') {
      const p = this.prepared[0];
      return p ? { kind: 'partition', partition: p.partition } : { kind: 'none', reason: 'no partition' };
    }
    const values = this.cols.map((c) => this.partitionValue(c, row));
    const isList = info.type === 'LIST';
    for (const p of this.prepared) {
      if (isList) {
        if (p.listKeys?.has(tupleKey(values))) return { kind: 'partition', partition: p.partition };
      } else if (p.lower && p.upper) {
        if (cmpTuple(this.types, values, p.lower) >= 0 && cmpTuple(this.types, values, p.upper) < 0) {
          return { kind: 'partition', partition: p.partition };
        }
      }
    }
    const reason = `no partition for partition value ${tupleKey(values)}`;
    // A row outside the named target partitions is filtered, never auto-created.
    if (this.opts.partitionNames || this.opts.temporary) return { kind: 'none', reason };
    // Automatic partitioning: sim/ddl names and bounds the partition (AnalyzerUtils), the load only asks for it.
    if (isList) {
      if (!info.automatic || values.some((v) => v === null)) return { kind: 'none', reason };
      return { kind: 'create', values: values.map((v) => String(v)) };
    }
    // RANGE(expr) tables (EXPR_RANGE_V2) do not create partitions on load: the row is filtered.
    const automatic = info.automatic || info.type === 'EXPR_RANGE';
    const v = values[0];
    if (!automatic || values.length !== 1 || v === null || v === undefined) return { kind: 'none', reason };
    return { kind: 'create', values: [String(v)] };
  }
}

/** The type a RANGE(fn(col)) table (EXPR_RANGE_V2) partitions by: str2date → date, from_unixtime[_ms] → datetime. */
function rangeFunctionType(table: OlapTable): string | null {
  if (table.partitionInfo.type !== 'EXPR_RANGE_V2') return null;
  const text = table.partitionInfo.exprText ?? '';
  if (/^str2date\(/i.test(text)) return 'date';
  if (/^from_unixtime(_ms)?\(/i.test(text)) return 'datetime';
  return null;
}

/** Loads go to the newest physical partition of a logical partition. */
export function loadTarget(p: Partition): PhysicalPartition {
  const pps = p.physicalPartitions;
  const last = pps[pps.length - 1];
  if (!last) throw new Error(`partition ${p.name} has no physical partition`);
  return last;
}

/** 32-bit FNV-1a over the canonical text of the distribution key. */
export function hashKey(cells: Cell[]): number {
  const s = tupleKey(cells);
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Chooses tablets for rows of one table: HASH by the distribution columns, RANDOM round robin from `seed`. */
export class BucketRouter {
  private counter: number;

  constructor(
    private readonly table: OlapTable,
    seed = 0,
  ) {
    this.counter = seed;
  }

  bucket(row: Row, buckets: number): number {
    if (buckets <= 0) throw new Error('index without tablets');
    const d = this.table.distribution;
    if (d.type === 'RANDOM' || d.columns.length === 0) return this.counter++ % buckets;
    const key = d.columns.map((c) => row[column(this.table, c).name] ?? null);
    return hashKey(key) % buckets;
  }

  tablet(row: Row, tablets: Tablet[]): Tablet {
    return tablets[this.bucket(row, tablets.length)]!;
  }
}

/**
 * Range distribution: each index routes a row to the tablet whose range holds the row's key of that index's range
 * columns (the base index's sort key; a rollup's keys, read from the base row through their source columns).
 */
export class RangeTabletRouter {
  private readonly byIndex = new Map<number, { cols: Column[]; sources: string[] }>();

  constructor(private readonly table: OlapTable) {}

  tablet(index: MaterializedIndex, row: Row): Tablet {
    let r = this.byIndex.get(index.id);
    if (!r) {
      const cols = rangeColumns(this.table, index.id);
      r = { cols, sources: cols.map((c) => (c as Partial<RollupColumn>).source?.column ?? c.name) };
      this.byIndex.set(index.id, r);
    }
    return tabletForKey(
      r.cols,
      index.tablets,
      r.sources.map((n) => row[n] ?? null),
    );
  }
}
