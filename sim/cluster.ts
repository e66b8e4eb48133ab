// One simulated StarRocks shared-data cluster in one process: a leader FE (MySQL protocol on the query port,
// Thrift on the rpc port, HTTP on the http port), its CNs (replication workers inside ReplicationMgr), its
// storage layer (Lake) and background daemons (txn expiry, compaction, vacuum, replication).
// Logs go to stderr only: stdout carries the CLI's ready line.
import { FeState, type SimOptions } from './fe/state.js';
import { deserializeImage, serializeImage } from './fe/persistence.js';
import { attachJournal, recover, type Journal } from './fe/journal.js';
import { SimError } from './fe/errors.js';
import { Lake } from './lake/lake.js';
import { publishReplication } from './lake/replica-copy.js';
import { ReplicationMgr } from './replication/replication-mgr.js';
import { replicationAction } from './replication/http-action.js';
import { objectStorePaths } from './replication/paths.js';
import { ThriftFrontend } from './thrift/server.js';
import { RpcFaults } from './thrift/faults.js';
import { MysqlFrontend } from './server/mysql-frontend.js';
import { MysqlFaults, applyMysqlFaultAction } from './server/faults.js';
import { HttpFrontend } from './server/http-frontend.js';
import { ensureBuiltinStorageVolume, setDdlHooks } from './ddl/index.js';
import { StatementExecutor } from './exec/executor.js';
import { generateCatalog } from './generator/index.js';
import { UserStore } from './exec/users.js';
import { nativeDigest } from './exec/auth-model.js';

export interface ClusterHandle {
  name: string;
  ports: { query: number; rpc: number; http: number };
  /** The live FE state (in-process tests may inspect it; it is replaced by restart()). */
  readonly fe: FeState;
  readonly replication: ReplicationMgr;
  readonly lake: Lake;
  /** Fault injection, in-process (the same as POST /sim/faults). */
  control(action: string, params?: Record<string, unknown>): Promise<unknown>;
  stop(): Promise<void>;
  /** An FE restart: servers go down, state is reloaded (from --data-dir when given), servers come back on the same ports. */
  restart(): Promise<void>;
}

/**
 * The cluster's log (its fe.log): lines go to stderr in batches, at most FLUSH_MS after they were written and at
 * exit, as an asynchronous appender would: one pipe write per job event took the simulated FE's CPU (a pipe write
 * is synchronous on Linux) from the statements and jobs it serves.
 */
const LOG_FLUSH_MS = 20;
let pending: string[] = [];
let flushTimer: NodeJS.Timeout | null = null;
const flushLog = () => {
  if (flushTimer) clearTimeout(flushTimer);
  flushTimer = null;
  if (pending.length === 0) return;
  const out = pending.join('');
  pending = [];
  process.stderr.write(out);
};
process.on('exit', flushLog);
const log = (name: string) => (line: string) => {
  pending.push(`[${new Date().toISOString()}] ${name}: ${line}\n`);
  if (!flushTimer) flushTimer = setTimeout(flushLog, LOG_FLUSH_MS).unref();
};

class SimCluster implements ClusterHandle {
  fe!: FeState;
  lake!: Lake;
  replication!: ReplicationMgr;
  ports = { query: 0, rpc: 0, http: 0 };
  private mysql!: MysqlFrontend;
  private thrift!: ThriftFrontend;
  private http!: HttpFrontend;
  private journal: Journal | null = null;
  private daemon: NodeJS.Timeout | null = null;
  private daemonRunning: Promise<unknown> | null = null;
  readonly mysqlFaults = new MysqlFaults();
  readonly rpcFaults = new RpcFaults();

  constructor(private readonly options: SimOptions) {}

  get name(): string {
    return this.options.name;
  }

