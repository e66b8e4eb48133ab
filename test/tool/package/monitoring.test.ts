// The Grafana dashboard and the Prometheus alerting rules of the package read only metrics srsync serves, with
// labels and label values it emits; the dashboard shows every srsync metric; the rules hold the alerts the
// developer README's monitoring section suggests.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectors, type Selector } from './promql.js';
import { parseExposition, servedMetrics, type ServedMetric } from './served-metrics.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const read = (rel: string) => fs.readFileSync(path.join(ROOT, rel), 'utf8');

/** Labels Prometheus adds to every scraped series. */
const TARGET_LABELS = new Set(['instance', 'job']);
/** Series Prometheus itself makes for every scrape target. */
const PROMETHEUS_SERIES = new Set(['up']);

/** Every `expr` of the dashboard's panels and template variables, with where it is. */
function dashboardExprs(): Array<{ where: string; expr: string }> {
  const dash = JSON.parse(read('packaging/grafana/srsync-dashboard.json')) as {
    panels: Array<{ title: string; type: string; targets?: Array<{ expr: string }> }>;
    templating: { list: Array<{ name: string; definition?: string }> };
  };
  const out: Array<{ where: string; expr: string }> = [];
  for (const p of dash.panels) for (const t of p.targets ?? []) out.push({ where: `panel '${p.title}'`, expr: t.expr });
  for (const v of dash.templating.list) {
    const m = /^label_values\((\w+),\s*\w+\)$/.exec(v.definition ?? '');
    if (m) out.push({ where: `variable ${v.name}`, expr: m[1]! });
  }
  return out;
}

/** The alerting rules: name and expression of each (the file keeps every expr on one line). */
function ruleExprs(): Array<{ where: string; expr: string }> {
  const text = read('packaging/prometheus/srsync-rules.yml');
  const out: Array<{ where: string; expr: string }> = [];
  let alert: string | null = null;
  for (const line of text.split('\n')) {
    const a = /^\s*- alert: (\S+)\s*$/.exec(line);
    if (a) {
      if (alert !== null) throw new Error(`alert ${alert} has no expr`);
      alert = a[1]!;
    }
    const e = /^\s*expr: (.*)$/.exec(line);
    if (e) {
      if (alert === null) throw new Error(`expr outside an alert: ${line}`);
      out.push({ where: `alert ${alert}`, expr: e[1]!.trim() });
      alert = null;
    }
  }
  if (alert !== null) throw new Error(`alert ${alert} has no expr`);
  return out;
}

/** What is wrong with `s` against the served metrics ([] = nothing). */
function problems(s: Selector, served: Map<string, ServedMetric>): string[] {
  if (PROMETHEUS_SERIES.has(s.metric)) return [];
  const family = served.get(s.metric) ?? served.get(s.metric.replace(/_(bucket|sum|count)$/, ''));
  if (!family || (family !== served.get(s.metric) && family.type !== 'histogram' && family.type !== 'summary')) {
    return [`${s.metric}: srsync serves no such metric`];
  }
  const out: string[] = [];
  for (const m of s.matchers) {
    if (TARGET_LABELS.has(m.label)) continue;
    if (m.label === 'le' && family.type === 'histogram' && s.metric.endsWith('_bucket')) continue;
    const values = family.labels.get(m.label);
    if (!values) {
      out.push(`${s.metric}: no label ${m.label} (it has: ${[...family.labels.keys()].join(', ') || 'none'})`);
      continue;
    }
    if (m.op === '=' && !values.has(m.value)) out.push(`${s.metric}{${m.label}="${m.value}"}: srsync emits ${[...values].join(', ')}`);
    if (m.op === '=~' && ![...values].some((v) => new RegExp(`^(?:${m.value})$`).test(v)))
      out.push(`${s.metric}{${m.label}=~"${m.value}"} matches nothing`);
  }
  return out;
}

let served: Map<string, ServedMetric>;

beforeAll(async () => {
  served = await servedMetrics();
});

describe('the metrics srsync serves (what the checks below compare with)', () => {
  it('holds the metrics of src/status/metrics.ts and the steering gauges, with their label values', () => {
    // Every metric name written in src/status/metrics.ts is served (so that parsing the endpoint is the whole truth).
    const source = read('src/status/metrics.ts');
    const named = [...source.matchAll(/'(srsync_[a-z0-9_]+)'/g)].map((m) => m[1]!);
    expect(named.length).toBeGreaterThan(10);
    for (const n of named) expect(served.has(n), n).toBe(true);
    expect(served.get('srsync_sync_jobs')?.labels.get('state')).toEqual(
      new Set(['ddlPending', 'jobPending', 'sent', 'running', 'finished', 'failed', 'unknown']),
    );
    expect(served.get('srsync_catalog_read_duration_seconds')?.type).toBe('histogram');
    expect(served.has('srsync_paused')).toBe(true);
  });

  it('parseExposition reads families, histogram samples and label values', () => {
    const m = parseExposition(
      [
        '# TYPE a_total counter',
        'a_total{x="1",y="q\\"t"} 3',
        '# TYPE h histogram',
        'h_bucket{le="1",k="full"} 0',
        'h_sum{k="full"} 0',
        'stray 1',
      ].join('\n'),
    );
    expect([...m.keys()]).toEqual(['a_total', 'h']);
    expect(m.get('a_total')?.labels.get('y')).toEqual(new Set(['q\\"t']));
    expect(m.get('h')?.labels.get('k')).toEqual(new Set(['full']));
  });
});

