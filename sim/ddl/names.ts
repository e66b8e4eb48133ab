// Name rules of StarRocks' FeNameFormat (fe/fe-core/.../sql/analyzer/FeNameFormat.java):
// - database names: an ASCII letter, then up to 255 of [A-Za-z0-9_] and -~!@#$%^&<>=+ (or `_` + alnum + ...):
//   no spaces, quotes, backticks, dots or non-ASCII letters (Java's \w is ASCII-only);
// - table, view and (shared-data) column names: anything but NUL, 1..1024 characters;
// - partition and storage volume names: COMMON_NAME_REGEX `^[a-zA-Z]\w{0,63}$|^_[a-zA-Z0-9]\w{0,62}$`, and a
//   partition name may not start with `placeholder_`.
// - index names: no FeNameFormat rule at all; IndexAnalyzer.analyze only refuses a blank name and one longer than 64
//   (UTF-16 units): spaces, backticks, newlines and 4-byte characters are allowed (checkIndexDef in ./indexes.ts),
//   and Index.toSql prints the name bare in SHOW CREATE TABLE (sim/show/create-table.ts indexSql).
// Reserved words are fine everywhere when back-quoted (the grammar, not FeNameFormat, handles them).
import { semanticError } from './errors.js';

const SPECIALS = '-~!@#$%^&<>=+';
const escaped = SPECIALS.replace(/[-\\^$]/g, (c) => `\\${c}`);
const DB_NAME = new RegExp(`^[a-zA-Z][\\w${escaped}]{0,255}$|^_[a-zA-Z0-9][\\w${escaped}]{0,254}$`);
const TABLE_NAME = /^[^\0]{1,1024}$/u;
const COMMON_NAME = /^[a-zA-Z]\w{0,63}$|^_[a-zA-Z0-9]\w{0,62}$/;

/** FeNameFormat.checkDbName: ERR_WRONG_DB_NAME (1102). */
export function checkDbName(name: string): void {
  if (!DB_NAME.test(name)) throw semanticError(`Incorrect database name '${name}'`, 1102);
}

/** FeNameFormat.checkTableName: ERR_WRONG_TABLE_NAME (1103 in the 4.x ErrorCode). */
export function checkTableName(name: string): void {
  if (!TABLE_NAME.test(name)) throw semanticError(`Incorrect table name '${name}'. Table name regex is '^[^\\0]{1,1024}$'`, 1103);
}

/** FeNameFormat.checkColumnName (shared-data regex): ERR_WRONG_COLUMN_NAME (1166). */
export function checkColumnName(name: string): void {
  if (!TABLE_NAME.test(name)) throw semanticError(`Incorrect column name '${name}'. Column regex is '^[^\\0]{1,1024}$'`, 1166);
}

/** FeNameFormat.checkPartitionName: ERR_WRONG_PARTITION_NAME (1567). */
export function checkPartitionName(name: string): void {
  if (!COMMON_NAME.test(name) || name.startsWith('placeholder_')) throw semanticError(`Incorrect partition name '${name}'`, 1567, 'HY000');
}

/** FeNameFormat.checkStorageVolumeName (checkCommonName): ERR_WRONG_NAME_FORMAT (5063). */
export function checkStorageVolumeName(name: string): void {
  if (!COMMON_NAME.test(name)) throw semanticError(`Incorrect storage volume name '${name}'`, 5063);
}

/** FeConstants.GENERATED_PARTITION_COLUMN_PREFIX: ordinary columns may not take the generated partition columns' prefix. */
export const GENERATED_PARTITION_COLUMN_PREFIX = '__generated_partition_column_';
/** SchemaChangeHandler.SHADOW_NAME_PREFIX. */
const SHADOW_NAME_PREFIX = '__starrocks_shadow_';
/** FeNameFormat.FORBIDDEN_COLUMN_NAMES (case-insensitive). */
const FORBIDDEN_COLUMN_NAMES = new Set(['__op', '__row']);

/**
 * The rest of FeNameFormat.checkColumnName(name, isPartitionColumn) with Config.allow_system_reserved_names = false:
 * the shadow prefix, `__op` / `__row`, and the generated partition column prefix unless the column is a partition
 * column of a multi-expression (automatic list) partitioning.
 */
export function checkNotReservedColumnName(name: string, isPartitionColumn = false): void {
  if (name.startsWith(SHADOW_NAME_PREFIX)) {
    throw semanticError(`Incorrect column name '${name}'. Column regex is '^[^\\0]{1,1024}$'`, 1166);
  }
  if (FORBIDDEN_COLUMN_NAMES.has(name.toLowerCase())) {
    throw semanticError(`Column name [${name}] is a system reserved name. Please choose a different one.`);
  }
  if (!isPartitionColumn && name.startsWith(GENERATED_PARTITION_COLUMN_PREFIX)) {
    throw semanticError(
      `Column name [${name}] starts with ${GENERATED_PARTITION_COLUMN_PREFIX} is a system reserved name. Please choose a different one.`,
    );
  }
}
