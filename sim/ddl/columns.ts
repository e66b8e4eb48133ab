// Column and key analysis of CREATE TABLE (CreateTableAnalyzer, KeysDesc.analyze, ColumnDef.analyze), producing
// catalog Columns. Checks run in StarRocks' order so the first error reported is the one StarRocks reports.
import type { Column, KeysType } from '../catalog/model.js';
import type { ColumnDef, Expr, KeysDesc } from '../sql/ast.js';
import { exprToSql } from '../sql/render.js';
import { ERR, semanticError, semanticErrorAt } from './errors.js';
import { parseDateTime } from './literals.js';
import {
  aggCompatible,
  analyzeType,
  canBeKey,
  canBePrimaryKey,
  type ColType,
  decimalType,
  indexSize,
  isComplexType,
  isDateType,
  isDecimalType,
  isFloatType,
  isIntegerType,
  isStringType,
  typeToString,
} from './types.js';

const SHORTKEY_MAX_COLUMN_COUNT = 3;
const SHORTKEY_MAXSIZE_BYTES = 36;

export const KEYS_SQL: Record<KeysType, string> = {
  DUP_KEYS: 'DUPLICATE KEY',
  AGG_KEYS: 'AGGREGATE KEY',
  UNIQUE_KEYS: 'UNIQUE KEY',
  PRIMARY_KEYS: 'PRIMARY KEY',
};

export interface AnalyzedColumns {
  keysType: KeysType;
  columns: Column[];
  keyColumns: string[];
  types: ColType[];
  /** Whether a REPLACE-family aggregate is used (affects RANDOM distribution of AGG tables). */
  hasReplace: boolean;
}

const eqi = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** Infers the keys when CREATE TABLE has no key clause (CreateTableAnalyzer). */
function inferKeys(defs: ColumnDef[], types: ColType[]): KeysDesc {
  if (defs.some((d) => d.aggType !== null)) {
    return { keysType: 'AGG_KEYS', columns: defs.filter((d) => d.aggType === null).map((d) => d.name) };
  }
  const keys: string[] = [];
  let keyLength = 0;
  for (let i = 0; i < defs.length; i++) {
    const t = types[i]!;
    keyLength += indexSize(t);
    if (keys.length >= SHORTKEY_MAX_COLUMN_COUNT || keyLength > SHORTKEY_MAXSIZE_BYTES) {
      if (keys.length === 0 && isStringType(t)) keys.push(defs[i]!.name);
      break;
    }
    if (!canBeKey(t)) break;
    if (t.primitive === 'VARCHAR') {
      keys.push(defs[i]!.name);
      break;
    }
    keys.push(defs[i]!.name);
  }
  if (defs.length === 0) throw semanticError('Empty schema');
  if (keys.length === 0) throw semanticError(`Data type of first column cannot be ${typeToString(types[0]!)}`);
  return { keysType: 'DUP_KEYS', columns: keys };
}

/** KeysDesc.analyze: key columns are the leading columns, in order; value columns' aggregate rules. */
function checkKeys(keys: KeysDesc, defs: ColumnDef[], types: ColType[], nullable: boolean[]): void {
  if (keys.columns.length === 0) throw semanticError('The number of key columns is 0.');
  if (keys.columns.length > defs.length) {
    throw semanticError('The number of key columns should be less than the number of columns.');
  }
  keys.columns.forEach((keyName, i) => {
    const def = defs[i]!;
    if (!eqi(keyName, def.name)) {
      if (!defs.some((d) => eqi(d.name, keyName))) throw semanticError(`Key column(${keyName}) doesn't exist.`);
      // CreateTableAnalyzer.analyzeKeysDesc (3.x+ wording, two spaces included).
      throw semanticError(
        'Key columns must be the first few columns of the schema and the order  of the key columns must be consistent with the order of the schema',
      );
    }
    if (def.aggType !== null) throw semanticError(`Key column[${def.name}] should not specify aggregate type.`);
    if (keys.keysType === 'PRIMARY_KEYS') {
      if (def.nullable === null) nullable[i] = false; // ColumnDef.setPrimaryKeyNonNullable
      if (nullable[i]) throw semanticError(`primary key column[${def.name}] cannot be nullable`);
      if (!canBePrimaryKey(types[i]!)) throw semanticError(`primary key column[${def.name}] type not supported: ${types[i]!.text}`);
    }
  });
  for (let i = keys.columns.length; i < defs.length; i++) {
    const def = defs[i]!;
    if (keys.keysType === 'AGG_KEYS') {
      if (def.aggType === null) {
        throw semanticError(`AGG_KEYS table should specify aggregate type for non-key column[${def.name}]`);
      }
    } else if (def.aggType !== null && def.aggType !== 'REPLACE') {
      throw semanticError(`${keys.keysType} table should not specify aggregate type for non-key column[${def.name}]`);
    }
  }
}

