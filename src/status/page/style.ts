// The status page's stylesheet: system fonts, no external resources; fits a 1280×800 laptop screen.

export const PAGE_CSS = `:root { --fg: #1d2330; --muted: #6b7280; --line: #dde1e7; --bg: #f5f6f8; --card: #fff; --accent: #2563eb;
  --ok: #15803d; --warn: #b45309; --err: #b91c1c; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: var(--fg); background: var(--bg); }
header { display: flex; flex-wrap: wrap; gap: 4px 24px; align-items: baseline; padding: 10px 16px; background: #111827; color: #f9fafb; }
header .title { font-size: 18px; }
header .route { color: #cbd5e1; }
header .conn { margin-left: auto; font-size: 12px; color: #cbd5e1; }
header #steer { margin-left: 12px; padding: 4px 12px; border: 1px solid #cbd5e1; border-radius: 4px; background: transparent; color: #f8fafc; cursor: pointer; }
header #steer:disabled { opacity: 0.5; cursor: default; }
body[data-state="error"] header .conn { color: #fca5a5; }
.phase { display: inline-block; padding: 1px 8px; margin-left: 6px; border-radius: 10px; background: var(--accent); font-size: 12px; }
.phase[data-value="starting"] { background: var(--warn); }
.phase[data-value="stopping"] { background: var(--err); }
.mode { font-size: 12px; color: #cbd5e1; margin-left: 6px; }
main { padding: 12px 16px 24px; max-width: 1600px; }
#auth { padding: 16px; }
#auth input { width: 22em; margin: 0 8px; }
#auth-error { color: var(--err); margin-left: 8px; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(190px, 1fr)); gap: 10px; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; min-height: 104px; }
.card h2, .panel h2 { margin: 0 0 4px; font-size: 12px; font-weight: 600; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
.big { font-size: 22px; font-weight: 600; font-variant-numeric: tabular-nums; }
.small { font-size: 12px; color: var(--muted); font-variant-numeric: tabular-nums; }
.muted { color: var(--muted); }
.bar { height: 6px; background: var(--line); border-radius: 3px; margin: 4px 0; overflow: hidden; }
.bar > div { height: 100%; width: 0; background: var(--ok); }
.note { margin: 8px 0 0; font-size: 12px; color: var(--warn); }
.cols { display: grid; grid-template-columns: minmax(0, 3fr) minmax(220px, 1fr); gap: 10px; margin-top: 10px; }
@media (max-width: 900px) { .cols { grid-template-columns: 1fr; } }
.panel { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; margin-top: 10px; overflow-x: auto; }
.cols .panel { margin-top: 0; }
.count { color: var(--fg); }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
th, td { text-align: left; padding: 3px 8px 3px 0; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-weight: 600; font-size: 12px; color: var(--muted); }
td.num, th.num { text-align: right; }
td.table-name { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 12px; word-break: break-all; }
tr.level-ERROR td { color: var(--err); }
tr.level-WARN td { color: var(--warn); }
td.when { white-space: nowrap; font-size: 12px; color: var(--muted); }
#jobs-list { margin: 6px 0 0; padding-left: 18px; font-size: 12px; }
details summary { cursor: pointer; font-size: 12px; font-weight: 600; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
#config-table td:first-child { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 12px; width: 40%; }
.empty { color: var(--muted); font-style: italic; }
footer { margin-top: 12px; font-size: 12px; color: var(--muted); }
`;
