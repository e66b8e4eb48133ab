// Human units for terminals (pure): bytes in binary units, durations, text bars.

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/** `512 B`, `1.50 KiB`, `12.3 MiB`, `123 GiB`; `unknown` for null. */
export function humanBytes(n: number | null): string {
  if (n === null) return 'unknown';
  if (n < 1024) return `${Math.round(n)} B`;
  let v = n;
  let u = 0;
  while (v >= 1024 && u < UNITS.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(v < 10 ? 2 : v < 100 ? 1 : 0)} ${UNITS[u]}`;
}

/** `42 s`, `3 min 5 s`, `2 h 10 min`, `3 d 4 h`; `unknown` for null. */
export function humanDuration(seconds: number | null): string {
  if (seconds === null) return 'unknown';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (d > 0) return `${d} d ${h} h`;
  if (h > 0) return `${h} h${m > 0 ? ` ${m} min` : ''}`;
  return `${m} min${sec > 0 ? ` ${sec} s` : ''}`;
}

/** `[#####-----]` of `width` cells for done/total (full when total is 0; empty when unknown). */
export function bar(done: number, total: number | null, width: number): string {
  const cells = Math.max(1, width);
  const filled = total === null ? 0 : total <= 0 ? cells : Math.min(cells, Math.floor((cells * Math.max(0, done)) / total));
  return `[${'#'.repeat(filled)}${'-'.repeat(cells - filled)}]`;
}
