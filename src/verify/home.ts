// Where conf/ is by default, the same rule as src/cli.ts defaultHome (local copy: importing the CLI from here
// would make a module cycle): $SRSYNC_HOME, else the packaged install root, else the working directory.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(import.meta.url);

/** `<root>` when running the packaged layout `<root>/lib/src/verify/<file>.js`, else undefined. */
function packagedRoot(): string | undefined {
  const verifyDir = path.dirname(here);
  const srcDir = path.dirname(verifyDir);
  return path.basename(srcDir) === 'src' && path.basename(path.dirname(srcDir)) === 'lib' ? path.resolve(srcDir, '../..') : undefined;
}

export function defaultConfDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(path.resolve(env['SRSYNC_HOME'] || packagedRoot() || process.cwd()), 'conf');
}
