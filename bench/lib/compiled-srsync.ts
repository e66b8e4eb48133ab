// The bench measures srsync as a DBA runs it: compiled (the release layout, scripts/package.sh), not through tsx.
// Starting the checkout's launcher spends ~1 s of CPU compiling TypeScript on the fly (measured 2026-12-07: `--help`
// 0.8-0.95 s through tsx, 0.4 s compiled), which the copy-limit ratio would otherwise count as srsync's start-up.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../../harness/sim-pair.js';

/** Compiles src/ and idl/ into <checkout>/.bench-build/lib and points the harness at it (SRSYNC_CLI). */
export function useCompiledSrsync(): string {
  const out = path.join(ROOT, '.bench-build', 'lib');
  fs.rmSync(out, { recursive: true, force: true });
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.package.json', '--outDir', out], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  fs.copyFileSync(path.join(ROOT, 'idl/gen/package.json'), path.join(out, 'idl/gen/package.json'));
  const cli = path.join(out, 'src', 'cli.js');
  process.env['SRSYNC_CLI'] = cli;
  return cli;
}
