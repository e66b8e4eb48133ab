// Directories of the simulated object store this process made sure of (mkdir -p), so the hot writers (tablet
// metadata, bundles, replication copies) skip a mkdir per file. Only a hint, never trusted blindly: a writer whose
// directory was only known (not created just now) and that still gets ENOENT, because the directory was deleted
// behind the simulator's back (a test, another process, an operator), forgets it, creates it again and retries
// once (writeInDirSync / createInDir). Directories the simulator itself deletes (DROP, sim/lake/drop.ts) make it
// forget every known directory (forgetKnownDirs). Paths are absolute, so one set serves every object-store root.
import fs from 'node:fs';

/** Bound on remembered directories (two per partition that got files); past it the set starts afresh. */
export const MAX_KNOWN_DIRS = 20_000;

const known = new Set<string>();

const isNotFound = (e: unknown): boolean => (e as NodeJS.ErrnoException | null)?.code === 'ENOENT';

function remember(dir: string): void {
  if (known.size >= MAX_KNOWN_DIRS) known.clear();
  known.add(dir);
}

/** Whether `dir` is remembered as existing (a hint). */
export const isKnownDir = (dir: string): boolean => known.has(dir);

/** How many directories are remembered (tests). */
export const knownDirCount = (): number => known.size;

/** Forgets every remembered directory: call after deleting directories of the object store. */
export function forgetKnownDirs(): void {
  known.clear();
}

/** mkdir -p `dir` unless it is known; true when it was only known (a hint that may be stale). */
export function ensureDirSync(dir: string): boolean {
  if (known.has(dir)) return true;
  fs.mkdirSync(dir, { recursive: true });
  remember(dir);
  return false;
}

/** ensureDirSync, asynchronously (a new directory costs an inode: off the event loop). */
export async function ensureDir(dir: string): Promise<boolean> {
  if (known.has(dir)) return true;
  await fs.promises.mkdir(dir, { recursive: true });
  remember(dir);
  return false;
}

/**
 * Runs `write`, which creates files directly in `dir`, once `dir` exists. An ENOENT when `dir` was only known
 * (deleted since) recreates `dir` and runs `write` once more; any other error, or ENOENT right after mkdir, is thrown.
 */
export function writeInDirSync<T>(dir: string, write: () => T): T {
  const hinted = ensureDirSync(dir);
  try {
    return write();
  } catch (e) {
    if (!hinted || !isNotFound(e)) throw e;
    known.delete(dir);
    ensureDirSync(dir);
    return write();
  }
}

/**
 * Runs `create` (an operation creating a file in `dir`) after a `dir` that `hinted` says was only known
 * (ensureDir's answer): on ENOENT it recreates `dir` and runs `create` once more. `create` must be safe to repeat
 * after an ENOENT (nothing was created yet).
 */
export async function createInDir<T>(dir: string, hinted: boolean, create: () => Promise<T>): Promise<T> {
  try {
    return await create();
  } catch (e) {
    if (!hinted || !isNotFound(e)) throw e;
    known.delete(dir);
    await ensureDir(dir);
    return create();
  }
}
