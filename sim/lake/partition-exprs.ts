// The partition value a loaded row has under an expression: the generated partition columns of
// `PARTITION BY substr(c, 1, 3), date_trunc('month', d)` tables (`__generated_partition_column_<n>`) and the
// function of `PARTITION BY RANGE(str2date(c, fmt) | from_unixtime(c) | from_unixtime_ms(c))` tables. Only the
// functions partition expressions commonly use are evaluated; another one gives NULL (no partition for the row).
import type { Column } from '../catalog/model.js';
import { evaluate, type Value } from '../query/eval.js';
import { Cursor } from '../sql/cursor.js';
import type { Expr } from '../sql/ast.js';
import { parseExpr } from '../sql/expr.js';
import type { Cell, Row } from './values.js';
import { fmtDate, fmtDateTime, parseDateTime as parseLiteralDateTime, type DateTimeParts } from '../ddl/literals.js';

const pad2 = (n: number) => String(n).padStart(2, '0');

/** A date or datetime value, and whether it had a time part (DATETIME) or not (DATE). */
type Parts = DateTimeParts & { hasTime: boolean };

function parseDateTime(v: string): Parts | null {
  const p = parseLiteralDateTime(v);
  return p ? { ...p, hasTime: /^\d{4}-\d{1,2}-\d{1,2}[ T]|^\d{14}$/.test(v.trim()) } : null;
}

/** MySQL DATE_FORMAT for the common specifiers. */
function dateFormat(p: Parts, fmt: string): string {
  return fmt.replace(/%([YmdHisyec%])/g, (_, c: string) => {
    switch (c) {
      case 'Y':
        return String(p.y).padStart(4, '0');
      case 'y':
        return pad2(p.y % 100);
      case 'm':
        return pad2(p.mo);
      case 'c':
        return String(p.mo);
      case 'd':
        return pad2(p.d);
      case 'e':
        return String(p.d);
      case 'H':
        return pad2(p.h);
      case 'i':
        return pad2(p.mi);
      case 's':
        return pad2(p.s);
      default:
        return '%';
    }
  });
}

/** Epoch seconds in the FE's time zone (the session time_zone defaults to the system's). */
function fromUnixtime(seconds: number): Parts {
  const d = new Date(seconds * 1000);
  return { y: d.getFullYear(), mo: d.getMonth() + 1, d: d.getDate(), h: d.getHours(), mi: d.getMinutes(), s: d.getSeconds(), hasTime: true };
}

/** str2date(value, format) for %Y %m %c %d %e (time parts ignored); null when it does not parse. */
export function str2date(value: string, format: string): string | null {
  const order: string[] = [];
  let re = '';
  for (let i = 0; i < format.length; i++) {
    const ch = format[i]!;
    if (ch === '%' && i + 1 < format.length) {
      const spec = format[++i]!;
      if (spec === 'Y') re += '(\\d{4})';
      else if ('mcdeHis'.includes(spec)) re += '(\\d{1,2})';
      else re += '.*?';
      if ('YmcdeHis'.includes(spec)) order.push(spec === 'c' ? 'm' : spec === 'e' ? 'd' : spec);
    } else re += ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  const m = new RegExp(`^${re}`).exec(value.trim());
  if (!m) return null;
  const parts: Record<string, number> = { Y: 0, m: 1, d: 1 };
  order.forEach((k, i) => (parts[k] = Number(m[i + 1])));
  const mo = parts['m']!;
  const d = parts['d']!;
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return null;
  return `${String(parts['Y']).padStart(4, '0')}-${pad2(mo)}-${pad2(d)}`;
}

function dateTrunc(unit: string, p: Parts): string {
  const q = { ...p };
  switch (unit.toLowerCase()) {
    case 'year':
      Object.assign(q, { mo: 1, d: 1, h: 0, mi: 0, s: 0 });
      break;
    case 'quarter':
      Object.assign(q, { mo: Math.floor((p.mo - 1) / 3) * 3 + 1, d: 1, h: 0, mi: 0, s: 0 });
      break;
    case 'month':
      Object.assign(q, { d: 1, h: 0, mi: 0, s: 0 });
      break;
    case 'day':
      Object.assign(q, { h: 0, mi: 0, s: 0 });
      break;
    case 'hour':
      Object.assign(q, { mi: 0, s: 0 });
      break;
    case 'minute':
      Object.assign(q, { s: 0 });
      break;
    default:
      break;
  }
  return p.hasTime ? fmtDateTime(q) : fmtDate(q);
}

/** The scalar functions partition expressions use; undefined for another (the row then gets no partition value). */
function call(name: string, a: Value[]): Value | undefined {
  if (a.some((v) => v === null)) return null;
  const s = a as string[];
  switch (name) {
    case 'substr':
    case 'substring': {
      const str = [...s[0]!];
      let pos = Number(s[1]);
      if (pos < 0) pos = str.length + pos + 1;
      if (pos < 1) return '';
      const len = s.length > 2 ? Number(s[2]) : str.length;
      return str.slice(pos - 1, pos - 1 + Math.max(0, len)).join('');
    }
    case 'left':
      return [...s[0]!].slice(0, Number(s[1])).join('');
    case 'right':
      return Number(s[1]) <= 0 ? '' : [...s[0]!].slice(-Number(s[1])).join('');
    case 'upper':
      return s[0]!.toUpperCase();
    case 'lower':
      return s[0]!.toLowerCase();
    case 'concat':
      return s.join('');
    case 'mod':
      return String(Number(s[0]) % Number(s[1]));
    case 'abs':
      return String(Math.abs(Number(s[0])));
    case 'date_trunc': {
      const p = parseDateTime(s[1]!);
      return p ? dateTrunc(s[0]!, p) : null;
    }
    case 'date_format': {
      const p = parseDateTime(s[0]!);
      return p ? dateFormat(p, s[1]!) : null;
    }
    case 'year':
    case 'month':
    case 'day': {
      const p = parseDateTime(s[0]!);
      return p ? String(name === 'year' ? p.y : name === 'month' ? p.mo : p.d) : null;
    }
    case 'to_date':
    case 'date': {
      const p = parseDateTime(s[0]!);
      return p ? fmtDate(p) : null;
    }
    case 'from_unixtime':
    case 'from_unixtime_ms': {
      const n = Number(s[0]);
      if (!Number.isFinite(n)) return null;
      const p = fromUnixtime(Math.floor(name === 'from_unixtime_ms' ? n / 1000 : n));
      return s.length > 1 ? dateFormat(p, s[1]!) : fmtDateTime(p);
    }
    case 'str2date':
    case 'str_to_date':
      return str2date(s[0]!, s[1]!);
    default:
      return undefined;
  }
}

const parsed = new Map<string, Expr>();

function exprOf(text: string): Expr {
  let e = parsed.get(text);
  if (!e) {
    e = parseExpr(new Cursor(text));
    parsed.set(text, e);
  }
  return e;
}

/** The value of `exprText` over a stored row (columns by case-insensitive name); NULL when it cannot be evaluated. */
export function evaluatePartitionExpr(exprText: string, row: Row, columns: Column[]): Cell {
  const byLower = new Map(columns.map((c) => [c.name.toLowerCase(), c.name]));
  try {
    return evaluate(exprOf(exprText), {
      column: (name) => {
        const c = byLower.get(name.toLowerCase());
        if (c === undefined) return undefined;
        const v = row[c];
        return v === null || v === undefined ? null : String(v);
      },
      variable: () => null,
      call: (name, args) => call(name, args) ?? null,
    });
  } catch {
    return null;
  }
}
