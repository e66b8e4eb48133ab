// Tokenizer for the simulated FE, following StarRocks' StarRocksLex.g4: case-insensitive keywords, identifiers with
// letters `[a-zA-Z_$\u0080-\uffff]`, backquoted identifiers (`` `` `` escapes a backtick), '...' / "..." strings with
// backslash escapes and doubled quotes, `--` and `/* */` comments (no `#` comments: StarRocks has none).
import { syntaxError } from '../fe/errors.js';

export type TokenType = 'ident' | 'qident' | 'string' | 'number' | 'op' | 'eof';

export interface Token {
  type: TokenType;
  /** Raw source text of the token. */
  text: string;
  /** Decoded value: identifier name (unquoted), string content, number text, operator text. */
  value: string;
  /** Upper-cased value for bare identifiers (keyword matching); same as value otherwise. */
  upper: string;
  start: number;
  end: number;
}

/** Keywords StarRocks does not accept as bare identifiers (StarRocksLex keywords minus `nonReserved`). */
export const RESERVED_WORDS: ReadonlySet<string> = new Set(
  (
    'ADD ALL ALTER ANALYZE AND ARRAY AS ASC ASOF BETWEEN BIGINT BITMAP BITSHIFTLEFT BITSHIFTRIGHT ' +
    'BITSHIFTRIGHTLOGICAL BOTH BY CASE CHAR CHARACTER CHECK COLLATE COLUMN COMPACTION CONVERT CREATE CROSS CUBE ' +
    'CURRENT_DATE CURRENT_GROUP CURRENT_ROLE CURRENT_TIME CURRENT_TIMESTAMP CURRENT_USER DATABASE DATABASES DECIMAL ' +
    'DECIMAL128 DECIMAL256 DECIMAL32 DECIMAL64 DECIMALV2 DEFAULT DEFERRED DELETE DENSE_RANK DESC DESCRIBE DISTINCT ' +
    'DIV DOUBLE DROP DUAL ELSE EXISTS EXPLAIN FALSE FILES FIRST_VALUE FLOAT FOR FORCE FROM FULL FUNCTION GIN GRANT ' +
    'GROUP GROUPING GROUPING_ID GROUPS HAVING HLL IF IGNORE IMMEDIATE IN INDEX INFILE INNER INSERT INT INTEGER ' +
    'INTERSECT INTO INVOKER IS JOIN JSON KEY KEYS KILL LAG LARGEINT LAST_VALUE LATERAL LEAD LEFT LIKE LIMIT LOAD ' +
    'LOCALTIME LOCALTIMESTAMP MAXVALUE MICROSECOND MILLISECOND MOD NOT NTILE NULL ON OPTIMIZE OR ORDER OUTER ' +
    'OUTFILE OVER PARTITION PERCENTILE PREPARE PRIMARY PROCEDURE RANGE READ REGEXP RELEASE RENAME REPLACE REVOKE ' +
    'RIGHT RLIKE ROWS ROW_NUMBER SCHEMA SCHEMAS SELECT SET SET_VAR SHOW SMALLINT TABLE TERMINATED TEXT THEN TINYINT ' +
    'TO TRUE UNION UNIQUE UNSIGNED UPDATE USE USING VALUES VARCHAR VARIANT WHEN WHERE WITH'
  ).split(' '),
);

const OPERATORS = [
  '<=>',
  '...',
  '<=',
  '>=',
  '<>',
  '!=',
  '||',
  '&&',
  '->',
  '[*]',
  '=',
  '<',
  '>',
  '+',
  '-',
  '*',
  '/',
  '%',
  '(',
  ')',
  ',',
  '.',
  ';',
  '@',
  '[',
  ']',
  '{',
  '}',
  '!',
  '~',
  '&',
  '|',
  '^',
  ':',
  '?',
];

