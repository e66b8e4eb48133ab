// src/command/sides.ts: the read-only sides of check, plan and verify, without clusters: login and read failures
// become ClusterErrors naming the side (exit 3), and withReadSides prints a failure masked and always closes.
import { describe, expect, it, vi } from 'vitest';
import type { CommandIo } from '../../../src/command/conf.js';
import { loginSide, openReadSides, readAt, readOrRefuse, whereOf, withReadSides, type ReadSide } from '../../../src/command/sides.js';
import { SqlClient, SqlError } from '../../../src/cluster/sql-client.js';
import { parseProperties } from '../../../src/config/properties.js';
import { parseSyncProperties } from '../../../src/config/load.js';
import { TransientReadError } from '../../../src/engine/ddl-sources.js';
import { ClusterError, ConfigError } from '../../../src/errors.js';

const PASSWORD = 'Tgt-Secret-42';
const config = parseSyncProperties(
  parseProperties(
    `source_fe_host=127.0.0.1\nsource_fe_query_port=19030\ntarget_fe_host=127.0.0.2\ntarget_fe_query_port=29030\ntarget_cluster_user=ops\ntarget_cluster_password=${PASSWORD}\n`,
    'conf/sync.properties',
  ),
).config;

/** A side whose inspector answers version_comment with `versionComment`. */
function fakeSide(versionComment: () => Promise<string>): ReadSide {
  return {
    side: 'target',
    sql: { endpoint: { host: '10.0.0.9', port: 9030, user: 'ops', password: '' } },
    inspector: { versionComment },
  } as unknown as ReadSide;
}

function io(): CommandIo & { out: string; err: string } {
  const r = { out: '', err: '', stdout: (t: string) => void (r.out += t), stderr: (t: string) => void (r.err += t) };
  return r;
}

describe('openReadSides', () => {
  it("opens each side on its configured FE's query port as its user, nothing contacted", async () => {
    const { source, target } = openReadSides(config);
    try {
      expect([source.side, whereOf(source), source.sql.endpoint.user]).toEqual(['source', '127.0.0.1:19030', 'root']);
      expect([target.side, whereOf(target), target.sql.endpoint.user, target.sql.endpoint.password]).toEqual([
        'target',
        '127.0.0.2:29030',
        'ops',
        PASSWORD,
      ]);
    } finally {
      await Promise.all([source.sql.close(), target.sql.close()]);
    }
  });
});

describe('loginSide', () => {
  it('gives the version comment', async () => {
    expect(await loginSide(fakeSide(async () => '4.1.0-abc'))).toBe('4.1.0-abc');
  });

  it('a refusal is a ClusterError naming side, address and user', async () => {
    const e = await loginSide(fakeSide(async () => Promise.reject(new SqlError('Access denied', 1045, 'SELECT @@version_comment', false)))).catch(
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(ClusterError);
    expect((e as ClusterError).message).toBe("cannot log in to the target cluster at 10.0.0.9:9030 as 'ops': Access denied");
    expect([(e as ClusterError).side, (e as ClusterError).object, (e as ClusterError).exitCode]).toEqual(['target', '10.0.0.9:9030', 3]);
  });
});

describe('readAt / readOrRefuse', () => {
  const side = fakeSide(async () => '');

  it('a SQL failure or a read failing for every object is a ClusterError (exit 3)', async () => {
    const sqlFail = await readOrRefuse(side, 'the catalog', () => Promise.reject(new SqlError('Table not found', 1146, 'SHOW', false))).catch(
      (x: unknown) => x,
    );
    expect(sqlFail).toBeInstanceOf(ClusterError);
    expect((sqlFail as Error).message).toBe('cannot read the catalog of the target cluster at 10.0.0.9:9030: Table not found');
    const transient = await readAt(side, 'the target catalog', () => Promise.reject(new TransientReadError('connection lost'))).catch(
      (x: unknown) => x,
    );
    expect((transient as Error).message).toBe('cannot read the target catalog at 10.0.0.9:9030: connection lost');
  });

  it('passes a value through, and any other failure unchanged', async () => {
    expect(await readOrRefuse(side, 'x', async () => 5)).toBe(5);
    const other = new ConfigError('include_data_list names nothing');
    expect(await readAt(side, 'x', () => Promise.reject(other)).catch((x: unknown) => x)).toBe(other);
  });
});

describe('withReadSides', () => {
  it("returns the body's exit code and closes both sides, after a success as after a failure", async () => {
    const close = vi.spyOn(SqlClient.prototype, 'close');
    try {
      const o = io();
      let seen: ReadSide[] = [];
      expect(await withReadSides(config, o, async ({ source, target }) => ((seen = [source, target]), 1))).toBe(1);
      expect(seen.map((s) => s.side)).toEqual(['source', 'target']);
      expect(close.mock.contexts).toEqual([seen[0]!.sql, seen[1]!.sql]);
      expect(o.err).toBe('');
      close.mockClear();
      expect(await withReadSides(config, o, () => Promise.reject(new ClusterError('refused')))).toBe(3);
      expect(close).toHaveBeenCalledTimes(2);
    } finally {
      close.mockRestore();
    }
  });

  it('a failure: one stderr line with the secrets masked, its exit code', async () => {
    const o = io();
    const code = await withReadSides(config, o, async () => {
      throw new ClusterError(`cannot log in (using password ${PASSWORD})`);
    });
    expect(code).toBe(3);
    expect(o.err).toBe('cannot log in (using password ******)\n');
    const bug = io();
    expect(await withReadSides(config, bug, async () => Promise.reject(new TypeError('x is undefined')))).toBe(1);
    expect(bug.err).toBe('TypeError: x is undefined\n');
  });

  it('hands the body the mask for what it prints itself', async () => {
    const o = io();
    await withReadSides(config, o, async (_sides, mask) => (o.stdout(mask(`password=${PASSWORD}`)), 0));
    expect(o.out).toBe('password=******');
  });
});
