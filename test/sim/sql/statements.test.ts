import { describe, expect, it } from 'vitest';
import { parse } from '../../../sim/sql/parser.js';
import { parseAs, parseError } from './helpers.js';

describe('databases and USE', () => {
  it.each([
    ['CREATE DATABASE db1', { kind: 'createDatabase', ifNotExists: false, name: 'db1', properties: {} }],
    [
      'create database if not exists `my db` properties ("replication_num" = "1");',
      { kind: 'createDatabase', ifNotExists: true, name: 'my db', properties: { replication_num: '1' } },
    ],
    ['CREATE SCHEMA s', { kind: 'createDatabase', name: 's' }],
    ['DROP DATABASE db1', { kind: 'dropDatabase', ifExists: false, name: 'db1', force: false }],
    ['DROP DATABASE IF EXISTS db1 FORCE', { kind: 'dropDatabase', ifExists: true, name: 'db1', force: true }],
    ['USE db1', { kind: 'use', catalog: null, db: 'db1' }],
    ['use default_catalog.`db 1`', { kind: 'use', catalog: 'default_catalog', db: 'db 1' }],
  ])('%s', (sql, expected) => {
    expect(parse(sql)).toMatchObject(expected);
  });
});

describe('storage volumes', () => {
  it('CREATE STORAGE VOLUME', () => {
    const s = parseAs(
      "CREATE STORAGE VOLUME IF NOT EXISTS src_sv TYPE = S3 LOCATIONS = ('s3://bucket/a', \"s3://bucket/b\") COMMENT 'copy' PROPERTIES ('aws.s3.region' = 'us-east-1', 'enabled' = 'true')",
      'createStorageVolume',
    );
    expect(s).toEqual({
      kind: 'createStorageVolume',
      ifNotExists: true,
      name: 'src_sv',
      type: 'S3',
      locations: ['s3://bucket/a', 's3://bucket/b'],
      comment: 'copy',
      properties: { 'aws.s3.region': 'us-east-1', enabled: 'true' },
    });
  });

  it.each([
    ['DROP STORAGE VOLUME IF EXISTS sv', { kind: 'dropStorageVolume', ifExists: true, name: 'sv' }],
    [
      'ALTER STORAGE VOLUME sv SET ("enabled" = "false")',
      { kind: 'alterStorageVolume', name: 'sv', properties: { enabled: 'false' }, comment: null },
    ],
    ["ALTER STORAGE VOLUME sv COMMENT = 'c', SET ('a' = 'b')", { kind: 'alterStorageVolume', properties: { a: 'b' }, comment: 'c' }],
    ['SET sv AS DEFAULT STORAGE VOLUME', { kind: 'setDefaultStorageVolume', name: 'sv' }],
    ["SET 'my sv' AS DEFAULT STORAGE VOLUME", { kind: 'setDefaultStorageVolume', name: 'my sv' }],
    ['DESC STORAGE VOLUME builtin_storage_volume', { kind: 'descStorageVolume', name: 'builtin_storage_volume' }],
    ['DESCRIBE STORAGE VOLUME `sv`', { kind: 'descStorageVolume', name: 'sv' }],
    ['SHOW STORAGE VOLUMES', { kind: 'showStorageVolumes', like: null }],
    ["SHOW STORAGE VOLUMES LIKE 'src%'", { kind: 'showStorageVolumes', like: 'src%' }],
  ])('%s', (sql, expected) => {
    expect(parse(sql)).toMatchObject(expected);
  });
});

