// Rollups and synchronous materialized views of a table present on both sides (part of "internal tables and their
// data": every index of a partition is replicated, pairing indexes by name, so both sides need the same indexes
// before a replication request can be built; reference §3 "whole-partition rule", §7). SHOW CREATE TABLE prints
// neither (sim/fidelity/rollups.md §10), so a table created from it has its base index only: the missing ones are
// added here, one per table and round (StarRocks runs one ALTER job per table; while it runs the table is not
// NORMAL and refuses other ALTERs, so the next one waits for a round that sees the table NORMAL again).
// Target-only and differing ones are dropped under ddl_job_allow_drop_schema_change_table (notes/decisions/planner.md).
import type { IndexColumnInfo, SyncIndexInfo, TableInfo } from '../model/snapshot.js';
import type { DdlAction, NoteObject } from './actions.js';
import type { PlannerConfig } from './config.js';
import type { DiffResult } from './context.js';
import { addRollup, createSyncMaterializedView, dropRollup } from './ddl.js';
import { repairSyncMvText } from './sync-mv-text.js';

export interface SyncIndexDiff extends DiffResult {
  /** The two sides do not have the same indexes (yet), or they are unknown: no replication this round. */
  waiting: boolean;
}

/** The table's rollups and sync MVs; null when not known (IndexNum says there are some, the reads did not tell). */
export function knownSyncIndexes(t: TableInfo): readonly SyncIndexInfo[] | null {
  if (t.syncIndexes) return t.syncIndexes;
  return (t.indexNum ?? 0) > 1 ? null : [];
}

const normType = (t: string) => t.toLowerCase().replace(/\s+/g, '');
const noBlanks = (s: string) => s.replace(/\s+/g, '');
const kindText = (k: SyncIndexInfo['kind']) => (k === 'rollup' ? 'rollup' : 'sync MV');
const noteObject = (k: SyncIndexInfo['kind']): NoteObject => (k === 'rollup' ? 'rollup' : 'sync_materialized_view');
const columnText = (cs: readonly IndexColumnInfo[]) => cs.map((c) => `${c.name} ${c.type}${c.isKey ? ' key' : ` ${c.aggType ?? ''}`}`).join(', ');

function sameColumn(a: IndexColumnInfo, b: IndexColumnInfo): boolean {
  return (
    a.name === b.name &&
    normType(a.type) === normType(b.type) &&
    a.isKey === b.isKey &&
    (a.aggType ?? '') === (b.aggType ?? '') &&
    a.nullable === b.nullable
  );
}

/**
 * Why the target's index differs from the source's, or null when it is the same: kind, keys type and columns (name,
 * type, key flag, aggregation, nullability); for a sync MV also its statement, compared without any blanks (the
 * text StarRocks shows has its newlines removed, srsync runs it with the glued words split again).
 */
export function syncIndexDifference(src: SyncIndexInfo, tgt: SyncIndexInfo): string | null {
  if (src.kind !== tgt.kind) return `a ${kindText(tgt.kind)} on the target, a ${kindText(src.kind)} on the source`;
  if (src.keysType !== tgt.keysType) return `keys type ${tgt.keysType} on the target, ${src.keysType} on the source`;
  if (src.columns.length !== tgt.columns.length || src.columns.some((c, i) => !sameColumn(c, tgt.columns[i]!))) {
    return `columns (${columnText(tgt.columns)}) on the target, (${columnText(src.columns)}) on the source`;
  }
  if (src.kind === 'mv' && noBlanks(src.definition) !== noBlanks(tgt.definition)) return 'its CREATE MATERIALIZED VIEW statement differs';
  return null;
}

/** The statement adding `idx` to the target table, or why it cannot be made. */
export function addSyncIndex(
  db: string,
  src: TableInfo,
  idx: SyncIndexInfo,
  reason: 'missing_on_target' | 'inconsistent',
): { action: DdlAction } | { error: string } {
  if (idx.kind === 'rollup') {
    const base = new Set(src.columns.map((c) => c.name.toLowerCase()));
    const unknown = idx.columns.filter((c) => !base.has(c.name.toLowerCase()));
    if (unknown.length > 0) return { error: `rollup column(s) ${unknown.map((c) => c.name).join(', ')} are not columns of the table` };
    const keys = src.keysType === 'DUP_KEYS' ? idx.columns.filter((c) => c.isKey).map((c) => c.name) : null;
    return {
      action: addRollup(
        db,
        src.name,
        idx.name,
        idx.columns.map((c) => c.name),
        keys,
        reason,
      ),
    };
  }
  const names = [idx.name, src.name, db, ...src.columns.map((c) => c.name)];
  const sql = repairSyncMvText(idx.definition.trim().replace(/;\s*$/, ''), names);
  if (!/^CREATE\s+MATERIALIZED\s+VIEW\s/i.test(sql))
    return { error: `its definition is not a CREATE MATERIALIZED VIEW statement: ${idx.definition.slice(0, 80)}` };
  return { action: createSyncMaterializedView(db, src.name, idx.name, sql, reason) };
}

/**
 * The DDL bringing the target table's rollups and sync MVs to the source's: every drop (target-only or differing
 * indexes, when allowed) and the first missing index, in source order. `otherAlters`: the table has other ALTER
 * statements this round (bitmap indexes, properties), which may start a job of their own: indexes wait a round.
 */
