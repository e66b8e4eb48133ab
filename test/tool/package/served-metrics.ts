// The metrics srsync really serves: GET /metrics of a status service started as `srsync run` starts it (the metrics of
// src/status/metrics.ts plus the steering gauges), parsed from the Prometheus text into names, types and label values.
import { parseProperties } from '../../../src/config/properties.js';
import { parseSyncProperties } from '../../../src/config/load.js';
import { createMemoryLogger } from '../../../src/log/index.js';
import { startStatusService } from '../../../src/status/service.js';
import { Steering } from '../../../src/steering/steering.js';

export interface ServedMetric {
  name: string;
  type: string;
  /** label name -> the values seen in the exposition. */
  labels: Map<string, Set<string>>;
}

/** Pure: the families of a Prometheus text exposition (histogram samples _bucket/_sum/_count under their family). */
export function parseExposition(text: string): Map<string, ServedMetric> {
  const out = new Map<string, ServedMetric>();
  for (const line of text.split('\n')) {
    const type = /^# TYPE (\S+) (\S+)$/.exec(line);
    if (type) out.set(type[1]!, { name: type[1]!, type: type[2]!, labels: new Map() });
  }
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? \S+$/.exec(line);
    if (!m) continue;
    const family = out.get(m[1]!) ?? out.get(m[1]!.replace(/_(bucket|sum|count)$/, ''));
    if (!family) continue;
    for (const [, label, value] of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
      const values = family.labels.get(label!) ?? new Set<string>();
      values.add(value!);
      family.labels.set(label!, values);
    }
  }
  return out;
}

/** Starts a status service on a free loopback port, reads GET /metrics once, stops it. */
export async function servedMetrics(): Promise<Map<string, ServedMetric>> {
  const text = 'source_fe_host=127.0.0.1\nsource_fe_query_port=19030\ntarget_fe_host=127.0.0.1\ntarget_fe_query_port=29030\nstatus_http_port=9108\n';
  const { config } = parseSyncProperties(parseProperties(text, 'conf/sync.properties'));
  const { logger } = createMemoryLogger();
  const steering = new Steering({ fields: config, log: logger });
  const service = await startStatusService({ config, version: '0.0.0-test', log: logger, port: 0, steering: () => steering.view() });
  try {
    const res = await fetch(`${service.url}/metrics`);
    if (!res.ok) throw new Error(`GET /metrics answered ${res.status}`);
    return parseExposition(await res.text());
  } finally {
    await service.close();
    steering.close();
  }
}
