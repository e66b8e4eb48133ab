// Notices new source versions within seconds, cheaply: polls only the partitions whose VISIBLE_VERSION_TIME
// is at or after the newest time already seen (information_schema.partitions_meta, reference §6.8).
import type { SqlClient } from '../cluster/sql-client.js';
import type { ClusterSnapshot } from '../model/snapshot.js';
import { SYSTEM_DATABASES } from '../inspector/inspector.js';

/** FE times have second resolution; re-read this far back so a load in the same second is never missed. */
const SLACK_MS = 2000;

export class SourceVersionWatcher {
  private readonly versions = new Map<string, number>();
  private watermark: string | null = null;

  constructor(private readonly source: SqlClient) {}

  /** Records the versions a round planned on. */
  baseline(snapshot: ClusterSnapshot): void {
    for (const db of snapshot.databases.values()) {
      for (const t of db.tables.values()) {
        for (const p of t.partitions.values()) for (const pp of p.physical) this.versions.set(pp.id, pp.visibleVersion);
      }
    }
  }

  /** True when some source partition has a newer visible version than the last baseline or poll. */
  async poll(): Promise<boolean> {
    const where = this.watermark ? ` WHERE VISIBLE_VERSION_TIME >= '${this.watermark}'` : '';
    const rows = await this.source.query(`SELECT DB_NAME, PARTITION_ID, VISIBLE_VERSION, VISIBLE_VERSION_TIME FROM information_schema.partitions_meta${where}`);
    let changed = false;
    let newest = this.watermark;
    for (const r of rows) {
      if (SYSTEM_DATABASES.has(r['DB_NAME'] ?? '')) continue;
      const id = r['PARTITION_ID'] ?? '';
      const v = Number(r['VISIBLE_VERSION'] ?? 0);
      const known = this.versions.get(id);
      if (known === undefined || v > known) {
        if (known !== undefined || this.watermark !== null) changed = true;
        this.versions.set(id, v);
      }
      const t = r['VISIBLE_VERSION_TIME'];
      if (t && t !== '\\N' && (newest === null || t > newest)) newest = t;
    }
    if (newest) this.watermark = shift(newest, -SLACK_MS);
    return changed;
  }
}

/** `yyyy-MM-dd HH:mm:ss` shifted by ms, in the same (FE-local) notation. */
function shift(t: string, ms: number): string {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})/.exec(t);
  if (!m) return t;
  const d = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) + ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}