  async start(data?: ReturnType<FeState['toData']> | null): Promise<void> {
    const o = this.options;
    // --data-dir: the image plus the journal's records after it (every acknowledged change, sim/fe/journal.ts).
    const recovered = !data && o.dataDir ? recover(o.dataDir) : null;
    if (recovered?.replayed || recovered?.tornBytes)
      log(o.name)(`journal: replayed ${recovered.replayed} record(s), cut a torn tail of ${recovered.tornBytes} byte(s)`);
    const image = data ?? recovered?.data ?? null;
    this.fe = new FeState(o, image ?? undefined);
    this.lake = new Lake(this.fe);
    setDdlHooks(this.fe, this.lake.ddlHooks());
    if (!image) ensureBuiltinStorageVolume(this.fe);
    if (o.dataDir) this.journal = attachJournal(this.fe, o.dataDir, recovered?.lastSeq ?? 0);
    // A reply (MySQL result, RPC answer, control action) is sent only once every change made before it is
    // journaled: what a client was told or shown survives a kill -9 (StarRocks logs an edit before answering).
    const durable = () => this.journal?.durable() ?? Promise.resolve();
    this.replication = new ReplicationMgr(this.fe, { ...objectStorePaths(this.fe), txns: this.lake.txns, publishReplication, log: log(o.name) });
    const users = new UserStore(this.fe.users, () => this.fe.onChange());
    const executor = new StatementExecutor({
      fe: this.fe,
      lake: this.lake,
      users,
      latency: (kind) => (kind === 'ddl' ? this.fe.options.latencies.ddlMs : this.fe.options.latencies.queryMs),
    });
    const fe = this.fe;
    this.mysql = new MysqlFrontend({
      port: this.ports.query || o.queryPort,
      rootPassword: o.rootPassword,
      users: () => users.credentials(),
      serverVersion: fe.config.get('mysql_server_version'),
      handler: async (session, sql) => {
        try {
          return await executor.execute(session, sql);
        } finally {
          await durable();
        }
      },
      faults: this.mysqlFaults,
      dbExists: (name) => fe.catalog.databases.has(name) || name.toLowerCase() === 'information_schema',
    });
    const replication = this.replication;
    const rpcHandler = {
      startTableReplication: async (req: Parameters<ReplicationMgr['startTableReplication']>[0]) => {
        try {
          return await replication.startTableReplication(req);
        } finally {
          await durable();
        }
      },
    };
    this.thrift = new ThriftFrontend(rpcHandler, {
      port: this.ports.rpc || o.rpcPort,
      rpcLatencyMs: () => fe.options.latencies.rpcMs,
      faults: this.rpcFaults,
      idleTimeoutMs: fe.config.getInt('thrift_client_timeout_ms'),
    });
    if (o.enableHttpAuth !== undefined) fe.config.setInternal('enable_http_auth', String(o.enableHttpAuth));
    const httpAuth = fe.config.getBool('enable_http_auth');
    this.http = new HttpFrontend({
      port: this.ports.http || o.httpPort,
      routes: {
        runMode: () => fe.options.runMode,
        serviceId: () => fe.serviceId,
        control: async (action, params) => {
          try {
            return await this.control(action, params);
          } finally {
            await durable();
          }
        },
        state: () => this.state(),
        health: () => ({ status: 'OK' }),
        replication: async (user, params) => {
          try {
            return replicationAction(this.replication, user, params);
          } finally {
            await durable(); // a cancel is journaled before it is answered
          }
        },
      },
      // enable_http_auth is static (fe.conf): set from the start option, never by ADMIN SET at run time.
      auth: {
        enabled: () => httpAuth,
        verify: (user, password) => {
          if (user === 'root') return password === o.rootPassword;
          const digest = users.credentials().get(user)?.digest;
          return digest !== undefined && (digest === '' ? password === '' : nativeDigest(password) === digest);
        },
      },
    });
    const [query, rpc, http] = await Promise.all([this.mysql.start(), this.thrift.start(), this.http.start()]);
    this.ports = { query, rpc, http };
    // SHOW FRONTENDS and ADMIN SHOW FRONTEND CONFIG report the real, bound ports.
    o.queryPort = query;
    o.rpcPort = rpc;
    o.httpPort = http;
    fe.config.setInternal('query_port', String(query));
    fe.config.setInternal('rpc_port', String(rpc));
    fe.config.setInternal('http_port', String(http));
    this.replication.start();
    this.startDaemon();
  }

  private startDaemon(): void {
    const loop = () => {
      this.daemon = setTimeout(() => {
        this.daemonRunning = this.lake
          .tick(Date.now())
          .catch((e: unknown) => log(this.name)(`storage daemon: ${(e as Error).message}`))
          .finally(() => {
            this.daemonRunning = null;
            if (this.daemon) loop();
          });
      }, this.fe.options.daemonIntervalMs);
      this.daemon.unref();
    };
    loop();
  }

  private async stopEverything(): Promise<void> {
    if (this.daemon) clearTimeout(this.daemon);
    this.daemon = null;
    await this.daemonRunning;
    await this.replication.shutdown();
    await Promise.all([this.mysql.stop(), this.thrift.stop(), this.http.stop()]);
    await this.journal?.close();
    this.journal = null;
  }

  async stop(): Promise<void> {
    await this.stopEverything();
  }

