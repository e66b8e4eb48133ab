// Quoting for SQL sent to StarRocks. One place, so every identifier and literal is escaped the same way.
// StarRocks' lexer (fe/fe-grammar StarRocks.g4): BACKQUOTED_IDENTIFIER = '`' (~'`' | '``')* '`';
// SINGLE_QUOTED_TEXT / DOUBLE_QUOTED_TEXT accept backslash escapes (and a doubled quote), as MySQL does.

/** `name` → `` `name` `` with embedded backticks doubled. Any Unicode text is a valid quoted identifier. */
export function quoteIdent(name: string): string {
  return '`' + name.replace(/`/g, '``') + '`';
}

/** `db`, `name` → `` `db`.`name` ``. */
export function qualifiedName(db: string, name: string): string {
  return `${quoteIdent(db)}.${quoteIdent(name)}`;
}

function escapeBody(s: string, quote: "'" | '"'): string {
  let out = '';
  for (const ch of s) {
    switch (ch) {
      case '\\':
        out += '\\\\';
        break;
      case '\0':
        out += '\\0';
        break;
      case '\n':
        out += '\\n';
        break;
      case '\r':
        out += '\\r';
        break;
      case '\t':
        out += '\\t';
        break;
      case '\u001a':
        out += '\\Z';
        break;
      default:
        out += ch === quote ? '\\' + ch : ch;
    }
  }
  return out;
}

/** A single-quoted string literal: `it's` → `'it\'s'` (backslashes and control characters escaped). */
export function quoteString(s: string): string {
  return "'" + escapeBody(s, "'") + "'";
}

/** A double-quoted string literal, as SHOW CREATE TABLE prints property keys and values: `"a\"b"`. */
export function quoteStringDouble(s: string): string {
  return '"' + escapeBody(s, '"') + '"';
}
