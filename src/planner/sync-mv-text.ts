// The CREATE MATERIALIZED VIEW text of a sync MV as SHOW MATERIALIZED VIEWS prints it: the OriginStatement with
// newlines and tabs removed and runs of spaces collapsed (ShowMaterializedViewStatus; sim/fidelity/rollups.md §11).
// A statement written on several lines therefore comes back with words glued together:
//   CREATE MATERIALIZED VIEW mv AS\nSELECT k, SUM(v)\nFROM t\nGROUP BY k  →  ... mv ASSELECT k, SUM(v)FROM tGROUP BY k
// repairSyncMvText splits such a word where exactly one split into clause keywords and known names exists, so that
// the statement can be run on the target. Words that are keywords or known names are left alone, as is everything
// inside quotes and backticks. (A `--` comment followed by a removed newline swallows the rest: not repairable.)

/** Words that begin or end a line in a hand-written CREATE MATERIALIZED VIEW (kept short: fewer false splits). */
const CLAUSE_WORDS = ['AS', 'SELECT', 'FROM', 'WHERE', 'GROUP', 'BY', 'ORDER', 'HAVING', 'AND', 'OR'];
/** Functions a sync MV may call (CreateMaterializedViewStmt.FN_NAME_TO_PATTERN), as the last piece before `(`. */
const FUNCTIONS = [
  'SUM',
  'MIN',
  'MAX',
  'COUNT',
  'BITMAP_UNION',
  'HLL_UNION',
  'PERCENTILE_UNION',
  'BITMAP_AGG',
  'TO_BITMAP',
  'HLL_HASH',
  'PERCENTILE_HASH',
];
/**
 * Other SQL keywords a sync MV statement may hold: never split (`ORDER BY k ASC` with a column `c` is not `AS c`),
 * though never used as pieces either.
 */
const OTHER_KEYWORDS = [
  'ASC',
  'DESC',
  'NOT',
  'NULL',
  'IS',
  'IN',
  'LIKE',
  'BETWEEN',
  'CASE',
  'WHEN',
  'THEN',
  'ELSE',
  'END',
  'DISTINCT',
  'CAST',
  'TRUE',
  'FALSE',
  'LIMIT',
];

/**
 * `names`: the MV's name, its table's name and database, and the table's column names (matched case-insensitively,
 * as StarRocks resolves column names).
 */
export function repairSyncMvText(text: string, names: readonly string[]): string {
  const words = new Set([...CLAUSE_WORDS, ...names.filter((n) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(n)).map((n) => n.toUpperCase())]);
  const functions = new Set(FUNCTIONS);
  const keywords = new Set(OTHER_KEYWORDS);
  const known = (w: string) => words.has(w.toUpperCase()) || functions.has(w.toUpperCase()) || keywords.has(w.toUpperCase());
  let out = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === "'" || ch === '"' || ch === '`') {
      const end = closingQuote(text, i);
      out += text.slice(i, end);
      i = end;
      continue;
    }
    const atBoundary = i === 0 || !/[A-Za-z0-9_.]/.test(text[i - 1]!);
    const num = atBoundary ? /^([0-9]+)([A-Za-z_][A-Za-z0-9_]*)/.exec(text.slice(i)) : null;
    if (num) {
      // A number glued to a clause word (`v > 1\nGROUP BY` → `1GROUP`): split only into clause words.
      const pieces = uniqueSplit(num[2]!, (p) => CLAUSE_WORDS.includes(p.toUpperCase()));
      const whole = CLAUSE_WORDS.includes(num[2]!.toUpperCase());
      out += whole ? `${num[1]} ${num[2]}` : pieces ? `${num[1]} ${pieces.join(' ')}` : num[0];
      i += num[0].length;
      continue;
    }
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i));
    if (!m || (i > 0 && /[A-Za-z0-9_]/.test(text[i - 1]!))) {
      out += ch;
      i++;
      continue;
    }
    const word = m[0];
    i += word.length;
    const beforeParen = /^\s*\(/.test(text.slice(i));
    const pieces = known(word)
      ? null
      : uniqueSplit(word, (p, last) => words.has(p.toUpperCase()) || (last && beforeParen && functions.has(p.toUpperCase())));
    out += pieces ? pieces.join(' ') : word;
  }
  return out;
}

/** The index just past the quote that closes the one at `start` (doubled quotes and backslash escapes skipped). */
function closingQuote(text: string, start: number): number {
  const q = text[start]!;
  let i = start + 1;
  while (i < text.length) {
    if (text[i] === '\\' && q !== '`') {
      i += 2;
      continue;
    }
    if (text[i] === q) {
      if (text[i + 1] === q) {
        i += 2;
        continue;
      }
      return i + 1;
    }
    i++;
  }
  return text.length;
}

/** The split of `word` into ≥ 2 accepted pieces when there is exactly one, else null. */
function uniqueSplit(word: string, accept: (piece: string, last: boolean) => boolean): string[] | null {
  // ways[i]: number of splits of word[i..] (capped at 2); next[i]: the end of the first piece of the split.
  const n = word.length;
  const ways = new Array<number>(n + 1).fill(0);
  const next = new Array<number>(n + 1).fill(-1);
  ways[n] = 1;
  for (let i = n - 1; i >= 0; i--) {
    for (let j = i + 1; j <= n; j++) {
      if (ways[j] === 0 || !accept(word.slice(i, j), j === n)) continue;
      ways[i] = Math.min(2, ways[i]! + ways[j]!);
      next[i] = j;
    }
  }
  if (ways[0] !== 1) return null;
  const pieces: string[] = [];
  for (let i = 0; i < n; i = next[i]!) pieces.push(word.slice(i, next[i]));
  return pieces.length >= 2 ? pieces : null;
}
