// Parsing the column type text the catalog stores (as SHOW CREATE TABLE prints it, e.g. `int(11)`,
// `varchar(65533)`, `decimal(10, 2)`, `datetime`, `array<int(11)>`) into the parts result sets need.
import { compareLiterals, minValue, normalizeLiteral as ddlNormalizeLiteral } from '../ddl/literals.js';
import type { ColType } from '../ddl/types.js';

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

// Partition-key literals (MIN values, normalization, comparison) have one implementation: sim/ddl/literals.ts.
const colType = (primitive: string): ColType => ({ primitive: primitive as ColType['primitive'], text: primitive.toLowerCase() });

/** LiteralExpr.createInfinity(type, false): the MIN value a range partition's open lower bound holds. */
export const minValueOf = (primitive: string): string => minValue(colType(primitive));

/** A partition literal as the FE stores it (DateLiteral prints DATETIME with seconds). */
export const normalizeLiteral = (primitive: string, value: string): string => ddlNormalizeLiteral(colType(primitive), value);

/** Compares two literals of a partition column (numbers numerically, everything else as text). */
export const compareLiteral = (primitive: string, a: string, b: string): number => compareLiterals(colType(primitive), a, b);
