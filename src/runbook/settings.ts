// The FE settings `srsync prepare` changes and `srsync finish` restores: the manual's table (engine/preflight.ts
// MANUAL_SETTINGS), in the manual's order, and the statement that sets one value on one FE.
import { MANUAL_SETTINGS, type ManualSetting } from '../engine/preflight.js';
import { versionAtLeast } from '../inspector/parse.js';
import type { ClusterSide } from '../errors.js';

/**
 * The manual's order. Preparations: the source's vacuum grace period, then the target's compaction and legacy
 * compatibility. "After Migration" (steps 5-7): restore the source's auto-vacuum setting, re-enable compaction on the
 * target, disable legacy compatibility on the target. Keys not named here come after, in table order.
 */
export const PREPARE_ORDER: readonly string[] = [
  'lake_autovacuum_grace_period_minutes',
  'lake_compaction_max_tasks',
  'enable_legacy_compatibility_for_replication',
];
export const FINISH_ORDER: readonly string[] = [
  'lake_autovacuum_grace_period_minutes',
  'lake_compaction_max_tasks',
  'enable_legacy_compatibility_for_replication',
];

const rank = (order: readonly string[], key: string) => {
  const i = order.indexOf(key);
  return i < 0 ? order.length : i;
};

/** MANUAL_SETTINGS in the order prepare applies them. */
export const PREPARE_SETTINGS: readonly ManualSetting[] = [...MANUAL_SETTINGS]
  .map((m, i) => ({ m, i }))
  .sort((a, b) => rank(PREPARE_ORDER, a.m.key) - rank(PREPARE_ORDER, b.m.key) || a.i - b.i)
  .map((x) => x.m);

/** Sorts items by FINISH_ORDER of their key (stable: FE order kept within a key); unknown keys last. */
export function inFinishOrder<T extends { key: string }>(items: readonly T[]): T[] {
  return items
    .map((x, i) => ({ x, i }))
    .sort((a, b) => rank(FINISH_ORDER, a.x.key) - rank(FINISH_ORDER, b.x.key) || a.i - b.i)
    .map((y) => y.x);
}

/**
 * `ADMIN SET FRONTEND CONFIG ... WITH PERSISTENT` (writes the FE's fe.conf) exists since StarRocks PR #54941
 * (2025-02-13, reference §6.3), first released in 3.5.0. An FE whose fe.conf is not writable, or that runs in a
 * container, refuses it at run time (ConfigBase.setMutableConfig: "current running mode is not persisted").
 */
export const PERSISTENT_SINCE = '3.5.0';

export function supportsPersistent(version: string): boolean {
  return version !== '' && versionAtLeast(version, PERSISTENT_SINCE);
}

/** The one statement that sets `key` on the FE it is sent to (StarRocks also forwards it to the other alive FEs). */
export function setConfigSql(key: string, value: string, persistent: boolean): string {
  return `ADMIN SET FRONTEND CONFIG ("${key}" = "${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}")${persistent ? ' WITH PERSISTENT' : ''}`;
}

/** The error of a WITH PERSISTENT statement that means "not on this FE": fall back to an in-memory change. */
export function persistentRefused(message: string): boolean {
  return /not persisted|syntax error|mismatched input|extraneous input|no viable alternative|unexpected input/i.test(message);
}

/** The fe.conf line for a setting. */
export const feConfLine = (key: string, value: string): string => `${key} = ${value}`;

export type { ClusterSide, ManualSetting };
