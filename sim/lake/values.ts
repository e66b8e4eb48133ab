// Column values as the simulated CN stores them: each loaded value is normalized by the column's type
// (what StarRocks' cast to the column type does), so that routing, hashing, key merging and comparison are
// deterministic. A value that does not fit its column is "filtered" (StarRocks strict mode rejects the load).
import type { Column } from '../catalog/model.js';

/** A normalized cell: integers as JSON numbers (as decimal strings beyond 2^53), decimals as canonical strings. */
export type Cell = string | number | null;
export type Row = Record<string, Cell>;

export type ColumnKind = 'int' | 'decimal' | 'float' | 'date' | 'datetime' | 'bool' | 'string' | 'other';

export interface ColumnType {
  kind: ColumnKind;
  /** Integer types: inclusive range. */
  min?: bigint;
  max?: bigint;
  /** Decimal precision and scale. */
  precision?: number;
  scale?: number;
  /** CHAR/VARCHAR length in bytes. */
  maxBytes?: number;
}

/** Thrown by `normalizeCell` when a value cannot be stored in its column (a filtered row). */
export class FilteredValue extends Error {
  constructor(
    readonly column: string,
    reason: string,
  ) {
    super(reason);
    this.name = 'FilteredValue';
  }
}

const INT_RANGES: Record<string, [bigint, bigint]> = {
  tinyint: [-(2n ** 7n), 2n ** 7n - 1n],
  smallint: [-(2n ** 15n), 2n ** 15n - 1n],
  int: [-(2n ** 31n), 2n ** 31n - 1n],
  integer: [-(2n ** 31n), 2n ** 31n - 1n],
  bigint: [-(2n ** 63n), 2n ** 63n - 1n],
  largeint: [-(2n ** 127n), 2n ** 127n - 1n],
};

const typeCache = new Map<string, ColumnType>();

/** Parses a column type text such as `int(11)`, `varchar(20)`, `decimal(10, 2)`, `DECIMAL128(38,2)`, `datetime`. */
export function parseColumnType(type: string): ColumnType {
  const cached = typeCache.get(type);
  if (cached) return cached;
  const t = type.trim().toLowerCase();
  const m = /^([a-z0-9_]+)\s*(?:\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\))?/.exec(t);
  const base = m?.[1] ?? t;
  const a = m?.[2] !== undefined ? Number(m[2]) : undefined;
  const b = m?.[3] !== undefined ? Number(m[3]) : undefined;
  let ct: ColumnType;
  const range = INT_RANGES[base];
  if (range) ct = { kind: 'int', min: range[0], max: range[1] };
  else if (/^decimal(v2|32|64|128|256)?$|^numeric$/.test(base)) ct = { kind: 'decimal', precision: a ?? 10, scale: b ?? 0 };
  else if (base === 'float' || base === 'double') ct = { kind: 'float' };
  else if (base === 'date' || base === 'datev2') ct = { kind: 'date' };
  else if (base === 'datetime' || base === 'datetimev2' || base === 'timestamp') ct = { kind: 'datetime' };
  else if (base === 'boolean' || base === 'bool') ct = { kind: 'bool' };
  else if (base === 'varchar' || base === 'char') ct = a !== undefined ? { kind: 'string', maxBytes: a } : { kind: 'string' };
  else if (base === 'string' || base === 'text') ct = { kind: 'string' };
  else ct = { kind: 'other' };
  typeCache.set(type, ct);
  return ct;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** Parses a date/datetime literal into its parts; null when not a valid date. */
export function parseDateTime(s: string): { y: number; mo: number; d: number; h: number; mi: number; s: number; frac: string } | null {
  const t = s.trim();
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,6}))?)?)?$/.exec(t);
  if (!m) m = /^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2})?)?$/.exec(t);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const h = Number(m[4] ?? 0);
  const mi = Number(m[5] ?? 0);
  const sec = Number(m[6] ?? 0);
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || sec > 59) return null;
  return { y, mo, d, h, mi, s: sec, frac: m[7] ?? '' };
}

export const formatDate = (p: { y: number; mo: number; d: number }) => `${pad(p.y, 4)}-${pad(p.mo)}-${pad(p.d)}`;
export const formatDateTime = (p: { y: number; mo: number; d: number; h: number; mi: number; s: number }) =>
  `${formatDate(p)} ${pad(p.h)}:${pad(p.mi)}:${pad(p.s)}`;

