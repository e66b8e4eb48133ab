import { describe, expect, it } from 'vitest';
import { ensureBuiltinStorageVolume } from '../../../sim/ddl/index.js';
import { errorOf, fixture } from './helpers.js';

describe('storage volumes', () => {
  it('each cluster starts with the builtin volume as default (idempotent)', () => {
    const f = fixture({ builtinVolumeLocation: 's3://t-bucket/' });
    const sv = f.fe.catalog.storageVolumes.get('builtin_storage_volume')!;
    expect(sv).toMatchObject({ type: 'S3', locations: ['s3://t-bucket/'], enabled: true });
    expect(f.fe.catalog.defaultStorageVolume).toBe('builtin_storage_volume');
    expect(ensureBuiltinStorageVolume(f.fe)).toBe(sv);
    expect(f.fe.catalog.storageVolumes.size).toBe(1);
  });

  it('create, alter, set default and drop, with StarRocks errors', () => {
    const f = fixture();
    f.run(`CREATE STORAGE VOLUME v1 TYPE = S3 LOCATIONS = ("s3://other/prefix") COMMENT "second"
           PROPERTIES ("aws.s3.region" = "us-west-2", "aws.s3.endpoint" = "http://x", "enabled" = "false")`);
    const v1 = f.fe.catalog.storageVolumes.get('v1')!;
    expect(v1).toMatchObject({
      type: 'S3',
      enabled: false,
      comment: 'second',
      params: { 'aws.s3.region': 'us-west-2', 'aws.s3.endpoint': 'http://x' },
    });
    expect(errorOf(() => f.run('SET v1 AS DEFAULT STORAGE VOLUME')).message).toBe("Storage volume 'v1' is disabled");
    f.run('ALTER STORAGE VOLUME v1 SET ("enabled" = "true", "aws.s3.region" = "eu-1")');
    expect(v1).toMatchObject({ enabled: true, params: { 'aws.s3.region': 'eu-1', 'aws.s3.endpoint': 'http://x' } });
    f.run('SET v1 AS DEFAULT STORAGE VOLUME');
    expect(f.fe.catalog.defaultStorageVolume).toBe('v1');
    expect(errorOf(() => f.run('DROP STORAGE VOLUME v1')).message).toBe('default storage volume can not be removed');
    expect(errorOf(() => f.run('ALTER STORAGE VOLUME v1 SET ("enabled" = "false")')).message).toBe('Default volume can not be disabled');
    expect(errorOf(() => f.run('CREATE STORAGE VOLUME v1 TYPE = S3 LOCATIONS = ("s3://a/b")')).message).toBe("Storage volume 'v1' already exists");
    expect(f.run('CREATE STORAGE VOLUME IF NOT EXISTS v1 TYPE = S3 LOCATIONS = ("s3://a/b")')).toBeNull();
    expect(errorOf(() => f.run('CREATE STORAGE VOLUME v2 TYPE = S3 LOCATIONS = ("s3://a/b") PROPERTIES ("bogus" = "1")')).message).toBe(
      'Invalid properties bogus',
    );
    expect(errorOf(() => f.run('DROP STORAGE VOLUME nope')).message).toBe("Storage volume 'nope' does not exist");
    f.run('DROP STORAGE VOLUME IF EXISTS nope');
  });

  it('dbs bind to the default at creation; tables use their db volume; referenced volumes cannot be dropped', () => {
    const f = fixture();
    f.run('CREATE DATABASE d1');
    f.run('CREATE STORAGE VOLUME v1 TYPE = S3 LOCATIONS = ("s3://other/")');
    f.run('SET v1 AS DEFAULT STORAGE VOLUME');
    f.run('CREATE TABLE t (k int) DISTRIBUTED BY HASH(k) BUCKETS 1');
    expect(f.table('t').storageVolumeId).toBe('builtin_storage_volume');
    f.run('CREATE TABLE t2 (k int) DISTRIBUTED BY HASH(k) BUCKETS 1 PROPERTIES ("storage_volume" = "v1")');
    f.run('CREATE TABLE t3 (k int) DISTRIBUTED BY HASH(k) BUCKETS 1 PROPERTIES ("storage_volume" = "default")');
    const v1 = f.fe.catalog.storageVolumes.get('v1')!;
    expect([f.table('t2').storageVolumeId, f.table('t3').storageVolumeId]).toEqual([v1.id, v1.id]);
    f.run('CREATE DATABASE d2');
    expect(f.fe.getDb('d2').storageVolumeId).toBe(v1.id);
    f.run('SET builtin_storage_volume AS DEFAULT STORAGE VOLUME');
    const e = errorOf(() => f.run('DROP STORAGE VOLUME v1'));
    // Set<Long>.toString in HashSet order: 10016 (bucket 0) before 10011 (bucket 11)
    expect([f.table('t2').id, f.table('t3').id, f.fe.getDb('d2').id]).toEqual([10011, 10016, 10020]);
    expect(e.message).toBe("Storage volume 'v1' is referenced by dbs or tables, dbs: [10020], tables: [10016, 10011]");
    f.run('DROP DATABASE d2');
    f.run('DROP TABLE t2');
    f.run('DROP TABLE t3');
    f.run('DROP STORAGE VOLUME v1');
    expect(f.fe.catalog.storageVolumes.has('v1')).toBe(false);
  });

  it('is refused in shared_nothing mode', () => {
    const f = fixture({ runMode: 'shared_nothing' });
    expect(f.fe.catalog.storageVolumes.size).toBe(0);
    expect(() => f.run('CREATE STORAGE VOLUME v1 TYPE = S3 LOCATIONS = ("s3://a/")')).toThrow(/not supported in run mode/);
  });
});
