import { describe, expect, it } from 'vitest';
import { parseNameMappingText } from '../../../src/config/data-list.js';
import { describeConfig } from '../../../src/config/redact.js';
import { plannerConfigOf } from '../../../src/planner/config.js';
import { HOSTS, errorOf, parse } from './helpers.js';

const dbs = (text: string) => parse(`${HOSTS}target_database_mapping=${text}\n`).config.targetDatabaseMapping;
const tables = (text: string) => parse(`${HOSTS}target_table_mapping=${text}\n`).config.targetTableMapping;

describe('target_database_mapping / target_table_mapping', () => {
  it('default: empty (srsync-only keys, no warning)', () => {
    const loaded = parse(HOSTS);
    expect(loaded.config.targetDatabaseMapping).toEqual([]);
    expect(loaded.config.targetTableMapping).toEqual([]);
    expect(parse(`${HOSTS}target_database_mapping=\ntarget_table_mapping=\n`).warnings).toEqual([]);
  });

  it('parses entries, blanks trimmed, backtick-quoted names as in include_data_list', () => {
    expect(dbs(' sales : sales_new , `a:b`:`c,d`')).toEqual([
      { db: 'sales', table: null, to: 'sales_new' },
      { db: 'a:b', table: null, to: 'c,d' },
    ]);
    expect(tables('sales.orders:orders_2024, `s.x`.`t``1`:`new name`')).toEqual([
      { db: 'sales', table: 'orders', to: 'orders_2024' },
      { db: 's.x', table: 't`1', to: 'new name' },
    ]);
    expect(dbs('a:b, a:b')).toHaveLength(1);
  });

  it('reaches the planner config', () => {
    const c = parse(`${HOSTS}target_database_mapping=sales:sales_new\ntarget_table_mapping=sales.orders:o\n`).config;
    expect(plannerConfigOf(c)).toMatchObject({
      targetDatabaseMapping: [{ db: 'sales', to: 'sales_new' }],
      targetTableMapping: [{ db: 'sales', table: 'orders', to: 'o' }],
    });
  });

  it.each([
    ['target_database_mapping', 'sales', "has entry 'sales', which is not <src_db>:<target_db>"],
    ['target_database_mapping', 'sales:', "has entry 'sales:', which is not <src_db>:<target_db>"],
    ['target_database_mapping', 'a:b:c', "has entry 'a:b:c', which is not <src_db>:<target_db>"],
    ['target_database_mapping', 'a.t:b', "has entry 'a.t:b', which is not <src_db>:<target_db>"],
    ['target_database_mapping', 'a:b.c', "has entry 'a:b.c', which is not <src_db>:<target_db>"],
    ['target_table_mapping', 'sales:x', "has entry 'sales:x', which is not <src_db>.<src_table>:<target_table>"],
    ['target_table_mapping', 'sales.`x:y', "has entry 'sales.`x:y', which is not <src_db>.<src_table>:<target_table>"],
    ['target_database_mapping', '*:x', 'wildcards are not supported'],
  ])('%s=%s is refused', (key, value, why) => {
    const e = errorOf(`${HOSTS}${key}=${value}\n`);
    expect(e.message).toContain(`conf/sync.properties: ${key} = `);
    expect(e.message).toContain(why);
    expect(e.key).toBe(key);
    expect(e.exitCode).toBe(2);
  });

  it('two sources onto one target name: one line naming the file, key and both sources', () => {
    const e = errorOf(`${HOSTS}target_database_mapping=sales:dw, crm:dw\n`);
    expect(e.message).toBe(
      "conf/sync.properties: target_database_mapping = 'sales:dw, crm:dw' has entry 'crm:dw': two sources, sales and crm, are mapped onto one target name dw (line 3)",
    );
    expect(e.exitCode).toBe(2);
    expect(errorOf(`${HOSTS}target_table_mapping=s.a:x,s.b:x\n`).message).toContain('two sources, s.a and s.b, are mapped onto one target name x');
    // Tables of different databases may share a target name (their databases differ on the target unless mapped together).
    expect(tables('s.a:x,t.b:x')).toHaveLength(2);
  });

  it('one source mapped onto two names is refused', () => {
    expect(errorOf(`${HOSTS}target_database_mapping=sales:a,sales:b\n`).message).toContain('sales is mapped twice (onto a and b)');
  });

  it('the effective configuration prints the entries so that they read back the same', () => {
    const text = 'sales.orders:orders_2024,`s.x`.`t``1`:`a:b`';
    const printed = describeConfig(parse(`${HOSTS}target_table_mapping=${text}\n`).config).find((l) => l.startsWith('target_table_mapping='))!;
    expect(printed).toBe(`target_table_mapping=${text}`);
    expect(parseNameMappingText(printed.slice('target_table_mapping='.length), 'table')).toEqual(tables(text));
  });
});
