// Bitmap indexes: definition checks (IndexDef.analyze / checkColumn) shared by CREATE TABLE and CREATE INDEX.
import type { BitmapIndex, Column, KeysType } from '../catalog/model.js';
import type { IndexDef } from '../sql/ast.js';
import { ddlError, semanticError } from './errors.js';

/** IndexDef.checkColumn for BITMAP: column type and key rules. */
export function checkBitmapColumn(col: Column, keysType: KeysType): void {
  if (/^(float|double|decimal|hll|bitmap|percentile|json|array|map|struct|varbinary|boolean)/.test(col.type)) {
    throw semanticError(`${col.type} is not supported in bitmap index. invalid column: ${col.name}`);
  }
  if ((keysType === 'AGG_KEYS' || keysType === 'UNIQUE_KEYS') && !col.isKey) {
    throw semanticError(`BITMAP index only used in columns of DUP_KEYS/PRIMARY_KEYS table or key columns of UNIQUE_KEYS/AGG_KEYS table. invalid column: ${col.name}`);
  }
}

/** The catalog index of an index definition; columns resolved to their declared names. */
export function analyzeIndexDef(def: IndexDef, columns: Column[], keysType: KeysType): BitmapIndex {
  const using = (def.using ?? 'BITMAP').toUpperCase();
  if (using !== 'BITMAP') throw semanticError(`Index type ${using} is not supported by the simulator`);
  if (def.columns.length !== 1) throw semanticError('bitmap index can only apply to a single column.');
  const cols = def.columns.map((n) => {
    const col = columns.find((c) => c.name.toLowerCase() === n.toLowerCase());
    if (!col) throw semanticError(`${def.name} column does not exist in table. invalid column: ${n}`);
    checkBitmapColumn(col, keysType);
    return col.name;
  });
  return { name: def.name, columns: cols, comment: def.comment ?? '' };
}

/** CREATE TABLE ... INDEX ...: unique names and column sets. */
export function analyzeTableIndexes(defs: IndexDef[], columns: Column[], keysType: KeysType): BitmapIndex[] {
  const out = defs.map((d) => analyzeIndexDef(d, columns, keysType));
  const names = new Set(out.map((i) => i.name.toLowerCase()));
  if (names.size !== out.length) throw semanticError('index name must be unique');
  const colSets = new Set(out.map((i) => i.columns.map((c) => c.toUpperCase()).join(',')));
  if (colSets.size !== out.length) throw semanticError('same index columns have multiple index name is not allowed');
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
