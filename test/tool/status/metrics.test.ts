import { describe, expect, it } from 'vitest';
import { register as globalRegistry } from 'prom-client';
import { createStatusMetrics, StatusRecorder } from '../../../src/status/index.js';
import { fakeSnapshot, samples } from './helpers.js';

describe('GET /metrics text from a snapshot', () => {
  it('has the progress gauges with the manual state names and the values of the snapshot', async () => {
    const m = createStatusMetrics({ version: '1.2.3', defaultMetrics: false });
    const s = samples(await m.render(fakeSnapshot()));
    expect(s.get('srsync_info{version="1.2.3"}')).toBe(1);
    const jobs = { ddlPending: 1, jobPending: 2, sent: 3, running: 4, finished: 50, failed: 6, unknown: 0 };
    for (const [state, v] of Object.entries(jobs)) expect(s.get(`srsync_sync_jobs{state="${state}"}`), state).toBe(v);
    const tables = { total: 20, finished: 15, unfinished: 5, expired: 2 };
    for (const [state, v] of Object.entries(tables)) expect(s.get(`srsync_sync_tables{state="${state}"}`), state).toBe(v);
    expect(s.get('srsync_tables_not_in_sync')).toBe(7);
    expect(s.get('srsync_target_lagging_partitions')).toBe(9);
    expect(s.get('srsync_target_lagging_tables')).toBe(4);
    expect(s.get('srsync_running')).toBe(1);
    expect(s.get('srsync_progress_updated_timestamp_seconds')).toBe(Date.UTC(2026, 0, 2, 3, 4, 5) / 1000);
  });

  it('has the activity counters', async () => {
    const m = createStatusMetrics({ version: '1.2.3', defaultMetrics: false });
    const s = samples(await m.render(fakeSnapshot()));
    expect(s.get('srsync_ddl_statements_total{result="applied"}')).toBe(11);
    expect(s.get('srsync_ddl_statements_total{result="failed"}')).toBe(1);
    expect(s.get('srsync_replication_jobs_sent_total')).toBe(60);
    expect(s.get('srsync_replication_jobs_finished_total')).toBe(50);
    expect(s.get('srsync_replication_jobs_failed_total')).toBe(8);
    expect(s.get('srsync_replication_jobs_retried_total')).toBe(5);
    expect(s.get('srsync_replication_backpressure_deferrals_total')).toBe(13);
    expect(s.get('srsync_metadata_rounds_total{kind="full"}')).toBe(4);
    expect(s.get('srsync_metadata_rounds_total{kind="scoped"}')).toBe(10);
    expect(s.get('srsync_metadata_round_failures_total{kind="full"}')).toBe(1);
    expect(s.get('srsync_log_warnings_total{level="WARN"}')).toBe(3);
    expect(s.get('srsync_log_warnings_total{level="ERROR"}')).toBe(1);
  });

  it('declares the types Prometheus expects', async () => {
    const text = await createStatusMetrics({ version: 'x', defaultMetrics: false }).render(fakeSnapshot());
    expect(text).toContain('# TYPE srsync_sync_jobs gauge');
    expect(text).toContain('# TYPE srsync_replication_jobs_sent_total counter');
    expect(text).toContain('# TYPE srsync_catalog_read_duration_seconds histogram');
  });

  it('before the first progress: zeros, not missing series', async () => {
    const m = createStatusMetrics({ version: 'x', defaultMetrics: false });
    const s = samples(await m.render(new StatusRecorder().snapshot()));
    expect(s.get('srsync_sync_jobs{state="finished"}')).toBe(0);
    expect(s.get('srsync_sync_tables{state="total"}')).toBe(0);
    expect(s.get('srsync_running')).toBe(0);
    expect(s.get('srsync_replication_jobs_sent_total')).toBe(0);
  });

  it('each render shows its own snapshot', async () => {
    const m = createStatusMetrics({ version: 'x', defaultMetrics: false });
    await m.render(fakeSnapshot());
    const base = fakeSnapshot();
    const s = samples(await m.render({ ...base, counters: { ...base.counters, jobsSent: 2 } }));
    expect(s.get('srsync_replication_jobs_sent_total')).toBe(2);
  });

  it('the catalog read histogram counts the observed reads per kind', async () => {
    const m = createStatusMetrics({ version: 'x', defaultMetrics: false });
    const r = new StatusRecorder({ onCatalogRead: m.observeCatalogRead });
    r.catalogRead('full', 0.2, true);
    r.catalogRead('full', 3, false);
    r.catalogRead('scoped', 0.02, true);
    const s = samples(await m.render(r.snapshot()));
    expect(s.get('srsync_catalog_read_duration_seconds_count{kind="full"}')).toBe(2);
    expect(s.get('srsync_catalog_read_duration_seconds_sum{kind="full"}')).toBeCloseTo(3.2);
    expect(s.get('srsync_catalog_read_duration_seconds_bucket{le="0.25",kind="full"}')).toBe(1);
    expect(s.get('srsync_catalog_read_duration_seconds_bucket{le="5",kind="full"}')).toBe(2);
    expect(s.get('srsync_catalog_read_duration_seconds_count{kind="scoped"}')).toBe(1);
    expect(s.get('srsync_metadata_round_failures_total{kind="full"}')).toBe(1);
  });

  it('uses a private registry (with the process metrics), never the global one', async () => {
    const m = createStatusMetrics({ version: 'x' });
    const text = await m.render(fakeSnapshot());
    expect(text).toMatch(/^process_cpu_user_seconds_total /m);
    expect(text).toMatch(/^nodejs_heap_size_used_bytes /m);
    expect(globalRegistry.getSingleMetric('srsync_info')).toBeUndefined();
    // Two registries side by side (two runs in one process) do not collide.
    expect(() => createStatusMetrics({ version: 'y' })).not.toThrow();
  });
});
