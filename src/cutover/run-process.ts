// The `srsync run` of the same conf, found and stopped gracefully by `srsync cutover` (step 4), as bin/stop.sh does:
// SIGTERM to the pid, then wait for it to exit. Candidates: the pid file bin/start.sh writes ($SRSYNC_PID_FILE, else
// <home>/srsync.pid) and, where /proc exists, every process whose command line is `... srsync ... run ...`; each is
// stopped only when its command line shows it runs this conf (`--conf DIR`, or the default <cwd>/conf). A process
// without a readable command line (no /proc) is trusted when its pid is the pid file's.
import fs from 'node:fs';
import path from 'node:path';

export interface RunProcess {
  pid: number;
  /** How it was found. */
  via: 'pid_file' | 'process_table';
}

/**
 * The conf directory an `srsync run` command line runs with (resolved against the process's working directory), or
 * null when `argv` is not an srsync run. Without --conf: `<cwd>/conf` (the launcher's default home is the working
 * directory unless SRSYNC_HOME or the packaged layout says otherwise).
 */
export function runConfOf(argv: readonly string[], cwd: string): string | null {
  const tool = argv.findIndex((a) => /srsync/i.test(path.basename(a)) || /[\\/]src[\\/]cli\.[jt]s$/.test(a));
  if (tool < 0) return null;
  const run = argv.indexOf('run', tool + 1);
  if (run < 0) return null;
  for (let i = run + 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--conf' && i + 1 < argv.length) return path.resolve(cwd, argv[i + 1]!);
    if (a.startsWith('--conf=')) return path.resolve(cwd, a.slice('--conf='.length));
  }
  return path.join(cwd, 'conf');
}

const real = (p: string) => {
  try {
    return fs.realpathSync(p);
  } catch {
    return path.resolve(p);
  }
};

/** Alive and not a zombie. */
export function isAlive(pid: number, procDir = '/proc'): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    const stat = fs.readFileSync(path.join(procDir, String(pid), 'stat'), 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X' && state !== 'x';
  } catch {
    return true; // no /proc: kill(0) said it exists
  }
}

/** A process's argv and working directory from /proc; null when unreadable (gone, another user's, no /proc). */
function commandOf(pid: number, procDir: string): { argv: string[]; cwd: string } | null {
  try {
    const argv = fs
      .readFileSync(path.join(procDir, String(pid), 'cmdline'), 'utf8')
      .split('\0')
      .filter(Boolean);
    const cwd = fs.readlinkSync(path.join(procDir, String(pid), 'cwd'));
    return { argv, cwd };
  } catch {
    return null;
  }
}

export interface FindRunsOptions {
  pidFile: string;
  procDir?: string;
  /** Never this process (default: process.pid). */
  selfPid?: number;
}

/** What was found: the runs of `confDir`, and what the pid file holds when it is something else. */
export interface FoundRuns {
  runs: RunProcess[];
  /** A note on the pid file when it names a live srsync of another conf, or a stale pid. */
  notes: string[];
}

export function findRuns(confDir: string, o: FindRunsOptions): FoundRuns {
  const procDir = o.procDir ?? '/proc';
  const self = o.selfPid ?? process.pid;
  const want = real(confDir);
  const runs: RunProcess[] = [];
  const notes: string[] = [];
  const ours = (pid: number): boolean | null => {
    const c = commandOf(pid, procDir);
    if (!c) return null;
    const conf = runConfOf(c.argv, c.cwd);
    return conf !== null && real(conf) === want;
  };
  let filePid: number | null = null;
  try {
    const n = Number(fs.readFileSync(o.pidFile, 'utf8').trim());
    if (Number.isInteger(n) && n > 0) filePid = n;
  } catch {
    // no pid file
  }
  if (filePid !== null && filePid !== self) {
    if (!isAlive(filePid, procDir)) notes.push(`pid file ${o.pidFile} names pid ${filePid}, which is not running`);
    else {
      const mine = ours(filePid);
      if (mine === false) notes.push(`pid file ${o.pidFile} names pid ${filePid}, which is not an srsync run of ${confDir}: left alone`);
      else runs.push({ pid: filePid, via: 'pid_file' });
    }
  }
  let pids: string[] = [];
  try {
    pids = fs.readdirSync(procDir).filter((d) => /^\d+$/.test(d));
  } catch {
    // no /proc: the pid file only
  }
  for (const d of pids) {
    const pid = Number(d);
    if (pid === self || runs.some((r) => r.pid === pid)) continue;
    if (ours(pid) === true && isAlive(pid, procDir)) runs.push({ pid, via: 'process_table' });
  }
  return { runs, notes };
}

export interface StopResult {
  pid: number;
  stopped: boolean;
  /** How long the exit took, ms. */
  ms: number;
}

/** SIGTERM (a graceful stop: in-flight bookkeeping is finished), then waits up to `timeoutMs` for the exit. */
export async function stopRun(pid: number, timeoutMs: number, sleep: (ms: number) => Promise<void>, procDir = '/proc'): Promise<StopResult> {
  const start = Date.now();
  try {
    process.kill(pid, 'SIGTERM');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ESRCH') return { pid, stopped: true, ms: 0 };
    throw e;
  }
  while (Date.now() - start < timeoutMs) {
    if (!isAlive(pid, procDir)) return { pid, stopped: true, ms: Date.now() - start };
    await sleep(100);
  }
  return { pid, stopped: !isAlive(pid, procDir), ms: Date.now() - start };
}

/** Removes the pid file when it names `pid` (as bin/stop.sh does once the process is gone). */
export function clearPidFile(pidFile: string, pid: number): void {
  try {
    if (Number(fs.readFileSync(pidFile, 'utf8').trim()) === pid) {
      fs.rmSync(pidFile, { force: true });
      fs.rmSync(`${pidFile}.ready`, { force: true });
    }
  } catch {
    // gone already
  }
}
