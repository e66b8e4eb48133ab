// What prepare and finish print: lines at once (text), or one JSON document at the end (--json); every line with
// control characters escaped and the config's secrets (and any keys typed) masked.
import type { CommandIo } from '../command/conf.js';
import type { Mask } from '../command/mask.js';
import { escapeControl } from '../log/escape.js';

export class RunbookOutput {
  readonly doc: Record<string, unknown> = {};

  constructor(
    private readonly command: string,
    private readonly io: CommandIo,
    private readonly json: boolean,
    public mask: Mask,
  ) {}

  line(text: string): void {
    if (!this.json) this.io.stdout(`${this.mask(escapeControl(text))}\n`);
  }

  /** A line that also goes into the JSON document's array `key`. */
  list(key: string, text: string): void {
    ((this.doc[key] ??= []) as string[]).push(this.mask(escapeControl(text)));
    this.line(text);
  }

  /** A refusal before anything changed: its reason on stderr, `nothing changed`, the code. */
  refuse(reason: string, code = 1): number {
    this.doc['result'] = 'refused';
    this.doc['reason'] = this.mask(escapeControl(reason));
    this.io.stderr(`${this.mask(escapeControl(`${this.command}: ${reason}`))}\n`);
    this.line(`${this.command}: nothing changed`);
    return this.end(code);
  }

  end(code: number): number {
    if (this.json) this.io.stdout(`${this.mask(JSON.stringify({ ...this.doc, exitCode: code }, null, 2))}\n`);
    return code;
  }
}
