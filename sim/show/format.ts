// Value formatting shared by all result sets, each mirroring one StarRocks helper.

/** FeConstants.NULL_STRING: the 2-character string SHOW PROC prints for "null". */
export const NULL_STRING = '\\N';

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/** `yyyy-MM-dd HH:mm:ss` in local time (TimeUtils.longToTimeString's format). */
export function formatDateTime(ms: number): string {
  const d = new Date(ms);
  const y = d.getFullYear();
  const year = y < 1000 ? String(y).padStart(4, '0') : String(y);
  return `${year}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())} ${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`;
}

/** TimeUtils.longToTimeString: `\N` for a timestamp <= 0, else the local date-time. */
export function timeOrNullString(ms: number): string {
  return ms <= 0 ? NULL_STRING : formatDateTime(ms);
}

/** A DATETIME cell of an information_schema table: SQL NULL for an unset (<= 0) time. */
export function datetimeCell(ms: number): string | null {
  return ms <= 0 ? null : formatDateTime(ms);
}

const C1 = 1024;
const C2 = C1 * 1024;
const C3 = C2 * 1024;
const C4 = C3 * 1024;
const C5 = C4 * 1024;

/**
 * com.starrocks.monitor.unit.ByteSizeValue#toString: unit B/KB/MB/GB/TB/PB (1024-based), the value
 * truncated (not rounded) to one decimal and a trailing `.0` dropped, no space: `0B`, `100B`, `1KB`,
 * `1.5KB`, `1.2GB` (Strings.format1Decimals over Double.toString).
 */
export function byteSizeValue(bytes: number): string {
  let value = bytes;
  let suffix = 'B';
  if (bytes >= C5) [value, suffix] = [bytes / C5, 'PB'];
  else if (bytes >= C4) [value, suffix] = [bytes / C4, 'TB'];
  else if (bytes >= C3) [value, suffix] = [bytes / C3, 'GB'];
  else if (bytes >= C2) [value, suffix] = [bytes / C2, 'MB'];
  else if (bytes >= C1) [value, suffix] = [bytes / C1, 'KB'];
  return format1Decimals(value, suffix);
}

/** Strings.format1Decimals on Java's Double.toString (which always has a `.`). */
function format1Decimals(value: number, suffix: string): string {
  let p = String(value);
  if (!p.includes('.') && !p.includes('e')) p = `${p}.0`;
  const dot = p.indexOf('.');
  const fraction = p.charAt(dot + 1);
  return fraction === '0' ? p.slice(0, dot) + suffix : p.slice(0, dot + 1) + fraction + suffix;
}

/**
 * DebugUtil.getByteUint + DECIMAL_FORMAT_SCALE_3 + " " + unit, as SHOW DATA and /dbs `Quota` print sizes:
 * units B/KB/MB/GB/TB chosen with a strict `>`; 0 has an empty unit (so `0.000 ` with a trailing space).
 */
export function readableSize3(bytes: number): string {
  const KB = 1024;
  const MB = KB * 1024;
  const GB = MB * 1024;
  const TB = GB * 1024;
  let v = bytes;
  let unit: string;
  if (bytes === 0) unit = '';
  else if (bytes > TB) [v, unit] = [bytes / TB, 'TB'];
  else if (bytes > GB) [v, unit] = [bytes / GB, 'GB'];
  else if (bytes > MB) [v, unit] = [bytes / MB, 'MB'];
  else if (bytes > KB) [v, unit] = [bytes / KB, 'KB'];
  else unit = 'B';
  return `${decimalFormat3(v)} ${unit}`;
}

/** java.text.DecimalFormat("0.000") (HALF_EVEN rounding; exact for the values that matter here). */
function decimalFormat3(v: number): string {
  return v.toFixed(3);
}

/** String.format("%.2f", v). */
export const fixed2 = (v: number): string => v.toFixed(2);

/** A MySQL LIKE pattern (`%`, `_`, `\` escape) as a case-insensitive RegExp (PatternMatcher.createMysqlPattern). */
export function likeToRegExp(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '\\' && i + 1 < pattern.length) {
      re += escapeRegExp(pattern[++i]!);
    } else if (ch === '%') re += '.*';
    else if (ch === '_') re += '.';
    else re += escapeRegExp(ch);
  }
  return new RegExp(`^${re}$`, 'is');
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** True when `value` matches the MySQL LIKE `pattern` (case-insensitive); an absent pattern matches all. */
export function likeMatch(value: string, pattern: string | undefined): boolean {
  if (pattern === undefined) return true;
  return likeToRegExp(pattern).test(value);
}

/** Builds a reusable LIKE predicate (compile the pattern once for many values). */
export function likePredicate(pattern: string | undefined): (value: string) => boolean {
  if (pattern === undefined) return () => true;
  const re = likeToRegExp(pattern);
  return (v) => re.test(v);
}

/** `new Gson().toJson(x)`: like JSON.stringify but HTML-safe (`<`, `>`, `&`, `=`, `'` as \u00XX escapes). */
export function gsonJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&=']/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** CatalogUtils.addEscapeCharacter as used by getDisplayComment: escapes `\` and `"`. */
export function displayComment(comment: string): string {
  return comment.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}

/** StringEscapeUtils.escapeJava (then unicode re-unescaped): escapes `\`, `"` and control characters. */
export function escapeJava(s: string): string {
  return s.replace(/[\\"\b\f\n\r\t]/g, (c) => {
    switch (c) {
      case '\\':
        return '\\\\';
      case '"':
        return '\\"';
      case '\b':
        return '\\b';
      case '\f':
        return '\\f';
      case '\n':
        return '\\n';
      case '\r':
        return '\\r';
      default:
        return '\\t';
    }
  });
}

/** Java's Boolean.toString. */
export const bool = (b: boolean): string => (b ? 'true' : 'false');
