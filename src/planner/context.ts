// What every diff module reads: both snapshots, the config and the scope. Plain data; diffs never mutate it.
import type { ClusterSnapshot } from '../model/snapshot.js';
import type { DdlAction, PlanNoteDraft } from './actions.js';
import type { PlannerConfig } from './config.js';
import type { Scope } from './scope.js';

/**
 * `source` is the source catalog under its target names (rename mapping, name-mapping.ts), so databases and objects
 * pair with the target's by name; `scope` answers for those target names (include/exclude name source objects).
 */
export interface PlanContext {
  source: ClusterSnapshot;
  target: ClusterSnapshot;
  cfg: PlannerConfig;
  scope: Scope;
  /** The source name of a database known by its target name (the same name without a mapping). */
  sourceDb(db: string): string;
  /**
   * A query / statement text of an object of target database `db` (still naming source objects) with its references
   * renamed to target names; the text itself without a mapping. `identifiers`: names the lexer must know (tokenize).
   */
  rewriteRefs(text: string, db: string, identifiers?: readonly string[]): string;
}

/** What a diff module returns; the planner concatenates them and orders the actions. */
export interface DiffResult {
  actions: DdlAction[];
  notes: PlanNoteDraft[];
}

export const emptyResult = (): DiffResult => ({ actions: [], notes: [] });

/** Names in a stable order (UTF-16 code units), so plans do not depend on Map insertion order. */
export function sortedNames(...maps: Array<ReadonlyMap<string, unknown> | undefined>): string[] {
  const names = new Set<string>();
  for (const m of maps) if (m) for (const k of m.keys()) names.add(k);
  return [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
