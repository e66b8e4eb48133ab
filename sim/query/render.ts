// A stored cell as StarRocks renders it as text (CAST(col AS STRING), and the MySQL text protocol): the form the
// hash functions see when a query hashes `CAST(col AS STRING)`. Integers in decimal, DECIMAL(p,s) with exactly s
// fraction digits, DATE `YYYY-MM-DD`, DATETIME `YYYY-MM-DD HH:MM:SS` plus `.ffffff` (6 digits) when the microseconds
// are not zero, BOOLEAN `1`/`0`, strings as stored. FLOAT/DOUBLE: the shortest round-trip decimal form
// (sim/fidelity/sql.md: uncertain for exponents).
import type { Value } from './eval.js';
import { parseColumnType, type Cell } from '../lake/values.js';

export function renderCell(type: string, cell: Cell | undefined): Value {
  if (cell === null || cell === undefined) return null;
  const ct = parseColumnType(type);
  switch (ct.kind) {
    case 'decimal': {
      const scale = ct.scale ?? 0;
      const text = String(cell);
      const neg = text.startsWith('-');
      const [i = '0', f = ''] = text.replace(/^[+-]/, '').split('.');
      const body = scale > 0 ? `${i || '0'}.${f.padEnd(scale, '0').slice(0, scale)}` : i || '0';
      return neg ? `-${body}` : body;
    }
    case 'datetime': {
      const text = String(cell);
      const dot = text.indexOf('.');
      if (dot < 0) return text;
      const frac = text
        .slice(dot + 1)
        .padEnd(6, '0')
        .slice(0, 6);
      return /^0+$/.test(frac) ? text.slice(0, dot) : `${text.slice(0, dot)}.${frac}`;
    }
    case 'bool':
      return Number(cell) ? '1' : '0';
    default:
      return String(cell);
  }
}
