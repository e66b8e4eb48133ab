// A table's distribution as its SHOW CREATE TABLE text states it (`DISTRIBUTED BY RANDOM [BUCKETS n]` /
// `DISTRIBUTED BY HASH(`a`, `b`) [BUCKETS n]`, reference §6.10): the statement StarRocks really prints, preferred
// over information_schema when the text has been read (tables_config says HASH even for RANDOM tables).
import type { TableInfo } from '../model/snapshot.js';
import { CreateSqlError, tokenize, type Token } from './create-sql.js';

const isWord = (t: Token | undefined, w: string) => t !== undefined && t.kind === 'word' && t.value === w;
const isPunct = (t: Token | undefined, c: string) => t !== undefined && t.kind === 'punct' && t.value === c;

/** The DISTRIBUTED BY clause of a CREATE TABLE text (type and columns), or null when there is none or it is unreadable. */
export function distributionFromCreateSql(
  sql: string,
  identifiers: readonly string[] = [],
): Pick<TableInfo['distribution'], 'type' | 'columns'> | null {
  if (sql.trim() === '') return null;
  let toks: Token[];
  try {
    toks = tokenize(sql, identifiers);
  } catch (e) {
    if (e instanceof CreateSqlError) return null;
    throw e;
  }
  let depth = 0;
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    if (isPunct(t, '(') || isPunct(t, '[')) depth++;
    else if (isPunct(t, ')') || isPunct(t, ']')) depth--;
    if (depth !== 0 || !isWord(t, 'DISTRIBUTED') || !isWord(toks[i + 1], 'BY')) continue;
    const kind = toks[i + 2];
    if (isWord(kind, 'RANDOM')) return { type: 'RANDOM', columns: [] };
    if (!isWord(kind, 'HASH') || !isPunct(toks[i + 3], '(')) return null;
    const columns: string[] = [];
    for (let j = i + 4; j < toks.length; j++) {
      const c = toks[j]!;
      if (isPunct(c, ')')) return columns.length > 0 ? { type: 'HASH', columns } : null;
      if (isPunct(c, ',')) continue;
      if (c.kind === 'ident') columns.push(c.value);
      else if (c.kind === 'word') columns.push(c.text);
      else return null;
    }
    return null;
  }
  return null;
}

/** The distribution to render for new partitions: the SHOW CREATE TABLE text's when read, else the snapshot's. */
export function effectiveDistribution(
  t: Pick<TableInfo, 'createSql' | 'distribution' | 'name' | 'columns'>,
): Pick<TableInfo['distribution'], 'type' | 'columns'> {
  return distributionFromCreateSql(t.createSql, [t.name, ...t.columns.map((c) => c.name)]) ?? t.distribution;
}
