// ADMIN EXECUTE ON FRONTEND '<script>' answering the range-migration protocol merged in PR #77360
// (RangeDistributionMigrationService@6b3e681e, ExecuteScriptExecutor): the topology read and the split submission,
// and StarRocks' refusal of every invalid request, prefixed `execute script failed: `.
import type mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClusterHandle } from '../../../sim/cluster.js';
import { connect, control, exec, query, queryError, removeTempDirs, scalar, startSim, tempDir } from '../protocol/helpers.js';
import { adminExecute, cut, settle, SLOW_DAEMON, splitScript, topology, type TopologyRange } from './helpers.js';

let c: ClusterHandle;
let conn: mysql.Connection;
let parent: number;

const ALL: TopologyRange = { lowerBound: null, lowerIncluded: false, upperBound: null, upperIncluded: false };
const submit = (request: Record<string, TopologyRange[]>, table = 't') => adminExecute(splitScript('d', table, request));
const failure = async (sql: string) => (await queryError(conn, sql)).message;

beforeAll(async () => {
  c = await startSim('script', tempDir('range-script'), { version: '4.2.0', ...SLOW_DAEMON });
  conn = await connect(c.ports.query);
  await exec(
    conn,
    'CREATE DATABASE d',
    'CREATE TABLE d.t (k1 INT, k2 BIGINT, v INT) DUPLICATE KEY(k1, k2)',
    'CREATE TABLE d.h (k INT, v INT) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 2',
    `INSERT INTO d.t VALUES ${Array.from({ length: 30 }, (_, i) => `(${i}, ${i * 10}, ${i})`).join(', ')}`,
  );
  parent = (await topology(conn, 'd', 't')).partitions[0]!.indexes[0]!.tablets[0]!.tabletId;
});

afterAll(async () => {
  await conn?.end();
  await c?.stop();
  removeTempDirs();
});

describe('the topology read', () => {
  it('answers one `result` column holding the JSON', async () => {
    const r = await query(conn, adminExecute("out.append(globalState.getLocalMetastore().getRangeDistributionTopology('d', 't'))"));
    expect(r.columns).toEqual(['result']);
    expect(r.rows).toHaveLength(1);
    const topo = JSON.parse(r.rows[0]![0]!) as { tableId: number; partitions: unknown[] };
    expect(topo).toMatchObject({ databaseName: 'd', tableName: 't', partitions: [{ partitionName: 't' }] });
  });

  it('refuses unknown objects and tables that are not range-distributed', async () => {
    const topo = (db: string, t: string) => adminExecute(`out.append(globalState.getLocalMetastore().getRangeDistributionTopology('${db}', '${t}'))`);
    expect(await failure(topo('nodb', 't'))).toBe('execute script failed: Cannot find database nodb');
    expect(await failure(topo('d', 'nope'))).toBe('execute script failed: Cannot find OLAP table d.nope');
    expect(await failure(topo('d', 'h'))).toBe('execute script failed: Table d.h is not range-distributed');
  });

  it('refuses scripts other than the protocol; a non-OPERATE user is denied', async () => {
    expect(await failure(adminExecute('out.append(1 + 1)'))).toMatch(/^execute script failed: /);
    await exec(conn, "CREATE USER 'plain' IDENTIFIED BY 'pw'");
    const plain = await connect(c.ports.query, { user: 'plain', password: 'pw' });
    try {
      const e = await queryError(plain, adminExecute("out.append(globalState.getLocalMetastore().getRangeDistributionTopology('d', 't'))"));
      expect(e.message).toMatch(/OPERATE/);
    } finally {
      await plain.end();
    }
  });
});

