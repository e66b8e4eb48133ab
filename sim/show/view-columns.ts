// The output columns of a view. StarRocks stores the analyzed schema with the view; the simulated catalog keeps
// only the query text (and the optional column list), so the select list is derived here, best effort:
// `a`, `t.a`, `x AS b`, `x b`, `*` / `t.*` (expanded from the single FROM table when it resolves).
import type { Column, OlapTable, ViewTable } from '../catalog/model.js';
import type { FeState } from '../fe/state.js';

export interface ViewColumn {
  name: string;
  type: string;
  nullable: boolean;
  comment: string;
}

const FALLBACK_TYPE = 'varchar(65533)';

/** Splits at top-level occurrences of `sep` (outside quotes and parentheses). */
function splitTopLevel(text: string, sep: RegExp): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote) {
      if (ch === quote) quote = null;
      continue;
    }
    if (ch === "'" || ch === '"' || ch === '`') quote = ch;
    else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (depth === 0) {
      sep.lastIndex = i;
      const m = sep.exec(text);
      if (m && m.index === i) {
        out.push(text.slice(start, i));
        start = i + m[0].length;
        i = start - 1;
      }
    }
  }
  out.push(text.slice(start));
  return out;
}

const unquote = (s: string) => s.trim().replace(/^`(.*)`$/s, '$1');

/** The single FROM table of a simple query, if it is in the catalog. */
function fromTable(fe: FeState, dbName: string, afterFrom: string): OlapTable | ViewTable | undefined {
  const m = /^\s*((?:`[^`]+`|[\w$]+)(?:\s*\.\s*(?:`[^`]+`|[\w$]+))?)/.exec(afterFrom);
  if (!m) return undefined;
  const parts = m[1]!.split('.').map(unquote);
  const [db, tbl] = parts.length === 2 ? [parts[0]!, parts[1]!] : [dbName, parts[0]!];
  return fe.catalog.databases.get(db)?.tables.get(tbl);
}

function columnsOf(fe: FeState, dbName: string, t: OlapTable | ViewTable, depth: number): ViewColumn[] {
  if (t.kind === 'olap') return t.columns.map((c: Column) => ({ name: c.name, type: c.type, nullable: c.nullable, comment: c.comment }));
  return depth > 8 ? [] : derive(fe, dbName, t, depth + 1);
}

function derive(fe: FeState, dbName: string, view: ViewTable, depth: number): ViewColumn[] {
  const q = view.query.trim().replace(/;\s*$/, '');
  const sel = /^\s*select\s+(?:distinct\s+)?/i.exec(q);
  const derived: ViewColumn[] = [];
  if (sel) {
    const rest = q.slice(sel[0].length);
    const [list = '', ...tail] = splitTopLevel(rest, /\bfrom\b/iy);
    const source = tail.length > 0 ? fromTable(fe, dbName, tail.join('from')) : undefined;
    const sourceCols = source ? columnsOf(fe, dbName, source, depth) : [];
    for (const raw of splitTopLevel(list, /,/y)) {
      const item = raw.trim();
      if (item === '') continue;
      if (/^(?:(?:`[^`]+`|[\w$]+)\s*\.\s*)?\*$/.test(item)) {
        derived.push(...sourceCols);
        continue;
      }
      const alias = /\s+(?:as\s+)?(`[^`]+`|[\w$]+)$/i.exec(item);
      const expr = alias && !/^\s*(?:`[^`]+`|[\w$]+)(?:\s*\.\s*(?:`[^`]+`|[\w$]+))?\s*$/.test(item) ? item.slice(0, alias.index) : item;
      const ref = /^(?:(?:`[^`]+`|[\w$]+)\s*\.\s*)?(`[^`]+`|[\w$]+)$/.exec(expr.trim());
      const refName = ref ? unquote(ref[1]!) : null;
      const name = alias && expr !== item ? unquote(alias[1]!) : (refName ?? item);
      const src = refName ? sourceCols.find((c) => c.name.toLowerCase() === refName.toLowerCase()) : undefined;
      derived.push({ name, type: src?.type ?? FALLBACK_TYPE, nullable: true, comment: '' });
    }
  }
  if (view.columnNames) {
    return view.columnNames.map((name, i) => ({ ...(derived[i] ?? { type: FALLBACK_TYPE, nullable: true, comment: '' }), name }));
  }
  return derived;
}

export function viewColumns(fe: FeState, dbName: string, view: ViewTable): ViewColumn[] {
  return derive(fe, dbName, view, 0);
}
