// Steering's gauges on /metrics (loaded with the status endpoint only: prom-client is not needed otherwise).
import { Gauge, type Registry } from 'prom-client';
import type { SteeringView } from './steering.js';

/** Gauges read from `view` at each scrape. */
export function registerSteeringMetrics(registry: Registry, view: () => SteeringView): void {
  const registers = [registry];
  new Gauge({
    name: 'srsync_paused',
    help: 'srsync is paused (srsync pause): no new replication jobs or DDL start (1), or not (0)',
    registers,
    collect() {
      this.set(view().paused ? 1 : 0);
    },
  });
  new Gauge({
    name: 'srsync_replication_bytes_in_flight',
    help: 'Planned bytes of the replication jobs on the target (sent and not finished)',
    registers,
    collect() {
      this.set(view().bytesInFlight);
    },
  });
  new Gauge({
    name: 'srsync_steering_limit',
    help: 'Steering limits in effect (0 = off): max_bytes_in_flight (bytes), bytes_per_second (bytes/s)',
    labelNames: ['limit'] as const,
    registers,
    collect() {
      const f = view().fields;
      this.set({ limit: 'max_bytes_in_flight' }, f.replicationMaxBytesInFlight);
      this.set({ limit: 'bytes_per_second' }, f.replicationBytesPerSecond);
    },
  });
  new Gauge({
    name: 'srsync_steering_window_open',
    help: 'replication_windows: 1 inside a window (or none configured), 0 outside',
    registers,
    collect() {
      this.set(view().window.open ? 1 : 0);
    },
  });
  new Gauge({
    name: 'srsync_steering_held',
    help: 'The next queued replication job waits for this reason (1), per reason',
    labelNames: ['reason'] as const,
    registers,
    collect() {
      const held = view().held?.kind;
      for (const reason of ['paused', 'window', 'bytes_in_flight', 'byte_budget'] as const) this.set({ reason }, held === reason ? 1 : 0);
    },
  });
}