describe('promql selectors', () => {
  it('finds metric names and matchers, skipping functions, aggregations, label lists, strings and durations', () => {
    const s = selectors(
      'histogram_quantile(0.95, sum by (le, kind) (rate(srsync_catalog_read_duration_seconds_bucket{instance=~"$instance"}[$__rate_interval]))) > 1e9 and on (instance, job) time() - up == 0',
    );
    expect(s).toEqual([
      { metric: 'srsync_catalog_read_duration_seconds_bucket', matchers: [{ label: 'instance', op: '=~', value: '$instance' }] },
      { metric: 'up', matchers: [] },
    ]);
  });

  it('finds a misspelt metric and a wrong label value (the checks can fail)', () => {
    const bad = [
      ...selectors('srsync_sync_job{state="finished"}'),
      ...selectors('srsync_sync_jobs{state="done"}'),
      ...selectors('srsync_running{phase="x"}'),
    ];
    expect(bad.flatMap((s) => problems(s, served))).toEqual([
      'srsync_sync_job: srsync serves no such metric',
      expect.stringMatching(/^srsync_sync_jobs\{state="done"\}: srsync emits ddlPending, /),
      'srsync_running: no label phase (it has: none)',
    ]);
    expect(() => selectors('srsync_running{instance~"x"}')).toThrow(/cannot read the label matchers/);
  });
});

describe('monitoring/srsync-dashboard.json', () => {
  it('reads only metrics srsync serves, with labels and values it emits', () => {
    const exprs = dashboardExprs();
    expect(exprs.length).toBeGreaterThan(20);
    const found = exprs.flatMap(({ where, expr }) => selectors(expr).flatMap((s) => problems(s, served).map((p) => `${where}: ${p}`)));
    expect(found).toEqual([]);
  });

  it('shows every srsync metric srsync serves', () => {
    const used = new Set(dashboardExprs().flatMap(({ expr }) => selectors(expr).map((s) => s.metric.replace(/_(bucket|sum|count)$/, ''))));
    const missing = [...served.keys()].filter((n) => n.startsWith('srsync_') && !used.has(n));
    expect(missing).toEqual([]);
  });

  it('is a Grafana dashboard with a Prometheus data source variable, unique panel ids and panels inside the grid', () => {
    const dash = JSON.parse(read('packaging/grafana/srsync-dashboard.json')) as {
      uid: string;
      schemaVersion: number;
      panels: Array<{ id: number; gridPos: { x: number; w: number }; datasource?: { uid: string } }>;
      templating: { list: Array<{ name: string; type: string }> };
    };
    expect(dash.uid).toMatch(/^[a-z0-9-]{1,40}$/);
    expect(dash.schemaVersion).toBeGreaterThanOrEqual(36);
    expect(dash.templating.list).toContainEqual(expect.objectContaining({ name: 'datasource', type: 'datasource' }));
    const ids = dash.panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of dash.panels) {
      expect(p.gridPos.x + p.gridPos.w).toBeLessThanOrEqual(24);
      if (p.datasource) expect(p.datasource.uid).toBe('${datasource}');
    }
  });
});

describe('monitoring/srsync-rules.yml', () => {
  it('reads only metrics srsync serves, with labels and values it emits', () => {
    const rules = ruleExprs();
    expect(rules.length).toBeGreaterThan(5);
    const found = rules.flatMap(({ where, expr }) => selectors(expr).flatMap((s) => problems(s, served).map((p) => `${where}: ${p}`)));
    expect(found).toEqual([]);
  });

  it("holds every alert the developer README's monitoring section suggests", () => {
    const readme = read('README.md');
    const section = readme.slice(readme.indexOf('### Monitoring'));
    const suggested = [...section.matchAll(/Example alerts?:([^\n]*(?:\n(?!\n)[^\n]*)*)/g)].flatMap((m) =>
      [...m[1]!.matchAll(/`([^`]+)`/g)].map((c) => c[1]!),
    );
    expect(suggested.length).toBeGreaterThan(0);
    const norm = (s: string) => s.replace(/\s+/g, ' ').trim();
    const exprs = ruleExprs().map((r) => norm(r.expr));
    for (const s of suggested)
      expect(
        exprs.some((e) => e.includes(norm(s))),
        s,
      ).toBe(true);
  });

  it('gives every alert a severity, a summary and a description', () => {
    const text = read('packaging/prometheus/srsync-rules.yml');
    const blocks = text.split(/\n(?=[ \t]*- alert: )/).slice(1);
    expect(blocks.length).toBe(ruleExprs().length);
    for (const b of blocks) {
      expect(b).toMatch(/\n\s+severity: (critical|warning|info)\n/);
      expect(b).toMatch(/\n\s+summary: ".+"\n/);
      expect(b).toMatch(/\n\s+description: ".+"/);
    }
  });
});
