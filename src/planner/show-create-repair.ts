// StarRocks prints SHOW CREATE TABLE text that it cannot always parse back (reference §6.10; AstToStringBuilder,
// Column.toSql, RangePartitionInfo/ListPartitionInfo.toSql, Index.toSql):
//   - names are wrapped as "`" + name + "`" without doubling a backtick inside the name;
//   - partition names and index names are printed bare, so reserved words (`select`, `in`) break the statement;
//   - LIST values are printed as '<value>' with a quote inside the value left as it is ('it's');
//   - PRIMARY KEY tables print column comments raw: COMMENT "a "b"" (Column.toSqlWithoutAggregateTypeName), and
//     bitmap index comments are always raw: COMMENT 'it's' (Index.toSql).
// srsync knows the true names (information_schema, partitions_meta), so it repairs the text before rewriting it:
// every name is re-quoted with quoteIdent, LIST values are re-rendered from the partition bounds, raw comments are
// re-quoted. Text that is already well formed comes out unchanged apart from the quoting of bare partition and
// index names.
import type { ColumnInfo, PartitionInfo, TableInfo } from '../model/snapshot.js';
import { quoteIdent, quoteString, quoteStringDouble } from '../sql/quote.js';
import { tokenize, type Token } from './create-sql.js';
import { renderBound } from './ddl.js';

export interface KnownNames {
  /** The object's own name and its column names: the names that may appear back-quoted without escaping. */
  identifiers: readonly string[];
  /** Columns, for their comments (PRIMARY KEY tables print them raw). */
  columns?: readonly ColumnInfo[];
  /** Logical partitions by name, with their PARTITION_VALUE text and parsed bounds (LIST values). */
  partitions?: ReadonlyMap<string, PartitionInfo>;
  /** Number of partition columns (single- vs multi-column LIST rendering). */
  partitionColumnCount?: number;
}

/** Re-quotes names, LIST values and raw comments so that StarRocks parses the statement back (see above). */
export function repairCreateSql(sql: string, names: KnownNames): string {
  const lines = sql.split('\n').map((line) => repairIndexCommentLine(repairListPartitionLine(repairCommentLine(line, names), names)));
  return requoteNames(lines.join('\n'), names.identifiers);
}

