// The preparation range-distributed tables need (starrocks-2026.md §1.5, the official workflow's steps 2-3), judged
// like the manual's other FE settings: tablet merge off on both clusters (a merge removes a boundary srsync cannot
// restore: convergence is split-only), a huge tablet_reshard_target_size on the target (its tablets never split on
// their own: only the source's boundaries are copied), and the static enable_execute_script_on_frontend on every FE
// of both (the topology read and the split submission are frontend scripts). Needed when the selection has range
// tables; a warning when none is selected yet but the source creates range tables by default. Range-colocate tables
// cannot be migrated (submitSplit refuses them): an error naming each.
import type { ManualSetting } from '../engine/preflight.js';
import type { CheckFacts, Finding, SideFacts } from './findings.js';

export const RANGE_DISTRIBUTION_KEY = 'enable_range_distribution';
/** Java Long.MAX_VALUE: the docs' value for the target's tablet_reshard_target_size. */
export const NEVER_SPLIT_SIZE = '9223372036854775807';
/** A target size at least this large (1 PiB) never splits a tablet in practice. */
const HUGE_SIZE = 1n << 50n;

const isHuge = (v: string): boolean => {
  try {
    return BigInt(v.trim()) >= HUGE_SIZE;
  } catch {
    return false;
  }
};

const MERGE_WHY =
  'a tablet merge removes a boundary: a range table could then only be aligned by a merge on the target, which srsync refuses (split-only convergence)';

/** The range preparations, in the order prepare applies them (after the manual's). */
export const RANGE_SETTINGS: readonly ManualSetting[] = [
  {
    side: 'source',
    key: 'tablet_reshard_enable_tablet_merge',
    value: 'false',
    ok: (v) => v.toLowerCase() === 'false',
    why: MERGE_WHY,
    warning: (v) => `Source tablet_reshard_enable_tablet_merge is ${v}; range tables need it false during migration`,
  },
  {
    side: 'source',
    key: 'enable_execute_script_on_frontend',
    value: 'true',
    ok: (v) => v.toLowerCase() === 'true',
    why: "srsync reads range tables' tablet topology with ADMIN EXECUTE ON FRONTEND (static: fe.conf and a restart)",
    warning: () => 'Source enable_execute_script_on_frontend is false; range tables cannot be read',
  },
  {
    side: 'target',
    key: 'tablet_reshard_enable_tablet_merge',
    value: 'false',
    ok: (v) => v.toLowerCase() === 'false',
    why: MERGE_WHY,
    warning: (v) => `Target tablet_reshard_enable_tablet_merge is ${v}; range tables need it false during migration`,
  },
  {
    side: 'target',
    key: 'tablet_reshard_target_size',
    value: NEVER_SPLIT_SIZE,
    ok: isHuge,
    why: 'a target tablet that splits on its own gets boundaries the source does not have (a merge would be needed); the docs ask for Long.MAX_VALUE',
    warning: (v) => `Target tablet_reshard_target_size is ${v}; range tables need ${NEVER_SPLIT_SIZE} during migration`,
  },
  {
    side: 'target',
    key: 'enable_execute_script_on_frontend',
    value: 'true',
    ok: (v) => v.toLowerCase() === 'true',
    why: "srsync reads and splits range tables' tablets with ADMIN EXECUTE ON FRONTEND (static: fe.conf and a restart)",
    warning: () => 'Target enable_execute_script_on_frontend is false; range tables cannot be aligned',
  },
];

/** The keys read on each FE of a side for the range preparations. */
export function rangeKeysOf(side: 'source' | 'target'): string[] {
  const keys = RANGE_SETTINGS.filter((m) => m.side === side).map((m) => m.key);
  return side === 'source' ? [...keys, RANGE_DISTRIBUTION_KEY] : keys;
}

/** What the range part of `check` needs to know (all optional: facts read before range tables existed). */
export type RangeFacts = Pick<CheckFacts, 'source' | 'target'> & Partial<Pick<CheckFacts, 'rangeTables' | 'rangeColocateTables'>>;

/** Whether the source creates range tables by default (its configured FE's enable_range_distribution). */
export function sourceCreatesRangeTables(source: SideFacts): boolean {
  const fe = source.frontends.find((f) => f.query === source.address) ?? source.frontends.find((f) => f.queryError === null);
  return (fe?.settings[RANGE_DISTRIBUTION_KEY] ?? '').toLowerCase() === 'true';
}

/** How much the range preparations matter: `error` with range tables selected, `warning` when the source makes them by default. */
export function rangeNeed(f: RangeFacts): 'error' | 'warning' | null {
  if ((f.rangeTables?.length ?? 0) > 0) return 'error';
  return sourceCreatesRangeTables(f.source) ? 'warning' : null;
}

/** The range preparations that apply to these facts (prepare applies them like the manual's). */
export function rangeSettingsFor(f: RangeFacts): readonly ManualSetting[] {
  return rangeNeed(f) === null ? [] : RANGE_SETTINGS;
}

