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

/** An entry as it would be written in the list: `db`, `db.table`, or with quoted parts where needed. */
export function formatDataListEntry(e: { readonly db: string; readonly table?: string | null }): string {
  return e.table === null || e.table === undefined ? formatListName(e.db) : `${formatListName(e.db)}.${formatListName(e.table)}`;
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
