// StarRocks prints SHOW CREATE TABLE text that it cannot always parse back (reference §6.10; AstToStringBuilder,
// Column.toSql, RangePartitionInfo/ListPartitionInfo.toSql, Index.toSql):
//   - names are wrapped as "`" + name + "`" without doubling a backtick inside the name;
//   - partition names and index names are printed bare, so reserved words (`select`, `in`) break the statement, and
//     an index name may hold spaces, backticks or newlines (quoteIndexDefinitions takes them from SHOW INDEX);
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
import { partitionColumnKinds, renderBound } from './ddl.js';

/** One index as SHOW INDEX lists it (Key_name, Column_name, Index_type, Comment): the names, unambiguous. */
export interface IndexDefinition {
  name: string;
  columns: readonly string[];
  /** `BITMAP`, `NGRAMBF`, ... as Index.toSql prints it after USING. */
  type: string;
  comment: string;
}

export interface KnownNames {
  /** The object's own name and its column names: the names that may appear back-quoted without escaping. */
  identifiers: readonly string[];
  /** Columns, for their comments (PRIMARY KEY tables print them raw). */
  columns?: readonly ColumnInfo[];
  /** Logical partitions by name, with their PARTITION_VALUE text and parsed bounds (LIST values). */
  partitions?: ReadonlyMap<string, PartitionInfo>;
  /** Number of partition columns (single- vs multi-column LIST rendering). */
  partitionColumnCount?: number;
  /** The partition column names: with `columns`, their types decide how a LIST value 'NULL' is rendered (renderBound). */
  partitionColumns?: readonly string[];
  /** The table's indexes from SHOW INDEX: their definitions are re-rendered from these (quoteIndexDefinitions). */
  indexes?: readonly IndexDefinition[];
}

/** Re-quotes names, LIST values and raw comments so that StarRocks parses the statement back (see above). */
export function repairCreateSql(sql: string, names: KnownNames): string {
  const text = names.indexes && names.indexes.length > 0 ? quoteIndexDefinitions(sql, names.indexes) : sql;
  const lines = text.split('\n').map((line) => repairIndexCommentLine(repairListPartitionLine(repairCommentLine(line, names), names)));
  return requoteNames(lines.join('\n'), names.identifiers);
}