describe('split submission refusals', () => {
  const p = () => String(parent);
  const cases: Array<[string, () => Record<string, TopologyRange[]>, () => string]> = [
    ['no parent', () => ({}), () => 'Range split requires at least one parent tablet'],
    ['one child', () => ({ [p()]: [ALL] }), () => `Parent tablet ${parent} must have between 2 and 1024 child ranges`],
    [
      'a gap',
      () => ({
        [p()]: [
          { lowerBound: null, lowerIncluded: false, upperBound: ['5', '0'], upperIncluded: false },
          { lowerBound: ['6', '0'], lowerIncluded: true, upperBound: null, upperIncluded: false },
        ],
      }),
      () => `Child ranges for parent tablet ${parent} have a gap, overlap, or duplicate at position 1`,
    ],
    [
      'an overlap',
      () => ({
        [p()]: [
          { lowerBound: null, lowerIncluded: false, upperBound: ['6', '0'], upperIncluded: false },
          { lowerBound: ['5', '0'], lowerIncluded: true, upperBound: null, upperIncluded: false },
        ],
      }),
      () => `Child ranges for parent tablet ${parent} have a gap, overlap, or duplicate at position 1`,
    ],
    [
      'a duplicate',
      () => ({ [p()]: [...cut(ALL, [['5', '0']]).slice(0, 1), ...cut(ALL, [['5', '0']]).slice(0, 1)] }),
      () => `Child ranges do not exactly cover parent tablet ${parent}`,
    ],
    [
      'a finite upper end included (not half-open)',
      () => ({
        [p()]: [
          { lowerBound: null, lowerIncluded: false, upperBound: ['5', '0'], upperIncluded: true },
          { lowerBound: ['5', '0'], lowerIncluded: false, upperBound: null, upperIncluded: false },
        ],
      }),
      () => `Finite upper endpoint of child range 0 for parent tablet ${parent} must be excluded`,
    ],
    [
      'a finite lower end excluded (not half-open)',
      () => ({
        [p()]: [
          { lowerBound: null, lowerIncluded: false, upperBound: ['5', '0'], upperIncluded: false },
          { lowerBound: ['5', '0'], lowerIncluded: false, upperBound: null, upperIncluded: false },
        ],
      }),
      () => `Finite lower endpoint of child range 1 for parent tablet ${parent} must be included`,
    ],
    [
      '-infinity included',
      () => ({ [p()]: [{ ...cut(ALL, [['5', '0']])[0]!, lowerIncluded: true }, cut(ALL, [['5', '0']])[1]!] }),
      () => '-infinity cannot be included',
    ],
    [
      'a reversed child',
      () => ({
        [p()]: [
          cut(ALL, [['5', '0']])[0]!,
          { lowerBound: ['5', '0'], lowerIncluded: true, upperBound: ['2', '0'], upperIncluded: false },
          cut(ALL, [['2', '0']])[1]!,
        ],
      }),
      () => `Child range 1 for parent tablet ${parent} is empty or reversed`,
    ],
    [
      'a wrong arity',
      () => ({ [p()]: cut(ALL, [['5']]) }),
      () => `The upper endpoint of child range 0 for parent tablet ${parent} has 1 values, expected 2`,
    ],
    [
      'a value of the wrong type',
      () => ({ [p()]: cut(ALL, [['five', '0']]) }),
      () => `Invalid upper endpoint of child range 0 for parent tablet ${parent}`,
    ],
    ['a tablet that is not current', () => ({ '1': cut(ALL, [['5', '0']]) }), () => 'Tablets [1] are not current visible tablets of table t'],
  ];

  for (const [what, request, message] of cases) {
    it(`refuses ${what}`, async () => {
      expect(await failure(submit(request()))).toBe(`execute script failed: ${message()}`);
    });
  }

  it('refuses too many children (tablet_reshard_max_split_count)', async () => {
    await exec(conn, 'ADMIN SET FRONTEND CONFIG ("tablet_reshard_max_split_count" = "2")');
    try {
      expect(
        await failure(
          submit({
            [p()]: cut(ALL, [
              ['3', '0'],
              ['6', '0'],
            ]),
          }),
        ),
      ).toBe(`execute script failed: Parent tablet ${parent} must have between 2 and 2 child ranges`);
    } finally {
      await exec(conn, 'ADMIN SET FRONTEND CONFIG ("tablet_reshard_max_split_count" = "1024")');
    }
  });

  it('refuses on a non-leader FE (leader work admission closed) before touching the table', async () => {
    await control(c.ports.http, 'close_admission');
    try {
      expect(await failure(submit({ [p()]: cut(ALL, [['5', '0']]) }))).toBe(
        'execute script failed: Range split must be submitted to the active leader FE',
      );
      // The topology read still answers (it reads the local metastore).
      expect((await topology(conn, 'd', 't')).partitions).toHaveLength(1);
    } finally {
      await control(c.ports.http, 'open_admission');
    }
    expect((await query(conn, 'SELECT JOB_ID FROM information_schema.tablet_reshard_jobs')).rows).toEqual([]);
  });

  it('refuses a non range table, and answers `execute script on frontend is disabled` when the static config is off', async () => {
    expect(await failure(submit({ '1': cut(ALL, [['5']]) }, 'h'))).toBe('execute script failed: Table d.h is not range-distributed');
    c.fe.config.setInternal('enable_execute_script_on_frontend', 'false'); // fe.conf + restart in StarRocks
    try {
      expect(await failure(submit({ [p()]: cut(ALL, [['5', '0']]) }))).toBe('execute script on frontend is disabled');
    } finally {
      c.fe.config.setInternal('enable_execute_script_on_frontend', 'true');
    }
  });
});

