// Creating a range-distributed table on the target. StarRocks prints no DISTRIBUTED BY clause for a range table
// (RangeDistributionInfo.toSql is empty), and a CREATE TABLE without one becomes range-distributed only when
// `enable_range_distribution` is on (FE config, or the session variable in the same connection); otherwise an
// AGG/UNIQUE table is refused (`Currently not support default distribution in …`) and the others become RANDOM.
// srsync never relies on the target's config: a CREATE TABLE without DISTRIBUTED BY runs after
// `SET enable_range_distribution = true` on its own connection, so the target table follows the source (a table
// that would be RANDOM under the same rule is RANDOM on the source too). A target that does not know the variable
// refuses the SET, and the CREATE is not run (fail closed, never a silent RANDOM table).
import { CreateSqlError, tokenize } from '../planner/create-sql.js';

/** Whether `sql` is a CREATE TABLE without a top-level DISTRIBUTED BY clause (false when it cannot be tokenized). */
export function createsWithoutDistribution(sql: string): boolean {
  let toks;
  try {
    toks = tokenize(sql);
  } catch (e) {
    if (e instanceof CreateSqlError) return false;
    throw e;
  }
  const word = (i: number, w: string) => toks[i]?.kind === 'word' && toks[i]!.value === w;
  if (!word(0, 'CREATE')) return false;
  let isTable = false;
  for (let i = 1; i < Math.min(toks.length, 4); i++) if (word(i, 'TABLE')) isTable = true;
  if (!isTable) return false;
  let depth = 0;
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    if (t.kind === 'punct' && (t.value === '(' || t.value === '[')) depth++;
    else if (t.kind === 'punct' && (t.value === ')' || t.value === ']')) depth--;
    else if (depth === 0 && word(i, 'DISTRIBUTED') && word(i + 1, 'BY')) return false;
  }
  return true;
}

/** Whether a DDL statement must run after the range session variable (a CREATE TABLE of a range table). */
export function needsRangeSession(a: { kind: string; sql: string }): boolean {
  return a.kind === 'create_table' && createsWithoutDistribution(a.sql);
}
