// Column types: from the parser's TypeDef to the text SHOW CREATE TABLE prints (ScalarType.toSql), plus the
// classifications the analyzers need. Catalog columns store only the printed text; `parseTypeText` reads it back.
import type { TypeDef } from '../sql/ast.js';
import { semanticError } from './errors.js';

export type Primitive =
  | 'TINYINT'
  | 'SMALLINT'
  | 'INT'
  | 'BIGINT'
  | 'LARGEINT'
  | 'BOOLEAN'
  | 'FLOAT'
  | 'DOUBLE'
  | 'DECIMAL32'
  | 'DECIMAL64'
  | 'DECIMAL128'
  | 'DECIMAL256'
  | 'DATE'
  | 'DATETIME'
  | 'CHAR'
  | 'VARCHAR'
  | 'VARBINARY'
  | 'JSON'
  | 'HLL'
  | 'BITMAP'
  | 'PERCENTILE'
  | 'ARRAY'
  | 'MAP'
  | 'STRUCT';

export interface ColType {
  primitive: Primitive;
  /** Text as SHOW CREATE TABLE prints it, e.g. `int(11)`, `decimal(10, 2)`, `array<varchar(10)>`. */
  text: string;
  /** CHAR/VARCHAR/VARBINARY length. */
  length?: number;
  precision?: number;
  scale?: number;
}

export const MAX_VARCHAR_LENGTH = 1048576;
const INT_WIDTH: Record<string, number> = { TINYINT: 4, SMALLINT: 6, INT: 11, BIGINT: 20, LARGEINT: 40 };

/**
 * TypeFactory.createUnifiedDecimalType: `DECIMAL(p, s)` is DECIMAL64 up to precision 18 ("decimal32 is vulnerable to
 * overflow"), DECIMAL128 up to 38, DECIMAL256 beyond. SHOW CREATE TABLE prints all of them `decimal(p, s)`.
 */
export function decimalPrimitive(precision: number): Primitive {
  return precision <= 18 ? 'DECIMAL64' : precision <= 38 ? 'DECIMAL128' : 'DECIMAL256';
}

export const decimalType = (precision: number, scale: number, primitive: Primitive = decimalPrimitive(precision)): ColType => ({
  primitive,
  text: `decimal(${precision}, ${scale})`,
  precision,
  scale,
});

