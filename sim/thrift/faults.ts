// Fault injection for the simulated FE's Thrift port (rpc_port). The server helper (sim/server) exposes these
// over HTTP; ThriftFrontend consumes them, one per RPC call, as calls arrive.

/** What a call that just arrived must suffer; every field is independent (a call can be delayed and failed). */
export interface RpcFault {
  /** Extra delay before answering, ms (0 = none). */
  delayMs: number;
  /** Close the socket without answering (the client sees the connection drop mid-call). */
  drop: boolean;
  /** Answer `{status: INTERNAL_ERROR, error_msgs: [failMessage]}` instead of running the handler. */
  failMessage: string | null;
}

export interface RpcFaultCounts {
  failNext: number;
  delayNext: number;
  dropNext: number;
}

export class RpcFaults {
  private readonly failures: string[] = [];
  private readonly delays: number[] = [];
  private dropsLeft = 0;

  /** The next `n` calls answer INTERNAL_ERROR with `message` (as LeaderImpl does for a failed forward). */
  failNext(n: number, message: string): void {
    for (let i = 0; i < nonNegativeInt(n, 'n'); i++) this.failures.push(message);
  }

  /** The next `n` calls are answered `ms` later than usual. */
  delayNext(n: number, ms: number): void {
    const d = nonNegativeInt(ms, 'ms');
    for (let i = 0; i < nonNegativeInt(n, 'n'); i++) this.delays.push(d);
  }

  /** The next `n` calls get no answer: the server closes the socket instead. */
  dropNext(n: number): void {
    this.dropsLeft += nonNegativeInt(n, 'n');
  }

  clear(): void {
    this.failures.length = 0;
    this.delays.length = 0;
    this.dropsLeft = 0;
  }

  pending(): RpcFaultCounts {
    return { failNext: this.failures.length, delayNext: this.delays.length, dropNext: this.dropsLeft };
  }

  /** @internal consumed by ThriftFrontend once per call. */
  take(): RpcFault {
    const drop = this.dropsLeft > 0;
    if (drop) this.dropsLeft--;
    return { delayMs: this.delays.shift() ?? 0, drop, failMessage: this.failures.shift() ?? null };
  }
}

/**
 * Thrown by a handler when StarRocks would fail while *writing* the answer, so that the client gets no reply
 * and the connection closes. This is what happens to an exception without a message (Guava/Arrow
 * `Preconditions` without a message text): LeaderImpl puts `e.getMessage()` (null) into `error_msgs`, and
 * writing a null string throws a NullPointerException inside the Thrift processor. The worker then closes
 * the socket. The input stream is closed first, which closes the socket, so none of the buffered reply gets out.
 */
export class CloseWithoutReply extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'CloseWithoutReply';
  }
}

function nonNegativeInt(n: number, what: string): number {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`${what} must be a non-negative integer, got ${n}`);
  return n;
}
