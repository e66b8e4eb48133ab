// Runs one command of the procedure as the DBA would type it: prints `$ <command>`, then its output as it comes,
// each line indented, then its exit code.
import { spawn } from 'node:child_process';

export interface ShownCommand {
  /** What the DBA types, e.g. `bin/srsync.js check --conf /tmp/x/conf`. */
  display: string;
  /** The program and arguments really run. */
  file: string;
  args: readonly string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/** Splits `text` into complete lines; returns them and the unfinished rest. */
export function completeLines(text: string): { lines: string[]; rest: string } {
  const parts = text.split('\n');
  const rest = parts.pop() ?? '';
  return { lines: parts.map((l) => l.replace(/\r$/, '')), rest };
}

/** Runs `c`, showing its stdout and stderr through `say`; resolves with its exit code (128 when a signal ended it). */
export function runShown(c: ShownCommand, say: (line: string) => void): Promise<number> {
  say(`$ ${c.display}`);
  return new Promise((resolve) => {
    const child = spawn(c.file, [...c.args], { cwd: c.cwd, env: c.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const follow = (stream: NodeJS.ReadableStream) => {
      let rest = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        const split = completeLines(rest + chunk);
        rest = split.rest;
        for (const l of split.lines) say(`  | ${l}`);
      });
      stream.on('end', () => {
        if (rest !== '') say(`  | ${rest}`);
      });
    };
    follow(child.stdout);
    follow(child.stderr);
    child.once('error', (e) => {
      say(`  | cannot run ${c.file}: ${e.message}`);
      resolve(127);
    });
    child.once('close', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}