describe('an accepted split', () => {
  it('answers the job id, runs as a SPLIT_TABLET job (table TABLET_RESHARD meanwhile) and yields exactly those ranges', async () => {
    const r = await query(
      conn,
      submit({
        [String(parent)]: cut(ALL, [
          ['5', null],
          ['20', '200'],
        ]),
      }),
    );
    const jobId = r.rows[0]![0]!;
    expect(jobId).toMatch(/^\d+$/);
    const job = await query(conn, `SELECT JOB_TYPE, JOB_STATE FROM information_schema.tablet_reshard_jobs WHERE JOB_ID = ${jobId}`);
    expect(job.rows).toEqual([['SPLIT_TABLET', 'PENDING']]);
    // A second submission while the table reshards is refused (not NORMAL).
    expect(await failure(submit({ [String(parent)]: cut(ALL, [['7', '0']]) }))).toBe(
      'execute script failed: Table d.t is not in NORMAL state: TABLET_RESHARD',
    );
    await settle(c);
    expect((await query(conn, `SELECT JOB_STATE FROM information_schema.tablet_reshard_jobs WHERE JOB_ID = ${jobId}`)).rows).toEqual([['FINISHED']]);
    const tablets = (await topology(conn, 'd', 't')).partitions[0]!.indexes[0]!.tablets;
    expect(tablets.map((t) => t.range)).toEqual(
      cut(ALL, [
        ['5', null],
        ['20', '200'],
      ]),
    );
    expect(tablets.map((t) => t.tabletId)).not.toContain(parent);
    expect(await scalar(conn, 'SELECT COUNT(*) FROM d.t')).toBe('30');
  });
});

describe('string boundaries through two layers of escaping', () => {
  it('a VARCHAR boundary with a quote and a backslash, and a SQL NULL cell, survive SQL and Groovy quoting', async () => {
    await exec(conn, 'CREATE TABLE d.s (name VARCHAR(20), n INT, v INT) DUPLICATE KEY(name, n)');
    await exec(conn, "INSERT INTO d.s VALUES ('a', 1, 1), ('it\\'s', 2, 2), ('z\\\\y', 3, 3), ('zz', NULL, 4)");
    const p = (await topology(conn, 'd', 's')).partitions[0]!.indexes[0]!.tablets[0]!;
    const bounds = [
      ["it's", null],
      ['z\\y', '0'],
    ];
    const jobId = (await query(conn, submit({ [String(p.tabletId)]: cut(ALL, bounds) }, 's'))).rows[0]![0]!;
    expect(jobId).toMatch(/^\d+$/);
    await settle(c);
    const tablets = (await topology(conn, 'd', 's')).partitions[0]!.indexes[0]!.tablets;
    expect(tablets.map((t) => t.range)).toEqual(cut(ALL, bounds));
    expect(await scalar(conn, 'SELECT COUNT(*) FROM d.s')).toBe('4');
  });
});
