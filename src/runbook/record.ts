// The prepare record: every original FE setting `srsync prepare` read (per cluster, per FE, per key) and every
// `src_` volume it created, kept in `<home>/run/prepare-record.json` (home = the directory holding conf/) so that
// `srsync finish` restores exactly those values ("record the original values on every FE of both clusters and
// restore the recorded values; do not assume defaults", reference 2026 §1.9). Written atomically: temp file, fsync,
// rename, fsync of the directory.
import fs from 'node:fs';
import path from 'node:path';
import type { ClusterSide } from '../errors.js';

export const RECORD_VERSION = 1;

/**
 * How prepare changed a setting on an FE: `persistent` (ADMIN SET ... WITH PERSISTENT: the FE wrote its fe.conf),
 * `memory` (ADMIN SET only: lost at a restart unless the fe.conf line is added by hand), `static` (not mutable on
 * that FE: only fe.conf and a restart change it, prepare changed nothing), `unchanged` (already as the manual asks).
 */
export type SettingMode = 'persistent' | 'memory' | 'static' | 'unchanged';

export interface RecordedSetting {
  side: ClusterSide;
  /** The FE's name in SHOW FRONTENDS when it was recorded. */
  fe: string;
  /** The FE's (mapped) query address `host:port`: how finish finds it again (names change at a restart). */
  address: string;
  key: string;
  /** The value read on this FE before anything was changed. */
  original: string;
  /** The value prepare set (or asked for in fe.conf). */
  value: string;
  mode: SettingMode;
  /** Whether the FE reported the key mutable when it was read. */
  mutable: boolean;
  /** When prepare's statement succeeded (absent: planned, not applied, or not applicable). */
  appliedAt?: string;
}

export interface RecordedVolume {
  /** `src_<source volume>` on the target. */
  name: string;
  sourceVolume: string;
  location: string;
  /** When prepare created it (absent: planned, not created). */
  createdAt?: string;
}

export interface PrepareRecord {
  version: typeof RECORD_VERSION;
  createdAt: string;
  updatedAt: string;
  /** `prepared` until finish restored everything, then `finished`. */
  state: 'prepared' | 'finished';
  finishedAt?: string;
  source: { address: string; version: string };
  target: { address: string; version: string };
  settings: RecordedSetting[];
  volumes: RecordedVolume[];
  /** What finish restored (filled by finish). */
  restored?: Array<{ side: ClusterSide; address: string; key: string; value: string; at: string }>;
  droppedVolumes?: string[];
}

export const RECORD_FILE = 'prepare-record.json';

/** `<home>/run/prepare-record.json`, home being the directory that holds conf/ (bin/start.sh's HOME_DIR). */
export function recordPath(confDir: string): string {
  return path.join(path.dirname(path.resolve(confDir)), 'run', RECORD_FILE);
}

const settingId = (s: Pick<RecordedSetting, 'side' | 'address' | 'key'>) => `${s.side}\u0000${s.address}\u0000${s.key}`;

/**
 * A second prepare merged into the first record: an FE/key already recorded keeps its first original (a value read
 * after the first prepare is a prepared value, not an original) and gains the new mode / appliedAt only when the
 * first run did not change it; new FE/keys and volumes are added. A finished record is not merged into: the new one
 * starts afresh.
 */
export function mergeRecord(old: PrepareRecord | null, next: PrepareRecord): PrepareRecord {
  if (old === null || old.state === 'finished') return next;
  const settings = old.settings.map((s) => ({ ...s }));
  const byId = new Map(settings.map((s) => [settingId(s), s]));
  for (const n of next.settings) {
    const have = byId.get(settingId(n));
    if (!have) {
      settings.push({ ...n });
      byId.set(settingId(n), settings.at(-1)!);
      continue;
    }
    if (n.mode === 'unchanged') continue;
    // The first run did not touch it (it was as the manual asks then): srsync changes it now, from what it is now.
    if (have.mode === 'unchanged') have.original = n.original;
    // Otherwise the first run's original stays: a value read after srsync changed it is not an original (an
    // in-memory change lost at a restart reads as the fe.conf value, which may differ from what was live before).
    // Once written to fe.conf (WITH PERSISTENT), finish must write fe.conf back too.
    if (!(have.mode === 'persistent' && have.appliedAt !== undefined)) have.mode = n.mode;
    have.value = n.value;
    have.mutable = n.mutable;
    if (n.appliedAt !== undefined) have.appliedAt = n.appliedAt;
  }
  const volumes = old.volumes.map((v) => ({ ...v }));
  for (const v of next.volumes) {
    const have = volumes.find((x) => x.name === v.name);
    if (!have) volumes.push({ ...v });
    else if (have.createdAt === undefined && v.createdAt !== undefined) have.createdAt = v.createdAt;
  }
  return { ...old, updatedAt: next.updatedAt, source: next.source, target: next.target, settings, volumes };
}

/** Settings prepare changed (or asked to change in fe.conf), which finish must restore. */
export const changedSettings = (r: PrepareRecord): RecordedSetting[] =>
  r.settings.filter((s) => s.mode === 'static' || ((s.mode === 'persistent' || s.mode === 'memory') && s.appliedAt !== undefined));

export class RecordError extends Error {
  override readonly name = 'RecordError';
}

function isRecord(v: unknown): v is PrepareRecord {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Partial<PrepareRecord>;
  return (
    r.version === RECORD_VERSION &&
    (r.state === 'prepared' || r.state === 'finished') &&
    Array.isArray(r.settings) &&
    Array.isArray(r.volumes) &&
    r.settings.every((s) => typeof s?.key === 'string' && typeof s.address === 'string' && typeof s.original === 'string')
  );
}

/** The record at `file`, or null when there is none; RecordError when it exists but cannot be used. */
export function readRecord(file: string): PrepareRecord | null {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new RecordError(`${file} cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new RecordError(`${file} is not valid JSON (${(e as Error).message})`);
  }
  if (!isRecord(doc)) throw new RecordError(`${file} is not a prepare record of this srsync (version ${RECORD_VERSION})`);
  return doc;
}

/** Moves a finished record aside (`prepare-record.finished-<time>.json`) before a new migration's record replaces it. */
export function archiveFinished(file: string, record: PrepareRecord): string | null {
  if (record.state !== 'finished') return null;
  const stamp = (record.finishedAt ?? record.updatedAt).replace(/[^0-9A-Za-z]/g, '');
  const to = path.join(path.dirname(file), `prepare-record.finished-${stamp}.json`);
  fs.renameSync(file, to);
  return to;
}

/** Writes `record` to `file` atomically: a temp file beside it, fsync, rename over `file`, fsync of the directory. */
export function writeRecord(file: string, record: PrepareRecord): void {
  const dir = path.dirname(file);
  fs.mkdirSync(dir, { recursive: true });
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.tmp`);
  const fd = fs.openSync(tmp, 'w', 0o600);
  try {
    fs.writeSync(fd, `${JSON.stringify(record, null, 2)}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
  try {
    const dfd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(dfd);
    } finally {
      fs.closeSync(dfd);
    }
  } catch {
    // a directory fsync is not possible everywhere; the rename itself is atomic
  }
}
