// Acceptance: rollups and synchronous MVs seen only through the protocols. The source shows them through SHOW PROC,
// DESC ALL and SHOW MATERIALIZED VIEWS (not SHOW CREATE TABLE, not information_schema for a cloud-native table);
// they are recreated on the target from what those show; a hand-built Thrift request listing every index of each
// partition (indexes paired by name, tablets by position) copies them; one that leaves an index out aborts.
import type mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClusterHandle } from '../../../sim/cluster.js';
import {
  buildReplicationRequest,
  connect,
  exec,
  query,
  queryError,
  removeTempDirs,
  rpcStatus,
  scalar,
  serviceId,
  startSim,
  tableLayout,
  tempDir,
  waitForReplicationJob,
  type TableLayout,
} from './helpers.js';

const MIRROR = 'src_builtin_storage_volume';

let src: ClusterHandle;
let tgt: ClusterHandle;
let s: mysql.Connection;
let t: mysql.Connection;
let srcServiceId: string;

const TABLE_DDL = `CREATE TABLE rdb.sales (id BIGINT NOT NULL, dt DATE NOT NULL, region VARCHAR(16), amount INT) DUPLICATE KEY(id)
  PARTITION BY RANGE(dt) (PARTITION p1 VALUES LESS THAN ("2024-02-01"), PARTITION p2 VALUES LESS THAN ("2024-03-01"))
  DISTRIBUTED BY HASH(id) BUCKETS 3`;

async function load(from: number, rows: number): Promise<void> {
  const values = Array.from(
    { length: rows },
    (_, i) => `(${(from + i) % 7}, '2024-0${1 + (i % 2)}-${String(1 + (i % 28)).padStart(2, '0')}', 'r${i % 3}', ${from + i})`,
  );
  await exec(s, `INSERT INTO rdb.sales VALUES ${values.join(', ')}`);
}

/** What srsync reads: ids from /dbs, index names and hashes from index_schema, indexes per partition, tablets. */
const layout = (c: mysql.Connection) => tableLayout(c, 'rdb', 'sales');

/** Reference §3 with every index of each partition, or only `only`: partitions by name, indexes by name, tablets by position. */
const buildRequest = (src: TableLayout, tgt: TableLayout, jobId: string, only?: string[]) =>
  buildReplicationRequest(src, tgt, { srcServiceId, mirrorVolume: MIRROR, jobId, onlyIndexes: only });

const waitForJob = (jobId: string) => waitForReplicationJob(t, 'rdb', jobId);

/** Row counts per index name (summed over the table's tablets) as SHOW TABLET shows them. */
async function rowsPerIndex(c: mysql.Connection, names: string[]): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const n of names) {
    const rows = (await query(c, `SHOW TABLET FROM rdb.sales WHERE IndexName = '${n}'`)).objects;
    out[n] = rows.reduce((a, r) => a + Number(r['RowCount']), 0);
  }
  return out;
}

beforeAll(async () => {
  const objectStore = tempDir('rollup');
  [src, tgt] = await Promise.all([startSim('src', objectStore), startSim('tgt', objectStore)]);
  [s, t] = await Promise.all([connect(src.ports.query), connect(tgt.ports.query)]);
  srcServiceId = await serviceId(src.ports.http);
  await exec(
    s,
    'ADMIN SET FRONTEND CONFIG ("lake_compaction_max_tasks" = "0")',
    'ADMIN SET FRONTEND CONFIG ("lake_autovacuum_grace_period_minutes" = "10000000")',
  );
  await exec(t, 'ADMIN SET FRONTEND CONFIG ("lake_compaction_max_tasks" = "0")');
  const vol = (await query(s, 'DESC STORAGE VOLUME builtin_storage_volume')).objects[0]!;
  await exec(
    t,
    `CREATE STORAGE VOLUME ${MIRROR} TYPE = S3 LOCATIONS = ("${vol['Location']!.split(', ')[0]}") PROPERTIES (
       "aws.s3.region" = "us-east-1", "aws.s3.endpoint" = "http://127.0.0.1", "aws.s3.access_key" = "ak", "aws.s3.secret_key" = "sk")`,
  );
  await exec(t, 'CREATE DATABASE pad', 'CREATE TABLE pad.x (k INT) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 4');
  await exec(
    s,
    'CREATE DATABASE rdb',
    TABLE_DDL,
    'ALTER TABLE rdb.sales ADD ROLLUP r_region (region, amount)',
    'USE rdb',
    'CREATE MATERIALIZED VIEW mv_by_id AS SELECT id, SUM(amount), COUNT(region) FROM sales GROUP BY id',
  );
  await load(0, 12);
  await load(100, 9);
});

