// Index schema bookkeeping: schema hash (Util.schemaHash) and short key count (GlobalStateMgr.calcShortKeyColumnCount).
import { crc32 } from 'node:zlib';
import type { Column } from '../catalog/model.js';
import { indexSize, parseTypeText } from './types.js';

/** Util.schemaHash: CRC32 over the schema version, the columns and the bloom filter setup, made non-negative. */
export function schemaHash(schemaVersion: number, columns: readonly Column[], bloomFilterColumns = ''): number {
  let c = crc32(Buffer.from([schemaVersion & 0xff]));
  for (const col of columns) {
    c = crc32(`${col.name}\u0000${col.type.toUpperCase()}\u0000${col.isKey ? 1 : 0}\u0000${col.aggType ?? ''}`, c);
  }
  if (bloomFilterColumns !== '') c = crc32(bloomFilterColumns.toLowerCase(), c);
  return Math.abs(c | 0);
}

const SHORTKEY_MAX_COLUMN_COUNT = 3;
const SHORTKEY_MAXSIZE_BYTES = 36;

/** Number of leading sort-key columns in the short key index. */
export function shortKeyColumnCount(columns: readonly Column[], sortKeys: readonly string[]): number {
  const keyCols =
    sortKeys.length > 0
      ? sortKeys.map((n) => columns.find((c) => c.name === n)).filter((c): c is Column => c !== undefined)
      : columns.filter((c) => c.isKey);
  let count = 0;
  let bytes = 0;
  for (const col of keyCols) {
    const t = parseTypeText(col.type);
    bytes += indexSize(t);
    if (bytes > SHORTKEY_MAXSIZE_BYTES) {
      if (t.primitive === 'CHAR' || t.primitive === 'VARCHAR') count++;
      break;
    }
    count++;
    if (t.primitive === 'VARCHAR' || count >= SHORTKEY_MAX_COLUMN_COUNT) break;
  }
  return count;
}
