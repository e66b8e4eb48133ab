// Privilege sync in a full round (enable_privilege_sync): both clusters' users, roles and grants are read after the
// catalogs, diffed (planner/privileges.ts) and the statements joined to the round's plan, so they run through the
// applier, the retry book and the one-time verdict like every other DDL. In one_time_run_mode the run ends
// abnormally after 3 consecutive full-round comparisons that still differ (the official tool's rule).
import { SqlError } from '../cluster/sql-client.js';
import type { ClusterSnapshot, PrivilegeSnapshot } from '../model/snapshot.js';
import { finishNote, orderActions, type Plan } from '../planner/actions.js';
import type { PlannerConfig } from '../planner/config.js';
import { diffPrivileges, type PrivilegePlan, type PrivilegeSyncConfig } from '../planner/privileges.js';

/** Consecutive differing comparisons after which a one-time run gives up on privileges. */
export const PRIVILEGE_COMPARISONS = 3;

export interface PrivilegeReads {
  privileges(dbNames: ReadonlySet<string>, threads?: number): Promise<PrivilegeSnapshot>;
}

/** A read that failed for this cluster's privileges only (not the connection): the round goes on without them. */
async function readOrFailure(side: PrivilegeReads, snap: ClusterSnapshot, threads: number): Promise<PrivilegeSnapshot | string> {
  try {
    return await side.privileges(new Set(snap.databases.keys()), threads);
  } catch (e) {
    if (e instanceof SqlError && e.transient) throw e; // the connection: the round is abandoned and retried
    return (e as Error).message;
  }
}

export interface PrivilegeRound {
  readonly source: ClusterSnapshot;
  readonly target: ClusterSnapshot;
  readonly plan: Plan;
  readonly privileges: PrivilegePlan;
  /** The password digests read (both sides): to be masked in every log line (a digest allows offline guessing). */
  readonly secrets: string[];
}

/** Reads both sides' privileges, diffs them and adds the statements and notes to the round's plan. */
export async function planPrivileges(
  sides: { source: PrivilegeReads; target: PrivilegeReads },
  round: { source: ClusterSnapshot; target: ClusterSnapshot; plan: Plan },
  cfg: PrivilegeSyncConfig,
  selection: Pick<PlannerConfig, 'includeDataList' | 'excludeDataList'>,
  threads: number,
): Promise<PrivilegeRound> {
  const [sp, tp] = await Promise.all([readOrFailure(sides.source, round.source, threads), readOrFailure(sides.target, round.target, threads)]);
  if (typeof sp === 'string' || typeof tp === 'string') {
    const why = typeof sp === 'string' ? `on the source: ${sp}` : `on the target: ${String(tp)}`;
    const note = finishNote({
      object: 'user',
      db: '',
      name: '*',
      reason: 'privilege_read_failed',
      message: `users, roles and grants cannot be read ${why}; not synced this round`,
    });
    const privileges: PrivilegePlan = {
      ddl: [],
      notes: [note],
      progress: { users: { total: 0, inSync: 0 }, roles: { total: 0, inSync: 0 }, grants: { total: 0, inSync: 0 }, pending: 0 },
      differs: true,
    };
    return { source: round.source, target: round.target, plan: { ...round.plan, notes: [...round.plan.notes, note] }, privileges, secrets: [] };
  }
  const source = { ...round.source, privileges: sp };
  const target = { ...round.target, privileges: tp };
  const privileges = diffPrivileges(source, target, cfg, selection);
  const plan: Plan = {
    ...round.plan,
    ddl: orderActions([...round.plan.ddl, ...privileges.ddl]),
    notes: [...round.plan.notes, ...privileges.notes.map(finishNote)],
  };
  const secrets = [...(sp.users ?? []), ...(tp.users ?? [])].map((u) => u.digest).filter((d) => d !== '');
  return { source, target, plan, privileges, secrets };
}

/** Notes that name a difference (not a configuration choice). */
const DIFFERING: ReadonlySet<string> = new Set([
  'privilege_read_failed',
  'user_inconsistent_kept',
  'user_plugin_unsupported',
  'grant_object_pending',
]);

/** What the run knows of privileges: the last comparison and how many in a row differed. */
export interface PrivilegeState {
  readonly last: PrivilegePlan | null;
  readonly differingInARow: number;
}

export const noPrivilegeState: PrivilegeState = { last: null, differingInARow: 0 };

/** The state after a full round's comparison. */
export function afterComparison(s: PrivilegeState, p: PrivilegePlan): PrivilegeState {
  return { last: p, differingInARow: p.differs ? s.differingInARow + 1 : 0 };
}

/**
 * A one-time run whose catalog work is over: privileges in sync (or not synced at all), another comparison needed,
 * or given up (the verdict line).
 */
export function privilegeVerdict(s: PrivilegeState): { kind: 'in_sync' } | { kind: 'compare_again' } | { kind: 'failed'; line: string } {
  if (!s.last || !s.last.differs) return { kind: 'in_sync' };
  if (s.differingInARow < PRIVILEGE_COMPARISONS) return { kind: 'compare_again' };
  const note = s.last.notes.find((n) => DIFFERING.has(n.reason));
  const first = note
    ? `${note.object} ${note.name ?? ''}: ${note.message}`
    : s.last.ddl[0]
      ? `still needed: ${s.last.ddl[0].sql}`
      : 'the comparison differs';
  return {
    kind: 'failed',
    line: `privileges: still differ after ${s.differingInARow} consecutive comparisons (${s.last.progress.pending} pending): ${first}`,
  };
}