afterAll(async () => {
  await Promise.all([s?.end(), t?.end()]);
  await Promise.all([src?.stop(), tgt?.stop()]);
  removeTempDirs();
});

describe('rollups and sync MVs through the protocols', () => {
  it('the source shows them in SHOW PROC, DESC ALL and SHOW MATERIALIZED VIEWS, not in SHOW CREATE TABLE', async () => {
    const l = await layout(s);
    expect(l.partitions.map((p) => p.indexes.map((i) => [i.name, i.tablets.length]))).toEqual([
      [
        ['sales', 3],
        ['r_region', 3],
        ['mv_by_id', 3],
      ],
      [
        ['sales', 3],
        ['r_region', 3],
        ['mv_by_id', 3],
      ],
    ]);
    // create 1, ADD ROLLUP 2, CREATE MATERIALIZED VIEW 3, two loads: VisibleVersion 5, DataVersion 3.
    expect(l.partitions.map((p) => [p.visibleVersion, p.dataVersion])).toEqual([
      ['5', '3'],
      ['5', '3'],
    ]);
    const schema = (await query(s, `SHOW PROC '/dbs/${l.dbId}/${l.tableId}/index_schema'`)).objects;
    expect(schema.map((r) => [r['IndexName'], r['Keys']]).sort()).toEqual([
      ['mv_by_id', 'DUP_KEYS(id)'],
      ['r_region', 'DUP_KEYS(region)'],
      ['sales', 'DUP_KEYS(id)'],
    ]);
    expect((await query(s, 'SHOW CREATE TABLE rdb.sales')).rows[0]![1]).not.toMatch(/ROLLUP|r_region|mv_by_id/);
    const mvs = (await query(s, 'SHOW MATERIALIZED VIEWS FROM rdb')).objects;
    expect(mvs.map((r) => [r['name'], r['refresh_type'], r['text']]).sort()).toEqual([
      ['mv_by_id', 'ROLLUP', 'CREATE MATERIALIZED VIEW mv_by_id AS SELECT id, SUM(amount), COUNT(region) FROM sales GROUP BY id'],
      ['r_region', 'ROLLUP', 'create materialized view r_region as select region,NONE(amount) from sales group by region'],
    ]);
    expect((await query(s, "SELECT * FROM information_schema.materialized_views WHERE TABLE_SCHEMA = 'rdb'")).rows).toEqual([]);
    expect((await queryError(s, 'SHOW CREATE MATERIALIZED VIEW rdb.mv_by_id')).message).toContain("Unknown table 'rdb.mv_by_id'");
    const desc = await query(s, 'DESC rdb.sales ALL');
    expect(desc.columns).toEqual(['IndexName', 'IndexKeysType', 'Field', 'Type', 'Null', 'Key', 'Default', 'Extra']);
    expect(
      desc.objects
        .filter((r) => r['IndexName'] !== '')
        .map((r) => [r['IndexName'], r['IndexKeysType']])
        .sort(),
    ).toEqual([
      ['mv_by_id', 'AGG_KEYS'],
      ['r_region', 'DUP_KEYS'],
      ['sales', 'DUP_KEYS'],
    ]);
    expect(await scalar(s, 'SELECT COUNT(*) FROM rdb.sales')).toBe('21');
  });

  it('are recreated on the target from what the source shows: identical index names, keys and schema hashes', async () => {
    await exec(t, 'CREATE DATABASE rdb', TABLE_DDL, 'USE rdb');
    // Per index: the columns of DESC ALL (an index's rows until the empty row).
    const desc = (await query(s, 'DESC rdb.sales ALL')).objects;
    const columns = new Map<string, Array<{ field: string; key: boolean; extra: string }>>();
    let current = '';
    for (const r of desc) {
      if (r['IndexName']) current = r['IndexName'];
      if (r['Field'])
        columns.set(current, [...(columns.get(current) ?? []), { field: r['Field'], key: r['Key'] === 'true', extra: r['Extra'] ?? '' }]);
    }
    for (const mv of (await query(s, 'SHOW MATERIALIZED VIEWS FROM rdb')).objects) {
      const cols = columns.get(mv['name']!)!;
      const keys = cols.filter((c) => c.key).map((c) => c.field);
      const values = cols.filter((c) => !c.key).map((c) => `${c.extra.split(',')[0]}(${c.field})`);
      // An index without OriginStatement (ALTER TABLE ADD ROLLUP) shows exactly buildCreateMVSql of its columns.
      const built = `create materialized view ${mv['name']} as select ${[...keys, ...values].join(',')} from sales group by ${keys.join(',')}`;
      if (mv['text'] === built) {
        await exec(t, `ALTER TABLE rdb.sales ADD ROLLUP ${mv['name']} (${cols.map((c) => c.field).join(', ')}) DUPLICATE KEY (${keys.join(', ')})`);
      } else {
        await exec(t, mv['text']!); // a sync MV: its CREATE MATERIALIZED VIEW statement as sent
      }
    }
    const schemaOf = async (c: mysql.Connection) => {
      const l = await layout(c);
      return (await query(c, `SHOW PROC '/dbs/${l.dbId}/${l.tableId}/index_schema'`)).objects
        .map((r) => [r['IndexName'], r['SchemaHash'], r['ShortKeyColumnCount'], r['Keys']])
        .sort();
    };
    expect(await schemaOf(t)).toEqual(await schemaOf(s));
  });

  it('a request with every index copies them all; COUNT(*) and the rows of each index match', async () => {
    const [sl, tl] = await Promise.all([layout(s), layout(t)]);
    expect(tl.partitions.map((p) => [p.visibleVersion, p.dataVersion])).toEqual([
      ['3', '1'],
      ['3', '1'],
    ]);
    expect(await rpcStatus(tgt.ports.rpc, buildRequest(sl, tl, 'rollup-all'))).toEqual({ code: 0, msgs: [] });
    const row = await waitForJob('rollup-all');
    expect(row).toMatchObject({ State: 'COMMITTED', Error: '' });
    const after = await layout(t);
    // Reference §4.3: DataVersion := 5 (source VisibleVersion); VisibleVersion := 3 + (5 − 1).
    expect(after.partitions.map((p) => [p.visibleVersion, p.dataVersion])).toEqual([
      ['7', '5'],
      ['7', '5'],
    ]);
    expect(await scalar(t, 'SELECT COUNT(*) FROM rdb.sales')).toBe('21');
    const names = ['sales', 'r_region', 'mv_by_id'];
    expect(await rowsPerIndex(t, names)).toEqual(await rowsPerIndex(s, names));
  });

  it('a request that leaves out an index is admitted, copies, and aborts with the unfinished tablets of that index', async () => {
    await load(200, 4);
    const [sl, tl] = await Promise.all([layout(s), layout(t)]);
    const before = tl.partitions.map((p) => p.dataVersion);
    expect(await rpcStatus(tgt.ports.rpc, buildRequest(sl, tl, 'rollup-partial', ['sales', 'mv_by_id']))).toEqual({ code: 0, msgs: [] });
    const row = await waitForJob('rollup-partial');
    expect(row['State']).toBe('ABORTED');
    // One unfinished tablet per index, in every partition that finished some tablet: the rollup's first tablet.
    const missing = tl.partitions.map((p) => p.indexes.find((i) => i.name === 'r_region')!.tablets[0]!);
    expect(row['Error']).toBe(`table 'sales" has unfinished tablets: [${missing.join(', ')}]`);
    expect((await layout(t)).partitions.map((p) => p.dataVersion)).toEqual(before);
  });

  it('loads reach every index on the target; DROP MATERIALIZED VIEW and DROP ROLLUP remove the indexes', async () => {
    const before = await rowsPerIndex(t, ['sales', 'r_region', 'mv_by_id']);
    await exec(t, "INSERT INTO rdb.sales VALUES (1, '2024-01-03', 'r9', 5)");
    const after = await rowsPerIndex(t, ['sales', 'r_region', 'mv_by_id']);
    const diff = (n: string) => after[n]! - before[n]!;
    expect(['sales', 'r_region', 'mv_by_id'].map(diff)).toEqual([1, 1, 1]);
    await exec(t, 'DROP MATERIALIZED VIEW rdb.mv_by_id', 'ALTER TABLE rdb.sales DROP ROLLUP r_region');
    const l = await layout(t);
    expect(l.partitions.map((p) => p.indexes.map((i) => i.name))).toEqual([['sales'], ['sales']]);
    expect((await query(t, 'SHOW MATERIALIZED VIEWS FROM rdb')).rows).toEqual([]);
    expect(await scalar(t, 'SELECT COUNT(*) FROM rdb.sales')).toBe('22');
  });
});
