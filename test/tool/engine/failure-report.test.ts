import { describe, expect, it } from 'vitest';
import { actionableWork, forgetStaleFailures, recordDdlOutcomes, recordJobGivenUp } from '../../../src/engine/failure-report.js';
import type { RetryBook } from '../../../src/engine/retry-book.js';
import type { DdlAction, Plan } from '../../../src/planner/actions.js';

function logger() {
  const lines: string[] = [];
  const at = (level: string) => (m: string) => lines.push(`${level} ${m}`);
  return { lines, log: { info: at('INFO'), warn: at('WARN'), error: at('ERROR'), debug: at('DEBUG') } as never };
}
const add: DdlAction = {
  kind: 'add_partition',
  db: 'd',
  table: 't',
  name: 'p2',
  reason: 'missing_on_target',
  sql: 'ALTER TABLE `d`.`t` ADD PARTITION p2 VALUES [("10"), ("20"))',
};
const plan = (p: Partial<Plan>): Plan => ({ ddl: [], replication: [], notes: [], inSync: [], ...p });

describe('failures are reported once and retried with back-off', () => {
  it('a DDL statement that keeps failing: one ERROR with the statement, the message and the fix, then INFO lines', () => {
    const { lines, log } = logger();
    const book: RetryBook = new Map();
    const applied = new Map<string, number>();
    const fail = { action: add, ok: false, error: 'Range [10, 20) is intersected with range: [10, 30)', errno: 1064 };
    recordDdlOutcomes(book, [fail], log, 0, applied);
    recordDdlOutcomes(book, [fail], log, 5_000, applied);
    expect(lines.filter((l) => l.startsWith('ERROR'))).toEqual([
      expect.stringMatching(
        /^ERROR DDL keeps failing on the target: add partition d\.t \(ALTER TABLE .*\): Range \[10, 20\) is intersected .*; fix: .*; retrying in 5 s$/,
      ),
    ]);
    expect(lines[1]).toMatch(/^INFO DDL failed again on the target \(attempt 2\): .*retrying in 10 s$/);
    expect(actionableWork(book, plan({ ddl: [add] }), 6_000)).toBe(0);
    recordDdlOutcomes(book, [{ action: add, ok: true }], log, 20_000, applied);
    expect(book.size).toBe(0);
    expect(actionableWork(book, plan({ ddl: [add] }), 20_000)).toBe(1);
  });

  it('a statement the target accepts round after round without effect counts as failing (no endless loop)', () => {
    const { lines, log } = logger();
    const book: RetryBook = new Map();
    const applied = new Map<string, number>();
    for (let i = 0; i < 3; i++) recordDdlOutcomes(book, [{ action: add, ok: true }], log, i, applied);
    expect(book.get('ddl:add_partition:d.t.p2')?.failure).toMatchObject({ permanent: true });
    expect(lines.some((l) => /ERROR .*accepted this statement 3 times/.test(l))).toBe(true);
    forgetStaleFailures(book, plan({}), [], applied); // the plan no longer asks for it
    expect(book.size).toBe(0);
    expect(applied.size).toBe(0);
  });

  it('a given-up replication is one ERROR with the job and the fix (and a diagnosis when there is one)', async () => {
    const { lines, log } = logger();
    const book: RetryBook = new Map();
    const f = { permanent: true, cause: 'missing_mirror_volume' as const, message: 'Unknown src storage volume', fix: 'create src_v' };
    await recordJobGivenUp(book, 'd.t', 'j1', f, log, 0);
    await recordJobGivenUp(book, 'd.t', 'j2', f, log, 5_000);
    expect(lines).toEqual([
      'ERROR Replication keeps failing for d.t: job j1: Unknown src storage volume; fix: create src_v; retrying in 5 s',
      'INFO Replication failed again for d.t (attempt 2): Unknown src storage volume; retrying in 10 s',
    ]);
  });

  it('a diagnosis found is part of the one report and of the fix', async () => {
    const { lines, log } = logger();
    const book: RetryBook = new Map();
    const f = { permanent: true, cause: 'moved_nothing' as const, message: 'moved nothing', fix: 'check src_v' };
    await recordJobGivenUp(
      book,
      'd.t',
      'j1',
      f,
      log,
      0,
      Promise.resolve('src_v on the target has location s3://b/x, the source volume v has s3://b'),
    );
    expect(lines).toEqual([
      'ERROR Replication keeps failing for d.t: job j1: moved nothing; fix: src_v on the target has location s3://b/x, the source volume v has s3://b; check src_v; retrying in 5 s',
    ]);
    expect(book.get('job:d.t')?.failure.fix).toMatch(/^src_v on the target has location/);
  });
});
