// The base tables an async MV's query reads: the names after FROM / JOIN (and after commas of a FROM list), as
// StarRocks prints definitions (`FROM `db`.`t` AS `a` INNER JOIN `db`.`u` ...`). Subqueries are skipped into; a
// name with a catalog (`cat`.`db`.`t`) other than default_catalog is external and not reported. Pure, best effort:
// it answers which objects to look for, never whether the query is valid.
import { CreateSqlError, tokenize, type Token } from './create-sql.js';

export interface TableRef {
  db: string;
  name: string;
}

const END_OF_FROM = new Set(['WHERE', 'GROUP', 'ORDER', 'HAVING', 'LIMIT', 'UNION', 'EXCEPT', 'INTERSECT', 'WINDOW', 'QUALIFY', 'SELECT']);
const isPunct = (t: Token | undefined, c: string) => t !== undefined && t.kind === 'punct' && t.value === c;
const nameOf = (t: Token | undefined) => (t === undefined ? null : t.kind === 'ident' ? t.value : t.kind === 'word' ? t.text : null);

/** Base tables of a query text (the part after AS of a CREATE MATERIALIZED VIEW, or its definition), unqualified ones in `defaultDb`. */
export function queryBaseTables(query: string, defaultDb: string): TableRef[] {
  let toks: Token[];
  try {
    toks = tokenize(query);
  } catch (e) {
    if (e instanceof CreateSqlError) return [];
    throw e;
  }
  const out: TableRef[] = [];
  const seen = new Set<string>();
  // Common table expressions (`WITH c AS (...)`): their names are not tables.
  const ctes = new Set<string>();
  toks.forEach((t, i) => {
    const n = nameOf(t);
    if (n !== null && toks[i + 1]?.kind === 'word' && toks[i + 1]!.value === 'AS' && isPunct(toks[i + 2], '(')) ctes.add(n);
  });
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
    const parts: string[] = [];
    let j = i;
    for (;;) {
      const n = nameOf(toks[j]);
      if (n === null) break;
      parts.push(n);
      if (!isPunct(toks[j + 1], '.')) break;
      j += 2;
    }
    if (parts.length === 0) continue;
    i = j;
    if (isPunct(toks[j + 1], '(')) continue; // a table function (unnest(...), generate_series(...))
    if (parts.length === 1 && ctes.has(parts[0]!)) continue;
    if (parts.length === 3 && parts[0]!.toLowerCase() !== 'default_catalog') continue;
    const ref = parts.length === 1 ? { db: defaultDb, name: parts[0]! } : { db: parts[parts.length - 2]!, name: parts[parts.length - 1]! };
    const key = `${ref.db}\u0000${ref.name}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(ref);
    }
  }
  return out;
}

/** The query of a CREATE MATERIALIZED VIEW text: what follows its first top-level AS. */
export function queryOfCreateMv(createSql: string): string {
  let toks: Token[];
  try {
    toks = tokenize(createSql);
  } catch (e) {
    if (e instanceof CreateSqlError) return '';
    throw e;
  }
  let depth = 0;
  for (const t of toks) {
    if (isPunct(t, '(')) depth++;
    else if (isPunct(t, ')')) depth--;
    else if (depth === 0 && t.kind === 'word' && t.value === 'AS') return createSql.slice(t.end);
  }
  return '';
}
