// Issue 11, item 6: every error/warning line is written completely before the process exits, even when stderr
// is a pipe its reader is slow to drain (process.exit used to cut the output at the pipe's 64 KB).
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../../..');

describe('bin/srsync.js output at exit', () => {
  it('check-config with 3,000 warnings (~300 KB on stderr, read late): every line arrives, exit code 0', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'srsync-flush-'));
    const keys = Array.from({ length: 3000 }, (_, i) => `unrelated_setting_number_${String(i).padStart(5, '0')}_${'z'.repeat(40)}=1`);
    writeFileSync(path.join(dir, 'sync.properties'), `source_fe_host=127.0.0.1\ntarget_fe_host=127.0.0.2\n${keys.join('\n')}\n`);
    const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'srsync.js'), 'check-config', '--quiet', '--conf', dir], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    // Nobody reads stderr until the process has written everything and asked to exit.
    child.stderr.pause();
    const chunks: Buffer[] = [];
    const code = await new Promise<number | null>((resolve) => {
      setTimeout(() => {
        child.stderr.on('data', (c: Buffer) => chunks.push(c));
        child.stderr.resume();
      }, 1500);
      child.on('close', (c) => resolve(c));
    });
    const lines = Buffer.concat(chunks).toString('utf8').split('\n').filter(Boolean);
    expect(code).toBe(0);
    expect(lines).toHaveLength(3000);
    expect(lines[2999]).toMatch(
      /^warning: conf\/sync\.properties: line 3002: unknown key 'unrelated_setting_number_02999_z+' is ignored$|^warning: .*sync\.properties: line 3002: unknown key .* is ignored$/,
    );
  }, 30_000);
});
