// The planner's notes as the operator reads them: each warning once per run, routine deferrals as INFO, and the
// blocking ones as one-time verdict lines.
import type { Logger } from '../log/logger.js';
import type { PlanNote } from '../planner/actions.js';
import type { PlannerConfig } from '../planner/config.js';
import type { ClusterSnapshot } from '../model/snapshot.js';
import { describeUnmatchedSelection, unmatchedSelection } from '../planner/scope.js';

/** `<object> <db.table.name>: <message>`. */
export function noteLine(n: PlanNote): string {
  const obj = [n.db, n.table, n.name].filter(Boolean).join('.');
  return `${n.object} ${obj}: ${n.message}`;
}

/** The notes that keep selected objects from being synchronized, as one-time verdict lines (texts being read excluded). */
export function blockingNotes(notes: readonly PlanNote[]): Array<{ object: string; line: string }> {
  return notes
    .filter((n) => n.blocking && n.reason !== 'missing_create_sql')
    .map((n) => ({ object: n.table !== undefined ? `${n.db}.${n.table}` : [n.db, n.name].filter(Boolean).join('.'), line: noteLine(n) }));
}

/** Logs plan notes: a warning once per run, `replication_deferred` as INFO every time, texts being read not at all. */
export class NoteLog {
  private readonly logged = new Set<string>();

  constructor(private readonly log: Logger) {}

  notes(notes: readonly PlanNote[]): void {
    for (const n of notes) {
      if (n.reason === 'missing_create_sql') continue; // being read (create-pipeline)
      const line = noteLine(n);
      if (n.reason === 'replication_deferred') {
        // Routine (new partitions, a re-created table): not a warning, and it recurs with every such round.
        this.log.info(line);
      } else if (!this.logged.has(line)) {
        this.logged.add(line);
        this.log.warn(line);
      }
    }
  }

  /** Continuous mode: an include/exclude entry that matches nothing on the source is a WARN in every full round. */
  unmatchedSelection(cfg: PlannerConfig, source: ClusterSnapshot): void {
    for (const u of unmatchedSelection(cfg, source))
      this.log.warn(`${describeUnmatchedSelection(u)} (names are case-sensitive); fix conf/sync.properties`);
  }
}
