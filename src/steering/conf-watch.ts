// sync.properties re-read while srsync runs: when the file changes (its mtime, size or inode), the steering keys'
// new values take effect at once; any other key changed is named in one WARN (it needs a restart). A file that no
// longer parses changes nothing (one WARN per change).
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig, redact, SYNC_PROPERTIES, type SyncConfig } from '../config/index.js';
import type { Logger } from '../log/logger.js';
import { fieldOf, STEERING_KEYS, type SteeringChange, type SteeringFields } from './limits.js';

export interface ConfWatchOptions {
  confDir: string;
  /** The configuration the run started with. */
  config: SyncConfig;
  apply(change: SteeringChange, by: string): void;
  log: Logger;
  /** How often the file's stat is looked at (default 1000 ms). */
  pollMs?: number;
  /** Reads the conf (default loadConfig). */
  load?: (confDir: string) => SyncConfig;
}

/** The steering keys whose values differ between `a` and `b`. */
export function steeringChange(a: SteeringFields, b: SteeringFields): SteeringChange {
  const out: Record<string, unknown> = {};
  for (const key of STEERING_KEYS) {
    const f = fieldOf(key);
    if (a[f] !== b[f]) out[f] = b[f];
  }
  return out as SteeringChange;
}

/** The keys other than the steering keys whose printed values differ (secrets compared as printed: masked). */
export function restartKeys(a: SyncConfig, b: SyncConfig): string[] {
  const ra = redact(a);
  const rb = redact(b);
  return Object.keys(rb).filter((k) => !(STEERING_KEYS as readonly string[]).includes(k) && ra[k] !== rb[k]);
}

const stamp = (file: string): string => {
  try {
    const s = fs.statSync(file);
    return `${s.ino}:${s.size}:${s.mtimeMs}`;
  } catch {
    return 'missing';
  }
};

export class ConfWatch {
  private readonly file: string;
  private last: SyncConfig;
  private lastStamp: string;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly o: ConfWatchOptions) {
    this.file = path.join(o.confDir, SYNC_PROPERTIES);
    this.last = o.config;
    this.lastStamp = stamp(this.file);
  }

  start(): void {
    this.timer = setInterval(() => this.check(), this.o.pollMs ?? 1000);
    this.timer.unref();
  }

  close(): void {
    clearInterval(this.timer);
  }

  /** Looks at the file once (the timer's work; tests call it). */
  check(): void {
    const now = stamp(this.file);
    if (now === this.lastStamp) return;
    this.lastStamp = now;
    let next: SyncConfig;
    try {
      next = (this.o.load ?? ((d) => loadConfig(d).config))(this.o.confDir);
    } catch (e) {
      this.o.log.warn(`${this.file} changed but cannot be used: ${(e as Error).message}; the values in effect stay`);
      return;
    }
    const change = steeringChange(this.last, next);
    const restart = restartKeys(this.last, next);
    this.last = next;
    if (Object.keys(change).length > 0) this.o.apply(change, SYNC_PROPERTIES);
    if (restart.length > 0)
      this.o.log.warn(
        `${this.file} changed ${restart.join(', ')}: these take effect at the next start of srsync (only ${STEERING_KEYS.join(', ')} apply while it runs)`,
      );
  }
}