/** ColumnDef.validateDefaultValue for literal defaults. */
function checkDefault(name: string, t: ColType, value: string): void {
  const bad = (why: string) => semanticError(`Invalid default value for '${name}': ${why}`);
  if (isComplexType(t)) throw bad(`Default value for complex type '${typeToString(t)}' not supported`);
  if (isIntegerType(t)) {
    // IntLiteral / LargeIntLiteral: Long.parseLong (no blanks), then the type's range.
    if (!/^[+-]?\d+$/.test(value)) throw bad(`Invalid number format: ${value}`);
    const bits = { TINYINT: 8n, SMALLINT: 16n, INT: 32n, BIGINT: 64n, LARGEINT: 128n }[t.primitive as 'INT'];
    const n = BigInt(value);
    if (n < -(2n ** (bits - 1n)) || n >= 2n ** (bits - 1n)) throw bad(`Number out of range[${value}]. type: ${typeToString(t)}`);
  } else if (isDecimalType(t) || isFloatType(t)) {
    if (value.trim() === '' || Number.isNaN(Number(value))) throw bad(`Invalid floating-point literal: ${value}`);
  } else if (isDateType(t)) {
    if (!parseDateTime(value)) throw bad(`date literal [${value}] is invalid`);
  } else if (isStringType(t)) {
    if (value.length > (t.length ?? 1)) throw bad(`Default value is too long: ${value}`);
  } else if (t.primitive === 'BOOLEAN') {
    if (!['true', 'false', '1', '0'].includes(value.trim().toLowerCase())) throw bad(`Invalid BOOLEAN literal: ${value}`);
  } else {
    // validateDefaultValue's switch has no JSON / VARBINARY case (see sim/fidelity/ddl.md).
    throw bad(`Cannot add default value for type '${typeToString(t)}'`);
  }
}

/** ColumnDef.analyze's charset rules: utf8 only (gbk is known but unsupported), and only on string columns. */
function checkCharset(def: ColumnDef): void {
  if (def.charset === undefined) return;
  const cs = def.charset.toLowerCase();
  const stringType = def.type.kind === 'scalar' && ['CHAR', 'VARCHAR', 'STRING'].includes(def.type.name);
  if (def.type.kind === 'scalar' && !stringType && cs !== 'utf8') {
    throw semanticError('character setting is only supported for type varchar in column definition');
  }
  if (cs !== 'utf8' && cs !== 'gbk') throw semanticError(`Unknown charset name: ${cs}`);
  if (cs !== 'utf8') throw semanticError(`charset name ${cs} is not supported yet in column definition`);
}

/** ColumnDef.SUPPORTED_DEFAULT_FNS with their type rules (validateDefaultValue, FunctionCallExpr branch). */
function checkDefaultExpr(name: string, t: ColType, e: Expr): string {
  const bad = (why: string) => semanticError(`Invalid default value for '${name}': ${why}`);
  const inner = e.kind === 'paren' ? e.expr : e;
  if (inner.kind !== 'call') throw bad(`Unsupported expr ${exprToSql(inner)} for default value`);
  const fn = inner.name.toLowerCase();
  if (inner.args.length > 0 || inner.star || !['now', 'uuid', 'uuid_numeric', 'current_timestamp'].includes(fn)) {
    throw bad(`Default expr for function ${fn} is not supported`);
  }
  if ((fn === 'now' || fn === 'current_timestamp') && t.primitive !== 'DATETIME') {
    throw bad(`Default function now() for type ${typeToString(t)} is not supported`);
  }
  if (fn === 'uuid' && t.primitive !== 'VARCHAR') throw bad(`Default function uuid() for type ${typeToString(t)} is not supported`);
  if (fn === 'uuid' && (t.length ?? 1) < 36) throw bad('Varchar type length must be greater than 36 for uuid function');
  if (fn === 'uuid_numeric' && t.primitive !== 'LARGEINT') throw bad(`Default function uuid_numeric() for type ${typeToString(t)} is not supported`);
  return fn === 'current_timestamp' ? 'now()' : `${fn}()`;
}

/**
 * ColumnDef.analyze for one column: the SUM DECIMAL widening, key/aggregate/type compatibility and defaults.
 * `legacyDecimal` = Config.enable_legacy_compatibility_for_replication.
 */
