import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const FIXTURE = path.join(import.meta.dirname, 'fixtures', 'run-fixture.ts');

async function waitFor(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (cond()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

function start(mode: 'graceful' | 'stubborn') {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'srsync-sig-'));
  writeFileSync(path.join(dir, 'sync.properties'), 'source_fe_host=127.0.0.1\ntarget_fe_host=127.0.0.2\n');
  const logDir = path.join(dir, 'log');
  const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE, 'run', '--conf', dir, '--log-dir', logDir, '--no-console'], {
    cwd: ROOT,
    env: { ...process.env, FIXTURE_MODE: mode },
    stdio: 'ignore',
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) =>
    child.on('exit', (code, signal) => res({ code, signal })),
  );
  const info = () => (existsSync(path.join(logDir, 'sync.INFO.log')) ? readFileSync(path.join(logDir, 'sync.INFO.log'), 'utf8') : '');
  return { child, exited, info };
}

describe('srsync run and signals', () => {
  it('SIGTERM stops gracefully: the engine sees the abort, finishes, exit code 0', async () => {
    const p = start('graceful');
    await waitFor(() => p.info().includes('fixture engine running'), 'the engine to start');
    p.child.kill('SIGTERM');
    expect(await p.exited).toEqual({ code: 0, signal: null });
    const info = p.info();
    expect(info).toContain('received SIGTERM; stopping gracefully');
    expect(info).toContain('fixture engine finished its bookkeeping');
    expect(info).toContain('srsync exiting with code 0');
  });

  it('a second signal exits immediately', async () => {
    const p = start('stubborn');
    await waitFor(() => p.info().includes('fixture engine running'), 'the engine to start');
    p.child.kill('SIGINT');
    await waitFor(() => p.info().includes('received SIGINT; stopping gracefully'), 'the first signal to be handled');
    p.child.kill('SIGTERM');
    expect(await p.exited).toEqual({ code: 143, signal: null });
    expect(p.info()).toContain('received SIGTERM again; exiting now');
    expect(p.info()).not.toContain('finished its bookkeeping');
  });
});
