// Shared bits of the information_schema tables: hint filtering, cell formatting of typed values.
import type { Database } from '../../catalog/model.js';
import type { FeState } from '../../fe/state.js';
import { formatDateTime } from '../format.js';
import type { InfoSchemaHints } from '../result-set.js';

/** The catalog databases the hints allow, in catalog order. */
export function hintedDbs(fe: FeState, hints: InfoSchemaHints = {}): Database[] {
  const out: Database[] = [];
  for (const db of fe.catalog.databases.values()) if (!hints.dbNames || hints.dbNames.has(db.name)) out.push(db);
  return out;
}

export const tableAllowed = (hints: InfoSchemaHints | undefined, name: string) => !hints?.tableNames || hints.tableNames.has(name);

/** A BOOLEAN cell as StarRocks sends it over MySQL (`1` / `0`). */
export const boolCell = (b: boolean): string => (b ? '1' : '0');

/** Catalog times are epoch ms; tolerate seconds. A DATETIME cell at whole seconds, NULL when unset. */
export function epochCell(t: number): string | null {
  if (!(t > 0)) return null;
  const ms = t < 1e11 ? t * 1000 : t;
  return formatDateTime(Math.floor(ms / 1000) * 1000);
}
