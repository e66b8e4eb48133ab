#!/usr/bin/env node
// srsync launcher: the compiled lib/src/cli.js in the packaged layout, else src/cli.ts through tsx (checkout).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const compiled = join(root, 'lib', 'src', 'cli.js');
let cli;
if (existsSync(compiled)) {
  cli = await import(pathToFileURL(compiled).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  cli = await import(pathToFileURL(join(root, 'src', 'cli.ts')).href);
}
process.exit(await cli.main(process.argv.slice(2)));
