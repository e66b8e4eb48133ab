import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { OlapTable } from '../../../sim/catalog/model.js';
import { deserializeImage, serializeImage } from '../../../sim/fe/persistence.js';
import { compactPartition } from '../../../sim/lake/compaction.js';
import { indexSchemas } from '../../../sim/lake/index-schema.js';
import { partitionDir } from '../../../sim/lake/layout.js';
import { mergeRowsBy } from '../../../sim/lake/merge.js';
import { readSegment, segmentPath } from '../../../sim/lake/segments.js';
import { readTabletMeta, tabletMetaPath } from '../../../sim/lake/tablet-meta.js';
import { TxnManager } from '../../../sim/lake/txn.js';
import type { Row } from '../../../sim/lake/values.js';
import { harness, type Harness } from '../ddl/rollup-harness.js';

const open: Harness[] = [];
afterEach(() => {
  for (const h of open.splice(0)) h.cleanup();
});

async function setup(): Promise<Harness> {
  const h = harness();
  open.push(h);
  await h.sql('CREATE DATABASE d');
  await h.sql('USE d');
  await h.sql('CREATE TABLE t (k INT, dt DATE, v INT, s VARCHAR(10)) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 2');
  return h;
}

const table = (h: Harness): OlapTable => h.fe.getOlapTable('d', 't');

