// The two waits of `srsync cutover`, over injected reads and clock (unit-tested with a fake clock):
// 1. the source stops receiving writes: no selected partition gets a new version for the quiet period;
// 2. zero lag: every selected table in sync on the target (verify's compareClusters), while the source stays put.
// Both say why they wait (which tables still move, which are not in sync), at most every SAY_EVERY_MS unless that
// changes, and give up at the deadline (--timeout).
import type { ClusterSnapshot } from '../model/snapshot.js';
import type { VerifyReport } from '../verify/compare.js';
import { definedObjectLine, tableLine } from '../verify/format.js';
import { movementText, versionMovements, type SourceVersions, type TableMovement } from './versions.js';

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

/** Repeat an unchanged waiting line at most this often. */
export const SAY_EVERY_MS = 10_000;

/** Says a waiting line when it changed or SAY_EVERY_MS passed since it was said. */
function throttled(say: (line: string) => void, clock: Clock): (key: string, line: string) => void {
  let lastKey = '';
  let lastAt = -Infinity;
  return (key, line) => {
    const now = clock.now();
    if (key === lastKey && now - lastAt < SAY_EVERY_MS) return;
    lastKey = key;
    lastAt = now;
    say(line);
  };
}

const seconds = (ms: number) => Math.round(ms / 100) / 10;

export type QuietOutcome =
  /** No new version for the quiet period; `versions` as they stayed. */
  | { kind: 'quiet'; versions: SourceVersions; quietSince: number }
  /** The deadline came first: what moved last (empty when nothing moved but the period was not over), and for how long it has been quiet. */
  | { kind: 'timeout'; moving: TableMovement[]; quietMs: number };

export interface QuietWait {
  read(): Promise<SourceVersions>;
  quietMs: number;
  pollMs: number;
  /** Epoch ms. */
  deadline: number;
  clock: Clock;
  say(line: string): void;
}

export async function waitForQuietSource(w: QuietWait): Promise<QuietOutcome> {
  let versions = await w.read();
  let quietSince = w.clock.now();
  let moving: TableMovement[] = [];
  const say = throttled(w.say, w.clock);
  for (;;) {
    const now = w.clock.now();
    if (now - quietSince >= w.quietMs) return { kind: 'quiet', versions, quietSince };
    if (now >= w.deadline) return { kind: 'timeout', moving, quietMs: now - quietSince };
    await w.clock.sleep(Math.max(1, Math.min(w.pollMs, w.deadline - now, quietSince + w.quietMs - now)));
    const next = await w.read();
    const moves = versionMovements(versions, next);
    versions = next;
    if (moves.length === 0) continue;
    moving = moves;
    quietSince = w.clock.now();
    const what = moves.some((m) => m.loads) ? 'the source is still receiving writes' : 'the source is still compacting';
    say(
      moves.map((m) => `${m.db}.${m.table}`).join(','),
      `waiting: ${what}: ${moves.length} table(s) moved: ${movementText(moves)}; waiting for ${seconds(w.quietMs)} s without new versions`,
    );
  }
}

export type LagOutcome =
  /** Every selected object in sync. */
  | { kind: 'in_sync'; source: ClusterSnapshot; target: ClusterSnapshot; report: VerifyReport }
  /** Not in sync, and no srsync run of this conf runs to change that: waiting would not help. */
  | { kind: 'not_in_sync'; source: ClusterSnapshot; target: ClusterSnapshot; report: VerifyReport }
  /** Still not in sync at the deadline. */
  | { kind: 'timeout'; source: ClusterSnapshot; target: ClusterSnapshot; report: VerifyReport }
  /** The source got new versions since it was found quiet. */
  | { kind: 'source_moved'; moving: TableMovement[] };

export interface LagWait {
  /** Both catalogs (the selected databases). */
  read(): Promise<{ source: ClusterSnapshot; target: ClusterSnapshot }>;
  /** The source's versions, read as step 1 reads them (compared with `quiet`). */
  readVersions(): Promise<SourceVersions>;
  compare(source: ClusterSnapshot, target: ClusterSnapshot): VerifyReport;
  /** The source's versions when it was found quiet. */
  quiet: SourceVersions;
  /** An srsync run of this conf is running (it brings the target in sync). */
  runActive: boolean;
  pollMs: number;
  deadline: number;
  clock: Clock;
  say(line: string): void;
}

/** Tables named per waiting line. */
const SHOWN = 5;

export async function waitForZeroLag(w: LagWait): Promise<LagOutcome> {
  const say = throttled(w.say, w.clock);
  for (;;) {
    const { source, target } = await w.read();
    const moving = versionMovements(w.quiet, await w.readVersions());
    if (moving.length > 0) return { kind: 'source_moved', moving };
    const report = w.compare(source, target);
    if (report.ok) return { kind: 'in_sync', source, target, report };
    if (!w.runActive) return { kind: 'not_in_sync', source, target, report };
    if (w.clock.now() >= w.deadline) return { kind: 'timeout', source, target, report };
    const lines = [...report.tables.map(tableLine), ...report.definedObjects.map(definedObjectLine)].filter((l): l is string => l !== null);
    const missingDbs = report.databasesMissing.map((d) => `missing database ${d}`);
    const all = [...missingDbs, ...lines];
    const s = report.summary;
    say(
      all.join('\n'),
      `waiting for zero lag: ${s.tablesChecked - s.inSync} of ${s.tablesChecked} table(s) not in sync yet${all.length > 0 ? `: ${all.slice(0, SHOWN).join('; ')}` : ''}${all.length > SHOWN ? `; and ${all.length - SHOWN} more` : ''}`,
    );
    await w.clock.sleep(Math.max(1, Math.min(w.pollMs, w.deadline - w.clock.now())));
  }
}
