// What `srsync finish` restores, from the prepare record and the values the FEs have now: pure functions. Only the
// recorded originals are restored (never a default), in the order of the manual's "After Migration" steps
// (runbook/settings.ts FINISH_ORDER), FE by FE; WITH PERSISTENT where prepare set it that way.
import type { FrontendFacts } from '../check/findings.js';
import type { ClusterSide } from '../errors.js';
import { changedSettings, type PrepareRecord, type RecordedSetting } from '../runbook/record.js';
import { feConfLine, inFinishOrder, setConfigSql } from '../runbook/settings.js';

export interface RestoreStep {
  side: ClusterSide;
  fe: string;
  address: string;
  /** Where to connect now (null: the FE is no longer in SHOW FRONTENDS). */
  endpoint: { host: string; port: number } | null;
  key: string;
  original: string;
  /** The value now (null: not readable, or the FE is gone). */
  current: string | null;
  persistent: boolean;
  /**
   * set: send the statement; already: the FE has its original again; fe-gone: not found by address; static: only
   * fe.conf and a restart restore it (the lines are printed).
   */
  action: 'set' | 'already' | 'fe-gone' | 'static';
}

const label = (s: Pick<RecordedSetting, 'side' | 'fe' | 'address'>) => `${s.side} FE ${s.fe ? `${s.fe} (${s.address})` : s.address}`;

/** The FE now at a recorded address (names change at a restart, addresses do not); by name as a fallback. */
function findFrontend(frontends: readonly FrontendFacts[], s: RecordedSetting): FrontendFacts | undefined {
  return frontends.find((f) => f.query === s.address) ?? (s.fe ? frontends.find((f) => f.name === s.fe) : undefined);
}

/** The restore steps in the manual's order. */
export function restorePlan(record: PrepareRecord, now: Readonly<Record<ClusterSide, readonly FrontendFacts[]>>): RestoreStep[] {
  return inFinishOrder(changedSettings(record)).map((s) => {
    const fe = findFrontend(now[s.side], s);
    const current = fe && fe.queryError === null ? (fe.settings[s.key] ?? null) : null;
    const base = {
      side: s.side,
      fe: s.fe,
      address: s.address,
      endpoint: fe ? (fe.queryEndpoint ?? null) : null,
      key: s.key,
      original: s.original,
      current,
      persistent: s.mode === 'persistent',
    };
    if (s.mode === 'static') return { ...base, action: 'static' as const };
    if (!fe || base.endpoint === null) return { ...base, action: 'fe-gone' as const };
    return { ...base, action: current === s.original ? ('already' as const) : ('set' as const) };
  });
}

/** One line per step, for the list shown before asking. */
export function restoreLine(s: RestoreStep): string {
  const where = label(s);
  switch (s.action) {
    case 'set':
      return `${where}: ${s.key} ${s.current ?? '?'} -> ${s.original}: ${setConfigSql(s.key, s.original, s.persistent)}`;
    case 'already':
      return `${where}: ${s.key} is ${s.original} again (the recorded original): nothing to send`;
    case 'fe-gone':
      return `${where}: not in SHOW FRONTENDS any more (through conf/hosts.properties): ${s.key} cannot be restored to ${s.original} there`;
    case 'static':
      return `${where}: ${s.key} is static: remove "${s.key} = ..." that prepare asked you to add to its fe.conf (original ${s.original}) and restart that FE`;
  }
}

/** The fe.conf lines to remove (or check), per FE, for what prepare set: in-memory and static settings, and notes. */
export function feConfLines(record: PrepareRecord): string[] {
  return inFinishOrder(changedSettings(record)).map((s) => {
    const where = label(s);
    switch (s.mode) {
      case 'memory':
        return `${where}: remove "${feConfLine(s.key, s.value)}" from fe.conf if you added it as prepare asked`;
      case 'static':
        return `${where}: remove "${feConfLine(s.key, s.value)}" from fe.conf and restart that FE (static; it was ${s.original})`;
      default:
        return `${where}: fe.conf now holds "${feConfLine(s.key, s.original)}" (WITH PERSISTENT wrote it back); remove the line if that FE's fe.conf did not set ${s.key} before prepare`;
    }
  });
}

/** Volumes prepare created (only these may be dropped). */
export const createdVolumes = (record: PrepareRecord): string[] => record.volumes.filter((v) => v.createdAt !== undefined).map((v) => v.name);
