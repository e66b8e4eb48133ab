// Fault injection for the simulated FE's MySQL port. The integrator (and the `/sim/faults` HTTP endpoint)
// arm faults here; MysqlFrontend consumes them as connections and statements arrive.
import { SimError } from '../fe/errors.js';

/** An error a failed statement returns: a SimError, or its parts (sqlState defaults to HY000). */
export type FaultError = SimError | { code: number; message: string; sqlState?: string };

export interface MysqlFaultCounts {
  dropConnections: number;
  failQueries: number;
  delayQueries: number;
}

export class MysqlFaults {
  private dropConnectionsLeft = 0;
  private readonly failures: SimError[] = [];
  private readonly delays: number[] = [];
  private readonly dropAllListeners = new Set<() => void>();

  /** Close every connection that is open right now (clients see "connection lost"). */
  dropAllConnections(): void {
    for (const l of this.dropAllListeners) l();
  }

  /** The next `count` TCP connections are closed as soon as they are accepted, before the handshake. */
  dropNextConnections(count: number): void {
    this.dropConnectionsLeft += nonNegativeInt(count, 'count');
  }

  /** The next `count` statements (on any connection) fail with `error` instead of running. */
  failNextQueries(count: number, error: FaultError): void {
    const e = error instanceof SimError ? error : new SimError(error.code, error.message, error.sqlState ?? 'HY000');
    for (let i = 0; i < nonNegativeInt(count, 'count'); i++) this.failures.push(e);
  }

  /** The next `count` statements (on any connection) are answered `ms` later than usual. */
  delayNextQueries(count: number, ms: number): void {
    const d = nonNegativeInt(ms, 'ms');
    for (let i = 0; i < nonNegativeInt(count, 'count'); i++) this.delays.push(d);
  }

  /** Disarm everything. */
  clear(): void {
    this.dropConnectionsLeft = 0;
    this.failures.length = 0;
    this.delays.length = 0;
  }

  pending(): MysqlFaultCounts {
    return { dropConnections: this.dropConnectionsLeft, failQueries: this.failures.length, delayQueries: this.delays.length };
  }

  // ---- consumed by MysqlFrontend ----

  /** @internal true when the connection just accepted must be dropped. */
  takeConnectionDrop(): boolean {
    if (this.dropConnectionsLeft <= 0) return false;
    this.dropConnectionsLeft--;
    return true;
  }

  /** @internal the error the statement just received must fail with, if any. */
  takeQueryFailure(): SimError | undefined {
    return this.failures.shift();
  }

  /** @internal extra delay (ms) for the statement just received. */
  takeQueryDelay(): number {
    return this.delays.shift() ?? 0;
  }

  /** @internal MysqlFrontend registers how to drop its connections; returns the unsubscribe function. */
  onDropAll(listener: () => void): () => void {
    this.dropAllListeners.add(listener);
    return () => this.dropAllListeners.delete(listener);
  }
}

function nonNegativeInt(n: number, what: string): number {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`${what} must be a non-negative integer, got ${n}`);
  return n;
}

/**
 * The MySQL-port actions of `POST /sim/faults` (see http-frontend.ts), for the integrator's control callback:
 * `drop_connections`, `drop_next_connections {count}`, `fail_queries {count, code?, message?, sqlState?}`,
 * `delay_queries {count, ms}`. Returns false for any other action (the caller handles it or rejects it);
 * throws on bad parameters.
 */
export function applyMysqlFaultAction(faults: MysqlFaults, action: string, params: Record<string, unknown>): boolean {
  const int = (key: string, dflt?: number): number => {
    const v = params[key] ?? dflt;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new Error(`"${key}" must be a non-negative integer`);
    return v;
  };
  const str = (key: string, dflt: string): string => {
    const v = params[key] ?? dflt;
    if (typeof v !== 'string') throw new Error(`"${key}" must be a string`);
    return v;
  };
  switch (action) {
    case 'drop_connections':
      faults.dropAllConnections();
      return true;
    case 'drop_next_connections':
      faults.dropNextConnections(int('count', 1));
      return true;
    case 'fail_queries':
      faults.failNextQueries(int('count', 1), {
        code: int('code', 1064),
        message: str('message', 'injected failure'),
        sqlState: str('sqlState', 'HY000'),
      });
      return true;
    case 'delay_queries':
      faults.delayNextQueries(int('count', 1), int('ms'));
      return true;
    default:
      return false;
  }
}
