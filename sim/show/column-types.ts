// Parsing the column type text the catalog stores (as SHOW CREATE TABLE prints it, e.g. `int(11)`,
// `varchar(65533)`, `decimal(10, 2)`, `datetime`, `array<int(11)>`) into the parts result sets need.

export interface ParsedType {
  /** Lower-case base name: `int`, `varchar`, `decimal`, `array`, ... */
  base: string;
  /** PrimitiveType name as PartitionKey prints it: `INT`, `DATE`, `VARCHAR`, ... */
  primitive: string;
  /** Numbers in the first parenthesis: `(11)` → [11], `(10, 2)` → [10, 2]. */
  args: number[];
}

export function parseType(text: string): ParsedType {
  const t = text.trim().toLowerCase();
  const m = /^([a-z_0-9]+)\s*(?:\(([^)]*)\))?/.exec(t);
  const base = m?.[1] ?? t;
  const args = (m?.[2] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map(Number)
    .filter((n) => !Number.isNaN(n));
  return { base, primitive: primitiveOf(base, args), args };
}

function primitiveOf(base: string, args: number[]): string {
  switch (base) {
    case 'integer':
      return 'INT';
    case 'string':
      return 'VARCHAR';
    case 'decimal':
    case 'decimalv3': {
      const p = args[0] ?? 10;
      return p <= 9 ? 'DECIMAL32' : p <= 18 ? 'DECIMAL64' : 'DECIMAL128';
    }
    default:
      return base.toUpperCase();
  }
}

const INTEGER_TYPES = new Set(['tinyint', 'smallint', 'int', 'integer', 'bigint', 'largeint']);

/** Type.canonicalName().toLowerCase(): integer display widths dropped (`int(11)` → `int`). */
export function canonicalTypeName(text: string): string {
  const t = text.trim().toLowerCase();
  return t.replace(/\b(tinyint|smallint|int|integer|bigint|largeint)\s*\(\s*\d+\s*\)/g, '$1');
}

export const isIntegerType = (p: ParsedType) => INTEGER_TYPES.has(p.base);
export const isStringType = (p: ParsedType) => p.base === 'varchar' || p.base === 'char' || p.base === 'string';

/** LiteralExpr.createInfinity(type, false): the MIN value a range partition's open lower bound holds. */
export function minValueOf(primitive: string): string {
  switch (primitive) {
    case 'TINYINT':
      return '-128';
    case 'SMALLINT':
      return '-32768';
    case 'INT':
      return '-2147483648';
    case 'BIGINT':
      return '-9223372036854775808';
    case 'LARGEINT':
      return '-170141183460469231731687303715884105728';
    case 'DATE':
      return '0000-01-01';
    case 'DATETIME':
      return '0000-01-01 00:00:00';
    default:
      return '';
  }
}

/** A partition literal as the FE stores it (DateLiteral prints DATETIME with seconds). */
export function normalizeLiteral(primitive: string, value: string): string {
  if (primitive === 'DATETIME' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return `${value} 00:00:00`;
  if (primitive === 'DATE' && /^\d{4}-\d{2}-\d{2}[ T]/.test(value)) return value.slice(0, 10);
  return value;
}

/** Compares two literals of a partition column (numbers numerically, everything else as text). */
export function compareLiteral(primitive: string, a: string, b: string): number {
  if (['TINYINT', 'SMALLINT', 'INT', 'BIGINT', 'LARGEINT'].includes(primitive)) {
    const x = BigInt(a);
    const y = BigInt(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}
