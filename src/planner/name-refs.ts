// Rewrites the database and table names a query text refers to (view and MV definitions, CREATE [MATERIALIZED] VIEW
// statements, sync MV statements) for the rename mapping (name-mapping.ts). Works on identifier tokens of the
// planner's lexer (create-sql.ts: backtick-quoted names with `` escapes, string literals and comments are skipped), so
// a name inside a literal or a comment is never touched; a renamed name is written back-quoted (quoteIdent).
// Recognised references, as StarRocks prints definitions:
//   - after FROM / JOIN (and commas of a FROM list): `t`, `db`.`t`, `default_catalog`.`db`.`t`;
//   - in expressions: `db`.`t`.`col`, `default_catalog`.`db`.`t`.`col`, and `t`.`col` where `t` is a table named
//     in a FROM without an alias (an alias is never renamed).
// Unqualified table names resolve in the object's own database. Best effort: a text the lexer cannot read is kept.
import { quoteIdent } from '../sql/quote.js';
import { CreateSqlError, tokenize, type Token } from './create-sql.js';
import type { NameMapping } from './name-mapping.js';
import { END_OF_FROM, chainAt, fromTableRefs, isDefaultCatalog, isPunct, nameOf } from './from-refs.js';

/** Words that can follow a table reference without being its alias. */
const NOT_ALIAS = new Set([
  ...END_OF_FROM,
  'JOIN',
  'INNER',
  'LEFT',
  'RIGHT',
  'FULL',
  'OUTER',
  'CROSS',
  'SEMI',
  'ANTI',
  'NATURAL',
  'LATERAL',
  'ON',
  'USING',
  'PARTITION',
  'PARTITIONS',
  'TEMPORARY',
  'TABLET',
  'SAMPLE',
  'FOR',
  'AS',
  'VALUES',
]);

/** Builds the rewriter for one mapping: `(text, srcDb) => text` with the references of an object of `srcDb` mapped. */
export function refsRewriter(m: NameMapping): (text: string, srcDb: string) => string {
  return (text, srcDb) => (m.identity ? text : rewriteRefs(text, srcDb, m));
}

/** `text` with the database / table names it refers to replaced by their target names (see the header). */
export function rewriteRefs(text: string, srcDb: string, m: NameMapping, identifiers: readonly string[] = []): string {
  if (m.identity || text.trim() === '') return text;
  let toks: Token[];
  try {
    toks = tokenize(text, identifiers);
  } catch (e) {
    if (e instanceof CreateSqlError) return text;
    throw e;
  }
  const edits = new Map<number, string>(); // token index → replacement name
  const rename = (i: number, from: string, to: string) => {
    if (from !== to) edits.set(i, to);
  };
  /** Tables named in FROM without an alias: their bare name → source db. */
  const bare = new Map<string, string>();
  const aliases = new Set<string>();
  const tableChains = new Set<number>();
  // Aliases (`AS x`, of tables and of columns alike): never renamed.
  toks.forEach((t, i) => {
    const n = t.kind === 'word' && t.value === 'AS' ? nameOf(toks[i + 1]) : null;
    if (n !== null) aliases.add(n);
  });

  // Pass 1: table references (FROM / JOIN lists), their aliases.
  for (const r of fromTableRefs(toks)) {
    const [dbPart, tPart] = r.parts.length === 1 ? [undefined, r.parts[0]!] : [r.parts[0]!, r.parts[1]!];
    const db = dbPart ? nameOf(dbPart.tok)! : srcDb;
    const table = nameOf(tPart.tok)!;
    const target = m.targetName(db, table);
    if (dbPart) rename(dbPart.index, db, target.db);
    rename(tPart.index, table, target.table);
    for (const i of r.tokenIndexes) tableChains.add(i);
    const after = toks[r.next];
    const alias = after?.kind === 'ident' || (after?.kind === 'word' && !NOT_ALIAS.has(after.value)) ? after : undefined;
    if (alias) aliases.add(nameOf(alias)!);
    else if (!(after?.kind === 'word' && after.value === 'AS')) bare.set(table, db);
  }

  // Pass 2: qualified column references in expressions.
  for (let i = 0; i < toks.length; i++) {
    if (tableChains.has(i)) continue;
    const c = chainAt(toks, i);
    if (c === null) continue;
    const start = i;
    i = c.next - 1;
    if (isPunct(toks[c.next], '(')) continue; // a function (db.fn(...))
    if (start > 0 && isPunct(toks[start - 1], '.')) continue;
    let parts = c.parts.map((p, k) => ({ tok: p, index: start + 2 * k }));
    if (parts.length >= 3 && isDefaultCatalog(parts[0]!.tok) && parts.length === (c.star ? 3 : 4)) parts = parts.slice(1);
    const qualifierCount = c.star ? parts.length : parts.length - 1;
    if (qualifierCount === 2) {
      const db = nameOf(parts[0]!.tok)!;
      const table = nameOf(parts[1]!.tok)!;
      const target = m.targetName(db, table);
      rename(parts[0]!.index, db, target.db);
      rename(parts[1]!.index, table, target.table);
    } else if (qualifierCount === 1) {
      const table = nameOf(parts[0]!.tok)!;
      const db = bare.get(table);
      if (db === undefined || aliases.has(table)) continue;
      rename(parts[0]!.index, table, m.targetName(db, table).table);
    }
  }

  if (edits.size === 0) return text;
  let out = '';
  let pos = 0;
  for (const [i, name] of [...edits].sort((a, b) => a[0] - b[0])) {
    const t = toks[i]!;
    out += text.slice(pos, t.start) + quoteIdent(name);
    pos = t.end;
  }
  return out + text.slice(pos);
}