const LIST_LINE = /^(\s*\(?\s*PARTITION )(\S+)( VALUES IN )(.*)$/;

/** `  PARTITION p VALUES IN ('a', 'it's'),` → `  PARTITION p VALUES IN ("a", "it's"),` from the partition's bound. */
function repairListPartitionLine(line: string, names: KnownNames): string {
  const m = LIST_LINE.exec(line);
  if (!m || !names.partitions) return line;
  const p = names.partitions.get(m[2]!);
  if (!p || p.bound.kind !== 'list' || p.value === '') return line;
  // SHOW CREATE TABLE may join the values with "," where partitions_meta joins them with ", ".
  const compact = (v: string) => v.replace(/', '/g, "','").replace(/'\), \('/g, "'),('");
  const rest = compact(m[4]!);
  const value = compact(p.value);
  const comma = rest === `${value},` ? ',' : rest === value ? '' : null;
  if (comma === null) return line;
  const kinds =
    names.partitionColumns && names.columns
      ? partitionColumnKinds({ partitionColumns: names.partitionColumns, columns: names.columns })
      : (names.partitionColumnCount ?? 1);
  const values = renderBound(p.bound, kinds);
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

// The name is bare as StarRocks prints it: a back-quoted one was rendered by quoteIndexDefinitions, comment included.
const INDEX_LINE = /^(\s*INDEX [^`].*? USING [A-Za-z_]+(?:\s*\(.*\))? COMMENT )'(.*)'(,?)$/;

/**
 * Index.toSql prints `COMMENT '<raw comment>'` for every index type (BITMAP, NGRAMBF with its properties, GIN...): a
 * comment holding `'` or `\` is quoted properly.
 */
function repairIndexCommentLine(line: string): string {
  const m = INDEX_LINE.exec(line);
  if (!m || !/['\\]/.test(m[2]!)) return line;
  return `${m[1]}${quoteString(m[2]!)}${m[3]}`;
}

/**
 * Whether the text has index definitions (`INDEX <name> (...)` lines of Index.toSql). Their names are printed bare
 * and may hold anything but NUL up to 64 characters (IndexAnalyzer.analyze checks nothing else), spaces, backticks,
 * parentheses and newlines included, so the text alone cannot tell where a name ends: read SHOW INDEX and
 * quoteIndexDefinitions. Cheap and conservative (a column comment holding such a line also answers true).
 */
export function hasIndexDefinitions(sql: string): boolean {
  return /\n\s*INDEX /.test(sql);
}

/**
 * Re-renders each index definition of a SHOW CREATE TABLE / MATERIALIZED VIEW text from SHOW INDEX's structured
 * names: `INDEX <bare name> (`<col>`) USING <type>[(<properties>)] COMMENT '<raw comment>'` (Index.toSql) becomes
 * ``INDEX `<name>` (`<col>`) USING <type>[(<properties>)] COMMENT '<comment>'`` with the name and columns quoted by
 * quoteIdent and the comment by quoteString. A definition found at the start of a line with exactly the printed
 * form is replaced; an index not found (or whose match overlaps another's) is left as printed.
 */
export function quoteIndexDefinitions(sql: string, indexes: readonly IndexDefinition[]): string {
  const edits: Array<{ start: number; end: number; text: string }> = [];
  for (const idx of indexes) {
    const head = `INDEX ${idx.name} (${idx.columns.map((c) => '`' + c + '`').join(',')}) USING ${idx.type}`;
    const comment = ` COMMENT '${idx.comment}'`;
    for (let at = sql.indexOf(head); at >= 0; at = sql.indexOf(head, at + 1)) {
      if (!/\n\s*$/.test(sql.slice(Math.max(0, at - 16), at))) continue;
      const rest = sql.slice(at + head.length);
      let props = '';
      if (!rest.startsWith(comment)) {
        const close = rest.startsWith('(') ? rest.indexOf(`)${comment}`) : -1;
        if (close < 0) continue;
        props = rest.slice(0, close + 1);
      }
      const end = at + head.length + props.length + comment.length;
      if (end < sql.length && !/[,\n)]/.test(sql[end]!)) continue;
      const text = `INDEX ${quoteIdent(idx.name)} (${idx.columns.map(quoteIdent).join(',')}) USING ${idx.type}${props} COMMENT ${quoteString(idx.comment)}`;
      edits.push({ start: at, end, text });
      break;
    }
  }
  edits.sort((a, b) => a.start - b.start);
  let out = '';
  let pos = 0;
  for (const e of edits) {
    if (e.start < pos) continue; // overlaps the previous one: keep the first
    out += sql.slice(pos, e.start) + e.text;
    pos = e.end;
  }
  return out + sql.slice(pos);
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
export function defaultBucketPartitionsOnly(
  sql: string,
  table: Pick<TableInfo, 'partitionType' | 'partitions' | 'partitionColumns' | 'distribution'> & Partial<Pick<TableInfo, 'columns'>>,
): string {
  if (table.partitionType !== 'RANGE' && table.partitionType !== 'LIST') return sql;
  const lines = sql.split('\n');
  const header = table.partitionType === 'RANGE' ? /^PARTITION BY RANGE\(.*\)$/ : /^PARTITION BY LIST\(.*\)\($/;
  const start = lines.findIndex((l) => header.test(l));
  const end = lines.findIndex((l, i) => i > start && l.startsWith('DISTRIBUTED BY '));
  if (start < 0 || end < 0) return sql;
  // A table under enabled dynamic partitioning prints no partition list: `PARTITION BY RANGE(`dt`)()`.
  const headLine = table.partitionType === 'RANGE' ? lines[start]!.replace(/\)\(\)$/, ')') : lines[start]!;
  const all = [...table.partitions.values()];
  const fits = (p: PartitionInfo) => p.buckets <= 0 || table.distribution.buckets <= 0 || p.buckets === table.distribution.buckets;
  const kept = all.filter(fits);
  const chosen = kept.length > 0 ? kept : all.slice(0, 1);
  const items: string[] = [];
  // The columns' types decide how a LIST value printed 'NULL' is rendered (renderBound).
  const kinds = table.columns
    ? partitionColumnKinds({ partitionColumns: table.partitionColumns, columns: table.columns })
    : table.partitionColumns.length;
  for (const p of chosen) {
    const values = renderBound(p.bound, kinds);
    if (values === null) return sql;
    items.push(`PARTITION ${quoteIdent(p.name)} ${values}`);
  }
  if (items.length === 0) return sql;
  const clause =
    table.partitionType === 'RANGE'
      ? [headLine, `(${items.join(',\n')})`]
      : [headLine, ...items.map((it, i) => `  ${it}${i < items.length - 1 ? ',' : ''}`), ')'];
  return [...lines.slice(0, start), ...clause, ...lines.slice(end)].join('\n');
}

/**
 * SHOW CREATE MATERIALIZED VIEW prints the column list unquoted in real StarRocks (`CREATE MATERIALIZED VIEW `mv2`
 * (k1, count(v1))`, corpus test_materialized_view/test_create), which does not parse back when a name is an
 * expression or a reserved word. The list is re-rendered with quoteIdent, keeping each ` COMMENT "..."` and anything
 * after the columns (index definitions) as printed. `columns` are the MV's column names in order
 * (information_schema.columns); without them (or when they do not fit) the list is split at its top-level commas.
 * Text already quoted, or not of this form, comes back unchanged.
 */
export function quoteMvColumnList(sql: string, name: string, columns: readonly string[] | undefined): string {
  const head = ['CREATE MATERIALIZED VIEW `' + name + '` (', 'CREATE MATERIALIZED VIEW ' + quoteIdent(name) + ' ('].find((h) => sql.startsWith(h));
  if (head === undefined) return sql;
  const from = head.length;
  const end = closingParen(sql, from);
  if (end < 0) return sql;
  const list = sql.slice(from, end);
  const items = (columns && columns.length > 0 ? itemsByNames(list, columns) : null) ?? itemsBySplitting(list);
  if (items === null) return sql;
  const rendered = items.items.map((it) => quoteIdent(it.name) + it.rest).join(', ') + items.tail;
  return sql.slice(0, from) + rendered + sql.slice(end);
}

/** Index of the `)` closing a list opened just before `from` (strings and back-quoted names skipped), or -1. */
function closingParen(sql: string, from: number): number {
  let depth = 0;
  for (let i = from; i < sql.length; i++) {
    const c = sql[i]!;
    if (c === '"' || c === "'") {
      i = stringEnd(sql, i);
      if (i < 0) return -1;
    } else if (c === '(') depth++;
    else if (c === ')') {
      if (depth === 0) return i;
      depth--;
    } else if (c === '\n' && depth === 0 && sql.startsWith('AS ', i + 1)) return -1;
  }
  return -1;
}

/** Index of the closing quote of the string literal opening at `i` (backslash escapes), or -1. */
function stringEnd(s: string, i: number): number {
  const q = s[i]!;
  for (let j = i + 1; j < s.length; j++) {
    if (s[j] === '\\') j++;
    else if (s[j] === q) return j;
  }
  return -1;
}

interface MvItems {
  items: Array<{ name: string; rest: string }>;
  /** What follows the columns inside the list (`,\n  INDEX ...`), kept as printed. */
  tail: string;
}

/** ` COMMENT "..."` at `i`, or ''. */
function commentAt(list: string, i: number): string {
  if (!list.startsWith(' COMMENT ', i)) return '';
  const q = i + ' COMMENT '.length;
  if (list[q] !== '"' && list[q] !== "'") return '';
  const e = stringEnd(list, q);
  return e < 0 ? '' : list.slice(i, e + 1);
}

function itemsByNames(list: string, columns: readonly string[]): MvItems | null {
  const items: MvItems['items'] = [];
  let i = 0;
  for (let k = 0; k < columns.length; k++) {
    const c = columns[k]!;
    const form = ['`' + c + '`', quoteIdent(c), c].find((f) => list.startsWith(f, i));
    if (form === undefined) return null;
    i += form.length;
    const rest = commentAt(list, i);
    i += rest.length;
    items.push({ name: c, rest });
    if (k < columns.length - 1) {
      if (!list.startsWith(', ', i)) return null;
      i += 2;
    }
  }
  const tail = list.slice(i);
  return tail === '' || tail.startsWith(',') ? { items, tail } : null;
}

function itemsBySplitting(list: string): MvItems | null {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < list.length; i++) {
    const c = list[i]!;
    if (c === '"' || c === "'" || c === '`') {
      i = c === '`' ? list.indexOf('`', i + 1) : stringEnd(list, i);
      if (i < 0) return null;
    } else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(list.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(list.slice(start));
  const items: MvItems['items'] = [];
  for (const raw of parts) {
    const p = raw.trim();
    if (p.startsWith('INDEX ')) return null; // index definitions after the columns: needs the names
    const at = p.indexOf(' COMMENT ');
    const namePart = at < 0 ? p : p.slice(0, at);
    const rest = at < 0 ? '' : p.slice(at);
    if (namePart === '') return null;
    const bq = /^`((?:[^`]|``)*)`$/.exec(namePart);
    items.push({ name: bq ? bq[1]!.replace(/``/g, '`') : namePart, rest });
  }
  return { items, tail: '' };
}

const GENERATED_PARTITION_COLUMN = /^ {2}`(__generated_partition_column_\d+)` .+? (?:NOT )?NULL AS (.+) COMMENT "(?:[^"\\]|\\.)*"(,?)$/;

/**
 * Multi-expression partitioning (`PARTITION BY date_trunc('day', ts), city`) keeps each expression in a hidden
 * generated column `__generated_partition_column_<n>`, which SHOW CREATE TABLE of 3.x-4.x prints as a column and in
 * `PARTITION BY (`__generated_partition_column_0`,`city`)` (corpus test_automatic_partition/test_multi_expr; newer
 * builds print the expressions instead). The columns are folded back into the partition clause, giving the user's
 * statement, which every version accepts and which re-creates the same hidden columns. Other text is unchanged.
 */
export function foldGeneratedPartitionColumns(sql: string): string {
  if (!sql.includes('`__generated_partition_column_')) return sql;
  const lines = sql.split('\n');
  const exprs = new Map<string, string>();
  const kept: string[] = [];
  for (const line of lines) {
    const m = GENERATED_PARTITION_COLUMN.exec(line);
    if (m) {
      exprs.set(m[1]!, m[2]!);
      continue;
    }
    kept.push(line);
  }
  if (exprs.size === 0) return sql;
  const at = kept.findIndex((l) => /^PARTITION BY \(.*\)$/.test(l));
  if (at < 0) return sql;
  const items = kept[at]!.slice('PARTITION BY ('.length, -1).split(/,(?=`)/);
  const folded = items.map((it) => {
    const name = /^`(.*)`$/.exec(it.trim())?.[1];
    return name !== undefined && exprs.has(name) ? exprs.get(name)! : it.trim();
  });
  // Every hidden column must be used by the clause; otherwise leave the text as StarRocks printed it.
  if (folded.filter((_, i) => exprs.has(/^`(.*)`$/.exec(items[i]!.trim())?.[1] ?? '')).length !== exprs.size) return sql;
  kept[at] = `PARTITION BY ${folded.join(', ')}`;
  // The last remaining column line before `) ENGINE` loses its trailing comma.
  const end = kept.findIndex((l) => l.startsWith(') ENGINE='));
  if (end > 0 && kept[end - 1]!.endsWith(',')) kept[end - 1] = kept[end - 1]!.slice(0, -1);
  return kept.join('\n');
}
