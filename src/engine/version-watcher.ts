// Notices new source versions within seconds, cheaply: polls only the partitions whose VISIBLE_VERSION_TIME
// is at or after the newest time already seen (information_schema.partitions_meta, reference §6.8).
import type { SqlClient } from '../cluster/sql-client.js';
import type { ClusterSnapshot, TableInfo } from '../model/snapshot.js';
import { SYSTEM_DATABASES } from '../inspector/inspector.js';

/** FE times have second resolution; re-read this far back so a load in the same second is never missed. */
const SLACK_MS = 2000;

/** What one poll saw: tables whose known partitions got newer versions, and whether unknown partitions appeared. */
export interface VersionChanges {
  /** Tables (db, table) with a known partition at a newer visible version. */
  tables: Array<{ db: string; table: string }>;
  /** A partition not in the baseline appeared (new partition or table, re-created table): only a full read tells. */
  newPartitions: boolean;
}

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

  /** Records the versions of tables re-read outside a full round. */
  baselineTables(tables: Iterable<TableInfo>): void {
    for (const t of tables) for (const p of t.partitions.values()) for (const pp of p.physical) this.versions.set(pp.id, pp.visibleVersion);
  }

  /** The visible version last seen for a source physical partition (baseline or poll). */
  knownVersion(physicalPartitionId: string): number | undefined {
    return this.versions.get(physicalPartitionId);
  }

  /** True when some source partition has a newer visible version than the last baseline or poll. */
  async poll(): Promise<boolean> {
    const c = await this.changes();
    return c.newPartitions || c.tables.length > 0;
  }

  /** Which source tables got newer versions since the last baseline or poll. */
  async changes(): Promise<VersionChanges> {
    const where = this.watermark ? ` WHERE VISIBLE_VERSION_TIME >= '${this.watermark}'` : '';
    const rows = await this.source.query(
      `SELECT DB_NAME, TABLE_NAME, PARTITION_ID, VISIBLE_VERSION, VISIBLE_VERSION_TIME FROM information_schema.partitions_meta${where}`,
    );
    const tables = new Map<string, { db: string; table: string }>();
    let newPartitions = false;
    let newest = this.watermark;
    for (const r of rows) {
      const db = r['DB_NAME'] ?? '';
      if (SYSTEM_DATABASES.has(db)) continue;
      const id = r['PARTITION_ID'] ?? '';
      const v = Number(r['VISIBLE_VERSION'] ?? 0);
      const known = this.versions.get(id);
      if (known === undefined || v > known) {
        const table = r['TABLE_NAME'] ?? '';
        if (known !== undefined) tables.set(`${db}\u0000${table}`, { db, table });
        else if (this.watermark !== null) newPartitions = true;
        this.versions.set(id, v);
      }
      const t = r['VISIBLE_VERSION_TIME'];
      if (t && t !== '\\N' && (newest === null || t > newest)) newest = t;
    }
    if (newest) this.watermark = shift(newest, -SLACK_MS);
    return { tables: [...tables.values()], newPartitions };
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
