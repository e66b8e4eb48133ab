// Steering on the status endpoint: the `steering` part of GET /status, its lines in `srsync status`, and the POST
// actions (/pause, /resume, /steering) that change it.
import type { StatusAction } from '../status/server.js';
import { parseSteeringChange } from './limits.js';
import type { Steering, SteeringView } from './steering.js';

/** GET /status `steering`: the limits in effect (0 / '' = off), the pause, bytes in flight and why jobs wait. */
export interface SteeringDoc {
  paused: boolean;
  paused_since: string | null;
  paused_by: string | null;
  limits: {
    replication_max_bytes_in_flight: number;
    replication_bytes_per_second: number;
    replication_windows: string;
    /** As configured ('' = the machine's zone, shown in `time_zone`). */
    replication_window_time_zone: string;
    time_zone: string;
  };
  /** Planned bytes of the jobs on the target (sent and not finished). */
  bytes_in_flight: number;
  window: { open: boolean; until: string | null };
  /** Why the next queued job waits: `paused`, `outside window until HH:MM`, `bytes in flight`, `byte budget`; null: none waits. */
  held: string | null;
}

export function steeringDoc(v: SteeringView): SteeringDoc {
  return {
    paused: v.paused !== null,
    paused_since: v.paused ? v.paused.since || null : null,
    paused_by: v.paused?.by ?? null,
    limits: {
      replication_max_bytes_in_flight: v.fields.replicationMaxBytesInFlight,
      replication_bytes_per_second: v.fields.replicationBytesPerSecond,
      replication_windows: v.fields.replicationWindows,
      replication_window_time_zone: v.fields.replicationWindowTimeZone,
      time_zone: v.timeZone,
    },
    bytes_in_flight: v.bytesInFlight,
    window: { ...v.window },
    held: v.held?.text ?? null,
  };
}

const off = (n: number, unit: string) => (n === 0 ? 'off' : `${n}${unit}`);

/** The steering lines of `srsync status`. */
export function steeringLines(d: SteeringDoc): string[] {
  const l = d.limits;
  const limited = l.replication_max_bytes_in_flight > 0 || l.replication_bytes_per_second > 0 || l.replication_windows !== '';
  if (!d.paused && !limited)
    return ['steering: not paused, no limits (replication_max_bytes_in_flight, replication_bytes_per_second, replication_windows off)'];
  const out = [
    `steering: ${d.paused ? `PAUSED since ${d.paused_since ?? 'unknown'} (by ${d.paused_by ?? 'unknown'}; srsync resume continues)` : 'not paused'}; ${d.bytes_in_flight} bytes in flight`,
    `  limits: max bytes in flight ${off(l.replication_max_bytes_in_flight, ' bytes')}, byte budget ${off(l.replication_bytes_per_second, ' bytes/s')}, windows ${
      l.replication_windows === ''
        ? 'off'
        : `${l.replication_windows} (${l.time_zone}, ${d.window.open ? 'open now' : `closed until ${d.window.until}`})`
    }`,
  ];
  if (d.held) out.push(`  held: ${d.held}`);
  return out;
}

/** The answer of a steering action: the state after it, or why nothing changed. */
export type SteeringAnswer = { ok: true; steering: SteeringDoc } | { ok: false; error: string; steering: SteeringDoc };

/** POST /pause, /resume and /steering (body `{"replication_windows": "22:00-06:00", …}`). */
export function steeringActions(steering: Pick<Steering, 'pause' | 'resume' | 'change' | 'view'>): ReadonlyMap<string, StatusAction> {
  return new Map<string, StatusAction>([
    ['/pause', () => Promise.resolve({ ok: true, steering: steeringDoc(steering.pause('the status endpoint')) } satisfies SteeringAnswer)],
    ['/resume', () => Promise.resolve({ ok: true, steering: steeringDoc(steering.resume('the status endpoint')) } satisfies SteeringAnswer)],
    [
      '/steering',
      (body: string) => {
        let parsed: unknown;
        try {
          parsed = body.trim() === '' ? {} : JSON.parse(body);
        } catch {
          parsed = undefined;
        }
        const c = parseSteeringChange(parsed);
        const answer: SteeringAnswer = c.ok
          ? { ok: true, steering: steeringDoc(steering.change(c.change, 'the status endpoint')) }
          : { ok: false, error: c.message, steering: steeringDoc(steering.view()) };
        return Promise.resolve(answer);
      },
    ],
  ]);
}