function toText(v: unknown): string {
  if (v instanceof Date) {
    return formatDateTime({
      y: v.getFullYear(),
      mo: v.getMonth() + 1,
      d: v.getDate(),
      h: v.getHours(),
      mi: v.getMinutes(),
      s: v.getSeconds(),
    });
  }
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

function normalizeDecimal(text: string, precision: number, scale: number): string | null {
  const m = /^([+-])?(\d*)(?:\.(\d*))?$/.exec(text.trim());
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return null;
  const neg = m[1] === '-';
  const frac = (m[3] ?? '').padEnd(scale + 1, '0');
  // Round half up at `scale` digits (StarRocks rounds on cast to DECIMAL).
  let units = BigInt((m[2] || '0') + frac.slice(0, scale));
  if (Number(frac[scale] ?? '0') >= 5) units += 1n;
  const digits = units.toString().padStart(scale + 1, '0');
  const intPart = scale > 0 ? digits.slice(0, -scale) : digits;
  if (intPart.replace(/^0+/, '').length > precision - scale) return null;
  const body = scale > 0 ? `${intPart}.${digits.slice(-scale)}` : intPart;
  return neg && units !== 0n ? `-${body}` : body;
}

/** Normalizes one value for `column`; throws FilteredValue when StarRocks' strict mode would filter the row. */
export function normalizeCell(column: Column, raw: unknown): Cell {
  if (raw === null || raw === undefined) {
    if (!column.nullable) throw new FilteredValue(column.name, `NULL value in non-nullable column '${column.name}'`);
    return null;
  }
  const ct = parseColumnType(column.type);
  const bad = (why: string) => new FilteredValue(column.name, `Value '${toText(raw)}' is ${why} for column '${column.name}' of type ${column.type}`);
  switch (ct.kind) {
    case 'int': {
      const text = toText(raw).trim();
      if (!/^[+-]?\d+$/.test(text)) throw bad('not an integer');
      const n = BigInt(text);
      if (n < ct.min! || n > ct.max!) throw bad('out of range');
      return n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n.toString();
    }
    case 'decimal': {
      const d = normalizeDecimal(toText(raw), ct.precision!, ct.scale!);
      if (d === null) throw bad('not a valid decimal');
      return d;
    }
    case 'float': {
      const n = typeof raw === 'number' ? raw : Number(toText(raw).trim());
      if (!Number.isFinite(n)) throw bad('not a number');
      return n;
    }
    case 'bool': {
      const t = toText(raw).trim().toLowerCase();
      if (t === 'true' || t === '1') return 1;
      if (t === 'false' || t === '0') return 0;
      throw bad('not a boolean');
    }
    case 'date': {
      const p = parseDateTime(toText(raw));
      if (!p) throw bad('not a valid date');
      return formatDate(p);
    }
    case 'datetime': {
      const p = parseDateTime(toText(raw));
      if (!p) throw bad('not a valid datetime');
      const frac = p.frac.replace(/0+$/, '');
      return frac ? `${formatDateTime(p)}.${frac}` : formatDateTime(p);
    }
    case 'string': {
      const s = toText(raw);
      if (ct.maxBytes !== undefined && Buffer.byteLength(s, 'utf8') > ct.maxBytes) throw bad('too long');
      return s;
    }
    default:
      return typeof raw === 'number' || typeof raw === 'string' ? raw : toText(raw);
  }
}

function cmpBig(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function decimalUnits(v: string, scale: number): bigint {
  const neg = v.startsWith('-');
  const [i = '0', f = ''] = v.replace(/^[+-]/, '').split('.');
  const u = BigInt((i || '0') + f.padEnd(scale, '0').slice(0, scale));
  return neg ? -u : u;
}

/** Orders two non-null normalized cells of the same column type. NULL sorts first when either side is null. */
export function compareCells(type: string, a: Cell, b: Cell): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? -1 : 1;
  const ct = parseColumnType(type);
  switch (ct.kind) {
    case 'int':
      return cmpBig(BigInt(a), BigInt(b));
    case 'decimal':
      return cmpBig(decimalUnits(String(a), ct.scale!), decimalUnits(String(b), ct.scale!));
    case 'float':
    case 'bool':
      return Number(a) - Number(b);
    default: {
      const x = String(a);
      const y = String(b);
      return x < y ? -1 : x > y ? 1 : 0;
    }
  }
}

/** Adds two cells of an integer/decimal/float column (SUM aggregation); NULL is ignored as StarRocks' SUM does. */
export function addCells(type: string, a: Cell, b: Cell): Cell {
  if (a === null) return b;
  if (b === null) return a;
  const ct = parseColumnType(type);
  if (ct.kind === 'int') {
    const n = BigInt(a) + BigInt(b);
    return n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n.toString();
  }
  if (ct.kind === 'decimal') {
    const scale = ct.scale!;
    const u = decimalUnits(String(a), scale) + decimalUnits(String(b), scale);
    const neg = u < 0n;
    const digits = (neg ? -u : u).toString().padStart(scale + 1, '0');
    const body = scale > 0 ? `${digits.slice(0, -scale)}.${digits.slice(-scale)}` : digits;
    return neg ? `-${body}` : body;
  }
  return Number(a) + Number(b);
}

/** A stable text form of a tuple of cells: the identity used for keys, hashing and list-partition matching. */
export const tupleKey = (cells: Cell[]): string => JSON.stringify(cells);
