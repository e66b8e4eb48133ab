// Rewrites a source `SHOW CREATE TABLE / VIEW / MATERIALIZED VIEW` text for the target: qualifies the object name
// with the target database and edits the PROPERTIES block. The text format is fixed (reference §6.10):
// ``CREATE TABLE `name` (`` ..., then `PROPERTIES (\n"k" = "v",\n...\n)` with keys sorted and `"` escaped as `\"`.
// A small lexer (quoted identifiers, string literals, comments, parentheses) keeps names and values containing
// quotes, parentheses or the word PROPERTIES from being mistaken for structure.
import { qualifiedName, quoteStringDouble } from '../sql/quote.js';

export class CreateSqlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CreateSqlError';
  }
}

type TokenKind = 'ident' | 'string' | 'word' | 'punct';

export interface Token {
  kind: TokenKind;
  /** Raw text as in the input. */
  text: string;
  /** Unescaped content for ident/string, upper-cased text for word, the character for punct. */
  value: string;
  start: number;
  end: number;
}

const WORD_CHAR = /[\p{L}\p{N}_$]/u;

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', '0': '\0', Z: '\u001a' };

/**
 * Tokenizes SQL text the way StarRocks' lexer splits it (enough for statement structure). `identifiers` are names
 * known to appear back-quoted as "`" + name + "`" even when they contain a backtick (StarRocks does not double it
 * in SHOW CREATE output); the longest one that matches is taken.
 */
export function tokenize(sql: string, identifiers: readonly string[] = []): Token[] {
  const out: Token[] = [];
  const raw = identifiers.filter((n) => n.includes('`')).sort((a, b) => b.length - a.length);
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '-' && sql[i + 1] === '-') {
      const j = sql.indexOf('\n', i);
      i = j < 0 ? n : j + 1;
      continue;
    }
    if (c === '/' && sql[i + 1] === '*') {
      const j = sql.indexOf('*/', i + 2);
      if (j < 0) throw new CreateSqlError('unterminated comment');
      i = j + 2;
      continue;
    }
    if (c === '`') {
      const known = raw.find((n) => sql.startsWith(`\`${n}\``, i));
      if (known !== undefined) {
        const end = i + known.length + 2;
        out.push({ kind: 'ident', text: sql.slice(i, end), value: known, start: i, end });
        i = end;
        continue;
      }
      let j = i + 1;
      let value = '';
      for (;;) {
        if (j >= n) throw new CreateSqlError('unterminated quoted identifier');
        if (sql[j] === '`') {
          if (sql[j + 1] === '`') {
            value += '`';
            j += 2;
            continue;
          }
          j++;
          break;
        }
        value += sql[j++];
      }
      out.push({ kind: 'ident', text: sql.slice(i, j), value, start: i, end: j });
      i = j;
      continue;
    }
    if (c === "'" || c === '"') {
      let j = i + 1;
      let value = '';
      for (;;) {
        if (j >= n) throw new CreateSqlError('unterminated string literal');
        const d = sql[j]!;
        if (d === '\\') {
          const e = sql[j + 1];
          if (e === undefined) throw new CreateSqlError('unterminated string literal');
          value += ESCAPES[e] ?? e;
          j += 2;
          continue;
        }
        if (d === c) {
          if (sql[j + 1] === c) {
            value += c;
            j += 2;
            continue;
          }
          j++;
          break;
        }
        value += d;
        j++;
      }
      out.push({ kind: 'string', text: sql.slice(i, j), value, start: i, end: j });
      i = j;
      continue;
    }
    if (WORD_CHAR.test(c)) {
      let j = i + 1;
      while (j < n && WORD_CHAR.test(sql[j]!)) j++;
      const text = sql.slice(i, j);
      out.push({ kind: 'word', text, value: text.toUpperCase(), start: i, end: j });
      i = j;
      continue;
    }
    // One UTF-16 unit is enough: structure characters are ASCII; anything else is only skipped over.
    out.push({ kind: 'punct', text: c, value: c, start: i, end: i + 1 });
    i++;
  }
  return out;
}

export interface PropertyEntry {
  key: string;
  value: string;
  /** Raw `"key"` / `"value"` literal text as in the input. */
  rawKey: string;
  rawValue: string;
}

export interface ParsedCreate {
  objectKind: 'table' | 'view' | 'materialized_view';
  /** Span of the (possibly qualified) object name. */
  name: { start: number; end: number; parts: string[] };
  /** The top-level `PROPERTIES (...)` block, or null when there is none. */
  properties: { start: number; end: number; entries: PropertyEntry[] } | null;
  /** Where a PROPERTIES block would be inserted when there is none. */
  insertAt: number;
}

const HEADER_WORDS = new Set(['OR', 'REPLACE', 'EXTERNAL', 'TEMPORARY', 'MATERIALIZED', 'SECURE']);

function isPunct(t: Token | undefined, ch: string): boolean {
  return t !== undefined && t.kind === 'punct' && t.value === ch;
}
function isWord(t: Token | undefined, w: string): boolean {
  return t !== undefined && t.kind === 'word' && t.value === w;
}