/** TypeDef (parser) → ColType, with TypeDef.analyze's range checks. */
export function analyzeType(t: TypeDef): ColType {
  switch (t.kind) {
    case 'array': {
      // analyzeArrayType: the innermost element type is analyzed and may not be a metric type; the message names the
      // whole array type.
      let inner = t.element;
      let depth = 1;
      while (inner.kind === 'array') {
        inner = inner.element;
        depth++;
      }
      const innermost = analyzeType(inner);
      if (['HLL', 'BITMAP', 'PERCENTILE'].includes(innermost.primitive)) {
        throw semanticError(`Invalid data type: ${'array<'.repeat(depth)}${innermost.text}${'>'.repeat(depth)}`);
      }
      return { primitive: 'ARRAY', text: `array<${analyzeType(t.element).text}>` };
    }
    case 'map': {
      const k = analyzeType(t.key);
      if (isComplexType(k) || ['JSON', 'HLL', 'BITMAP', 'PERCENTILE'].includes(k.primitive)) {
        throw semanticError(`Invalid map.key's type: ${k.text}, which should be base types`);
      }
      const v = analyzeType(t.value);
      return { primitive: 'MAP', text: `map<${k.text},${v.text}>` };
    }
    case 'struct': {
      const fields = t.fields.map((f) => `${f.name} ${analyzeType(f.type).text}`);
      return { primitive: 'STRUCT', text: `struct<${fields.join(', ')}>` };
    }
    case 'scalar':
      break;
  }
  const [a0, a1] = t.args;
  switch (t.name) {
    case 'TINYINT':
    case 'SMALLINT':
    case 'INT':
    case 'BIGINT':
    case 'LARGEINT':
      return { primitive: t.name, text: `${t.name.toLowerCase()}(${INT_WIDTH[t.name]})` };
    case 'BOOLEAN':
      return { primitive: 'BOOLEAN', text: 'boolean' };
    case 'FLOAT':
      return { primitive: 'FLOAT', text: 'float' };
    case 'DOUBLE':
      return { primitive: 'DOUBLE', text: 'double' };
    case 'DECIMAL':
    case 'DECIMALV2':
    case 'DECIMAL32':
    case 'DECIMAL64':
    case 'DECIMAL128':
    case 'DECIMAL256': {
      // AstBuilder → TypeFactory.createUnifiedDecimalType / createDecimalV3Type (large_decimal_underlying_type =
      // panic): the Preconditions messages below; a precision of 0 passes them and becomes 1.
      const explicit = t.name !== 'DECIMAL' && t.name !== 'DECIMALV2';
      const p = a0 ?? (t.name === 'DECIMAL32' ? 9 : t.name === 'DECIMAL64' ? 18 : t.name === 'DECIMAL128' ? 38 : t.name === 'DECIMAL256' ? 76 : 10);
      const s = a1 ?? 0;
      const primitive: Primitive = explicit ? (t.name as Primitive) : decimalPrimitive(p);
      const maxP = { DECIMAL32: 9, DECIMAL64: 18, DECIMAL128: 38, DECIMAL256: 76 }[primitive as string] ?? 38;
      if (p < 0 || p > maxP) throw semanticError(`DECIMAL's precision should range from 1 to ${maxP}`);
      if (s < 0 || s > p) throw semanticError('DECIMAL(P[,S]) type P must be greater than or equal to the value of S');
      return decimalType(Math.max(p, 1), s, primitive);
    }
    case 'DATE':
      return { primitive: 'DATE', text: 'date' };
    case 'DATETIME':
      return { primitive: 'DATETIME', text: 'datetime' };
    case 'TIME':
      throw semanticError('Type TIME is not supported in table column definition');
    case 'CHAR': {
      // ColumnDef.analyze sets a length <= 0 to 1 before TypeDef.analyze.
      const n = Math.max(a0 ?? 1, 1);
      if (n > 255) throw semanticError(`Char size must be <= 255: ${n}`);
      return { primitive: 'CHAR', text: `char(${n})`, length: n };
    }
    case 'VARCHAR': {
      const n = Math.max(a0 ?? 1, 1);
      if (n > MAX_VARCHAR_LENGTH) throw semanticError(`Varchar size must be <= ${MAX_VARCHAR_LENGTH}: ${n}`);
      return { primitive: 'VARCHAR', text: `varchar(${n})`, length: n };
    }
    case 'STRING':
      return { primitive: 'VARCHAR', text: 'varchar(65533)', length: 65533 };
    case 'BINARY':
    case 'VARBINARY':
      if (a0 !== undefined && a0 > MAX_VARCHAR_LENGTH) throw semanticError(`VARBINARY size must be <= ${MAX_VARCHAR_LENGTH}: ${a0}`);
      return a0 === undefined ? { primitive: 'VARBINARY', text: 'varbinary' } : { primitive: 'VARBINARY', text: `varbinary(${a0})`, length: a0 };
    case 'JSON':
      return { primitive: 'JSON', text: 'json' };
    case 'HLL':
      return { primitive: 'HLL', text: 'hll' };
    case 'BITMAP':
      return { primitive: 'BITMAP', text: 'bitmap' };
    case 'PERCENTILE':
      return { primitive: 'PERCENTILE', text: 'percentile' };
  }
}

/** Reads a stored type text back (`int(11)`, `decimal(10, 2)`, `varchar(20)`, `array<...>`...). */
export function parseTypeText(text: string): ColType {
  const t = text.trim().toLowerCase();
  if (t.startsWith('array<')) return { primitive: 'ARRAY', text };
  if (t.startsWith('map<')) return { primitive: 'MAP', text };
  if (t.startsWith('struct<')) return { primitive: 'STRUCT', text };
  const m = /^([a-z0-9_]+)(?:\((\d+)(?:,\s*(\d+))?\))?$/.exec(t);
  const base = m?.[1] ?? t;
  const a0 = m?.[2] !== undefined ? Number(m[2]) : undefined;
  const a1 = m?.[3] !== undefined ? Number(m[3]) : undefined;
  switch (base) {
    case 'decimal':
      return decimalType(a0 ?? 10, a1 ?? 0);
    case 'char':
    case 'varchar':
    case 'varbinary':
      return { primitive: base.toUpperCase() as Primitive, text, length: a0 };
    default:
      return { primitive: base.toUpperCase() as Primitive, text };
  }
}

