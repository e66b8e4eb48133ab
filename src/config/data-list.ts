// include_data_list / exclude_data_list: `db1, db2.tbl2, db3` (the manual's form, unchanged), and backtick-quoted
// parts for names that form cannot express (issue 11, item 7): `` `db`.`a.b` ``, `` `sales`.`t, 1 ` ``. Quoting
// follows StarRocks' lexer (BACKQUOTED_IDENTIFIER = '`' (~'`' | '``')* '`'): a backtick inside is doubled, every
// other character is taken as is, spaces included. Unquoted parts are trimmed as before. A part made only of
// wildcard characters (`*`, `db1.*`, `%`) is refused: the official tool documents no wildcards, and `*` silently
// selected nothing. A name that merely contains one (`db-1~!@#$%^&`) is a name, as StarRocks allows it; when it
// matches nothing, the start-up check says so (with a hint about wildcards).
import { z } from 'zod';
import type { ValueParser } from './values.js';
import type { DataListEntry } from './values.js';

/** An unquoted part made only of characters that look like a wildcard. */
const WILDCARD = /^[*?%]+$/;

class EntryError extends Error {}

/** One name as written in a list entry: quoted when the bare form would not read back as the same name. */
export function formatListName(name: string): string {
  const bare = name !== '' && name === name.trim() && !/[`.,]/.test(name) && !WILDCARD.test(name) && !/[\u0000-\u001f\u007f]/.test(name);
  return bare ? name : '`' + name.replace(/`/g, '``') + '`';
}

/**
 * An entry as it would be written in the list: `db`, `db.table`, or with quoted parts where needed; a rename
 * mapping entry (`to` set) as `<src>:<target>`, names holding a colon quoted too.
 */
export function formatDataListEntry(e: { readonly db: string; readonly table?: string | null; readonly to?: string }): string {
  const name = (n: string) => (e.to !== undefined && n.includes(':') ? '`' + n.replace(/`/g, '``') + '`' : formatListName(n));
  const src = e.table === null || e.table === undefined ? name(e.db) : `${name(e.db)}.${name(e.table)}`;
  return e.to === undefined ? src : `${src}:${name(e.to)}`;
}

/** The text of an entry for an error line: from its start to the next top-level comma, trimmed. */
function entryText(s: string, start: number): string {
  let i = start;
  let quoted = false;
  for (; i < s.length; i++) {
    if (s[i] === '`') quoted = !quoted;
    else if (s[i] === ',' && !quoted) break;
  }
  return s.slice(start, i).trim();
}

/**
 * Parses the whole list. Throws EntryError with the phrase following `<key> = '<value>'` for an entry that is not
 * `<db>` or `<db>.<table>`. Empty entries are skipped, duplicates dropped, order kept.
 */
export function parseDataListText(s: string): DataListEntry[] {
  const out: DataListEntry[] = [];
  const seen = new Set<string>();
  let pos = 0;
  const isSpace = (c: string | undefined) => c !== undefined && /\s/.test(c);
  while (pos <= s.length) {
    const start = pos;
    const fail = (why: string): never => {
      const shown = entryText(s, start);
      const cut = shown.length > 80 ? `${shown.slice(0, 60)}... (${shown.length} characters)` : shown;
      throw new EntryError(`has entry '${cut}'${why}`);
    };
    const parts: string[] = [];
    let sawText = false;
    for (;;) {
      while (isSpace(s[pos])) pos++;
      let part: string;
      if (s[pos] === '`') {
        sawText = true;
        pos++;
        part = '';
        for (;;) {
          if (pos >= s.length) fail(', whose backtick-quoted name is not closed (a backtick inside a name is written ``)');
          if (s[pos] === '`') {
            if (s[pos + 1] === '`') {
              part += '`';
              pos += 2;
              continue;
            }
            pos++;
            break;
          }
          part += s[pos++];
        }
        if (part === '') fail(', which has an empty quoted name ``');
        while (isSpace(s[pos])) pos++;
        if (pos < s.length && s[pos] !== '.' && s[pos] !== ',') fail(', which has text right after a quoted name (expected . or ,)');
      } else {
        const from = pos;
        while (pos < s.length && s[pos] !== '.' && s[pos] !== ',') {
          if (s[pos] === '`') fail(', which has a backtick inside a name (quote the whole name: `a``b` for a`b)');
          pos++;
        }
        part = s.slice(from, pos).trim();
        if (part !== '') sawText = true;
        if (WILDCARD.test(part)) fail(', a wildcard: wildcards are not supported; list the databases or tables by name');
      }
      parts.push(part);
      if (s[pos] === '.') {
        pos++;
        continue;
      }
      break;
    }
    pos++; // past the comma (or the end)
    if (!sawText && parts.length === 1) continue; // an empty entry
    if (parts.length > 2 || parts.some((p) => p === ''))
      fail(', which is not <db> or <db>.<table> (quote a name holding . or , with backticks: `db`.`a.b`)');
    const entry: DataListEntry = Object.freeze({ db: parts[0]!, table: parts[1] ?? null });
    const id = JSON.stringify([entry.db, entry.table]);
    if (!seen.has(id)) {
      seen.add(id);
      out.push(entry);
    }
  }
  return out;
}

