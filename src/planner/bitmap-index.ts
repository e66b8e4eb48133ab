// Bitmap indexes of a table present on both sides (manual: enable_bitmap_index_sync, default false;
// ddl_job_allow_drop_inconsistent_bitmap_index, default true; ddl_job_allow_drop_bitmap_index_target_only,
// default true). Paired by name; an index is inconsistent when its columns differ. Not a schema change.
import type { TableInfo } from '../model/snapshot.js';
import type { PlannerConfig } from './config.js';
import { sortedNames, type DiffResult } from './context.js';
import { createBitmapIndex, dropBitmapIndex } from './ddl.js';

export function diffBitmapIndexes(db: string, src: TableInfo, tgt: TableInfo, cfg: PlannerConfig): DiffResult {
  const out: DiffResult = { actions: [], notes: [] };
  if (!cfg.enableBitmapIndexSync) return out;
  const table = src.name;
  const srcIdx = new Map(src.bitmapIndexes.map((i) => [i.name, i]));
  const tgtIdx = new Map(tgt.bitmapIndexes.map((i) => [i.name, i]));
  for (const name of sortedNames(srcIdx, tgtIdx)) {
    const s = srcIdx.get(name);
    const t = tgtIdx.get(name);
    if (s && !t) {
      out.actions.push(createBitmapIndex(db, table, s, 'missing_on_target'));
    } else if (!s && t) {
      if (cfg.ddlJobAllowDropBitmapIndexTargetOnly) out.actions.push(dropBitmapIndex(db, table, name, 'dropped_on_source'));
      else
        out.notes.push({
          object: 'bitmap_index',
          db,
          table,
          name,
          reason: 'drop_not_allowed',
          configKey: 'ddl_job_allow_drop_bitmap_index_target_only',
          message: 'exists only on the target; kept',
        });
    } else if (s && t && (s.columns.length !== t.columns.length || s.columns.some((c, i) => c !== t.columns[i]))) {
      if (cfg.ddlJobAllowDropInconsistentBitmapIndex) {
        out.actions.push(dropBitmapIndex(db, table, name, 'inconsistent'));
        out.actions.push(createBitmapIndex(db, table, s, 'inconsistent'));
      } else
        out.notes.push({
          object: 'bitmap_index',
          db,
          table,
          name,
          reason: 'drop_not_allowed',
          configKey: 'ddl_job_allow_drop_inconsistent_bitmap_index',
          message: `is on (${t.columns.join(', ')}) on the target, (${s.columns.join(', ')}) on the source; kept`,
        });
    }
  }
  return out;
}
