// The reading half of `srsync verify` (query ports only; sides opened and logged into by command/sides.ts): both
// catalogs and, on request, COUNT(*) per table. Reads only: SELECT / SHOW / DESC / ADMIN SHOW through the inspector; no DDL, no
// ADMIN SET, no RPC, no HTTP. A side that cannot be reached or read is a ClusterError naming it (exit code 3).
import { readAt, type ReadSide } from '../command/sides.js';
import { inParallel } from '../util/parallel.js';
import type { ClusterSnapshot } from '../model/snapshot.js';
import { qualifiedName } from '../sql/quote.js';
import { tableId, type RowCount, type TablePair } from './compare.js';

/** A side as verify reads it (command/sides.ts: opened, logged into and closed by the command). */
export type VerifySide = ReadSide;

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** The catalog of the databases `dbFilter` selects (the migration's scope). */
export function readCatalog(s: VerifySide, dbFilter: (db: string) => boolean): Promise<ClusterSnapshot> {
  return readAt(s, `the ${s.side} catalog`, () => s.inspector.snapshot({ serviceId: '', dbFilter }));
}

async function countRows(s: VerifySide, db: string, table: string): Promise<number> {
  const rows = await s.sql.query(`SELECT COUNT(*) FROM ${qualifiedName(db, table)}`);
  const value = Object.values(rows[0] ?? {})[0];
  const n = Number(value);
  if (value === null || value === undefined || !Number.isFinite(n)) throw new Error(`COUNT(*) returned ${String(value)}`);
  return n;
}

/**
 * COUNT(*) of each table on both sides, `threads` tables at a time. A table that cannot be counted (dropped
 * meanwhile, a query error) gets `error` instead of failing the whole check.
 */
export async function countTables(source: VerifySide, target: VerifySide, tables: TablePair[], threads: number): Promise<Map<string, RowCount>> {
  const out = new Map<string, RowCount>();
  await inParallel(threads, tables, async ({ db, table, targetDb, targetTable }) => {
    const [s, t] = await Promise.allSettled([countRows(source, db, table), countRows(target, targetDb ?? db, targetTable ?? table)]);
    const r: RowCount = { source: s.status === 'fulfilled' ? s.value : null, target: t.status === 'fulfilled' ? t.value : null };
    const errors = [
      s.status === 'rejected' ? `source: ${messageOf(s.reason)}` : '',
      t.status === 'rejected' ? `target: ${messageOf(t.reason)}` : '',
    ].filter(Boolean);
    if (errors.length > 0) r.error = errors.join('; ');
    out.set(tableId(db, table), r);
  });
  return out;
}
