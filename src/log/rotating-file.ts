// One append-only log file written synchronously (a crash loses nothing; tests read it straight away), rotated
// by size: sync.INFO.log → sync.INFO.log.1 → ... → .N, the oldest dropped.
import { closeSync, existsSync, fstatSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';

export class RotatingFile {
  private fd: number;
  private size: number;

  constructor(
    readonly path: string,
    private readonly maxBytes: number,
    private readonly maxBackups: number,
  ) {
    this.fd = openSync(path, 'a', 0o644);
    this.size = fstatSync(this.fd).size;
  }

  write(text: string): void {
    const data = Buffer.from(text, 'utf8');
    if (this.size > 0 && this.size + data.length > this.maxBytes) this.rotate();
    let off = 0;
    while (off < data.length) off += writeSync(this.fd, data, off, data.length - off);
    this.size += data.length;
  }

  close(): void {
    if (this.fd < 0) return;
    closeSync(this.fd);
    this.fd = -1;
  }

  private rotate(): void {
    closeSync(this.fd);
    if (this.maxBackups <= 0) rmSync(this.path, { force: true });
    else {
      for (let i = this.maxBackups - 1; i >= 1; i--) {
        const from = `${this.path}.${i}`;
        if (existsSync(from)) renameSync(from, `${this.path}.${i + 1}`);
      }
      renameSync(this.path, `${this.path}.1`);
    }
    this.fd = openSync(this.path, 'a', 0o644);
    this.size = 0;
  }
}
