// Two simulated StarRocks shared-data clusters for the rehearsal: `bin/srsync-sim.js start` processes sharing one
// simulated object store (as a source and a target on the same S3 would), and SQL against them over the MySQL port.
import { spawn, type ChildProcess } from 'node:child_process';
import readline from 'node:readline';
import mysql from 'mysql2/promise';

export interface SimCluster {
  readonly name: string;
  readonly queryPort: number;
  readonly rpcPort: number;
  readonly httpPort: number;
  readonly password: string;
  /** SIGTERM, then the exit code (null: ended by a signal). */
  stop(): Promise<number | null>;
}

export interface SimClusterOptions {
  /** bin/srsync-sim.js of the package. */
  launcher: string;
  name: string;
  objectStore: string;
  password: string;
  cnCount: number;
}

const READY_TIMEOUT_MS = 60_000;

/** Starts one cluster on ephemeral ports; resolves once it printed its `{"ready":true,...}` line. */
export async function startSimCluster(o: SimClusterOptions): Promise<SimCluster> {
  const args = [o.launcher, 'start', '--name', o.name, '--query-port', '0', '--rpc-port', '0', '--http-port', '0'];
  args.push('--object-store', o.objectStore, '--root-password', o.password, '--cn-count', String(o.cnCount));
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const ports = await new Promise<{ queryPort: number; rpcPort: number; httpPort: number }>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`simulated cluster ${o.name} did not start within ${READY_TIMEOUT_MS / 1000} s: ${stderr}`));
    }, READY_TIMEOUT_MS);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`simulated cluster ${o.name} exited with ${code}: ${stderr.trim()}`));
    });
    readline.createInterface({ input: child.stdout! }).once('line', (line) => {
      clearTimeout(timer);
      try {
        const j = JSON.parse(line) as { ready?: boolean; queryPort: number; rpcPort: number; httpPort: number };
        if (j.ready !== true) throw new Error('not ready');
        resolve({ queryPort: j.queryPort, rpcPort: j.rpcPort, httpPort: j.httpPort });
      } catch {
        reject(new Error(`simulated cluster ${o.name} printed ${line}`));
      }
    });
  });
  child.stdout!.resume();
  return { name: o.name, ...ports, password: o.password, stop: () => stopChild(child) };
}

function stopChild(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

/** Runs `statements` one after another as root over the cluster's query port. */
export async function runSql(c: SimCluster, statements: readonly string[]): Promise<void> {
  const conn = await mysql.createConnection({ host: '127.0.0.1', port: c.queryPort, user: 'root', password: c.password });
  try {
    for (const s of statements) await conn.query(s);
  } finally {
    await conn.end();
  }
}