describe('INSERT', () => {
  it('parses literals, negatives, NULL, booleans, DEFAULT and function calls', () => {
    const s = parseAs(
      "INSERT INTO d.t PARTITION (p1, p2) WITH LABEL `lbl-1` (a, b, c, d, e, f, g) VALUES (1, -2.5, 'x', NULL, TRUE, now(), to_bitmap(1)), (2, DEFAULT, \"y\", FALSE, false, hll_hash('a'), -3)",
      'insert',
    );
    expect(s).toMatchObject({
      overwrite: false,
      table: { db: 'd', name: 't' },
      partitions: ['p1', 'p2'],
      label: 'lbl-1',
      columns: ['a', 'b', 'c', 'd', 'e', 'f', 'g'],
    });
    expect(s.rows).toHaveLength(2);
    expect(s.rows[0]).toEqual([
      { kind: 'number', text: '1' },
      { kind: 'unary', op: '-', operand: { kind: 'number', text: '2.5' } },
      { kind: 'string', value: 'x' },
      { kind: 'null' },
      { kind: 'bool', value: true },
      { kind: 'call', name: 'now', args: [], star: false, distinct: false },
      { kind: 'call', name: 'to_bitmap', args: [{ kind: 'number', text: '1' }], star: false, distinct: false },
    ]);
    expect(s.rows[1]![1]).toEqual({ kind: 'default' });
  });

  it('minimal INSERT and INSERT OVERWRITE', () => {
    expect(parseAs('INSERT INTO t VALUES (1)', 'insert')).toEqual({
      kind: 'insert',
      overwrite: false,
      table: { db: null, name: 't' },
      partitions: null,
      label: null,
      columns: null,
      rows: [[{ kind: 'number', text: '1' }]],
    });
    expect(parseAs('INSERT OVERWRITE t (a) WITH LABEL l1 VALUES (1)', 'insert')).toMatchObject({ overwrite: true, label: 'l1', columns: ['a'] });
  });

  it.each(['INSERT INTO t SELECT', 'INSERT INTO t VALUES', 'INSERT INTO t VALUES ()', 'INSERT t VALUES (1)', 'INSERT INTO t (a VALUES (1)'])(
    'rejects %s',
    (sql) => {
      expect(parseError(sql).code).toBe(1064);
    },
  );
});

