// How a command that changes a cluster asks: on a terminal it asks on stderr and reads stdin (secrets without
// echo); without one it never waits for input. `--yes` answers the confirmation for a script.
import readline from 'node:readline';
import { Writable } from 'node:stream';

export interface Terminal {
  /** stdin and stderr are a terminal: a person can answer. */
  readonly isTty: boolean;
  /** Prints `question` (stderr) and reads one line. */
  ask(question: string): Promise<string>;
  /** The same, what is typed not echoed. */
  askSecret(question: string): Promise<string>;
}

function readLine(question: string, secret: boolean): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk: Buffer | string, _enc, done) {
      if (!muted) process.stderr.write(chunk);
      done();
    },
  });
  const rl = readline.createInterface({ input: process.stdin, output, terminal: true });
  return new Promise((resolve) => {
    let answered = false;
    rl.question(question, (answer) => {
      answered = true;
      if (secret) process.stderr.write('\n');
      rl.close();
      resolve(answer);
    });
    rl.once('close', () => {
      if (!answered) resolve('');
    });
    muted = secret;
  });
}

/** The process's own terminal. */
export function processTerminal(): Terminal {
  return {
    isTty: Boolean(process.stdin.isTTY && process.stderr.isTTY),
    ask: (q) => readLine(q, false),
    askSecret: (q) => readLine(q, true),
  };
}

/** A terminal that is not one (tests, pipes). */
export const NO_TERMINAL: Terminal = {
  isTty: false,
  ask: () => Promise.resolve(''),
  askSecret: () => Promise.resolve(''),
};

export type Confirmation = 'yes' | 'declined' | 'no-terminal';

/** `--yes`, else a `y`/`yes` typed on a terminal; without a terminal nothing is asked. */
export async function confirm(terminal: Terminal, yes: boolean, question: string): Promise<Confirmation> {
  if (yes) return 'yes';
  if (!terminal.isTty) return 'no-terminal';
  const answer = (await terminal.ask(`${question} [y/N] `)).trim().toLowerCase();
  return answer === 'y' || answer === 'yes' ? 'yes' : 'declined';
}
