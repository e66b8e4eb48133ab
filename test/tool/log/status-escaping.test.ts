// Issue 11 item 2 on the status page: table names and FE messages shown by /status and `srsync status` are escaped.
import { describe, expect, it } from 'vitest';
import { statusDocument, unsyncedTables } from '../../../src/status/index.js';
import { config, fakeSnapshot } from '../status/helpers.js';

const NAME = 'd.x\n2026-11-24 12:35:11.741 INFO [sync] Sync job progress: 100.00%';

describe('status escaping', () => {
  it('unsyncedTables escapes names and reasons', () => {
    const u = unsyncedTables(
      { inScope: [NAME], synced: new Set(), expired: new Set(), lagging: new Map(), jobs: new Map(), failures: new Map([[NAME, 'FE said \u001b[31mno\r\n']]), blocked: new Map() },
      10,
    );
    expect(u.tables).toEqual([{ table: 'd.x\\n2026-11-24 12:35:11.741 INFO [sync] Sync job progress: 100.00%', reason: 'replication failed: FE said \\x1b[31mno\\r\\n' }]);
  });

  it('statusDocument escapes the listed tables and the recent warnings', () => {
    const snap = fakeSnapshot();
    const progress = snap.progress ? { ...snap.progress, unsynced: { count: 1, tables: [{ table: NAME, reason: 'a\nb' }] } } : null;
    const doc = statusDocument({ version: 'x', pid: 1, startedAt: 0, config: config() }, { ...snap, progress, recentWarnings: [{ at: 0, level: 'WARN', message: 'w\u001b[2J' }] }, 0);
    expect(doc.tables_not_in_sync.tables).toEqual([{ table: 'd.x\\n2026-11-24 12:35:11.741 INFO [sync] Sync job progress: 100.00%', reason: 'a\\nb' }]);
    expect(doc.warnings.recent[0]!.message).toBe('w\\x1b[2J');
    expect(JSON.stringify(doc)).not.toMatch(/\\u001b|(^|[^\\])\\n2026/); // no raw ESC or newline left to encode
  });
});