/** The include_data_list / exclude_data_list parser of sync.properties. */
export const dataList: ValueParser<readonly DataListEntry[]> = z.string().transform((s, ctx) => {
  try {
    return Object.freeze(parseDataListText(s));
  } catch (e) {
    if (!(e instanceof EntryError)) throw e;
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: e.message });
    return z.NEVER;
  }
});

/**
 * One target_database_mapping / target_table_mapping entry (issue 9, rename mapping): `<src_db>:<target_db>` (table
 * null) or `<src_db>.<src_table>:<target_table>`. Names quote as in include_data_list (`` `a:b` `` for a colon).
 */
export interface NameMappingEntry {
  readonly db: string;
  readonly table: string | null;
  readonly to: string;
}

/** Splits at top-level `sep` characters (outside backtick-quoted names). */
function splitTopLevel(s: string, sep: string): Array<{ text: string; start: number }> {
  const out: Array<{ text: string; start: number }> = [];
  let quoted = false;
  let from = 0;
  for (let i = 0; i <= s.length; i++) {
    if (i < s.length && s[i] === '`') quoted = !quoted;
    else if (i === s.length || (s[i] === sep && !quoted)) {
      out.push({ text: s.slice(from, i), start: from });
      from = i + 1;
    }
  }
  return out;
}

/**
 * Parses a mapping list: entries `<src>:<target>` separated by commas, `<src>` being `<db>` (kind `database`) or
 * `<db>.<table>` (kind `table`). Throws EntryError for a malformed entry, a source mapped twice onto different
 * names, and two sources mapped onto one target name (the message names both). Identical repeats are dropped.
 */
export function parseNameMappingText(s: string, kind: 'database' | 'table'): NameMappingEntry[] {
  const shape = kind === 'database' ? '<src_db>:<target_db>' : '<src_db>.<src_table>:<target_table>';
  const out: NameMappingEntry[] = [];
  for (const item of splitTopLevel(s, ',')) {
    if (item.text.trim() === '') continue;
    const shown = item.text.trim();
    const fail = (why: string): never => {
      throw new EntryError(`has entry '${shown.length > 80 ? `${shown.slice(0, 60)}...` : shown}'${why}`);
    };
    const sides = splitTopLevel(item.text, ':');
    if (sides.length !== 2) fail(`, which is not ${shape} (quote a name holding : . or , with backticks)`);
    let from: DataListEntry[];
    let to: DataListEntry[];
    try {
      from = parseDataListText(sides[0]!.text);
      to = parseDataListText(sides[1]!.text);
    } catch (e) {
      if (!(e instanceof EntryError)) throw e;
      return fail(`, which is not ${shape}: ${e.message.replace(/^has entry '[^']*'(, )?/, '')}`);
    }
    const src = from.length === 1 ? from[0]! : undefined;
    const tgt = to.length === 1 && to[0]!.table === null ? to[0]!.db : undefined;
    if (!src || tgt === undefined || (kind === 'database') !== (src.table === null)) fail(`, which is not ${shape}`);
    const entry: NameMappingEntry = Object.freeze({ db: src!.db, table: src!.table, to: tgt! });
    const name = (e: NameMappingEntry) => formatDataListEntry({ db: e.db, table: e.table });
    const same = out.find((e) => e.db === entry.db && e.table === entry.table);
    if (same && same.to !== entry.to) fail(`: ${name(entry)} is mapped twice (onto ${formatListName(same.to)} and ${formatListName(entry.to)})`);
    if (same) continue;
    const rival = out.find((e) => e.to === entry.to && (kind === 'database' || e.db === entry.db));
    if (rival) fail(`: two sources, ${name(rival)} and ${name(entry)}, are mapped onto one target name ${formatListName(entry.to)}`);
    out.push(entry);
  }
  return out;
}

const mappingParser = (kind: 'database' | 'table'): ValueParser<readonly NameMappingEntry[]> =>
  z.string().transform((s, ctx) => {
    try {
      return Object.freeze(parseNameMappingText(s, kind));
    } catch (e) {
      if (!(e instanceof EntryError)) throw e;
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: e.message });
      return z.NEVER;
    }
  });

/** target_database_mapping: `<src_db>:<target_db>[,...]`. */
export const databaseMapping = mappingParser('database');
/** target_table_mapping: `<src_db>.<src_table>:<target_table>[,...]` (the table keeps its database's mapping). */
export const tableMapping = mappingParser('table');
