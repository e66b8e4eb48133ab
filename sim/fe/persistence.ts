// The FE image on disk (`<dataDir>/image.json`): what lets a simulated FE restart with its catalog, transactions
// and replication jobs. JSON with Maps (catalog.databases, db.tables, catalog.storageVolumes) tagged so they come
// back as Maps. Writes are atomic (temp file + fsync + rename), so a crash leaves the old or the new image.
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { FeData, FeState } from './state.js';

export const IMAGE_FILE = 'image.json';
const FORMAT = 1;
const MAP_TAG = '$srsync-sim:map';

interface ImageFile {
  format: number;
  savedAt: string;
  /** Last journal record (sim/fe/journal.ts) the image holds; absent = 0. */
  journalSeq?: number;
  data: FeData;
}

/** JSON.stringify replacer tagging Maps so that `deserializeJson` brings them back as Maps. */
export function mapReplacer(_key: string, value: unknown): unknown {
  return value instanceof Map ? { [MAP_TAG]: [...value.entries()] } : value;
}

/** JSON.parse with Maps restored (the inverse of JSON.stringify with `mapReplacer`). */
export function deserializeJson(text: string): unknown {
  return JSON.parse(text, (_key, value: unknown) => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const entries = (value as Record<string, unknown>)[MAP_TAG];
      if (Array.isArray(entries) && Object.keys(value).length === 1) return new Map(entries as Array<[unknown, unknown]>);
    }
    return value;
  });
}

export function imagePath(dataDir: string): string {
  return join(dataDir, IMAGE_FILE);
}

/** Serializes `data` (Maps included) to a string; `deserializeImage` is its inverse. */
export function serializeImage(data: FeData, journalSeq?: number): string {
  const file: ImageFile = { format: FORMAT, savedAt: new Date().toISOString(), ...(journalSeq ? { journalSeq } : {}), data };
  return JSON.stringify(file, mapReplacer);
}

function deserializeImageFile(text: string): ImageFile {
  const file = deserializeJson(text) as Partial<ImageFile>;
  if (file.format !== FORMAT || !file.data) throw new Error(`unsupported FE image format ${String(file.format)}`);
  return { format: file.format, savedAt: file.savedAt ?? '', journalSeq: file.journalSeq ?? 0, data: file.data };
}

export function deserializeImage(text: string): FeData {
  return deserializeImageFile(text).data;
}

/** Writes the image atomically; creates `dataDir` if needed. `journalSeq`: the last journal record it holds. */
export function saveImage(dataDir: string, data: FeData, journalSeq?: number): void {
  mkdirSync(dataDir, { recursive: true });
  const target = imagePath(dataDir);
  const tmp = `${target}.tmp-${process.pid}`;
  const fd = openSync(tmp, 'w');
  try {
    const buf = Buffer.from(serializeImage(data, journalSeq), 'utf8');
    let off = 0;
    while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, target);
}

/** The saved image, or null when `dataDir` has none. A corrupt image throws (naming the file). */
export function loadImage(dataDir: string): FeData | null {
  return loadImageFile(dataDir)?.data ?? null;
}

/** The saved image with the last journal seq it holds, or null when `dataDir` has none. */
export function loadImageFile(dataDir: string): { data: FeData; journalSeq: number } | null {
  const path = imagePath(dataDir);
  if (!existsSync(path)) return null;
  try {
    const f = deserializeImageFile(readFileSync(path, 'utf8'));
    return { data: f.data, journalSeq: f.journalSeq ?? 0 };
  } catch (e) {
    throw new Error(`cannot read FE image ${path}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/**
 * Coalesces saves: `markDirty()` after every change schedules one save at most every `intervalMs` (default 50);
 * `flush()` saves now if anything is pending (call it before stopping or restarting the FE).
 */
export class ImageWriter {
  private dirty = false;
  private timer: NodeJS.Timeout | null = null;
  private lastSave = 0;
  private saves = 0;

  constructor(
    private readonly dataDir: string,
    private readonly getData: () => FeData,
    private readonly intervalMs = 50,
  ) {}

  markDirty(): void {
    this.dirty = true;
    if (this.timer) return;
    const wait = Math.max(0, this.lastSave + this.intervalMs - Date.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      try {
        this.save();
      } catch (e) {
        this.dirty = true; // retried by the next markDirty() or flush()
        process.stderr.write(`[srsync-sim] saving the FE image failed: ${e instanceof Error ? e.message : String(e)}\n`);
      }
    }, wait);
    this.timer.unref();
  }

  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    this.save();
  }

  /** Number of images written so far. */
  saveCount(): number {
    return this.saves;
  }

  private save(): void {
    if (!this.dirty) return;
    this.dirty = false;
    saveImage(this.dataDir, this.getData());
    this.lastSave = Date.now();
    this.saves++;
  }
}

/** Wires `state.onChange` to a new ImageWriter over `dataDir`; returns the writer (flush it on shutdown). */
export function attachImageWriter(state: FeState, dataDir: string, intervalMs?: number): ImageWriter {
  const writer = new ImageWriter(dataDir, () => state.toData(), intervalMs);
  state.onChange = () => writer.markDirty();
  return writer;
}