const isDigit = (c: string) => c >= '0' && c <= '9';
const isLetter = (c: string) =>
  (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_' || c === '$' || (c.charCodeAt(0) >= 0x80 && c.charCodeAt(0) <= 0xffff);
const isIdentChar = (c: string) => isLetter(c) || isDigit(c);
const isSpace = (c: string) => c === ' ' || c === '\t' || c === '\r' || c === '\n' || c === '\u3000';

/** MySQL-style backslash escapes, as StarRocks' AstBuilder unescapes string literals. */
function unescapeChar(c: string): string {
  switch (c) {
    case '0':
      return '\0';
    case 'b':
      return '\b';
    case 'n':
      return '\n';
    case 'r':
      return '\r';
    case 't':
      return '\t';
    case 'Z':
      return '\x1a';
    case '%':
      return '\\%';
    case '_':
      return '\\_';
    default:
      return c;
  }
}

export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = sql.length;
  const push = (type: TokenType, start: number, end: number, value: string) => {
    const text = sql.slice(start, end);
    tokens.push({ type, text, value, upper: type === 'ident' ? value.toUpperCase() : value, start, end });
  };
  while (i < n) {
    const c = sql[i]!;
    if (isSpace(c)) {
      i++;
      continue;
    }
    if (c === '-' && sql[i + 1] === '-') {
      while (i < n && sql[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && sql[i + 1] === '*') {
      const close = sql.indexOf('*/', i + 2);
      if (close < 0) throw syntaxError(sql, `Unexpected input '/*', the comment is not closed`);
      i = close + 2;
      continue;
    }
    const start = i;
    if (c === '`') {
      let v = '';
      i++;
      for (;;) {
        if (i >= n) throw syntaxError(sql, `Unexpected input '${sql.slice(start, start + 20)}', the backquoted identifier is not closed`);
        const d = sql[i]!;
        if (d === '`') {
          if (sql[i + 1] === '`') {
            v += '`';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        v += d;
        i++;
      }
      push('qident', start, i, v);
      continue;
    }
    if (c === "'" || c === '"') {
      let v = '';
      i++;
      for (;;) {
        if (i >= n) throw syntaxError(sql, `Unexpected input '${sql.slice(start, start + 20)}', the string is not closed`);
        const d = sql[i]!;
        if (d === '\\' && i + 1 < n) {
          v += unescapeChar(sql[i + 1]!);
          i += 2;
          continue;
        }
        if (d === c) {
          if (sql[i + 1] === c) {
            v += c;
            i += 2;
            continue;
          }
          i++;
          break;
        }
        v += d;
        i++;
      }
      push('string', start, i, v);
      continue;
    }
    if (isDigit(c) || (c === '.' && isDigit(sql[i + 1] ?? '') && !prevAllowsDotIdentifier(tokens))) {
      // INTEGER_VALUE / DECIMAL_VALUE / DOUBLE_VALUE, or DIGIT_IDENTIFIER (digits followed by letters), longest match wins.
      let j = i;
      while (j < n && isDigit(sql[j]!)) j++;
      let numEnd = j;
      if (sql[numEnd] === '.') {
        numEnd++;
        while (numEnd < n && isDigit(sql[numEnd]!)) numEnd++;
      }
      if (sql[numEnd] === 'e' || sql[numEnd] === 'E') {
        let k = numEnd + 1;
        if (sql[k] === '+' || sql[k] === '-') k++;
        if (isDigit(sql[k] ?? '')) {
          while (k < n && isDigit(sql[k]!)) k++;
          numEnd = k;
        }
      }
      let identEnd = i;
      if (isDigit(c)) {
        identEnd = j;
        while (identEnd < n && isIdentChar(sql[identEnd]!)) identEnd++;
        if (identEnd === j) identEnd = i; // pure digits: not an identifier
      }
      if (identEnd > numEnd) {
        push('ident', start, identEnd, sql.slice(start, identEnd));
        i = identEnd;
      } else {
        push('number', start, numEnd, sql.slice(start, numEnd));
        i = numEnd;
      }
      continue;
    }
    if (isLetter(c)) {
      let j = i + 1;
      while (j < n && isIdentChar(sql[j]!)) j++;
      push('ident', start, j, sql.slice(start, j));
      i = j;
      continue;
    }
    const op = OPERATORS.find((o) => sql.startsWith(o, i));
    if (!op) throw syntaxError(sql, `Unexpected input '${c}', the most similar input is {<EOF>}`);
    push('op', start, i + op.length, op);
    i += op.length;
  }
  tokens.push({ type: 'eof', text: '', value: '', upper: '', start: n, end: n });
  return tokens;
}

/** After `name.` a digit run is an identifier part (StarRocks' DOT_IDENTIFIER), not a decimal like `.5`. */
function prevAllowsDotIdentifier(tokens: Token[]): boolean {
  const prev = tokens[tokens.length - 1];
  return prev !== undefined && (prev.type === 'ident' || prev.type === 'qident');
}
