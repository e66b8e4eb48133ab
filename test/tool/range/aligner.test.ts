// The aligner over the real protocol: two simulated 4.2 clusters (daemons driven by the test through the aligner's
// sleep), srsync's SqlClient, the two scripts with their quoting (a table name with a quote and a backslash).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type mysql from 'mysql2/promise';
import type { ClusterHandle } from '../../../sim/cluster.js';
import { SqlClient } from '../../../src/cluster/sql-client.js';
import { RangeAligner } from '../../../src/range/aligner.js';
import { RangeSender } from '../../../src/range/send.js';
import { classifyScriptError, RangeAlignmentError, RangeClient } from '../../../src/range/reader.js';
import { structurallyEqual } from '../../../src/range/topology.js';
import { connect, exec, PASSWORD, removeTempDirs, startSim, tempDir } from '../../sim/protocol/helpers.js';
import { settle, SLOW_DAEMON } from '../../sim/range/helpers.js';

let src: ClusterHandle;
let tgt: ClusterHandle;
let s: mysql.Connection;
let t: mysql.Connection;
let srcSql: SqlClient;
let tgtSql: SqlClient;
const TABLE = "it's\\r";
const Q = "`it's\\r`";

const rows = (from: number, n: number) => Array.from({ length: n }, (_, i) => `(${from + i}, 'value-${from + i}-padding-padding')`).join(', ');
const sqlClient = (port: number) =>
  new SqlClient(
    { host: '127.0.0.1', port, user: 'root', password: PASSWORD },
    { connectTimeoutMs: 5000, queryTimeoutMs: 10_000, connectionLimit: 2 },
  );

function aligner(logs: string[] = []): RangeAligner {
  return new RangeAligner(
    {
      source: new RangeClient(srcSql, 'source'),
      target: new RangeClient(tgtSql, 'target'),
      log: { info: (m: string) => logs.push(m), warn: (m: string) => logs.push(m) },
      now: Date.now,
      sleep: async () => {
        await Promise.all([src.lake.tick(), tgt.lake.tick()]);
      },
    },
    { pollMs: 1, waitLimitMs: 20_000 },
  );
}

const links = async () => {
  const [a, b] = await Promise.all([new RangeClient(srcSql, 'source').topology('d', TABLE), new RangeClient(tgtSql, 'target').topology('d', TABLE)]);
  return a.partitions.map((p, i) => ({ srcPhysicalId: p.physicalPartitionId, tgtPhysicalId: b.partitions[i]!.physicalPartitionId }));
};

beforeAll(async () => {
  const store = tempDir('range-align');
  [src, tgt] = await Promise.all([
    startSim('src', store, { version: '4.2.0', ...SLOW_DAEMON }),
    startSim('tgt', store, { version: '4.2.0', ...SLOW_DAEMON }),
  ]);
  [s, t] = await Promise.all([connect(src.ports.query), connect(tgt.ports.query)]);
  srcSql = sqlClient(src.ports.query);
  tgtSql = sqlClient(tgt.ports.query);
  for (const c of [s, t]) await exec(c, 'CREATE DATABASE d', `CREATE TABLE d.${Q} (k INT, v VARCHAR(64)) DUPLICATE KEY(k)`);
  await exec(s, `INSERT INTO d.${Q} VALUES ${rows(0, 200)}`, 'ADMIN SET FRONTEND CONFIG ("tablet_reshard_target_size" = "4000")');
  await settle(src);
  await exec(s, 'ADMIN SET FRONTEND CONFIG ("tablet_reshard_target_size" = "10737418240")');
});

afterAll(async () => {
  await Promise.all([s?.end(), t?.end(), srcSql?.close(), tgtSql?.close()]);
  await Promise.all([src?.stop(), tgt?.stop()]);
  removeTempDirs();
});

