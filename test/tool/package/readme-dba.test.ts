// The DBA's README of the package (packaging/README-DBA.md) names every command src/cli.ts registers, carries every
// row of the developer README's exit-code table as it is, and names only configuration keys srsync knows.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const read = (rel: string) => fs.readFileSync(path.join(ROOT, rel), 'utf8');

/** The rows of the first Markdown table after `heading`, as trimmed cells (header and separator dropped). */
function tableAfter(markdown: string, heading: string): string[][] {
  const start = markdown.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`no heading ${heading}`);
  const lines = markdown.slice(start + heading.length + 2).split('\n');
  const first = lines.findIndex((l) => l.startsWith('|'));
  const rows: string[][] = [];
  for (const l of lines.slice(first)) {
    if (!l.startsWith('|')) break;
    rows.push(
      l
        .slice(1, l.endsWith('|') ? -1 : undefined)
        .split(/(?<!\\)\|/)
        .map((c) => c.trim()),
    );
  }
  return rows.slice(2);
}

/** The command names src/cli.ts registers (`program.command('name')`). */
function cliCommands(): string[] {
  return [...read('src/cli.ts').matchAll(/\.command\('([a-z-]+)'\)/g)].map((m) => m[1]!);
}

const dba = read('packaging/README-DBA.md');

describe('packaging/README-DBA.md', () => {
  it('tableAfter reads the rows of a table under a heading', () => {
    expect(tableAfter('x\n## T\n\ntext\n\n| a | b |\n|---|---|\n| 1 | `x \\| y` |\n| 2 | |\n\nafter | no\n', '## T')).toEqual([
      ['1', '`x \\| y`'],
      ['2', ''],
    ]);
  });

  it('has an exit-code row and a command row for every command src/cli.ts registers', () => {
    const commands = cliCommands();
    expect(commands).toEqual(expect.arrayContaining(['run', 'check', 'prepare', 'plan', 'status', 'cutover', 'finish', 'verify']));
    const exitRows = tableAfter(dba, '## Exit codes').map((r) => r[0]);
    const commandRows = tableAfter(dba, '## Commands').map((r) => r[0]);
    for (const c of commands) {
      expect(exitRows, c).toContain(`\`srsync ${c}\``);
      expect(
        commandRows.some((cell) => cell!.split(' / ').includes(`\`srsync ${c}\``)),
        c,
      ).toBe(true);
    }
  });

  it("carries every row of the developer README's exit-code table, cell for cell", () => {
    const developer = tableAfter(read('README.md'), '### Exit codes');
    expect(developer.length).toBeGreaterThan(5);
    const rows = tableAfter(dba, '## Exit codes');
    for (const row of developer) expect(rows, row[0]).toContainEqual(row);
  });

  it('shows the procedure check -> prepare -> plan -> start -> status -> cutover -> finish with its commands, in that order', () => {
    const procedure = dba.slice(dba.indexOf('## The procedure'), dba.indexOf('## Commands'));
    const at = [
      'srsync.js check --conf',
      'srsync.js prepare --conf',
      'srsync.js plan --conf',
      'bin/start.sh',
      'srsync.js status --conf',
      'srsync.js cutover --conf',
      'srsync.js finish --conf',
    ].map((c) => procedure.indexOf(c));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
  });

  it('names only configuration keys srsync knows: the srsync-only keys table and the properties examples', () => {
    const known = new Set([...read('src/config/sync-config.ts').matchAll(/key: '([a-z0-9_]+)'/g)].map((m) => m[1]!));
    expect(known.size).toBeGreaterThan(40);
    const tableKeys = tableAfter(dba, '### 0. Configure').flatMap((r) => [...r[0]!.matchAll(/`([^`]+)`/g)].map((m) => m[1]!));
    const exampleKeys = [...dba.matchAll(/```properties\n([\s\S]*?)```/g)].flatMap((m) => [...m[1]!.matchAll(/^([a-z0-9_]+)=/gm)].map((k) => k[1]!));
    expect(tableKeys).toEqual(
      expect.arrayContaining(['status_http_port', 'prepare_src_volume_access_key', 'replication_windows', 'target_database_mapping']),
    );
    expect(exampleKeys.length).toBeGreaterThan(0);
    expect([...tableKeys, ...exampleKeys].filter((k) => !known.has(k))).toEqual([]);
  });

  it('points the package script at this README, the dashboard, the rules and the rehearsal', () => {
    const script = read('scripts/package.sh');
    for (const f of [
      'packaging/README-DBA.md',
      'packaging/grafana/srsync-dashboard.json',
      'packaging/prometheus/srsync-rules.yml',
      'packaging/bin/rehearse.sh',
      'packaging/bin/srsync-sim.js',
    ]) {
      expect(script, f).toContain(f);
    }
    expect(dba).toContain('bin/rehearse.sh');
  });
});
