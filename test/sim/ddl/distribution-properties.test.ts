// Distribution and the properties it brings (bucket_size for RANDOM tables), as SHOW CREATE TABLE prints them.
import { describe, expect, it } from 'vitest';
import { showCreateTable } from '../../../sim/show/create-table.js';
import { errorOf, fixture } from './helpers.js';

function setup() {
  const f = fixture();
  f.run('CREATE DATABASE d1');
  const ddl = (t: string) => String(showCreateTable(f.fe, 'd1', t).rows[0]![1]);
  const props = (t: string) => ddl(t).split('\nPROPERTIES (\n')[1]!;
  return { ...f, ddl, props };
}

describe('RANDOM distribution and bucket_size', () => {
  it('a DUPLICATE table without DISTRIBUTED BY is RANDOM with the default bucket_size printed', () => {
    const f = setup();
    f.run('CREATE TABLE ev (id int, note varchar(20))');
    expect(f.ddl('ev')).toContain('\nDISTRIBUTED BY RANDOM\nPROPERTIES (\n"bucket_size" = "1073741824",\n');
  });

  it('prints bucket_size for RANDOM tables with explicit BUCKETS too, never for HASH tables', () => {
    const f = setup();
    f.run('CREATE TABLE r10 (id int, note varchar(20)) DUPLICATE KEY(id) DISTRIBUTED BY RANDOM BUCKETS 10');
    expect(f.ddl('r10')).toContain('\nDISTRIBUTED BY RANDOM BUCKETS 10\nPROPERTIES (\n"bucket_size" = "1073741824",\n');
    f.run('CREATE TABLE h4 (id int, note varchar(20)) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 4');
    expect(f.props('h4')).not.toContain('bucket_size');
    f.run('CREATE TABLE pk (id int, note varchar(20)) PRIMARY KEY(id)');
    expect(f.ddl('pk')).toContain('\nDISTRIBUTED BY HASH(`id`)\nPROPERTIES (\n');
    expect(f.props('pk')).not.toContain('bucket_size');
  });

  it('keeps a given bucket_size and lets ALTER TABLE change it', () => {
    const f = setup();
    f.run(`CREATE TABLE s (id int) PROPERTIES ("bucket_size" = "1024")`);
    expect(f.props('s')).toContain('"bucket_size" = "1024"');
    f.run(`ALTER TABLE s SET ("bucket_size" = "2048")`);
    expect(f.props('s')).toContain('"bucket_size" = "2048"');
  });

  it('refuses a bucket_size below 1 with StarRocks wording at CREATE and at ALTER', () => {
    const f = setup();
    expect(errorOf(() => f.run(`CREATE TABLE z (id int) PROPERTIES ("bucket_size" = "0")`)).message).toBe(
      'Unexpected exception: Illegal bucket size: 0',
    );
    expect(errorOf(() => f.run(`CREATE TABLE z (id int) PROPERTIES ("bucket_size" = "-1")`)).message).toBe(
      'Unexpected exception: Illegal bucket size: -1',
    );
    f.run('CREATE TABLE z (id int)');
    expect(errorOf(() => f.run(`ALTER TABLE z SET ("bucket_size" = "0")`)).message).toBe(
      'Getting analyzing error. Detail message: Illegal bucket size: 0.',
    );
  });
});

describe('shared-data default properties', () => {
  it('a new cloud-native table prints file_bundling and fast schema evolution v2 on, sorted with the lake keys', () => {
    const f = setup();
    f.run('CREATE TABLE pk (id bigint, v int) PRIMARY KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 2');
    expect(f.props('pk')).toBe(
      '"cloud_native_fast_schema_evolution_v2" = "true",\n"compression" = "LZ4",\n"datacache.enable" = "true",\n' +
        '"enable_async_write_back" = "false",\n"enable_persistent_index" = "true",\n"file_bundling" = "true",\n' +
        '"persistent_index_type" = "CLOUD_NATIVE",\n"replication_num" = "1",\n"storage_volume" = "builtin_storage_volume"\n);',
    );
  });

  it('file_bundling = false is kept and not printed', () => {
    const f = setup();
    f.run(`CREATE TABLE nb (id bigint, v int) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 2 PROPERTIES ("file_bundling" = "false")`);
    expect(f.props('nb')).not.toContain('file_bundling');
  });
});

describe('other current table properties', () => {
  it('accepts light_weight_tablet_creation and the Flat JSON properties and prints them', () => {
    const f = setup();
    f.run(`CREATE TABLE j (k int, doc json) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1
           PROPERTIES ("light_weight_tablet_creation" = "true", "flat_json.enable" = "true", "flat_json.column.max" = "50")`);
    const props = f.props('j');
    expect(props).toContain('"flat_json.column.max" = "50",\n"flat_json.enable" = "true",\n');
    expect(props).toContain('"light_weight_tablet_creation" = "true",\n');
  });
});

describe('default distribution per key model', () => {
  it('AGGREGATE and UNIQUE tables need DISTRIBUTED BY; RANDOM is for DUPLICATE (and AGGREGATE without REPLACE)', () => {
    const f = setup();
    expect(errorOf(() => f.run('CREATE TABLE a (k int, v int SUM) AGGREGATE KEY(k)')).message).toBe(
      'Getting analyzing error. Detail message: Currently not support default distribution in AGG_KEYS.',
    );
    expect(errorOf(() => f.run('CREATE TABLE u (k int, v int) UNIQUE KEY(k)')).message).toBe(
      'Getting analyzing error. Detail message: Currently not support default distribution in UNIQUE_KEYS.',
    );
    expect(errorOf(() => f.run('CREATE TABLE p (k int, v int) PRIMARY KEY(k) DISTRIBUTED BY RANDOM BUCKETS 20')).message).toBe(
      'Getting analyzing error from line 1, column 45 to line 1, column 75. Detail message: PRIMARY KEY must use hash distribution.',
    );
    f.run('CREATE TABLE a2 (k int, v int SUM) AGGREGATE KEY(k) DISTRIBUTED BY RANDOM BUCKETS 3');
    expect(f.ddl('a2')).toContain('\nDISTRIBUTED BY RANDOM BUCKETS 3\nPROPERTIES (\n"bucket_size" = "1073741824",\n');
  });
});