  async restart(): Promise<void> {
    await this.stopEverything();
    // Without --data-dir the "image" is kept in memory, round-tripped as on disk so nothing live survives.
    const data = this.options.dataDir ? null : deserializeImage(serializeImage(this.fe.toData()));
    await this.start(data);
  }

  state(): Record<string, unknown> {
    const fe = this.fe;
    let tables = 0;
    let partitions = 0;
    for (const db of fe.catalog.databases.values()) {
      for (const t of db.tables.values()) {
        tables++;
        if (t.kind === 'olap') partitions += t.partitions.length;
      }
    }
    return {
      name: this.name,
      ports: this.ports,
      serviceId: fe.serviceId,
      runMode: fe.options.runMode,
      databases: fe.catalog.databases.size,
      tables,
      partitions,
      runningReplicationJobs: this.replication.runningJobs().length,
      mysqlConnections: this.mysql.connectionCount(),
      faults: { mysql: this.mysqlFaults.pending(), rpc: this.rpcFaults.pending(), cnCopies: this.replication.cnFaults.pending() },
      ...(this.journal ? { journal: this.journal.stats } : {}),
    };
  }

  /** Fault injection and knobs, the same in-process and over POST /sim/faults. */
  async control(action: string, params: Record<string, unknown> = {}): Promise<unknown> {
    if (applyMysqlFaultAction(this.mysqlFaults, action, params)) return { applied: action };
    const num = (k: string, d?: number) => {
      const v = params[k] ?? d;
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new SimError(1064, `parameter '${k}' must be a non-negative number`);
      return v;
    };
    const str = (k: string, d: string) => (typeof params[k] === 'string' ? (params[k] as string) : d);
    switch (action) {
      case 'fail_rpcs':
        this.rpcFaults.failNext(num('count', 1), str('message', 'forward request to fe master failed'));
        return { applied: action };
      case 'delay_rpcs':
        this.rpcFaults.delayNext(num('count', 1), num('ms'));
        return { applied: action };
      case 'drop_rpcs':
        this.rpcFaults.dropNext(num('count', 1));
        return { applied: action };
      case 'abort_replication_jobs':
        return {
          aborted:
            typeof params['jobId'] === 'string' ? Number(this.replication.abortJob(params['jobId'] as string)) : this.replication.abortAllRunning(),
        };
      case 'fail_cn_copies':
        this.replication.cnFaults.failNextCopies(num('count', 1), str('message', 'Simulated CN copy failure'));
        return { applied: action };
      case 'close_admission':
        this.replication.closeAdmission();
        return { applied: action };
      case 'open_admission':
        this.replication.openAdmission();
        return { applied: action };
      case 'set_latency':
        if (params['ddlMs'] !== undefined) this.fe.options.latencies.ddlMs = num('ddlMs');
        if (params['queryMs'] !== undefined) this.fe.options.latencies.queryMs = num('queryMs');
        if (params['rpcMs'] !== undefined) this.fe.options.latencies.rpcMs = num('rpcMs');
        return { latencies: this.fe.options.latencies };
      case 'set_cn_bandwidth':
        for (const cn of this.fe.cns) cn.bandwidthBytesPerSec = num('bytesPerSec');
        return { applied: action };
      case 'restart_fe':
        // Answer first, then restart (the HTTP server itself goes down with the FE).
        setTimeout(() => void this.restart().catch((e: unknown) => log(this.name)(`restart failed: ${(e as Error).message}`)), 10);
        return { restarting: true };
      case 'generate_catalog': {
        // Bulk catalog for benchmarks: no SQL per table (sim/generator). Metadata files only when asked.
        const g = generateCatalog(this.fe, {
          databases: num('databases', 1),
          tablesPerDb: num('tablesPerDb', 1),
          partitionsPerTable: num('partitionsPerTable', 1),
          bucketsPerPartition: num('bucketsPerPartition', 1),
          writeMetaFiles: params['writeMetaFiles'] === true,
          ...(typeof params['dbPrefix'] === 'string' ? { dbPrefix: params['dbPrefix'] } : {}),
          ...(typeof params['tablePrefix'] === 'string' ? { tablePrefix: params['tablePrefix'] } : {}),
        });
        this.fe.onChange();
        return { databases: g.databases.length, tables: g.tables, partitions: g.partitions, tablets: g.tablets };
      }
      case 'clear_faults':
        this.mysqlFaults.clear();
        this.rpcFaults.clear();
        this.replication.cnFaults.clear();
        return { applied: action };
      default:
        throw new SimError(1064, `unknown fault action '${action}'`);
    }
  }
}

export async function startCluster(o: SimOptions): Promise<ClusterHandle> {
  const c = new SimCluster(o);
  await c.start();
  return c;
}