/** How the target's rollups / sync MVs must change to equal the source's. */
export interface SyncIndexMatch {
  /** Target indexes to drop: only on the target, or different from the source's (`why` says which). */
  drops: Array<{ idx: SyncIndexInfo; why: string; reason: 'dropped_on_source' | 'inconsistent' }>;
  /** Source indexes to add on the target (missing there, or dropped as different), in the source's order. */
  missing: SyncIndexInfo[];
}

export function matchSyncIndexes(s: readonly SyncIndexInfo[], t: readonly SyncIndexInfo[]): SyncIndexMatch {
  const tgtByName = new Map(t.map((i) => [i.name, i]));
  const srcByName = new Map(s.map((i) => [i.name, i]));
  const drops: SyncIndexMatch['drops'] = [];
  for (const i of t) {
    const si = srcByName.get(i.name);
    if (!si) drops.push({ idx: i, why: 'exists only on the target', reason: 'dropped_on_source' });
    else {
      const diff = syncIndexDifference(si, i);
      if (diff) drops.push({ idx: i, why: `differs from the source: ${diff}`, reason: 'inconsistent' });
    }
  }
  const inconsistent = new Set(drops.filter((d) => d.reason === 'inconsistent').map((d) => d.idx.name));
  return { drops, missing: s.filter((i) => !tgtByName.has(i.name) || inconsistent.has(i.name)) };
}

/** The differences between the two sides' rollups / sync MVs, one phrase each (empty = the same); for reports. */
export function syncIndexDifferences(src: TableInfo, tgt: TableInfo): string[] {
  const s = knownSyncIndexes(src);
  const t = knownSyncIndexes(tgt);
  if (s === null || t === null) return [`rollups / sync MVs could not be read on ${s === null ? 'the source' : 'the target'}`];
  const { drops, missing } = matchSyncIndexes(s, t);
  const differing = new Set(drops.filter((d) => d.reason === 'inconsistent').map((d) => d.idx.name));
  return [
    ...drops.map((d) => `${kindText(d.idx.kind)} ${d.idx.name} ${d.why}`),
    ...missing.filter((i) => !differing.has(i.name)).map((i) => `${kindText(i.kind)} ${i.name} missing on the target`),
  ];
}

export function diffSyncIndexes(
  db: string,
  src: TableInfo,
  tgt: TableInfo,
  cfg: Pick<PlannerConfig, 'ddlJobAllowDropSchemaChangeTable'>,
  otherAlters: boolean,
): SyncIndexDiff {
  const out: SyncIndexDiff = { actions: [], notes: [], waiting: false };
  const table = src.name;
  const wait = (message: string) => {
    out.waiting = true;
    out.notes.push({ object: 'table', db, table, reason: 'replication_deferred', message });
    return out;
  };
  const s = knownSyncIndexes(src);
  const t = knownSyncIndexes(tgt);
  if (s === null || t === null) {
    const side = s === null && t === null ? 'either cluster' : s === null ? 'the source' : 'the target';
    return wait(`its rollups / sync MVs could not be read on ${side} (one being built or dropped?); read again next round, replicated after`);
  }
  const { drops, missing } = matchSyncIndexes(s, t);
  if (drops.length === 0 && missing.length === 0) return out;
  const inconsistent = new Set(drops.filter((d) => d.reason === 'inconsistent').map((d) => d.idx.name));

  if (tgt.state !== '' && tgt.state !== 'NORMAL') {
    return wait(`is ${tgt.state} on the target (an ALTER job runs); its rollups / sync MVs wait for it, replicated after`);
  }
  if (otherAlters) return wait(`its rollups / sync MVs are added after the table's other ALTER statements of this round; replicated after`);

  const done: string[] = [];
  const kept = new Set<string>();
  for (const d of drops) {
    if (cfg.ddlJobAllowDropSchemaChangeTable) {
      out.actions.push(dropRollup(db, table, d.idx.name, d.reason));
      done.push(`dropping ${kindText(d.idx.kind)} ${d.idx.name}`);
    } else {
      kept.add(d.idx.name);
      out.notes.push({
        object: noteObject(d.idx.kind),
        db,
        table,
        name: d.idx.name,
        reason: 'schema_change',
        configKey: 'ddl_job_allow_drop_schema_change_table',
        message: `${d.why}; not dropped, so the table is not replicated`,
      });
    }
  }
  const addable = missing.filter((i) => !kept.has(i.name));
  for (const [n, idx] of addable.entries()) {
    const r = addSyncIndex(db, src, idx, inconsistent.has(idx.name) ? 'inconsistent' : 'missing_on_target');
    if ('error' in r) {
      out.notes.push({
        object: noteObject(idx.kind),
        db,
        table,
        name: idx.name,
        reason: 'unparsable_create_sql',
        message: `cannot be created on the target: ${r.error}; the table is not replicated`,
      });
      continue;
    }
    out.actions.push(r.action);
    const more = addable.length - n - 1;
    done.push(`adding ${kindText(idx.kind)} ${idx.name}${more > 0 ? ` (${more} more after it)` : ''}`);
    break; // one ALTER job per table at a time: the next one in a later round
  }
  if (done.length > 0) wait(`waits for its rollups / sync MVs on the target: ${done.join(', ')}; replicated once both sides have the same indexes`);
  else out.waiting = true; // only refused drops or uncreatable indexes: their notes say why
  return out;
}
