// Small statistics and formatting helpers (pure).

/** Nearest-rank percentile (q in [0, 1]) of `xs`; NaN when empty. */
export function percentile(xs: readonly number[], q: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const rank = Math.min(s.length, Math.max(1, Math.ceil(q * s.length)));
  return s[rank - 1]!;
}

export function mean(xs: readonly number[]): number {
  return xs.length === 0 ? NaN : xs.reduce((a, b) => a + b, 0) / xs.length;
}

/** Seconds with a sensible number of digits. */
export function fmtS(s: number): string {
  if (!Number.isFinite(s)) return 'n/a';
  if (s >= 100) return `${s.toFixed(0)} s`;
  if (s >= 10) return `${s.toFixed(1)} s`;
  if (s >= 0.1) return `${s.toFixed(2)} s`;
  return `${s.toFixed(3)} s`;
}

export function fmtPct(x: number): string {
  if (!Number.isFinite(x)) return 'n/a';
  return `${(x * 100).toFixed(Math.abs(x) < 0.01 ? 2 : 1)} %`;
}

export function fmtRatio(official: number, srsync: number): string {
  if (!Number.isFinite(official) || !Number.isFinite(srsync) || srsync <= 0) return 'n/a';
  const r = official / srsync;
  return r >= 100 ? `${r.toFixed(0)}×` : r >= 10 ? `${r.toFixed(1)}×` : `${r.toFixed(2)}×`;
}
