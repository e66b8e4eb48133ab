import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { clearPidFile, findRuns, isAlive, runConfOf, stopRun } from '../../../src/cutover/run-process.js';

describe('the conf of an srsync run command line', () => {
  it.each([
    [['node', '/opt/srsync/bin/srsync.js', 'run', '--no-console', '--conf', '/opt/srsync/conf'], '/opt/srsync/conf'],
    [['node', 'bin/srsync.js', 'run', '--conf=conf2'], '/home/u/conf2'],
    [['node', '--import', 'tsx', '/x/src/cli.ts', 'run', '--conf', '../c'], '/home/c'],
    [['node', 'bin/srsync.js', 'run'], '/home/u/conf'],
    [['node', 'bin/srsync.js', 'verify', '--conf', '/c'], null],
    [['node', 'bin/srsync.js', 'cutover', '--conf', '/c'], null],
    [['bash', '/opt/other/run.sh', 'run', '--conf', '/c'], null],
  ])('%j → %s', (argv, conf) => {
    expect(runConfOf(argv, '/home/u')).toBe(conf);
  });
});

describe('finding and stopping the run of a conf', () => {
  let dir: string;
  const children: ChildProcess[] = [];

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'srsync-cutover-proc-'));
    fs.mkdirSync(path.join(dir, 'bin'));
    // A stand-in for `srsync run`: exits on SIGTERM after a moment, as a graceful stop does.
    fs.writeFileSync(
      path.join(dir, 'bin', 'srsync.js'),
      "setInterval(() => {}, 1000); process.on('SIGTERM', () => setTimeout(() => process.exit(0), 200)); process.stdout.write('up\\n');\n",
    );
    for (const c of ['conf', 'other']) fs.mkdirSync(path.join(dir, c));
  });

  afterEach(() => {
    for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
  });

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function fakeRun(conf: string): Promise<ChildProcess> {
    const child = spawn(process.execPath, [path.join(dir, 'bin', 'srsync.js'), 'run', '--conf', conf], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    children.push(child);
    await new Promise((resolve) => child.stdout!.once('data', resolve));
    return child;
  }

  const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

  it('found in the process table by its conf; another conf is not', async () => {
    const mine = await fakeRun('conf');
    const other = await fakeRun(path.join(dir, 'other'));
    const found = findRuns(path.join(dir, 'conf'), { pidFile: path.join(dir, 'srsync.pid') });
    expect(found.runs).toEqual([{ pid: mine.pid, via: 'process_table' }]);
    expect(found.runs.map((r) => r.pid)).not.toContain(other.pid);
    expect(found.notes).toEqual([]);
  });

  it('the pid file: its run is found through it; a pid of another conf is left alone; a stale pid is noted', async () => {
    const mine = await fakeRun('conf');
    const other = await fakeRun('other');
    const pidFile = path.join(dir, 'srsync.pid');
    fs.writeFileSync(pidFile, `${mine.pid}\n`);
    expect(findRuns(path.join(dir, 'conf'), { pidFile }).runs).toEqual([{ pid: mine.pid, via: 'pid_file' }]);
    fs.writeFileSync(pidFile, `${other.pid}\n`);
    const f = findRuns(path.join(dir, 'conf'), { pidFile });
    expect(f.runs).toEqual([{ pid: mine.pid, via: 'process_table' }]);
    expect(f.notes).toEqual([`pid file ${pidFile} names pid ${other.pid}, which is not an srsync run of ${path.join(dir, 'conf')}: left alone`]);
    other.kill('SIGKILL');
    await new Promise((r) => other.once('exit', r));
    expect(findRuns(path.join(dir, 'other'), { pidFile }).notes).toEqual([`pid file ${pidFile} names pid ${other.pid}, which is not running`]);
  });

  it('stopped by SIGTERM and waited for; the pid file is cleared only when it names that pid', async () => {
    const mine = await fakeRun('conf');
    const pidFile = path.join(dir, 'srsync.pid');
    fs.writeFileSync(pidFile, `${mine.pid}\n`);
    const r = await stopRun(mine.pid!, 10_000, sleep);
    expect(r).toMatchObject({ pid: mine.pid, stopped: true });
    expect(isAlive(mine.pid!)).toBe(false);
    clearPidFile(pidFile, 1);
    expect(fs.existsSync(pidFile)).toBe(true);
    clearPidFile(pidFile, mine.pid!);
    expect(fs.existsSync(pidFile)).toBe(false);
  });
});