describe('RangeAligner against the simulator', () => {
  it('splits the new target table at the source boundaries, waits for the split job, then pairs by range', async () => {
    const logs: string[] = [];
    const before = await new RangeClient(srcSql, 'source').topology('d', TABLE);
    expect(before.partitions[0]!.indexes[0]!.tablets.length).toBeGreaterThan(1);
    const a = await aligner(logs).align({ db: 'd', table: TABLE, partitions: await links() });
    expect(a.splits).toBe(1);
    expect(logs.join('\n')).toMatch(/replication held; split job \d+ submitted on the target/);
    const [st, tt] = await Promise.all([
      new RangeClient(srcSql, 'source').topology('d', TABLE),
      new RangeClient(tgtSql, 'target').topology('d', TABLE),
    ]);
    expect(structurallyEqual(st, tt)).toBe(true);
    const idx = a.partitions[0]!.indexes[0]!;
    expect(idx.srcTabletIds).toEqual(st.partitions[0]!.indexes[0]!.tablets.map((x) => x.tabletId));
    expect(idx.tgtTabletIds).toEqual(tt.partitions[0]!.indexes[0]!.tablets.map((x) => x.tabletId));
    // Aligned already: nothing submitted the second time.
    expect((await aligner().align({ db: 'd', table: TABLE, partitions: await links() })).splits).toBe(0);
    await aligner().confirm({ db: 'd', table: TABLE, partitions: [] }, a);
  });

  it('a target boundary the source lacks is refused (merge needed), permanent, naming the table and the boundary', async () => {
    const tc = new RangeClient(tgtSql, 'target');
    const tablet = (await tc.topology('d', TABLE)).partitions[0]!.indexes[0]!.tablets[0]!;
    const upper = Number(tablet.range.upperBound![0]);
    const mid = String(Math.floor(upper / 2));
    await tc.submitSplit('d', TABLE, {
      [tablet.tabletId]: [
        { lowerBound: null, lowerIncluded: false, upperBound: [mid], upperIncluded: false },
        { lowerBound: [mid], lowerIncluded: true, upperBound: tablet.range.upperBound, upperIncluded: false },
      ],
    });
    await settle(tgt);
    const e = await aligner()
      .align({ db: 'd', table: TABLE, partitions: await links() })
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(RangeAlignmentError);
    const f = (e as RangeAlignmentError).failure;
    expect(f.permanent).toBe(true);
    expect(f.message).toContain(`range-distributed table d.${TABLE} cannot be aligned`);
    expect(f.message).toContain(`tablet boundary (${mid}) that the source does not have`);
  });

  it('RangeSender remembers the refusal; a re-check forgets it once the source has the boundary too', async () => {
    const sender = new RangeSender({
      source: srcSql,
      target: tgtSql,
      sleep: async () => void (await Promise.all([src.lake.tick(), tgt.lake.tick()])),
    });
    const job = { tableKey: `d.${TABLE}`, db: 'd', table: TABLE, tgtTableId: '1', partitions: await links() };
    await expect(sender.align(job)).rejects.toBeInstanceOf(RangeAlignmentError);
    expect(sender.refusals.size).toBe(1);
    await sender.recheck();
    expect(sender.refusals.size).toBe(1);
    // The source splits where the target has its extra boundary: a split-only layout again.
    const sc = new RangeClient(srcSql, 'source');
    const tgtTablets = (await new RangeClient(tgtSql, 'target').topology('d', TABLE)).partitions[0]!.indexes[0]!.tablets;
    const extra = tgtTablets[0]!.range.upperBound!;
    const parent = (await sc.topology('d', TABLE)).partitions[0]!.indexes[0]!.tablets[0]!;
    await sc.submitSplit('d', TABLE, {
      [parent.tabletId]: [
        { lowerBound: null, lowerIncluded: false, upperBound: extra, upperIncluded: false },
        { lowerBound: extra, lowerIncluded: true, upperBound: parent.range.upperBound, upperIncluded: false },
      ],
    });
    await settle(src);
    await sender.recheck();
    expect(sender.refusals.size).toBe(0);
    const a = await sender.align(job);
    const pair = sender.tablets(a, job.partitions[0]!.srcPhysicalId, job.partitions[0]!.tgtPhysicalId)!;
    expect(pair.tgt.indexes[0]!.tabletIds.map((id) => pair.tabletPairs.get(id))).toEqual(pair.src.indexes[0]!.tabletIds);
  });

  it("classifies the FE's refusals", () => {
    expect(classifyScriptError('execute script failed: Table d.r is not in NORMAL state: TABLET_RESHARD', 'target', 'd.r').kind).toBe('busy');
    const off = classifyScriptError('execute script on frontend is disabled', 'source', 'd.r');
    expect(off.kind === 'refused' && off.failure.fix).toMatch(/enable_execute_script_on_frontend = true .*fe\.conf/);
    const coloc = classifyScriptError('execute script failed: Range-colocate tables are not supported by cross-cluster migration', 'target', 'd.r');
    expect(coloc.kind === 'refused' && coloc.failure.permanent).toBe(true);
  });
});