const setConfig = (key: string, value: string) => `ADMIN SET FRONTEND CONFIG ("${key}" = "${value}");`;

/** Each range preparation not yet made, on every FE, with the exact fix (fe.conf and a restart for a static key). */
export function rangeSettingFindings(f: RangeFacts): Finding[] {
  const need = rangeNeed(f);
  if (need === null) return [];
  const n = f.rangeTables?.length ?? 0;
  const context =
    need === 'error'
      ? `${n} selected table(s) are range-distributed (${(f.rangeTables ?? []).slice(0, 3).join(', ')}${n > 3 ? ', ...' : ''})`
      : `the source has ${RANGE_DISTRIBUTION_KEY}=true: tables created during the migration will be range-distributed`;
  const out: Finding[] = [];
  for (const m of RANGE_SETTINGS) {
    for (const fe of f[m.side].frontends) {
      if (fe.queryError !== null) continue;
      const v = fe.settings[m.key];
      if (v === undefined || v === null || m.ok(v)) continue;
      const isStatic = fe.mutable?.[m.key] === false;
      out.push({
        severity: need,
        object: `${m.side} FE ${fe.name || fe.query} ${m.key}`,
        problem: `is ${v}; ${m.why} (${m.value}); ${context}`,
        fix: isStatic
          ? [`fe.conf: ${m.key} = ${m.value}`, 'then restart that FE (the key is static)']
          : [setConfig(m.key, m.value), `fe.conf: ${m.key} = ${m.value}`],
      });
    }
  }
  return out;
}

/** Selected range-colocate tables: StarRocks' migration service refuses them (submitSplit), so srsync does too. */
export function rangeColocateFindings(f: Pick<RangeFacts, 'rangeColocateTables'>): Finding[] {
  return (f.rangeColocateTables ?? []).map((t) => ({
    severity: 'error' as const,
    object: t,
    problem:
      'is a range-colocate table (range-distributed with colocate_with): cross-cluster migration does not support it (RangeDistributionMigrationService)',
    fix: ['exclude the table in exclude_data_list (conf/sync.properties) and migrate it another way, or remove its colocate_with on the source'],
  }));
}

/**
 * The target's split submission must reach the leader FE (ADMIN EXECUTE ON FRONTEND is not forwarded; a follower
 * answers `Range split must be submitted to the active leader FE`): srsync sends it to the configured target FE.
 */
export function rangeLeaderFindings(f: RangeFacts): Finding[] {
  const need = rangeNeed(f);
  if (need === null) return [];
  const configured = f.target.frontends.find((fe) => fe.query === f.target.address);
  if (!configured || configured.role === 'LEADER' || configured.role === '') return [];
  const leader = f.target.frontends.find((fe) => fe.role === 'LEADER');
  return [
    {
      severity: need,
      object: `target FE ${configured.name || configured.query} (${configured.role})`,
      problem: 'is not the leader: range tables are split on the target with ADMIN EXECUTE ON FRONTEND, which only the leader runs (not forwarded)',
      fix: [`set target_fe_host/target_fe_query_port in conf/sync.properties to the leader FE${leader ? ` (${leader.query})` : ''}`],
    },
  ];
}

/** Every range finding. */
export function rangeFindings(f: RangeFacts & Partial<Pick<CheckFacts, 'rangeAlignment'>>): Finding[] {
  return [...rangeSettingFindings(f), ...rangeLeaderFindings(f), ...rangeColocateFindings(f), ...rangeAlignmentFindings(f)];
}

/** What the topologies of a selected range table on both clusters say (read by check/range-read.ts). */
export interface RangeAlignmentFact {
  /** `db.table`. */
  readonly table: string;
  /** aligned: equal; split: srsync will split the target; refuse: a merge would be needed; unreadable: not read now. */
  readonly verdict: 'aligned' | 'split' | 'refuse' | 'unreadable';
  readonly detail: string;
}

/** A range table srsync would refuse is an error now (with its reason); a coming split is a note; an unread one a warning. */
export function rangeAlignmentFindings(f: Partial<Pick<CheckFacts, 'rangeAlignment'>>): Finding[] {
  const out: Finding[] = [];
  for (const a of f.rangeAlignment ?? []) {
    if (a.verdict === 'refuse')
      out.push({
        severity: 'error',
        object: a.table,
        problem: `range-distributed table cannot be aligned on the target: ${a.detail}`,
        fix: [
          `DROP TABLE ${a.table} on the target (after setting the target's merge off and its target size huge) so srsync re-creates it, or exclude it in exclude_data_list`,
        ],
      });
    else if (a.verdict === 'split')
      out.push({
        severity: 'info',
        object: a.table,
        problem: `the target's tablets will be split at the source's boundaries before replication (${a.detail})`,
        fix: [],
      });
    else if (a.verdict === 'unreadable')
      out.push({ severity: 'warning', object: a.table, problem: `its range topology could not be read: ${a.detail}`, fix: [] });
  }
  return out;
}