/** Every row of one index at the visible version (each tablet merged by the index's keys), sorted. */
function indexRows(h: Harness, name: string): Row[] {
  const t = table(h);
  const db = h.fe.getDb('d');
  const id = name === 't' ? t.baseIndex.indexId : t.rollups!.find((r) => r.name === name)!.indexId;
  const schema = indexSchemas(t).get(id)!;
  const out: Row[] = [];
  for (const p of t.partitions) {
    for (const pp of p.physicalPartitions) {
      const dir = partitionDir(h.fe, db, t, pp);
      for (const tablet of pp.indexes.find((i) => i.id === id)!.tablets) {
        const meta = readTabletMeta(dir, tablet.id, pp.visibleVersion)!;
        expect(meta.schemaHash).toBe(schema.schemaHash);
        out.push(
          ...mergeRowsBy(
            schema,
            meta.rowsets.flatMap((rs) => rs.segments.flatMap((s) => readSegment(dir, s))),
          ),
        );
      }
    }
  }
  return out.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

describe('rollup / sync MV data', () => {
  it('the job fills the new tablets from the base data at the visible version; later loads write every index', async () => {
    const h = await setup();
    await h.sql("INSERT INTO t VALUES (1, '2024-01-01', 10, 'a'), (1, '2024-01-02', 5, 'b'), (2, '2024-01-01', NULL, 'c')");
    await h.sql('ALTER TABLE t ADD ROLLUP r1 (k, v)');
    await h.sql('CREATE MATERIALIZED VIEW mv1 AS SELECT k, SUM(v), COUNT(v) FROM t GROUP BY k');
    expect(indexRows(h, 'r1')).toEqual(
      [
        { k: 1, v: 10 },
        { k: 1, v: 5 },
        { k: 2, v: null },
      ].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
    );
    expect(indexRows(h, 'mv1')).toEqual([
      { k: 1, mv_sum_v: 15, mv_count_v: 2 },
      { k: 2, mv_sum_v: null, mv_count_v: 0 },
    ]);
    await h.sql("INSERT INTO t VALUES (2, '2024-01-03', 7, 'd'), (3, '2024-01-03', 1, 'e')");
    expect(indexRows(h, 'mv1')).toEqual([
      { k: 1, mv_sum_v: 15, mv_count_v: 2 },
      { k: 2, mv_sum_v: 7, mv_count_v: 1 },
      { k: 3, mv_sum_v: 1, mv_count_v: 1 },
    ]);
    expect(indexRows(h, 'r1')).toHaveLength(5);
    // Queries read the base index only.
    expect(await h.sql('SELECT COUNT(*) AS n FROM t')).toEqual([{ n: '5' }]);
    // Partition RowCount is the base index's; DataSize counts every index.
    const pp = table(h).partitions[0]!.physicalPartitions[0]!;
    expect(pp.rowCount).toBe(5);
    expect(pp.dataSize).toBe(pp.indexes.reduce((n, i) => n + i.dataSize!, 0));
    expect(pp.indexes.map((i) => i.rowCount)).toEqual([5, 5, 4]); // mv1: pre-aggregated per load and tablet
  });

  it('new tablets start with empty metadata at version 1 and every tablet gets the job version', async () => {
    const h = await setup();
    await h.sql("INSERT INTO t VALUES (1, '2024-01-01', 10, 'a')");
    await h.sql('ALTER TABLE t ADD ROLLUP r1 (k, s)');
    const t = table(h);
    const pp = t.partitions[0]!.physicalPartitions[0]!;
    expect([pp.visibleVersion, pp.dataVersion]).toEqual([3, 2]);
    const dir = partitionDir(h.fe, h.fe.getDb('d'), t, pp);
    for (const tablet of pp.indexes[1]!.tablets) {
      expect(readTabletMeta(dir, tablet.id, 1)).toMatchObject({ version: 1, rowsets: [], schemaHash: t.rollups![0]!.schemaHash });
      expect(readTabletMeta(dir, tablet.id, 2)).toBeNull();
    }
    for (const tablet of pp.indexes[0]!.tablets) {
      expect(readTabletMeta(dir, tablet.id, 3)!.rowsets).toEqual(readTabletMeta(dir, tablet.id, 2)!.rowsets);
    }
  });

  it('compaction merges each tablet by its own index keys', async () => {
    const h = await setup();
    await h.sql('CREATE MATERIALIZED VIEW mv1 AS SELECT k, SUM(v) FROM t GROUP BY k');
    await h.sql("INSERT INTO t VALUES (1, '2024-01-01', 10, 'a')");
    await h.sql("INSERT INTO t VALUES (1, '2024-01-02', 5, 'b')");
    const t = table(h);
    const pp = t.partitions[0]!.physicalPartitions[0]!;
    await compactPartition(h.fe, h.fe.getDb('d'), t, pp);
    const dir = partitionDir(h.fe, h.fe.getDb('d'), t, pp);
    const mvTablets = pp.indexes[1]!.tablets.map((x) => readTabletMeta(dir, x.id, pp.visibleVersion)!);
    const segs = mvTablets.flatMap((m) => m.rowsets.flatMap((r) => r.segments));
    expect(segs).toHaveLength(1);
    expect(readSegment(dir, segs[0]!)).toEqual([{ k: 1, mv_sum_v: 15 }]);
    expect(indexRows(h, 't')).toHaveLength(2);
  });

  it("DROP ROLLUP deletes the tablets' metadata and segment files, keeping the base data", async () => {
    const h = await setup();
    await h.sql('ALTER TABLE t ADD ROLLUP r1 (k, v)');
    await h.sql("INSERT INTO t VALUES (1, '2024-01-01', 10, 'a'), (2, '2024-01-01', 3, 'b')");
    const t = table(h);
    const pp = t.partitions[0]!.physicalPartitions[0]!;
    const dir = partitionDir(h.fe, h.fe.getDb('d'), t, pp);
    const rollupTablets = pp.indexes[1]!.tablets.map((x) => x.id);
    const files = rollupTablets.flatMap((id) => readTabletMeta(dir, id, pp.visibleVersion)!.rowsets.flatMap((r) => r.segments.map((s) => s.file)));
    expect(files.length).toBeGreaterThan(0);
    const before = pp.dataSize;
    await h.sql('ALTER TABLE t DROP ROLLUP r1');
    for (const id of rollupTablets) for (let v = 1; v <= pp.visibleVersion; v++) expect(fs.existsSync(tabletMetaPath(dir, id, v))).toBe(false);
    for (const f of files) expect(fs.existsSync(segmentPath(dir, f))).toBe(false);
    expect(pp.dataSize).toBeLessThan(before);
    expect(await h.sql('SELECT COUNT(*) AS n FROM t')).toEqual([{ n: '2' }]);
  });

  it('a load still running on the table refuses the job (its rows would never reach the new index)', async () => {
    const h = await setup();
    await h.sql("INSERT INTO t VALUES (1, '2024-01-01', 10, 'a')");
    const txns = new TxnManager(h.fe);
    const load = txns.begin(h.fe.getDb('d').id, 'running_load', 'INSERT_STREAMING', [table(h).id], 60_000);
    const err = await h.error('ALTER TABLE t ADD ROLLUP r1 (k, v)');
    expect(err.message).toBe(`Table t has transaction ${load.id} not yet finished; retry the ALTER later`);
    expect(table(h).rollups ?? []).toEqual([]);
    expect(table(h).state).toBe('NORMAL');
    txns.abort(load, 'test');
    await h.sql('ALTER TABLE t ADD ROLLUP r1 (k, v)');
    expect(indexRows(h, 'r1')).toEqual([{ k: 1, v: 10 }]);
  });

  it('a failing build writes nothing: no files of the new tablets, no size change in the partitions it read first', async () => {
    const h = harness();
    open.push(h);
    await h.sql('CREATE DATABASE d');
    await h.sql('USE d');
    await h.sql(`CREATE TABLE t (k INT, dt DATE, v INT, s VARCHAR(10)) DUPLICATE KEY(k)
      PARTITION BY RANGE(dt) (PARTITION p1 VALUES LESS THAN ('2024-02-01'), PARTITION p2 VALUES LESS THAN ('2024-03-01'))
      DISTRIBUTED BY HASH(k) BUCKETS 2`);
    await h.sql("INSERT INTO t VALUES (1, '2024-01-01', 10, 'a'), (2, '2024-01-02', 3, 'b'), (3, '2024-02-01', 4, 'c'), (4, '2024-02-02', 5, 'd')");
    const t = table(h);
    const db = h.fe.getDb('d');
    const pps = t.partitions.map((p) => p.physicalPartitions[0]!);
    const listing = (pp: (typeof pps)[number]) => {
      const dir = partitionDir(h.fe, db, t, pp);
      return [...fs.readdirSync(`${dir}/meta`), ...fs.readdirSync(`${dir}/data`)].sort();
    };
    const before = pps.map((pp) => ({ files: listing(pp), dataSize: pp.dataSize, indexSize: pp.indexes[0]!.dataSize }));
    // Every partition but the last one the job reads stays readable; the last one lost its base segments.
    const last = pps[pps.length - 1]!;
    const lastDir = partitionDir(h.fe, db, t, last);
    for (const tablet of last.indexes[0]!.tablets) {
      for (const rs of readTabletMeta(lastDir, tablet.id, last.visibleVersion)!.rowsets)
        for (const s of rs.segments) fs.rmSync(segmentPath(lastDir, s.file));
    }
    before[before.length - 1]!.files = listing(last);
    const err = await h.error('ALTER TABLE t ADD ROLLUP r1 (k, v)');
    expect(err.message).toMatch(/^rollup task failed after try three times: /);
    expect(t.rollups ?? []).toEqual([]);
    expect(pps.map((pp) => ({ files: listing(pp), dataSize: pp.dataSize, indexSize: pp.indexes[0]!.dataSize }))).toEqual(before);
  });

  it("a rollup dropped while a load writes its segments leaves none of that load's files for its tablets", async () => {
    const h = await setup();
    await h.sql('ALTER TABLE t ADD ROLLUP r1 (k, v)');
    const t = table(h);
    const pp = t.partitions[0]!.physicalPartitions[0]!;
    const dir = partitionDir(h.fe, h.fe.getDb('d'), t, pp);
    const writeFile = fs.promises.writeFile;
    let dropped = false;
    // The DROP runs while the INSERT is between its segment writes and its publish (deterministic interleaving).
    fs.promises.writeFile = (async (...args: Parameters<typeof writeFile>) => {
      if (!dropped) {
        dropped = true;
        await h.sql('ALTER TABLE t DROP ROLLUP r1');
      }
      return writeFile(...args);
    }) as typeof writeFile;
    try {
      await h.sql("INSERT INTO t VALUES (1, '2024-01-01', 10, 'a'), (2, '2024-01-01', 3, 'b')");
    } finally {
      fs.promises.writeFile = writeFile;
    }
    expect(dropped).toBe(true);
    const referenced = new Set(
      pp.indexes
        .flatMap((i) => i.tablets)
        .flatMap((x) => readTabletMeta(dir, x.id, pp.visibleVersion)!.rowsets.flatMap((r) => r.segments.map((s) => s.file))),
    );
    expect(fs.readdirSync(`${dir}/data`).filter((f) => !referenced.has(f))).toEqual([]);
    expect(await h.sql('SELECT COUNT(*) AS n FROM t')).toEqual([{ n: '2' }]);
  });

  it('survives an FE image round trip (--data-dir)', async () => {
    const h = await setup();
    await h.sql('CREATE MATERIALIZED VIEW mv1 AS SELECT k, SUM(v) FROM t GROUP BY k');
    await h.sql("INSERT INTO t VALUES (1, '2024-01-01', 10, 'a')");
    const image = deserializeImage(serializeImage(h.fe.toData()));
    const h2 = harness({}, h.root, image);
    await h2.sql('USE d');
    expect((await h2.sql("SHOW PROC '/dbs/d/t/index_schema'")).map((r) => r['IndexName'])).toEqual(['t', 'mv1']);
    await h2.sql("INSERT INTO t VALUES (1, '2024-01-02', 5, 'b')");
    expect(indexRows(h2, 'mv1')).toEqual([{ k: 1, mv_sum_v: 15 }]);
    expect(table(h2).rollups![0]!.originStmt).toBe('CREATE MATERIALIZED VIEW mv1 AS SELECT k, SUM(v) FROM t GROUP BY k');
  });
});
