// The bench measures srsync as a DBA runs it: bundled, as the release package ships it (scripts/package.sh runs
// scripts/bundle-tool.mjs), not through tsx. Starting the checkout's launcher spends ~1 s of CPU compiling
// TypeScript on the fly (measured 2026-12-07: `--help` 0.8-0.95 s through tsx, 0.4 s compiled), which the
// copy-limit ratio would otherwise count as srsync's start-up.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../../harness/sim-pair.js';

/** Bundles the tool into <checkout>/.bench-build/lib/src (the release layout) and points the harness at it (SRSYNC_CLI). */
export function useCompiledSrsync(): string {
  const out = path.join(ROOT, '.bench-build');
  fs.rmSync(path.join(out, 'lib'), { recursive: true, force: true });
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'bundle-tool.mjs'), out], { cwd: ROOT, stdio: 'inherit' });
  const cli = path.join(out, 'lib', 'src', 'cli.js');
  process.env['SRSYNC_CLI'] = cli;
  return cli;
}