const LIST_LINE = /^(\s*\(?\s*PARTITION )(\S+)( VALUES IN )(.*)$/;

/** `  PARTITION p VALUES IN ('a', 'it's'),` → `  PARTITION p VALUES IN ("a", "it's"),` from the partition's bound. */
function repairListPartitionLine(line: string, names: KnownNames): string {
  const m = LIST_LINE.exec(line);
  if (!m || !names.partitions) return line;
  const p = names.partitions.get(m[2]!);
  if (!p || p.bound.kind !== 'list' || p.value === '') return line;
  const rest = m[4]!;
  const comma = rest === `${p.value},` ? ',' : rest === p.value ? '' : null;
  if (comma === null) return line;
  const values = renderBound(p.bound, names.partitionColumnCount ?? 1);
  if (values === null) return line;
  return `${m[1]}${m[2]} ${values}${comma}`;
}

/** A column line ending in `COMMENT "<raw comment>"` whose comment holds `"` or `\`: quote it properly. */
function repairCommentLine(line: string, names: KnownNames): string {
  if (!line.startsWith('  `')) return line;
  for (const c of names.columns ?? []) {
    if (!/["\\]/.test(c.comment)) continue;
    for (const tail of [`COMMENT "${c.comment}"`, `COMMENT "${c.comment}",`]) {
      if (line.endsWith(tail) && line.startsWith(`  \`${c.name}\` `)) {
        return line.slice(0, line.length - tail.length) + `COMMENT ${quoteStringDouble(c.comment)}` + (tail.endsWith(',') ? ',' : '');
      }
    }
  }
  return line;
}

const INDEX_LINE = /^(\s*INDEX .* USING BITMAP COMMENT )'(.*)'(,?)$/;

/** Index.toSql prints `COMMENT '<raw comment>'`: a comment holding `'` or `\` is quoted properly. */
function repairIndexCommentLine(line: string): string {
  const m = INDEX_LINE.exec(line);
  if (!m || !/['\\]/.test(m[2]!)) return line;
  return `${m[1]}${quoteString(m[2]!)}${m[3]}`;
}

const isWord = (t: Token | undefined, w: string) => t !== undefined && t.kind === 'word' && t.value === w;
const isPunct = (t: Token | undefined, c: string) => t !== undefined && t.kind === 'punct' && t.value === c;

/**
 * Re-renders back-quoted names with quoteIdent and quotes bare partition names (`PARTITION <name> VALUES`) and
 * bitmap index names (`INDEX <name> (`).
 */
function requoteNames(sql: string, identifiers: readonly string[]): string {
  const toks = tokenize(sql, identifiers);
  const edits: Array<{ start: number; end: number; text: string }> = [];
  toks.forEach((t, i) => {
    if (t.kind === 'ident') {
      const q = quoteIdent(t.value);
      if (q !== t.text) edits.push({ start: t.start, end: t.end, text: q });
      return;
    }
    if (t.kind !== 'word') return;
    const prev = toks[i - 1];
    const next = toks[i + 1];
    const partitionName = isWord(prev, 'PARTITION') && isWord(next, 'VALUES');
    const indexName = isWord(prev, 'INDEX') && isPunct(next, '(') && (isPunct(toks[i - 2], ',') || isPunct(toks[i - 2], '('));
    if (partitionName || indexName) edits.push({ start: t.start, end: t.end, text: quoteIdent(t.text) });
  });
  let out = '';
  let at = 0;
  for (const e of edits) {
    out += sql.slice(at, e.start) + e.text;
    at = e.end;
  }
  return out + sql.slice(at);
}

/**
 * The partition list of a RANGE or LIST table's CREATE TABLE, rebuilt from the snapshot with only the partitions
 * that have the table's default bucket count (StarRocks prints no per-partition bucket count in SHOW CREATE TABLE,
 * so a partition created with its own `DISTRIBUTED BY ... BUCKETS n` would come out with the default and then be
 * dropped and re-added as inconsistent). The others are left to ADD PARTITION, which carries their bucket count.
 * Names are quoted and bounds rendered as ADD PARTITION renders them. The text is returned unchanged for other
 * partitioning, when the clause is not found, or when a bound is unknown.
 */
export function defaultBucketPartitionsOnly(sql: string, table: Pick<TableInfo, 'partitionType' | 'partitions' | 'partitionColumns' | 'distribution'>): string {
  if (table.partitionType !== 'RANGE' && table.partitionType !== 'LIST') return sql;
  const lines = sql.split('\n');
  const header = table.partitionType === 'RANGE' ? /^PARTITION BY RANGE\(.*\)$/ : /^PARTITION BY LIST\(.*\)\($/;
  const start = lines.findIndex((l) => header.test(l));
  const end = lines.findIndex((l, i) => i > start && l.startsWith('DISTRIBUTED BY '));
  if (start < 0 || end < 0) return sql;
  const all = [...table.partitions.values()];
  const fits = (p: PartitionInfo) => p.buckets <= 0 || table.distribution.buckets <= 0 || p.buckets === table.distribution.buckets;
  const kept = all.filter(fits);
  const chosen = kept.length > 0 ? kept : all.slice(0, 1);
  const items: string[] = [];
  for (const p of chosen) {
    const values = renderBound(p.bound, table.partitionColumns.length);
    if (values === null) return sql;
    items.push(`PARTITION ${quoteIdent(p.name)} ${values}`);
  }
  if (items.length === 0) return sql;
  const clause = table.partitionType === 'RANGE' ? [lines[start]!, `(${items.join(',\n')})`] : [lines[start]!, ...items.map((it, i) => `  ${it}${i < items.length - 1 ? ',' : ''}`), ')'];
  return [...lines.slice(0, start), ...clause, ...lines.slice(end)].join('\n');
}
