// The simulated FE's Thrift service on rpc_port, as StarRocks serves it (reference §1): a plain socket server
// (no framing: TBufferedTransport in Node terms), TBinaryProtocol with strictRead = strictWrite = true
// (thrift_rpc_strict_mode), a bare FrontendService processor (no multiplexing), and the accepted socket's
// read timeout thrift_client_timeout_ms (an idle connection is closed after it).
// The connection loop is our own (a copy of thrift's createMultiplexServer loop) so that faults and
// "close without reply" can act on the one socket a call arrived on.
import net from 'node:net';
import { FrontendService, TStatusCode, thrift, type TableReplicationRequest, type TableReplicationResponse } from '../../idl/thrift.js';
import { requestFromThrift, responseToThrift } from './convert.js';
import { CloseWithoutReply, type RpcFaults } from './faults.js';

export interface ReplicationHandler {
  startTableReplication(req: TableReplicationRequest): Promise<TableReplicationResponse>;
}

export interface ThriftFrontendOptions {
  port: number;
  host?: string;
  /** Added to every call (SimOptions.latencies.rpcMs), read per call. */
  rpcLatencyMs?: () => number;
  faults?: RpcFaults;
  /** thrift_client_timeout_ms: an idle connection is closed after this long (default 5000). */
  idleTimeoutMs?: number;
}

// ---- the untyped corners of the thrift runtime, typed once here ----
interface ProtocolLike {
  readMessageBegin(): { fname: string; mtype: number; rseqid: number };
  readMessageEnd(): void;
  skip(type: number): void;
  writeMessageBegin(name: string, type: number, seqid: number): void;
  writeMessageEnd(): void;
  flush(): void;
}
interface ReaderTransport {
  commitPosition(): void;
  rollbackPosition(): void;
}
interface ThriftInternals {
  TBufferedTransport: {
    new (buffer: undefined, onFlush: (buf: Buffer) => void): unknown;
    receiver(cb: (t: ReaderTransport) => void, seqid: undefined, maxLength: number): (data: Buffer) => void;
    DEFAULT_MAX_LENGTH: number;
  };
  TBinaryProtocol: new (trans: unknown, strictRead?: boolean, strictWrite?: boolean) => ProtocolLike;
  InputBufferUnderrunError: new (...args: unknown[]) => Error;
  Thrift: {
    Type: { STRUCT: number };
    MessageType: { EXCEPTION: number };
    TApplicationExceptionType: { UNKNOWN_METHOD: number };
    TApplicationException: new (type: number, message: string) => { code?: number; write(p: ProtocolLike): void };
  };
}
const rt = thrift as unknown as ThriftInternals;
type ProcessorLike = Record<string, unknown> & { process(input: ProtocolLike, output: ProtocolLike): void };
const Processor = (FrontendService as unknown as { Processor: new (handler: object) => ProcessorLike }).Processor;
const METHODS = new Set(['startTableReplication']);

interface ConnState {
  socket: net.Socket;
  inflight: number;
  closed: boolean;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const never = <T>() => new Promise<T>(() => {});

export class ThriftFrontend {
  private server: net.Server | null = null;
  private readonly sockets = new Set<net.Socket>();
  private readonly idleTimeoutMs: number;

  constructor(
    private readonly handler: ReplicationHandler,
    private readonly opts: ThriftFrontendOptions,
  ) {
    this.idleTimeoutMs = opts.idleTimeoutMs ?? 5000;
  }

