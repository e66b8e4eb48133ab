// Issue 11 item 3: Index.toSql prints index names bare (`INDEX ` + name), so a name with a space, a backtick, a
// parenthesis or a newline makes SHOW CREATE TABLE text unparsable. The names come from SHOW INDEX instead.
import { describe, expect, it } from 'vitest';
import { hasIndexDefinitions, quoteIndexDefinitions, repairCreateSql, type IndexDefinition } from '../../../src/planner/show-create-repair.js';
import { parseCreate, tokenize } from '../../../src/planner/create-sql.js';
import { plannerConfig } from '../../../src/planner/config.js';
import { plan } from '../../../src/planner/plan.js';
import { TARGET_VOLUMES, cluster, database, table, targetOf, tpart } from './fixtures.js';

/** SHOW CREATE TABLE as StarRocks prints it (Index.toSql: bare name, columns in backticks, raw comment). */
function showCreate(indexes: IndexDefinition[], columns = ['id', 'c']): string {
  const cols = columns.map((c) => `  \`${c}\` varchar(10) NULL COMMENT ""`);
  const idx = indexes.map((i) => `  INDEX ${i.name} (${i.columns.map((c) => `\`${c}\``).join(',')}) USING ${i.type} COMMENT '${i.comment}'`);
  return `CREATE TABLE \`t\` (\n${[...cols, ...idx].join(',\n')}\n) ENGINE=OLAP \nDUPLICATE KEY(\`id\`)\nDISTRIBUTED BY HASH(\`id\`) BUCKETS 1 \nPROPERTIES (\n"replication_num" = "1"\n);`;
}

const HOSTILE: IndexDefinition[] = [
  { name: 'my idx', columns: ['c'], type: 'BITMAP', comment: '' },
  { name: 'a`b', columns: ['id'], type: 'BITMAP', comment: "it's" },
];

describe('index names from SHOW INDEX', () => {
  it('any index definition asks for SHOW INDEX: a bare name cannot be told apart from the text around it', () => {
    expect(hasIndexDefinitions(showCreate([]))).toBe(false);
    expect(hasIndexDefinitions(showCreate([{ name: 'idx_c', columns: ['c'], type: 'BITMAP', comment: '' }]))).toBe(true);
    expect(hasIndexDefinitions(showCreate([HOSTILE[0]!]))).toBe(true);
  });

  it('without the names the text does not parse back (the defect)', () => {
    const sql = showCreate(HOSTILE);
    expect(() => tokenize(repairCreateSql(sql, { identifiers: ['t', 'id', 'c'] }))).toThrow();
  });

  it('re-renders each definition with quoted name, columns and comment; the statement parses', () => {
    const sql = quoteIndexDefinitions(showCreate(HOSTILE), HOSTILE);
    expect(sql).toContain("  INDEX `my idx` (`c`) USING BITMAP COMMENT '',");
    expect(sql).toContain("  INDEX `a``b` (`id`) USING BITMAP COMMENT 'it\\'s'\n");
    const repaired = repairCreateSql(sql, { identifiers: ['t', 'id', 'c'] });
    expect(repaired).toBe(sql);
    expect(parseCreate(repaired).name.parts).toEqual(['t']);
    const idents = tokenize(repaired)
      .filter((t) => t.kind === 'ident')
      .map((t) => t.value);
    expect(idents).toEqual(expect.arrayContaining(['my idx', 'a`b']));
  });

  it('names with a newline, parentheses, USING, and columns with backticks', () => {
    const defs: IndexDefinition[] = [
      { name: 'x\ny (`c`) USING BITMAP', columns: ['c`q'], type: 'BITMAP', comment: 'a\nb' },
      { name: ' lead', columns: ['id'], type: 'NGRAMBF', comment: '' },
    ];
    const text = showCreate(defs, ['id', 'c`q']).replace(
      "USING NGRAMBF COMMENT ''",
      'USING NGRAMBF("bloom_filter_fpp" = "0.05", "gram_num" = "2") COMMENT \'\'',
    );
    const sql = quoteIndexDefinitions(text, defs);
    expect(sql).toContain("INDEX `x\ny (``c``) USING BITMAP` (`c``q`) USING BITMAP COMMENT 'a\\nb'");
    expect(sql).toContain('INDEX ` lead` (`id`) USING NGRAMBF("bloom_filter_fpp" = "0.05", "gram_num" = "2") COMMENT \'\'');
    const idents = tokenize(sql, ['c`q'])
      .filter((t) => t.kind === 'ident')
      .map((t) => t.value);
    expect(idents).toEqual(expect.arrayContaining(['x\ny (`c`) USING BITMAP', 'c`q', ' lead']));
  });

  it('repairCreateSql takes the definitions as known names too; unknown text is left as printed', () => {
    const sql = showCreate(HOSTILE);
    expect(repairCreateSql(sql, { identifiers: ['t', 'id', 'c'], indexes: HOSTILE })).toBe(quoteIndexDefinitions(sql, HOSTILE));
    expect(quoteIndexDefinitions(sql, [{ name: 'other', columns: ['c'], type: 'BITMAP', comment: '' }])).toBe(sql);
  });
});

describe('CREATE TABLE planned from a text with a hostile bitmap index name (src/planner/table.ts)', () => {
  // As StarRocks prints it: `INDEX a b`c (`v1`) USING BITMAP COMMENT ''` - the name bare, with a space and a backtick.
  const name = 'a b`c';
  const base = table('t1', { bitmapIndexes: [{ name, columns: ['v1'], comment: '' }] });
  const bare = base.createSql.replace(/ {2}INDEX .* USING BITMAP COMMENT ""/, `  INDEX ${name} (\`v1\`) USING BITMAP COMMENT ''`);

  it('the fixture prints the name bare (the defect needs it)', () => {
    expect(bare).toContain("  INDEX a b`c (`v1`) USING BITMAP COMMENT ''\n");
  });

  it("the table's bitmap indexes rebuild the definition quoted: the statement parses and names the index", () => {
    // A re-created table (schema differs): the snapshot holds its bitmap indexes (SHOW INDEX) and the bare text.
    const s = { ...base, createSql: bare };
    const t = targetOf(s, [tpart('p1')], { keysType: 'AGG_KEYS' });
    const p = plan(
      cluster([database('db1', { tables: [s] })]),
      cluster([database('db1', { tables: [t] })], { volumes: TARGET_VOLUMES }),
      plannerConfig(),
    );
    const create = p.ddl.find((a) => a.kind === 'create_table');
    expect(create?.sql).toContain("INDEX `a b``c` (`v1`) USING BITMAP COMMENT ''");
    const idents = tokenize(create!.sql)
      .filter((x) => x.kind === 'ident')
      .map((x) => x.value);
    expect(idents).toContain(name);
  });
});
