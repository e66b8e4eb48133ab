// The table references of a query's FROM / JOIN lists, read from the planner's lexer tokens (create-sql.ts): one
// walk that the MV base-table reader (mv-base.ts) and the rename mapping's rewriter (name-refs.ts) share.
import type { Token } from './create-sql.js';

export const END_OF_FROM = new Set(['WHERE', 'GROUP', 'ORDER', 'HAVING', 'LIMIT', 'UNION', 'EXCEPT', 'INTERSECT', 'WINDOW', 'QUALIFY', 'SELECT']);

export const isPunct = (t: Token | undefined, c: string): boolean => t !== undefined && t.kind === 'punct' && t.value === c;
/** The name a token spells (a back-quoted identifier or a bare word), or null. */
export const nameOf = (t: Token | undefined): string | null =>
  t === undefined ? null : t.kind === 'ident' ? t.value : t.kind === 'word' ? t.text : null;

/** A dotted name: its tokens, and the index of the token after it. */
export interface Chain {
  parts: Token[];
  next: number;
  /** Followed by `.*` (a qualifier of a star). */
  star: boolean;
}

export function chainAt(toks: readonly Token[], i: number): Chain | null {
  if (nameOf(toks[i]) === null) return null;
  const parts: Token[] = [toks[i]!];
  let j = i + 1;
  let star = false;
  while (isPunct(toks[j], '.')) {
    if (nameOf(toks[j + 1]) !== null) {
      parts.push(toks[j + 1]!);
      j += 2;
    } else {
      if (isPunct(toks[j + 1], '*')) star = true;
      break;
    }
  }
  return { parts, next: j, star };
}

export const isDefaultCatalog = (t: Token): boolean => nameOf(t)!.toLowerCase() === 'default_catalog';

/** One table named in a FROM / JOIN list: its name parts (`[db.]table`, default_catalog dropped) with token indexes. */
export interface FromTableRef {
  /** `[table]` or `[db, table]`, each with the index of its token. */
  readonly parts: ReadonlyArray<{ readonly tok: Token; readonly index: number }>;
  /** Index of the token after the reference (an alias, AS, a join keyword, ...). */
  readonly next: number;
  /** The indexes of every token of the dotted name (default_catalog included). */
  readonly tokenIndexes: readonly number[];
}

/**
 * The tables of every FROM / JOIN list, at any parenthesis depth. Left out: common table expressions (`WITH c AS
 * (...)`), table functions (`unnest(...)`), and tables of catalogs other than default_catalog.
 */
export function fromTableRefs(toks: readonly Token[]): FromTableRef[] {
  const ctes = new Set<string>();
  toks.forEach((t, i) => {
    const n = nameOf(t);
    if (n !== null && toks[i + 1]?.kind === 'word' && toks[i + 1]!.value === 'AS' && isPunct(toks[i + 2], '(')) ctes.add(n);
  });
  const out: FromTableRef[] = [];
  // Per parenthesis depth: inside a FROM list at that depth.
  const inFrom: boolean[] = [false];
  let depth = 0;
  let expectTable = false;
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    if (isPunct(t, '(')) {
      depth++;
      inFrom[depth] = false;
      expectTable = false;
      continue;
    }
    if (isPunct(t, ')')) {
      depth = Math.max(0, depth - 1);
      continue;
    }
    if (t.kind === 'word' && (t.value === 'FROM' || t.value === 'JOIN')) {
      inFrom[depth] = true;
      expectTable = true;
      continue;
    }
    if (t.kind === 'word' && END_OF_FROM.has(t.value)) {
      inFrom[depth] = false;
      expectTable = false;
      continue;
    }
    if (isPunct(t, ',') && inFrom[depth]) {
      expectTable = true;
      continue;
    }
    if (!expectTable) continue;
    expectTable = false;
    const c = chainAt(toks, i);
    if (c === null) continue;
    const start = i;
    i = c.next - 1;
    if (isPunct(toks[c.next], '(')) continue; // a table function (unnest(...), generate_series(...))
    const all = c.parts.map((tok, k) => ({ tok, index: start + 2 * k }));
    if (all.length > 3 || (all.length === 3 && !isDefaultCatalog(all[0]!.tok))) continue; // another catalog
    if (all.length === 1 && ctes.has(nameOf(all[0]!.tok)!)) continue;
    out.push({ parts: all.length === 3 ? all.slice(1) : all, next: c.next, tokenIndexes: all.map((p) => p.index) });
  }
  return out;
}