  /** Listens; resolves with the bound port (so port 0 = ephemeral works). */
  start(): Promise<number> {
    const server = net.createServer((socket) => this.serve(socket));
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.opts.port, this.opts.host ?? '127.0.0.1', () => {
        server.off('error', reject);
        server.on('error', () => {});
        resolve((server.address() as net.AddressInfo).port);
      });
    });
  }

  /** Stops listening and closes every open connection. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    if (server) await new Promise<void>((r) => server.close(() => r()));
  }

  private serve(socket: net.Socket): void {
    const conn: ConnState = { socket, inflight: 0, closed: false };
    this.sockets.add(socket);
    socket.setNoDelay(true);
    socket.on('error', () => {});
    socket.on('close', () => {
      conn.closed = true;
      this.sockets.delete(socket);
    });
    socket.setTimeout(this.idleTimeoutMs);
    socket.on('timeout', () => {
      // Java's SO_TIMEOUT only fires while the worker waits for a request, not while it runs one.
      if (conn.inflight === 0) socket.destroy();
    });

    const processor = new Processor(this.connectionHandler(conn));
    const onData = rt.TBufferedTransport.receiver(
      (reader) => {
        const input = new rt.TBinaryProtocol(reader, true, true);
        const output = new rt.TBinaryProtocol(
          new rt.TBufferedTransport(undefined, (buf: Buffer) => {
            if (!conn.closed && !socket.destroyed) socket.write(buf);
          }),
          true,
          true,
        );
        try {
          for (;;) {
            dispatch(processor, input, output);
            reader.commitPosition();
          }
        } catch (err) {
          if (err instanceof rt.InputBufferUnderrunError || (err as Error).message === 'Invalid type: undefined') {
            reader.rollbackPosition(); // an incomplete message: wait for the rest
          } else {
            // A protocol error (e.g. a non-strict header with strictRead): Java's worker closes the connection.
            conn.closed = true;
            socket.destroy();
          }
        }
      },
      undefined,
      rt.TBufferedTransport.DEFAULT_MAX_LENGTH,
    );
    socket.on('data', (data: Buffer) => {
      try {
        onData(data);
      } catch {
        conn.closed = true;
        socket.destroy();
      }
    });
  }

  /** The handler the generated processor calls for one connection: latency, faults, conversion. */
  private connectionHandler(conn: ConnState): object {
    const close = () => {
      conn.closed = true;
      conn.socket.destroy();
    };
    return {
      startTableReplication: async (raw: unknown) => {
        conn.inflight++;
        try {
          const fault = this.opts.faults?.take();
          const wait = (this.opts.rpcLatencyMs?.() ?? 0) + (fault?.delayMs ?? 0);
          if (wait > 0) await sleep(wait);
          if (fault?.drop) {
            close();
            return never();
          }
          if (fault?.failMessage !== null && fault?.failMessage !== undefined) {
            return responseToThrift({ status: { status_code: TStatusCode.INTERNAL_ERROR, error_msgs: [fault.failMessage] } });
          }
          try {
            return responseToThrift(await this.handler.startTableReplication(requestFromThrift(raw)));
          } catch (e) {
            if (e instanceof CloseWithoutReply) {
              close();
              return never();
            }
            throw e; // the generated processor answers a TApplicationException(UNKNOWN, message)
          }
        } finally {
          conn.inflight--;
        }
      },
    };
  }
}

/**
 * TBaseProcessor.process: known method → its process_ function; unknown → skip the args and answer a
 * TApplicationException(UNKNOWN_METHOD, "Invalid method name: '<name>'") as Java's libthrift words it.
 */
function dispatch(processor: ProcessorLike, input: ProtocolLike, output: ProtocolLike): void {
  const msg = input.readMessageBegin();
  if (METHODS.has(msg.fname)) {
    const fn = processor[`process_${msg.fname}`] as (seqid: number, i: ProtocolLike, o: ProtocolLike) => void;
    fn.call(processor, msg.rseqid, input, output);
    return;
  }
  input.skip(rt.Thrift.Type.STRUCT);
  input.readMessageEnd();
  const type = rt.Thrift.TApplicationExceptionType.UNKNOWN_METHOD;
  const x = new rt.Thrift.TApplicationException(type, `Invalid method name: '${msg.fname}'`);
  x.code = type; // thrift@0.24's write() sends `code`, not `type`: without this the type field is left out
  output.writeMessageBegin(msg.fname, rt.Thrift.MessageType.EXCEPTION, msg.rseqid);
  x.write(output);
  output.writeMessageEnd();
  output.flush();
}
