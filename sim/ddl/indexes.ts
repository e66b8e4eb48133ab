// Bitmap indexes: definition checks (IndexDef.analyze / checkColumn) shared by CREATE TABLE and CREATE INDEX.
import type { BitmapIndex, Column, KeysType } from '../catalog/model.js';
import type { IndexDef } from '../sql/ast.js';
import { ddlError, semanticError, semanticErrorAt } from './errors.js';
import { isDateType, isDecimalType, isIntegerType, isStringType, parseTypeText, typeToString } from './types.js';

/** PrimitiveType names as IndexDef's messages print them (PrimitiveType.toString). */
function primitiveName(col: Column): string {
  return parseTypeText(col.type).primitive;
}

/** IndexDef.checkColumn for BITMAP: date, integer, decimal (v3), string and boolean columns; key rules. */
export function checkBitmapColumn(col: Column, keysType: KeysType): void {
  const t = parseTypeText(col.type);
  const ok = isDateType(t) || isIntegerType(t) || isDecimalType(t) || isStringType(t) || t.primitive === 'BOOLEAN';
  if (!ok) throw semanticError(`${primitiveName(col)} is not supported in bitmap index. invalid column: ${col.name}`);
  if ((keysType === 'AGG_KEYS' || keysType === 'UNIQUE_KEYS') && !col.isKey) {
    throw semanticError(
      `BITMAP index only used in columns of DUP_KEYS/PRIMARY_KEYS table or key columns of UNIQUE_KEYS/AGG_KEYS table. invalid column: ${col.name}`,
    );
  }
}

const NGRAM_DEFAULTS: Record<string, string> = { bloom_filter_fpp: '0.05', gram_num: '2', case_sensitive: 'true' };

/** BloomFilterIndexUtil.checkNgramBloomFilterIndexValid; returns the properties with StarRocks' defaults added. */
export function checkNgramColumn(col: Column, properties: Record<string, string>, keysType: KeysType): Record<string, string> {
  const t = parseTypeText(col.type);
  if (!isStringType(t)) throw semanticError(`Invalid ngram bloom filter column '${col.name}': unsupported type ${typeToString(t)}`);
  const aggNone = keysType === 'DUP_KEYS';
  if (!(col.isKey || keysType === 'PRIMARY_KEYS' || aggNone)) {
    throw semanticError(
      `Ngram Bloom filter index only used in columns of DUP_KEYS/PRIMARY table or key columns of UNIQUE_KEYS/AGG_KEYS table. invalid column: ${col.name}`,
    );
  }
  const fpp = properties['bloom_filter_fpp'];
  if (fpp !== undefined) {
    const v = Number(fpp.trim());
    if (fpp.trim() === '' || Number.isNaN(v)) throw semanticError('Bloom filter fpp is not Double');
    if (v < 0.0001 || v > 0.05) throw semanticError('Bloom filter fpp should in [1.0E-4, 0.05]');
  }
  const gram = properties['gram_num'];
  if (gram !== undefined) {
    // Integer.parseInt: a NumberFormatException is not caught by the analyzer (an unexpected exception).
    if (!/^[+-]?\d+$/.test(gram) || Math.abs(Number(gram)) > 2147483647) throw ddlError(`Unexpected exception: For input string: "${gram}"`);
    if (Number(gram) <= 0) throw semanticError("Ngram Bloom filter's gram_num should be positive number");
  }
  const cs = properties['case_sensitive'];
  if (cs !== undefined && !['true', 'false'].includes(cs.toLowerCase())) {
    throw semanticError("Ngram Bloom filter's case_sensitive should be true or false");
  }
  const out = { ...properties };
  for (const [k, v] of Object.entries(NGRAM_DEFAULTS)) if (!(k in out)) out[k] = v;
  return out;
}

