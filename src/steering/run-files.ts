// The files under <home>/run (home = the directory holding conf/, as for prepare-record.json) through which
// `srsync pause` / `srsync resume` reach the run of the same conf and the paused state survives a restart:
//   paused           exists while paused (JSON: since, by); written atomically (temp file + rename)
//   srsync-run.json  written by the running srsync: its pid, conf and the pause state it has applied
import fs from 'node:fs';
import path from 'node:path';

export interface RunFiles {
  readonly dir: string;
  readonly paused: string;
  readonly presence: string;
}

/** The run files of the srsync whose conf/ is `confDir`. */
export function runFilesOf(confDir: string): RunFiles {
  const dir = path.join(path.dirname(path.resolve(confDir)), 'run');
  return { dir, paused: path.join(dir, 'paused'), presence: path.join(dir, 'srsync-run.json') };
}

export interface PauseRecord {
  /** ISO time the pause began. */
  readonly since: string;
  /** Who paused: `srsync pause`, `status endpoint`, … */
  readonly by: string;
}

export interface RunPresence {
  readonly pid: number;
  readonly conf: string;
  /** The pause state the run has applied (the acknowledgement `srsync pause` waits for). */
  readonly paused: boolean;
  readonly at: string;
}

/** Writes `text` to `file` atomically (a reader sees the old or the new content, never a part). */
export function writeAtomically(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = fs.openSync(tmp, 'w', 0o644);
  try {
    fs.writeSync(fd, text);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
}

/** The pause record, or null when not paused. A file that cannot be parsed still means paused. */
export function readPause(file: string): PauseRecord | null {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    return { since: '', by: 'unknown' };
  }
  try {
    const v = JSON.parse(text) as Partial<PauseRecord>;
    return { since: typeof v.since === 'string' ? v.since : '', by: typeof v.by === 'string' ? v.by : 'unknown' };
  } catch {
    return { since: '', by: 'unknown' };
  }
}

export function writePause(file: string, record: PauseRecord): void {
  writeAtomically(file, `${JSON.stringify(record)}\n`);
}

export function clearPause(file: string): void {
  fs.rmSync(file, { force: true });
}

export function writePresence(file: string, p: RunPresence): void {
  writeAtomically(file, `${JSON.stringify(p)}\n`);
}

export function readPresence(file: string): RunPresence | null {
  try {
    const v = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<RunPresence>;
    if (typeof v.pid !== 'number' || typeof v.paused !== 'boolean') return null;
    return { pid: v.pid, conf: typeof v.conf === 'string' ? v.conf : '', paused: v.paused, at: typeof v.at === 'string' ? v.at : '' };
  } catch {
    return null;
  }
}

/** Removes the presence file when it is `pid`'s (a later run's file is left alone). */
export function clearPresence(file: string, pid: number): void {
  if (readPresence(file)?.pid === pid) fs.rmSync(file, { force: true });
}
