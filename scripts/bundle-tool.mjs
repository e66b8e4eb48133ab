// Bundles the tool for the release layout: src/cli.ts and everything it imports (the generated Thrift code and the
// npm dependencies included) into <out>/lib/src/cli.js plus the chunks its commands load when they run (the
// CLI's lazy imports stay lazy: esbuild code splitting). Never the simulator: src/ does not import sim/.
//
// Why a bundle and not tsc's one file per module: Node's ESM loader resolves, reads and links every module of the
// ~150 that `srsync run` loads one by one; measured 2026-12-07 on the 2-core VM, loading the engine took 145 ms
// from tsc's output and 71 ms from the bundle, on every command (run, check, status, verify, ...).
//
// Usage: node scripts/bundle-tool.mjs <out-dir>   (writes <out-dir>/lib/src/*.js; scripts/package.sh, the bench)
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = process.argv[2];
if (!out) {
  process.stderr.write('usage: node scripts/bundle-tool.mjs <out-dir>\n');
  process.exit(2);
}

const result = await build({
  absWorkingDir: root,
  entryPoints: ['src/cli.ts'],
  outdir: path.join(path.resolve(out), 'lib', 'src'),
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // The CommonJS dependencies (mysql2, thrift, the generated Thrift code) call require() for Node's own modules.
  banner: { js: "import { createRequire as __srsyncCreateRequire } from 'node:module'; const require = __srsyncCreateRequire(import.meta.url);" },
  // thrift-compiler emits `case 0:` twice in a generated switch (unreachable, harmless).
  logOverride: { 'duplicate-case': 'silent' },
  logLevel: 'warning',
  legalComments: 'eof',
  metafile: true,
});
// The tool never carries the simulator or the tests (src/ must not import them).
const leaked = Object.keys(result.metafile.inputs).filter((f) => /^(sim|test|harness|bench|packaging)\//.test(f));
if (leaked.length > 0) {
  process.stderr.write(`bundle-tool: the tool bundle would include ${leaked.slice(0, 3).join(', ')} (src/ must not import them)\n`);
  process.exit(1);
}
