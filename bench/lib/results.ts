// Merging a partial bench run (--only … --merge) into the results file of its mode, so that the figures of the
// scenarios that did not run stay as they were. Pure (mergeResults) plus the file read/write around it.
import fs from 'node:fs';

export interface SummaryRow {
  figure: string;
  /** The scenario that produced the row (rows written before this field existed have none). */
  scenario?: string;
  [k: string]: unknown;
}

export interface BenchResults {
  scenarios: string[];
  date: string;
  summary: SummaryRow[];
  raw: Record<string, unknown>;
  /** One entry per merged partial run: when it ran and what it replaced. */
  merged?: Array<{ date: string; scenarios: string[]; machine?: unknown }>;
  [k: string]: unknown;
}

/**
 * `old` with the scenarios of `run` replaced: their raw results, and every summary row that either belongs to one of
 * them or has the same figure text as a new row (untagged old rows); other rows keep their place, new rows are added
 * at the end. The top-level fields (date, machine, sizes…) stay those of `old`; the run is listed in `merged`.
 */
export function mergeResults(old: BenchResults, run: BenchResults): BenchResults {
  const ran = new Set(run.scenarios);
  const figures = new Set(run.summary.map((r) => r.figure));
  const kept = old.summary.filter((r) => !(r.scenario !== undefined && ran.has(r.scenario)) && !figures.has(r.figure));
  const raw = { ...old.raw };
  for (const s of run.scenarios) if (s in run.raw) raw[s] = run.raw[s];
  return {
    ...old,
    scenarios: [...new Set([...old.scenarios, ...run.scenarios])],
    summary: [...kept, ...run.summary],
    raw,
    merged: [...(old.merged ?? []), { date: run.date, scenarios: run.scenarios, machine: run['machine'] }],
  };
}

/** Reads `file` (when it exists and parses), merges `json` (the run's results as written) into it, writes it back. */
export function mergeIntoFile(file: string, json: string): void {
  const run = JSON.parse(json) as BenchResults;
  let old: BenchResults | null = null;
  try {
    old = JSON.parse(fs.readFileSync(file, 'utf8')) as BenchResults;
  } catch {
    old = null;
  }
  const out = old ? mergeResults(old, run) : run;
  fs.writeFileSync(file, JSON.stringify(out, null, 2) + '\n');
}
