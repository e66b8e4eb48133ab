// The base tables an async MV's query reads: the names after FROM / JOIN (and after commas of a FROM list), as
// StarRocks prints definitions (`FROM `db`.`t` AS `a` INNER JOIN `db`.`u` ...`). Subqueries are skipped into; a
// name with a catalog (`cat`.`db`.`t`) other than default_catalog is external and not reported. Pure, best effort:
// it answers which objects to look for, never whether the query is valid.
import { CreateSqlError, tokenize, type Token } from './create-sql.js';
import { fromTableRefs, isPunct, nameOf } from './from-refs.js';

export interface TableRef {
  db: string;
  name: string;
}

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
  for (const r of fromTableRefs(toks)) {
    const names = r.parts.map((p) => nameOf(p.tok)!);
    const ref = names.length === 1 ? { db: defaultDb, name: names[0]! } : { db: names[0]!, name: names[1]! };
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