describe('SHOW', () => {
  it.each([
    ['SHOW DATABASES', { kind: 'showDatabases', like: null }],
    ["SHOW DATABASES LIKE 'd%'", { kind: 'showDatabases', like: 'd%' }],
    ['SHOW TABLES', { kind: 'showTables', full: false, db: null, like: null }],
    ["SHOW FULL TABLES FROM db1 LIKE 't%'", { kind: 'showTables', full: true, db: 'db1', like: 't%' }],
    ['SHOW TABLES IN `db 1`', { kind: 'showTables', db: 'db 1' }],
    ['SHOW CREATE TABLE d.t', { kind: 'showCreate', objectType: 'TABLE', name: { db: 'd', name: 't' } }],
    ['SHOW CREATE VIEW v', { kind: 'showCreate', objectType: 'VIEW', name: { db: null, name: 'v' } }],
    ['SHOW CREATE MATERIALIZED VIEW d.mv', { kind: 'showCreate', objectType: 'MATERIALIZED VIEW', name: { db: 'd', name: 'mv' } }],
    ['SHOW PARTITIONS FROM d.t', { kind: 'showPartitions', temporary: false, table: { db: 'd', name: 't' }, where: null, orderBy: [], limit: null }],
    [
      "SHOW TEMPORARY PARTITIONS FROM t WHERE PartitionName = 'p1' ORDER BY PartitionId DESC LIMIT 2",
      { kind: 'showPartitions', temporary: true, where: { kind: 'binary', op: '=' }, orderBy: [{ desc: true }], limit: { count: 2, offset: 0 } },
    ],
    ['SHOW TABLET FROM d.t', { kind: 'showTabletsFromTable', table: { db: 'd', name: 't' }, partitions: null, where: null }],
    [
      'SHOW TABLET FROM d.t PARTITION (p1, p2) WHERE IndexName = "t"',
      { kind: 'showTabletsFromTable', partitions: ['p1', 'p2'], where: { left: { name: 'IndexName' }, right: { value: 't' } } },
    ],
    ['SHOW TABLETS FROM t PARTITION(p1)', { kind: 'showTabletsFromTable', partitions: ['p1'] }],
    ['SHOW TABLET 10086', { kind: 'showTabletById', tabletId: '10086' }],
    ['SHOW INDEX FROM d.t', { kind: 'showIndex', table: { db: 'd', name: 't' } }],
    ['SHOW INDEXES IN t FROM d', { kind: 'showIndex', table: { db: 'd', name: 't' } }],
    ['SHOW KEYS FROM t', { kind: 'showIndex', table: { db: null, name: 't' } }],
    ['SHOW DATA', { kind: 'showData', table: null }],
    ['SHOW DATA FROM d.t', { kind: 'showData', table: { db: 'd', name: 't' } }],
    ['SHOW FRONTENDS', { kind: 'showFrontends' }],
    ['SHOW BACKENDS', { kind: 'showBackends' }],
    ['SHOW COMPUTE NODES', { kind: 'showComputeNodes' }],
    ["SHOW PROC '/dbs/10001'", { kind: 'showProc', path: '/dbs/10001' }],
    ['SHOW PROC "/frontends"', { kind: 'showProc', path: '/frontends' }],
    ['SHOW TRANSACTION WHERE ID = 5', { kind: 'showTransaction', db: null, txnId: '5' }],
    ['SHOW TRANSACTION FROM d WHERE id=42', { kind: 'showTransaction', db: 'd', txnId: '42' }],
    ['SHOW VARIABLES', { kind: 'showVariables', scope: null, like: null, where: null }],
    ["SHOW GLOBAL VARIABLES LIKE 'version%'", { kind: 'showVariables', scope: 'GLOBAL', like: 'version%' }],
    ["SHOW SESSION VARIABLES WHERE Variable_name = 'x'", { kind: 'showVariables', scope: 'SESSION', where: { kind: 'binary' } }],
    ['SHOW GRANTS', { kind: 'showGrants', user: null, all: false }],
    ["SHOW GRANTS FOR 'u'@'%'", { kind: 'showGrants', user: { user: 'u', host: '%' } }],
    ['SHOW MATERIALIZED VIEWS', { kind: 'showMaterializedViews', db: null, like: null }],
    ['SHOW MATERIALIZED VIEWS FROM d', { kind: 'showMaterializedViews', db: 'd' }],
    ['SHOW FULL COLUMNS FROM d.t', { kind: 'showColumns', full: true, table: { db: 'd', name: 't' }, like: null }],
    ['SHOW COLUMNS FROM t FROM d', { kind: 'showColumns', full: false, table: { db: 'd', name: 't' } }],
    ['SHOW FIELDS IN t', { kind: 'showColumns', table: { db: null, name: 't' } }],
  ])('%s', (sql, expected) => {
    expect(parse(sql)).toMatchObject(expected);
  });

  it('keeps generic WHERE / ORDER BY / LIMIT as a predicate', () => {
    expect(parseAs("SHOW DATABASES WHERE `Database` = 'x' LIMIT 1", 'showDatabases').predicate).toMatchObject({
      where: { kind: 'binary' },
      orderBy: [],
      limit: { count: 1 },
    });
    expect(parseAs('SHOW FRONTENDS', 'showFrontends').predicate).toBeNull();
    // Database is a reserved word in StarRocks: bare, it is a syntax error.
    expect(parseError("SHOW DATABASES WHERE Database = 'x'").code).toBe(1064);
  });

  it.each([
    ['SHOW TRANSACTION', 'should supply condition like: ID = $transaction_id'],
    ["SHOW TRANSACTION WHERE label = 'x'", 'Where clause should looks like: ID = $transaction_id'],
    ['SHOW TRANSACTION WHERE ID > 5', 'Where clause should looks like: ID = $transaction_id'],
  ])('%s is an analysis error', (sql, msg) => {
    const e = parseError(sql);
    expect(e.code).toBe(1064);
    expect(e.message).toContain(msg);
  });

  it.each(['SHOW', 'SHOW TABLE', 'SHOW PROC /dbs', 'SHOW CREATE DATABASE d', 'SHOW TABLET FROM', 'SHOW PARTITIONS t', 'SHOW PROCESSLIST'])(
    'rejects %s',
    (sql) => {
      expect(parseError(sql).code).toBe(1064);
    },
  );
});

describe('ADMIN', () => {
  it.each([
    [
      'ADMIN SET FRONTEND CONFIG ("lake_compaction_max_tasks" = "0")',
      { kind: 'adminSetFrontendConfig', key: 'lake_compaction_max_tasks', value: '0', persistent: false },
    ],
    ["admin set frontend config ('a' = 'b') with persistent", { kind: 'adminSetFrontendConfig', key: 'a', value: 'b', persistent: true }],
    ['ADMIN SHOW FRONTEND CONFIG', { kind: 'adminShowFrontendConfig', like: null }],
    ["ADMIN SHOW FRONTEND CONFIG LIKE 'run_mode'", { kind: 'adminShowFrontendConfig', like: 'run_mode' }],
  ])('%s', (sql, expected) => {
    expect(parse(sql)).toMatchObject(expected);
  });

  it.each([
    'ADMIN SET FRONTEND CONFIG ("a" = "1", "b" = "2")',
    'ADMIN SET FRONTEND CONFIG "a" = "1"',
    'ADMIN SET FRONTEND CONFIG ("a" = 1)',
    'ADMIN SHOW CONFIG',
  ])('rejects %s', (sql) => {
    expect(parseError(sql).code).toBe(1064);
  });
});