export function analyzeColumn(
  def: ColumnDef,
  isKey: boolean,
  aggType: Column['aggType'],
  nullableIn: boolean,
  legacyDecimal: boolean,
): { column: Column; type: ColType } {
  checkCharset(def);
  let t = analyzeType(def.type);
  if (aggType === 'SUM' && isDecimalType(t) && !legacyDecimal) t = decimalType(38, t.scale ?? 0);
  if (isKey && !canBeKey(t)) {
    throw semanticError(
      isFloatType(t)
        ? `Invalid data type of key column '${def.name}': '${typeToString(t)}', use decimal instead`
        : `Invalid data type of key column '${def.name}': '${typeToString(t)}'`,
    );
  }
  if (aggType !== null) {
    if (isKey) throw semanticError(`Cannot specify aggregate function '${aggType}' for key column '${def.name}'`);
    if (!aggCompatible(aggType, t)) throw semanticError(`Invalid aggregate function '${aggType}' for '${def.name}'`);
  }
  let nullable = nullableIn;
  let defaultValue: string | null = null;
  let defaultExpr: string | undefined;
  const d = def.default;
  if ((t.primitive === 'HLL' || t.primitive === 'BITMAP') && d) throw semanticError(`Invalid default value for '${def.name}'`);
  if (aggType === 'REPLACE_IF_NOT_NULL') nullable = true;
  if (d?.kind === 'literal') {
    if (d.value === null) {
      if (!nullable) throw semanticError(`Invalid default value for '${def.name}'`);
    } else {
      checkDefault(def.name, t, d.value);
      defaultValue = d.value;
    }
  } else if (d?.kind === 'currentTimestamp') {
    if (t.primitive !== 'DATETIME')
      throw semanticError(`Invalid default value for '${def.name}': Default function now() for type ${typeToString(t)} is not supported`);
    defaultValue = 'CURRENT_TIMESTAMP';
  } else if (d?.kind === 'expr') {
    defaultExpr = checkDefaultExpr(def.name, t, d.expr);
    defaultValue = defaultExpr;
  }
  const column: Column = {
    name: def.name,
    type: t.text,
    isKey,
    aggType,
    nullable,
    defaultValue,
    autoIncrement: def.autoIncrement,
    comment: def.comment ?? '',
  };
  if (defaultExpr !== undefined && defaultExpr !== 'now()') column.defaultExpr = defaultExpr;
  return { type: t, column };
}

/** The whole column/key analysis of CREATE TABLE for an OLAP table. */
export function analyzeColumns(defs: ColumnDef[], keysIn: KeysDesc | null, legacyDecimal: boolean): AnalyzedColumns {
  if (defs.length === 0) throw semanticError('Table must have at least 1 column', 1113, '42000');
  let autoInc = 0;
  for (const d of defs) {
    if (d.autoIncrement) {
      autoInc++;
      if (!(d.type.kind === 'scalar' && d.type.name === 'BIGINT')) throw semanticErrorAt('The AUTO_INCREMENT column must be BIGINT', d.pos);
    }
    if (autoInc > 1) throw semanticErrorAt('More than one AUTO_INCREMENT column defined in CREATE TABLE Statement', d.pos);
  }
  const types = defs.map((d) => analyzeType(d.type));
  const keys = keysIn ?? inferKeys(defs, types);
  const nullable = defs.map((d) => d.nullable ?? true);
  checkKeys(keys, defs, types, nullable);
  const nKeys = keys.columns.length;

  const seen = new Set<string>();
  const columns: Column[] = [];
  const finalTypes: ColType[] = [];
  let hasHll = false;
  let hasBitmap = false;
  let hasReplace = false;
  defs.forEach((def, i) => {
    const isKey = i < nKeys;
    const agg = keys.keysType === 'AGG_KEYS' && !isKey ? def.aggType : null;
    const { column, type } = analyzeColumn(def, isKey, agg, nullable[i]!, legacyDecimal);
    if (agg === 'HLL_UNION') hasHll = true;
    if (agg === 'BITMAP_UNION') hasBitmap = true;
    if (agg === 'REPLACE' || agg === 'REPLACE_IF_NOT_NULL') hasReplace = true;
    if (keys.keysType !== 'AGG_KEYS' && !isKey && def.aggType === 'REPLACE') hasReplace = true;
    if (keys.keysType !== 'AGG_KEYS' && ['BITMAP', 'HLL', 'PERCENTILE'].includes(type.primitive) && keys.keysType === 'DUP_KEYS') {
      throw semanticError(`No aggregate function specified for '${def.name}'`);
    }
    const lower = def.name.toLowerCase();
    if (seen.has(lower)) throw ERR.dupFieldName(def.name);
    seen.add(lower);
    columns.push(column);
    finalTypes.push(type);
  });
  if (hasHll && keys.keysType !== 'AGG_KEYS') throw semanticError('HLL_UNION must be used in AGG_KEYS');
  if (hasBitmap && keys.keysType !== 'AGG_KEYS') throw semanticError('BITMAP_UNION must be used in AGG_KEYS');
  return { keysType: keys.keysType, columns, keyColumns: columns.slice(0, nKeys).map((c) => c.name), types: finalTypes, hasReplace };
}
