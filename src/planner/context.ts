// What every diff module reads: both snapshots, the config and the scope. Plain data; diffs never mutate it.
import type { ClusterSnapshot } from '../model/snapshot.js';
import type { DdlAction, PlanNoteDraft } from './actions.js';
import type { PlannerConfig } from './config.js';
import type { Scope } from './scope.js';

export interface PlanContext {
  source: ClusterSnapshot;
  target: ClusterSnapshot;
  cfg: PlannerConfig;
  scope: Scope;
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