/** Finds the name and the PROPERTIES block of a CREATE TABLE / VIEW / MATERIALIZED VIEW statement. */
export function parseCreate(sql: string): ParsedCreate {
  const toks = tokenize(sql);
  let i = 0;
  if (!isWord(toks[i], 'CREATE')) throw new CreateSqlError('statement does not start with CREATE');
  i++;
  let materialized = false;
  while (toks[i]?.kind === 'word' && HEADER_WORDS.has(toks[i]!.value)) {
    if (toks[i]!.value === 'MATERIALIZED') materialized = true;
    i++;
  }
  let objectKind: ParsedCreate['objectKind'];
  if (isWord(toks[i], 'TABLE')) objectKind = 'table';
  else if (isWord(toks[i], 'VIEW')) objectKind = materialized ? 'materialized_view' : 'view';
  else throw new CreateSqlError('expected TABLE or VIEW after CREATE');
  i++;
  if (isWord(toks[i], 'IF') && isWord(toks[i + 1], 'NOT') && isWord(toks[i + 2], 'EXISTS')) i += 3;
  const first = toks[i];
  if (!first || (first.kind !== 'ident' && first.kind !== 'word')) throw new CreateSqlError('expected the object name');
  const parts = [first.kind === 'ident' ? first.value : first.text];
  let last = first;
  i++;
  while (isPunct(toks[i], '.') && (toks[i + 1]?.kind === 'ident' || toks[i + 1]?.kind === 'word')) {
    const t = toks[i + 1]!;
    parts.push(t.kind === 'ident' ? t.value : t.text);
    last = t;
    i += 2;
  }
  const name = { start: first.start, end: last.end, parts };

  let depth = 0;
  let properties: ParsedCreate['properties'] = null;
  let insertAt = -1;
  for (; i < toks.length; i++) {
    const t = toks[i]!;
    // `[` opens too: a range bound `VALUES [("a"), ("b"))` is closed by `)`.
    if (isPunct(t, '(') || isPunct(t, '[')) depth++;
    else if (isPunct(t, ')') || isPunct(t, ']')) depth--;
    else if (depth === 0 && objectKind !== 'table' && isWord(t, 'AS')) {
      insertAt = t.start;
      break;
    } else if (depth === 0 && isWord(t, 'PROPERTIES') && isPunct(toks[i + 1], '(')) {
      const parsed = parsePropertyList(toks, i + 2);
      properties = { start: t.start, end: parsed.end, entries: parsed.entries };
      break;
    }
  }
  if (depth < 0) throw new CreateSqlError('unbalanced parentheses');
  if (insertAt < 0) {
    let end = toks.length;
    while (end > 0 && isPunct(toks[end - 1], ';')) end--;
    insertAt = end > 0 ? toks[end - 1]!.end : sql.length;
  }
  return { objectKind, name, properties, insertAt };
}

function parsePropertyList(toks: Token[], from: number): { entries: PropertyEntry[]; end: number } {
  const entries: PropertyEntry[] = [];
  let i = from;
  if (isPunct(toks[i], ')')) return { entries, end: toks[i]!.end };
  for (;;) {
    const k = toks[i];
    const eq = toks[i + 1];
    const v = toks[i + 2];
    if (!k || k.kind !== 'string' || !isPunct(eq, '=') || !v || v.kind !== 'string') {
      throw new CreateSqlError('malformed PROPERTIES entry');
    }
    entries.push({ key: k.value, value: v.value, rawKey: k.text, rawValue: v.text });
    i += 3;
    if (isPunct(toks[i], ',')) {
      i++;
      continue;
    }
    if (isPunct(toks[i], ')')) return { entries, end: toks[i]!.end };
    throw new CreateSqlError('malformed PROPERTIES block');
  }
}

/** key → new value, or null to remove the key. Keys not mentioned are kept byte for byte. */
export type PropertyChanges = Map<string, string | null>;

export interface RewriteOptions {
  /** Target database and object name: the statement's name becomes `` `db`.`name` ``. */
  db: string;
  name: string;
  /** Computes the property changes from the properties the statement has. */
  properties?: (current: ReadonlyMap<string, string>) => PropertyChanges;
}

function renderBlock(entries: Array<{ key: string; rawKey: string; rawValue: string }>): string {
  // Keys sorted as StarRocks prints them (TreeMap: String.compareTo = UTF-16 code unit order).
  const sorted = [...entries].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return 'PROPERTIES (\n' + sorted.map((e) => `${e.rawKey} = ${e.rawValue}`).join(',\n') + '\n)';
}

/** Rewrites a SHOW CREATE text for the target. Throws CreateSqlError when the text cannot be parsed. */
export function rewriteCreateSql(sql: string, opts: RewriteOptions): string {
  const parsed = parseCreate(sql);
  const current = new Map((parsed.properties?.entries ?? []).map((e) => [e.key, e.value]));
  const changes = opts.properties ? opts.properties(current) : new Map<string, string | null>();

  let out = sql;
  if (changes.size > 0) {
    const entries: Array<{ key: string; rawKey: string; rawValue: string }> = [];
    for (const e of parsed.properties?.entries ?? []) {
      if (!changes.has(e.key)) entries.push(e);
      else {
        const v = changes.get(e.key);
        if (v === null || v === undefined) continue;
        entries.push(v === e.value ? e : { key: e.key, rawKey: e.rawKey, rawValue: quoteStringDouble(v) });
      }
    }
    for (const [k, v] of changes) {
      if (v === null || current.has(k)) continue;
      entries.push({ key: k, rawKey: quoteStringDouble(k), rawValue: quoteStringDouble(v) });
    }
    if (parsed.properties) {
      const block = entries.length > 0 ? renderBlock(entries) : '';
      out = out.slice(0, parsed.properties.start) + block + out.slice(parsed.properties.end);
    } else if (entries.length > 0) {
      const at = parsed.insertAt;
      const block = renderBlock(entries);
      out = parsed.objectKind === 'table' ? out.slice(0, at) + '\n' + block + out.slice(at) : out.slice(0, at) + block + '\n' + out.slice(at);
    }
  }
  // The name precedes the properties, so its offsets are unchanged by the edit above.
  return out.slice(0, parsed.name.start) + qualifiedName(opts.db, opts.name) + out.slice(parsed.name.end);
}