describe('SET and KILL', () => {
  it.each([
    ['SET query_timeout = 600', [{ scope: null, user: false, name: 'query_timeout', value: { kind: 'number', text: '600' }, valueText: '600' }]],
    [
      "SET SESSION time_zone = '+08:00', GLOBAL x = 1",
      [
        { scope: 'SESSION', name: 'time_zone', value: { value: '+08:00' } },
        { scope: 'GLOBAL', name: 'x' },
      ],
    ],
    ['SET LOCAL x = 1', [{ scope: 'SESSION' }]],
    [
      'SET @@session.autocommit = 1, @@global.y = DEFAULT',
      [
        { scope: 'SESSION', name: 'autocommit' },
        { scope: 'GLOBAL', name: 'y', isDefault: true, value: { kind: 'default' } },
      ],
    ],
    ['SET @@x = ON', [{ scope: null, name: 'x', value: { kind: 'string', value: 'ON' } }]],
    ["SET sql_mode = 'STRICT_TRANS_TABLES'", [{ name: 'sql_mode', value: { value: 'STRICT_TRANS_TABLES' } }]],
    ['SET @v = 1 + 1', [{ user: true, name: 'v', valueText: '1 + 1' }]],
    ['SET names = 1', [{ name: 'names' }]],
  ])('%s', (sql, assignments) => {
    expect(parseAs(sql, 'setVariables').assignments).toMatchObject(assignments);
  });

  it.each([
    ['SET NAMES utf8mb4', { kind: 'setNames', charset: 'utf8mb4', collate: null }],
    ["SET NAMES 'utf8mb4' COLLATE 'utf8mb4_general_ci'", { kind: 'setNames', charset: 'utf8mb4', collate: 'utf8mb4_general_ci' }],
    ['SET NAMES DEFAULT', { kind: 'setNames', charset: null }],
    ['SET CHARACTER SET utf8', { kind: 'setNames', charset: 'utf8' }],
    ["SET PASSWORD = PASSWORD('pw')", { kind: 'setPassword', user: null, password: 'pw', hashed: false }],
    ["SET PASSWORD FOR 'u'@'%' = '*ABC'", { kind: 'setPassword', user: { user: 'u', host: '%' }, password: '*ABC', hashed: true }],
    ['KILL 42', { kind: 'kill', queryOnly: false, connectionId: '42' }],
    ['KILL CONNECTION 42', { kind: 'kill', queryOnly: false, connectionId: '42' }],
    ['KILL QUERY 7', { kind: 'kill', queryOnly: true, connectionId: '7' }],
    ["KILL QUERY 'abc-def'", { kind: 'kill', queryOnly: true, connectionId: '', queryId: 'abc-def' }],
  ])('%s', (sql, expected) => {
    expect(parse(sql)).toMatchObject(expected);
  });

  it.each(['SET', 'SET x', 'SET x =', 'SET ROLE ALL', 'SET CATALOG c', 'SET TRANSACTION READ ONLY', 'KILL', 'KILL abc', 'SET select = 1'])(
    'rejects %s',
    (sql) => {
      expect(parseError(sql).code).toBe(1064);
    },
  );
});

