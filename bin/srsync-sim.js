#!/usr/bin/env node
// srsync-sim: runs sim/cli.ts from source through tsx (a devDependency; works right after `npm ci`, no build).
// Only when tsx is not installed (e.g. a production install) does it run the compiled dist/sim/cli.js.
import { fileURLToPath } from 'node:url';

const root = new URL('../', import.meta.url);
let tsx = null;
try {
  tsx = await import('tsx/esm/api');
} catch (e) {
  if (e?.code !== 'ERR_MODULE_NOT_FOUND') throw e;
}
let cli;
if (tsx) {
  tsx.register({ tsconfig: fileURLToPath(new URL('tsconfig.json', root)) });
  cli = await import(new URL('sim/cli.ts', root).href);
} else {
  cli = await import(new URL('dist/sim/cli.js', root).href);
}
try {
  process.exit(await cli.main(process.argv));
} catch (e) {
  process.stderr.write(`srsync-sim: ${e?.stack ?? e}\n`);
  process.exit(1);
}