export const isIntegerType = (t: ColType) => ['TINYINT', 'SMALLINT', 'INT', 'BIGINT', 'LARGEINT'].includes(t.primitive);
export const isDecimalType = (t: ColType) => t.primitive.startsWith('DECIMAL');
export const isFloatType = (t: ColType) => t.primitive === 'FLOAT' || t.primitive === 'DOUBLE';
export const isDateType = (t: ColType) => t.primitive === 'DATE' || t.primitive === 'DATETIME';
export const isStringType = (t: ColType) => t.primitive === 'CHAR' || t.primitive === 'VARCHAR';
export const isNumericType = (t: ColType) => isIntegerType(t) || isDecimalType(t) || isFloatType(t);
export const isComplexType = (t: ColType) => ['ARRAY', 'MAP', 'STRUCT'].includes(t.primitive);

/** Type.canDistributedBy(): what may be a key, distribution or sort column. */
export const canBeKey = (t: ColType) =>
  !isFloatType(t) && !isComplexType(t) && !['JSON', 'HLL', 'BITMAP', 'PERCENTILE', 'VARBINARY'].includes(t.primitive);

/** Types a PRIMARY KEY column may have (KeysDesc.analyze). */
export const canBePrimaryKey = (t: ColType) => t.primitive === 'BOOLEAN' || isIntegerType(t) || t.primitive === 'VARCHAR' || isDateType(t);

/** ScalarType.toString(), as analyzer messages print types (`FLOAT`, `DECIMAL64(10, 2)`, `VARCHAR(10)`). */
export function typeToString(t: ColType): string {
  if (isDecimalType(t)) return `${t.primitive}(${t.precision ?? 10}, ${t.scale ?? 0})`;
  if (isStringType(t)) return `${t.primitive}(${t.length ?? 1})`;
  // ArrayType/MapType/StructType.toString: element types as ScalarType.toString (no integer display widths).
  if (isComplexType(t)) return t.text.toUpperCase().replace(/\b(TINYINT|SMALLINT|INT|BIGINT|LARGEINT)\(\d+\)/g, '$1');
  return t.primitive;
}

/** The Column.getIndexSize() used to infer DUPLICATE KEY columns when no key clause is given. */
export function indexSize(t: ColType): number {
  switch (t.primitive) {
    case 'TINYINT':
    case 'BOOLEAN':
      return 1;
    case 'SMALLINT':
      return 2;
    case 'INT':
    case 'FLOAT':
    case 'DECIMAL32':
      return 4;
    case 'BIGINT':
    case 'DOUBLE':
    case 'DECIMAL64':
    case 'DATETIME':
      return 8;
    case 'DATE':
      return 3;
    case 'LARGEINT':
    case 'DECIMAL128':
      return 16;
    case 'DECIMAL256':
      return 32;
    case 'CHAR':
      return t.length ?? 1;
    case 'VARCHAR':
      return 20;
    default:
      return 8;
  }
}

/**
 * AggregateType.checkCompatibility: the compatibility map by PrimitiveType, plus complex types for the REPLACE
 * family. SUM takes INT, BIGINT, LARGEINT, FLOAT, DOUBLE and DECIMAL64/128 (not TINYINT, SMALLINT or DECIMAL32:
 * a SUM decimal is widened to DECIMAL128 first unless legacy compatibility keeps it); MIN/MAX numbers, dates and
 * strings (no BOOLEAN); REPLACE anything; REPLACE_IF_NOT_NULL anything but HLL and PERCENTILE.
 */
export function aggCompatible(agg: string, t: ColType): boolean {
  const p = t.primitive;
  switch (agg) {
    case 'SUM':
      return ['INT', 'BIGINT', 'LARGEINT', 'FLOAT', 'DOUBLE', 'DECIMAL64', 'DECIMAL128'].includes(p);
    case 'MAX':
    case 'MIN':
      return isIntegerType(t) || isFloatType(t) || ['DECIMAL32', 'DECIMAL64', 'DECIMAL128'].includes(p) || isDateType(t) || isStringType(t);
    case 'REPLACE':
      return true;
    case 'REPLACE_IF_NOT_NULL':
      return p !== 'HLL' && p !== 'PERCENTILE';
    case 'HLL_UNION':
      return p === 'HLL';
    case 'BITMAP_UNION':
      return p === 'BITMAP';
    case 'PERCENTILE_UNION':
      return p === 'PERCENTILE';
    default:
      return false;
  }
}