describe('users and grants', () => {
  it.each([
    [
      "CREATE USER 'u' IDENTIFIED BY 'pw'",
      {
        kind: 'createUser',
        ifNotExists: false,
        user: { user: 'u', host: '%', isDomain: false },
        password: 'pw',
        passwordHashed: false,
        defaultRoles: [],
      },
    ],
    [
      "CREATE USER IF NOT EXISTS 'u'@'10.%' IDENTIFIED BY PASSWORD '*HASH' DEFAULT ROLE r1, 'r2'",
      { ifNotExists: true, user: { host: '10.%' }, password: '*HASH', passwordHashed: true, defaultRoles: ['r1', 'r2'] },
    ],
    ['CREATE USER u', { user: { user: 'u', host: '%' }, password: null }],
    ["CREATE USER 'u'@['example.com']", { user: { user: 'u', host: 'example.com', isDomain: true } }],
    ["DROP USER 'u'@'%'", { kind: 'dropUser', ifExists: false, user: { user: 'u', host: '%' } }],
    ['DROP USER IF EXISTS u', { kind: 'dropUser', ifExists: true }],
  ])('%s', (sql, expected) => {
    expect(parse(sql)).toMatchObject(expected);
  });

  it.each([
    [
      "GRANT OPERATE ON SYSTEM TO USER 'u'",
      {
        kind: 'grantPrivileges',
        privileges: ['OPERATE'],
        object: { kind: 'system' },
        grantee: { kind: 'user', user: { user: 'u' } },
        withGrantOption: false,
      },
    ],
    ["GRANT OPERATE, NODE ON SYSTEM TO 'u'@'%' WITH GRANT OPTION", { privileges: ['OPERATE', 'NODE'], withGrantOption: true }],
    ["GRANT ALL ON *.* TO 'u'", { privileges: ['ALL'], object: { kind: 'legacy', db: '*', table: '*' } }],
    ["GRANT ALL PRIVILEGES ON db1.* TO 'u'", { privileges: ['ALL'], object: { kind: 'legacy', db: 'db1', table: '*' } }],
    [
      "GRANT SELECT, INSERT ON d.t TO ROLE 'r'",
      { privileges: ['SELECT', 'INSERT'], object: { kind: 'legacy', db: 'd', table: 't' }, grantee: { kind: 'role', role: 'r' } },
    ],
    [
      'GRANT SELECT ON TABLE d.t1, d.t2 TO USER u',
      {
        object: {
          kind: 'objects',
          objectType: 'TABLE',
          names: [
            { db: 'd', name: 't1' },
            { db: 'd', name: 't2' },
          ],
        },
      },
    ],
    [
      'GRANT CREATE TABLE, CREATE MATERIALIZED VIEW ON DATABASE d TO u',
      {
        privileges: ['CREATE TABLE', 'CREATE MATERIALIZED VIEW'],
        object: { kind: 'objects', objectType: 'DATABASE', names: [{ db: null, name: 'd' }] },
      },
    ],
    ['GRANT USAGE ON STORAGE VOLUME sv TO u', { privileges: ['USAGE'], object: { kind: 'objects', objectType: 'STORAGE VOLUME' } }],
    ['GRANT SELECT ON ALL TABLES IN ALL DATABASES TO u', { object: { kind: 'all', objectType: 'TABLES', db: null, inAllDatabases: true } }],
    ['GRANT SELECT ON ALL TABLES IN DATABASE d TO u', { object: { kind: 'all', objectType: 'TABLES', db: 'd' } }],
    ['GRANT ALTER ON ALL MATERIALIZED VIEWS IN DATABASE d TO u', { object: { kind: 'all', objectType: 'MATERIALIZED VIEWS', db: 'd' } }],
    ["GRANT db_admin TO USER 'u'", { kind: 'grantRole', roles: ['db_admin'], grantee: { kind: 'user', user: { user: 'u' } } }],
    ["GRANT 'r1', r2 TO ROLE r3", { kind: 'grantRole', roles: ['r1', 'r2'], grantee: { kind: 'role', role: 'r3' } }],
    ["REVOKE SELECT ON d.t FROM 'u'", { kind: 'revokePrivileges', privileges: ['SELECT'], object: { kind: 'legacy' } }],
    ["REVOKE r1 FROM USER 'u'", { kind: 'revokeRole', roles: ['r1'] }],
  ])('%s', (sql, expected) => {
    expect(parse(sql)).toMatchObject(expected);
  });

  it.each([
    "GRANT OPERATE ON SYSTEM 'u'",
    'GRANT ON SYSTEM TO u',
    "CREATE USER 'u' IDENTIFIED 'pw'",
    'GRANT SELECT ON FUNCTION f(INT) TO u',
    'GRANT TO u',
  ])('rejects %s', (sql) => {
    expect(parseError(sql).code).toBe(1064);
  });
});
