import { describe, expect, it } from 'vitest';
import { parseCutoverOptions, reportFiles } from '../../../src/cutover/command.js';
import { differenceLines, nextSteps, reportDocument, reportText, type CutoverFacts } from '../../../src/cutover/report.js';
import { ConfigError } from '../../../src/errors.js';
import { compareClusters } from '../../../src/verify/compare.js';
import { judgePartition, type TableContent } from '../../../src/verify/content.js';
import { cluster, database, part, table, targetOf, tpart } from '../planner/fixtures.js';

const CFG = { includeDataList: [], excludeDataList: [], enableViewSync: false, enableMaterializedViewSync: false };
const SRC = table('t', { partitions: [part('p1', { version: 3, id: '11' })] });
const src = cluster([database('db1', { tables: [SRC] })]);
const tgt = cluster([database('db1', { tables: [targetOf(SRC, [tpart('p1', { version: 3, id: '91' })])] })]);

const fp = (rows: number, hash1: string) => ({ rows, hash1, hash2: `${hash1}-2` });
const at = { visible: [3], data: [3] };
const content = (targetHash: string): TableContent[] => [
  {
    db: 'db1',
    table: 't',
    skippedColumns: [],
    partitions: [
      judgePartition('p1', { before: at, after: at, fingerprint: fp(10, '777') }, { before: at, after: at, fingerprint: fp(10, targetHash) }),
    ],
  },
];

function facts(done: boolean, targetHash = '777'): CutoverFacts {
  return {
    srsyncVersion: '9.9.9',
    confDir: '/opt/srsync/conf',
    source: { address: '10.0.0.1:9030', user: 'root', version: '4.1.0-abc' },
    target: { address: '10.0.0.2:9030', user: 'admin', version: '4.1.1-def' },
    quietSeconds: 60,
    timeoutSeconds: 600,
    include: ['db1'],
    exclude: [],
    startedAt: Date.UTC(2026, 0, 2, 3, 4, 5),
    finishedAt: Date.UTC(2026, 0, 2, 3, 5, 10),
    steps: [{ step: 'source_quiet', startedAt: Date.UTC(2026, 0, 2, 3, 4, 5), endedAt: Date.UTC(2026, 0, 2, 3, 5, 5), result: 'quiet' }],
    sourceQuietSince: Date.UTC(2026, 0, 2, 3, 4, 5),
    verify: compareClusters(src, tgt, CFG),
    content: content(targetHash),
    targetSnapshot: tgt,
    run: { state: done ? 'stopped' : 'left_running', pids: [42], notes: [] },
    done,
    reasons: done ? [] : ['1 partition(s) with different content'],
    files: { text: '/opt/srsync/log/cutover-x.txt', json: '/opt/srsync/log/cutover-x.json' },
  };
}

describe('the cutover report', () => {
  it('done: per table and partition the versions, counts and both fingerprints; the next steps', () => {
    const doc = reportDocument(facts(true));
    expect(doc).toMatchObject({
      report: 'srsync cutover',
      srsync_version: '9.9.9',
      outcome: 'done',
      started_at: '2026-01-02T03:04:05.000Z',
      seconds: 65,
      source: { address: '10.0.0.1:9030', user: 'root', version: '4.1.0-abc' },
      steps: [{ step: 'source_quiet', seconds: 60, result: 'quiet' }],
      summary: { tables: 1, tables_in_sync: 1, tables_content_same: 1, partitions: 1, partitions_same: 1, rows_source: 10, rows_target: 10 },
      tables: [
        {
          db: 'db1',
          table: 't',
          status: 'in_sync',
          content: 'same',
          rows: { source: 10, target: 10 },
          problems: [],
          partitions: [
            {
              name: 'p1',
              content: 'same',
              source_visible_versions: [3],
              target_data_versions: [3],
              source: { rows: 10, hash1: '777', hash2: '777-2' },
              target: { rows: 10, hash1: '777', hash2: '777-2' },
            },
          ],
        },
      ],
      differences: [],
      run: { state: 'stopped', pids: [42] },
    });
    expect(doc['next_steps']).toEqual(nextSteps(facts(true)));
    const text = reportText(facts(true));
    expect(text).toContain('outcome: DONE');
    expect(text).toContain(
      '    partition p1: same; source visible version 3, target data version 3; source 10 rows, fingerprint 777/777-2; target 10 rows, fingerprint 777/777-2',
    );
    expect(text).toContain('srsync run: stopped (pid 42)');
    expect(text.some((l) => l.startsWith('  2. Run `srsync finish --conf /opt/srsync/conf`'))).toBe(true);
  });

  it('not done: the differences listed, no next steps', () => {
    const f = facts(false, '778');
    expect(differenceLines(f)).toEqual([
      expect.stringMatching(/^content differs db1\.t partition p1: rows source 10, target 10; fingerprint source 777\/777-2, target 778\/778-2$/),
    ]);
    const doc = reportDocument(f);
    expect(doc).toMatchObject({ outcome: 'not_done', reasons: ['1 partition(s) with different content'], next_steps: [] });
    expect(doc['tables']).toMatchObject([{ content: 'differs' }]);
    const text = reportText(f);
    expect(text).toContain('outcome: NOT DONE (1 partition(s) with different content)');
    expect(text).toContain('differences:');
    expect(text.join('\n')).not.toContain('next steps');
  });

  it('stopped before any comparison: an empty summary', () => {
    const { verify: _v, content: _c, targetSnapshot: _t, ...early } = facts(false);
    expect(reportDocument(early)).toMatchObject({ summary: { tables: 0, partitions: 0, rows_source: 0 }, tables: [], differences: [] });
  });
});

describe('cutover options', () => {
  it('defaults 60 s quiet, 600 s timeout; fractions allowed; anything else is a ConfigError (exit 2)', () => {
    expect(parseCutoverOptions({})).toEqual({ quietMs: 60_000, timeoutMs: 600_000, report: undefined });
    expect(parseCutoverOptions({ quietSeconds: '1.5', timeout: '30', report: 'r' })).toEqual({ quietMs: 1500, timeoutMs: 30_000, report: 'r' });
    for (const bad of ['0', '-1', 'soon', '']) {
      expect(() => parseCutoverOptions({ quietSeconds: bad })).toThrow(ConfigError);
      expect(() => parseCutoverOptions({ timeout: bad })).toThrow(/--timeout '.*' is not a positive number of seconds/);
    }
  });

  it('report files: --report without its extension, else <home>/log/cutover-<UTC time>', () => {
    const at = Date.UTC(2026, 11, 7, 1, 2, 3, 456);
    expect(reportFiles(undefined, '/opt/srsync', at)).toEqual({
      text: '/opt/srsync/log/cutover-20261207T010203Z.txt',
      json: '/opt/srsync/log/cutover-20261207T010203Z.json',
    });
    expect(reportFiles('/tmp/r/cut.json', '/opt/srsync', at)).toEqual({ text: '/tmp/r/cut.txt', json: '/tmp/r/cut.json' });
    expect(reportFiles('/tmp/r/cut', '/opt/srsync', at)).toEqual({ text: '/tmp/r/cut.txt', json: '/tmp/r/cut.json' });
  });
});
