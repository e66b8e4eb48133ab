// `npm run demo`: a real migration between two simulated StarRocks shared-data clusters.
// 1. starts a source and a target cluster (srsync-sim processes sharing one simulated object store);
// 2. loads a small catalog on the source (every table model, RANGE/LIST/expression partitions, a view, an MV);
// 3. prepares both clusters as the manual says (vacuum grace, compaction off, legacy compatibility, src_ volume);
// 4. runs `bin/srsync.js run` in one-time mode, showing its progress lines live;
// 5. verifies COUNT(*) and partition versions of every table on both clusters.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { prepareForMigration, sql, startSim, startSrsync, verify, writeConf, type SimProcess } from '../harness/sim-pair.js';
import { runCli } from '../harness/e2e-catalog.js';
// The sample catalog is the rehearsal's (the release package's bin/rehearse.sh loads the same one).
import { SAMPLE_CATALOG, sampleLoads } from '../packaging/rehearsal/catalog.js';

const say = (s: string) => process.stdout.write(`${s}\n`);

async function main(): Promise<number> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'srsync-demo-'));
  say(`srsync demo in ${dir}`);
  const store = path.join(dir, 'object-store');
  let source: SimProcess | undefined;
  let target: SimProcess | undefined;
  try {
    [source, target] = await Promise.all([
      startSim({ name: 'source', objectStore: store, password: 'source-secret' }),
      startSim({ name: 'target', objectStore: store, password: 'target-secret' }),
    ]);
    say(`source cluster: FE 127.0.0.1 query ${source.queryPort} / rpc ${source.rpcPort} / http ${source.httpPort}`);
    say(`target cluster: FE 127.0.0.1 query ${target.queryPort} / rpc ${target.rpcPort} / http ${target.httpPort}`);

    say('loading a small catalog on the source (4 tables, 3 loads each, a rollup, a sync MV, a view, an async MV) ...');
    await sql(source, [...SAMPLE_CATALOG]);
    for (let round = 0; round < 3; round++) await sql(source, sampleLoads(round));

    say('preparing both clusters as the manual says (vacuum grace, compaction off, legacy compatibility, src_ volumes) ...');
    await prepareForMigration(source, target);

    const conf = path.join(dir, 'conf');
    writeConf(conf, source, target, {
      one_time_run_mode: 'true',
      report_interval_seconds: '1',
      enable_view_sync: 'true',
      enable_materialized_view_sync: 'true',
    });
    say(`running: bin/srsync.js run --conf ${conf}`);
    const code = await runSrsync(conf, path.join(dir, 'log'));
    say(`srsync exited with code ${code}`);

    const checks = await verify(source, target, ['shop']);
    say('');
    say('table                 source rows  target rows  versions');
    for (const c of checks)
      say(
        `${c.table.padEnd(22)}${String(c.sourceRows).padStart(11)}  ${String(c.targetRows).padStart(11)}  ${c.versionsMatch ? 'equal' : 'DIFFERENT'}`,
      );
    say('');
    say(`cutover check, read-only: bin/srsync.js verify --conf ${conf} --rows`);
    const check = await runCli(['verify', '--conf', conf, '--rows']);
    for (const line of `${check.stdout}${check.stderr}`.split('\n').filter(Boolean)) say(`  | ${line}`);
    const good = code === 0 && check.code === 0 && checks.length > 0 && checks.every((c) => c.sourceRows === c.targetRows && c.versionsMatch);
    say('');
    say(good ? 'VERIFIED: every table has the same rows, partition versions and indexes on both clusters.' : 'NOT VERIFIED: see above.');
    return good ? 0 : 1;
  } finally {
    await Promise.all([source?.stop(), target?.stop()]);
  }
}

/** Runs srsync in one-time mode and shows its progress as the operator would: following log/sync.INFO.log. */
async function runSrsync(conf: string, logDir: string): Promise<number> {
  const run = startSrsync(conf, logDir);
  let shown = 0;
  const show = () => {
    const text = run.infoLog();
    const lines = text.slice(shown).split('\n');
    const complete = lines.slice(0, -1);
    shown += complete.reduce((n, l) => n + l.length + 1, 0);
    for (const line of complete) if (/Sync (job|table) progress|DDL done|Replication job|finished|WARN|ERROR/.test(line)) say(`  | ${line}`);
  };
  const follow = setInterval(show, 200);
  const code = await run.exited;
  clearInterval(follow);
  show();
  return code ?? 1;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`demo failed: ${(e as Error).stack ?? String(e)}\n`);
    process.exit(1);
  },
);