/** IndexDef.analyze: name present and at most 64 characters, no column twice, one column. */
function checkIndexDef(def: IndexDef): void {
  if (def.name === '') throw semanticError('index name cannot be blank.');
  if (def.name.length > 64) throw semanticError('index name too long, the index name length at most is 64.');
  if (new Set(def.columns.map((c) => c.toLowerCase())).size !== def.columns.length) throw semanticError('columns of index has duplicated.');
  if (def.columns.length !== 1) throw semanticError(`${def.name} index can only apply to a single column.`);
}

/**
 * GIN (IndexAnalyzer.checkInvertedIndexValid) and VECTOR (checkVectorIndexValid) up to the check that refuses them
 * with the default FE config (enable_experimental_gin / enable_experimental_vector = false) or in shared-data mode.
 */
function refuseUnsimulatedIndex(using: string, col: Column, keysType: KeysType, sharedData: boolean): never {
  if (using === 'GIN') {
    if (keysType !== 'DUP_KEYS' && keysType !== 'PRIMARY_KEYS')
      throw semanticError('The inverted index can only be build on DUPLICATE/PRIMARY_KEYS table.');
    const t = parseTypeText(col.type);
    if (!isStringType(t)) throw semanticError('The inverted index can only be build on column with type of CHAR/STRING/VARCHAR type.');
    throw semanticError('The inverted index is disabled, enable it by setting FE config `enable_experimental_gin` to true');
  }
  if (using === 'VECTOR' && sharedData) throw semanticError('The vector index does not support shared data mode');
  if (using === 'VECTOR') throw semanticError('The vector index is disabled, enable it by setting FE config `enable_experimental_vector` to true');
  throw semanticError(`Unsupported index type: ${using}`);
}

/** The catalog index of an index definition; columns resolved to their declared names. */
export function analyzeIndexDef(def: IndexDef, columns: Column[], keysType: KeysType, sharedData = true): BitmapIndex {
  const using = (def.using ?? 'BITMAP').toUpperCase();
  checkIndexDef(def);
  let properties: Record<string, string> | undefined;
  const cols = def.columns.map((n) => {
    const col = columns.find((c) => c.name.toLowerCase() === n.toLowerCase());
    if (!col) throw semanticErrorAt(`${def.name} column does not exist in table. invalid column: ${n}`, def.pos);
    if (using === 'BITMAP') checkBitmapColumn(col, keysType);
    else if (using === 'NGRAMBF') properties = checkNgramColumn(col, def.properties ?? {}, keysType);
    else refuseUnsimulatedIndex(using, col, keysType, sharedData);
    return col.name;
  });
  const out: BitmapIndex = { name: def.name, columns: cols, comment: def.comment ?? '' };
  if (using === 'NGRAMBF') {
    out.indexType = 'NGRAMBF';
    out.properties = properties ?? {};
  }
  return out;
}

/** CREATE TABLE ... INDEX ...: unique names and column sets. */
export function analyzeTableIndexes(defs: IndexDef[], columns: Column[], keysType: KeysType, sharedData = true): BitmapIndex[] {
  const out = defs.map((d) => analyzeIndexDef(d, columns, keysType, sharedData));
  const names = new Set(out.map((i) => i.name.toLowerCase()));
  // Both messages carry the first index definition's position (indexDefs.get(0).getPos()).
  if (names.size !== out.length) throw semanticErrorAt('index name must be unique', defs[0]?.pos);
  const colSets = new Set(out.map((i) => i.columns.map((c) => c.toUpperCase()).join(',')));
  if (colSets.size !== out.length) throw semanticErrorAt('same index columns have multiple index name is not allowed', defs[0]?.pos);
  return out;
}

/** SchemaChangeHandler.processAddIndex checks against the table's existing indexes. */
export function checkNewIndex(existing: BitmapIndex[], idx: BitmapIndex): void {
  if (existing.some((i) => i.name.toLowerCase() === idx.name.toLowerCase())) {
    throw ddlError(`index \`${idx.name}\` already exist.`);
  }
  const key = idx.columns.map((c) => c.toLowerCase()).join(',');
  if (existing.some((i) => i.columns.map((c) => c.toLowerCase()).join(',') === key)) {
    throw ddlError(`index for columns (${idx.columns.join(', ')}) already exist.`);
  }
}
