// The pure parts of the rehearsal (packaging/rehearsal/): its command line, the conf it writes (read by srsync's own
// configuration loader), what it reads from GET /status, and how it shows a command's output. The rehearsal itself
// runs end to end in the extracted tarball (scripts/package.sh).
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSyncProperties } from '../../../src/config/load.js';
import { parseProperties } from '../../../src/config/properties.js';
import { SAMPLE_CATALOG, sampleLoads } from '../../../packaging/rehearsal/catalog.js';
import { rehearsalConf } from '../../../packaging/rehearsal/conf.js';
import { parseArgs } from '../../../packaging/rehearsal/rehearse.js';
import { completeLines, runShown } from '../../../packaging/rehearsal/shell.js';
import { statusView } from '../../../packaging/rehearsal/status.js';

describe('rehearsal command line', () => {
  it('takes --dir, --keep and --package; refuses the rest', () => {
    expect(parseArgs([], '/pkg')).toEqual({ kind: 'run', options: { packageDir: '/pkg', dir: null, keep: false } });
    expect(parseArgs(['--package', '/opt/srsync', '--dir', 'scratch', '--keep'], '/pkg')).toEqual({
      kind: 'run',
      options: { packageDir: '/opt/srsync', dir: path.resolve('scratch'), keep: true },
    });
    expect(parseArgs(['--help'], '/pkg')).toEqual({ kind: 'help' });
    expect(parseArgs(['--dir'], '/pkg')).toEqual({ kind: 'error', message: '--dir needs a directory' });
    expect(parseArgs(['--yes'], '/pkg')).toEqual({ kind: 'error', message: "unknown argument '--yes'" });
  });
});

describe('rehearsal conf', () => {
  const text = rehearsalConf({
    source: { queryPort: 41001, password: 'source-secret' },
    target: { queryPort: 41002, password: 'target-secret' },
    statusPort: 41003,
    statusToken: '0123456789abcdef0123456789abcdef',
  });

  it("is accepted by srsync's configuration loader with no warning, pointing at both clusters", () => {
    const loaded = parseSyncProperties(parseProperties(text, 'conf/sync.properties'));
    expect(loaded.warnings).toEqual([]);
    expect(loaded.config).toMatchObject({
      oneTimeRunMode: false,
      sourceFeQueryPort: 41001,
      targetFeQueryPort: 41002,
      statusHttpPort: 41003,
      statusHttpHost: '127.0.0.1',
      enableViewSync: true,
      enableMaterializedViewSync: true,
    });
  });
});

describe('rehearsal sample catalog', () => {
  it("is the demo's catalog: a database, four tables, a view, two MVs, a rollup; loads differ per round", () => {
    expect(SAMPLE_CATALOG.filter((s) => /^CREATE TABLE/.test(s))).toHaveLength(4);
    expect(SAMPLE_CATALOG.some((s) => s.startsWith('CREATE VIEW'))).toBe(true);
    expect(SAMPLE_CATALOG.filter((s) => s.startsWith('CREATE MATERIALIZED VIEW'))).toHaveLength(2);
    expect(sampleLoads(0)).toHaveLength(4);
    expect(sampleLoads(1)[0]).not.toBe(sampleLoads(0)[0]);
  });
});

describe('rehearsal status view', () => {
  const doc = (over: Record<string, unknown>) => ({
    progress: { job: { progress: '100.00%', finished: 4 }, lines: { job: 'Sync job progress: 100.00%, total: 4' } },
    tables_not_in_sync: { count: 0 },
    target_lag: { partitions: 0, tables: 0 },
    ...over,
  });

  it('is in sync only at 100 % with no table out of sync and no partition behind', () => {
    expect(statusView(doc({}))).toEqual({ jobLine: 'Sync job progress: 100.00%, total: 4', finishedJobs: 4, inSync: true });
    expect(statusView(doc({ tables_not_in_sync: { count: 1 } })).inSync).toBe(false);
    expect(statusView(doc({ target_lag: { partitions: 2, tables: 1 } })).inSync).toBe(false);
    expect(statusView(doc({ progress: { job: { progress: '97.50%', finished: 39 }, lines: { job: 'x' } } })).inSync).toBe(false);
  });

  it('reads no progress yet, and anything else, as not in sync', () => {
    expect(statusView(doc({ progress: null }))).toEqual({ jobLine: null, finishedJobs: 0, inSync: false });
    expect(statusView('not json')).toEqual({ jobLine: null, finishedJobs: 0, inSync: false });
  });
});

describe('showing a command', () => {
  it('completeLines keeps the unfinished rest', () => {
    expect(completeLines('a\r\nb\nc')).toEqual({ lines: ['a', 'b'], rest: 'c' });
    expect(completeLines('')).toEqual({ lines: [], rest: '' });
  });

  it('prints the command, its stdout and stderr indented, and returns its exit code', async () => {
    const lines: string[] = [];
    const script = 'process.stdout.write("one\\ntwo"); process.stderr.write("oops\\n"); process.exitCode = 3';
    const code = await runShown({ display: 'bin/x.js go', file: process.execPath, args: ['-e', script], cwd: process.cwd(), env: process.env }, (l) =>
      lines.push(l),
    );
    expect(code).toBe(3);
    expect(lines[0]).toBe('$ bin/x.js go');
    expect([...lines.slice(1)].sort()).toEqual(['  | one', '  | oops', '  | two']);
  });

  it('says so when the program cannot be started', async () => {
    const lines: string[] = [];
    const code = await runShown({ display: 'nope', file: '/nonexistent/program', args: [], cwd: process.cwd(), env: process.env }, (l) =>
      lines.push(l),
    );
    expect(code).toBe(127);
    expect(lines[1]).toMatch(/^ {2}\| cannot run \/nonexistent\/program: /);
  });
});
