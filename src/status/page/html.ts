// The status page's HTML shell: no data in it (the script fills it from GET /status), so it is served without the
// token; every figure element names the JSON field it shows (data-field) and carries its raw value (data-value).

export const PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>srsync status</title>
<link rel="stylesheet" href="/page.css">
<script src="/page.js" defer></script>
</head>
<body data-state="loading">
<header>
  <div class="title"><strong>srsync</strong> <span data-field="version"></span>
    <span class="phase" data-field="phase"></span>
    <span class="mode" id="mode"></span></div>
  <div class="route"><span data-field="source_fe"></span> &rarr; <span data-field="target_fe"></span></div>
  <div class="conn" id="conn">connecting&hellip;</div>
  <button type="button" id="steer" hidden title="srsync pause / srsync resume: no new jobs or DDL while paused; running jobs finish"></button>
</header>
<section id="auth" hidden>
  <form id="auth-form">
    <label>This srsync requires its <code>status_http_token</code>:
      <input id="auth-token" type="password" autocomplete="off" spellcheck="false"></label>
    <button type="submit">Show status</button>
    <span id="auth-error"></span>
  </form>
</section>
<main id="main">
  <p id="no-progress" hidden>No progress yet: checking the clusters, or reading the catalogs for the first time.</p>
  <div class="cards">
    <div class="card"><h2>Jobs</h2>
      <div class="big" data-field="progress.job.progress"></div>
      <div class="bar"><div id="job-bar"></div></div>
      <div class="small"><span data-field="progress.job.finished"></span> of <span data-field="progress.job.total"></span> finished</div>
    </div>
    <div class="card"><h2>Tables</h2>
      <div class="big" data-field="progress.table.finishedTableRatio"></div>
      <div class="bar"><div id="table-bar"></div></div>
      <div class="small"><span data-field="progress.table.finished"></span> of <span data-field="progress.table.total"></span> synchronized,
        <span data-field="progress.table.expired"></span> expired</div>
    </div>
    <div class="card"><h2>Initial copy</h2>
      <div class="big"><span data-field="bytes.initial_copy.copied_bytes" data-format="bytes"></span></div>
      <div class="small">of <span data-field="bytes.initial_copy.total_bytes" data-format="bytes"></span>;
        remaining <span data-field="bytes.initial_copy.remaining_bytes" data-format="bytes"></span></div>
      <div class="small">ETA <span data-field="bytes.initial_copy.eta_seconds" data-format="duration"></span>
        <span class="muted" data-field="bytes.initial_copy.eta_time" data-format="time"></span></div>
    </div>
    <div class="card"><h2>Catch-up</h2>
      <div class="big"><span data-field="bytes.catch_up.remaining_bytes" data-format="bytes"></span></div>
      <div class="small">behind now; ETA <span data-field="bytes.catch_up.eta_seconds" data-format="duration"></span>
        <span class="muted" data-field="bytes.catch_up.eta_time" data-format="time"></span></div>
      <div class="small">copied this run <span data-field="bytes.copied_bytes" data-format="bytes"></span>
        of <span data-field="bytes.catalog_bytes" data-format="bytes"></span> in the catalog
        (&times;<span data-field="bytes.copied_to_catalog_ratio"></span>)</div>
    </div>
    <div class="card"><h2>Throughput</h2>
      <div class="big"><span data-field="bytes.throughput_bytes_per_second" data-format="rate"></span></div>
      <div class="small">over the last <span data-field="bytes.window_seconds" data-format="duration"></span> (or since srsync started)</div>
    </div>
    <div class="card"><h2>Target lag</h2>
      <div class="big"><span data-field="bytes.lag.seconds" data-format="duration"></span></div>
      <div class="small"><span data-field="bytes.lag.versions"></span> versions, <span data-field="bytes.lag.bytes" data-format="bytes"></span></div>
      <div class="small"><span data-field="target_lag.partitions"></span> partitions in <span data-field="target_lag.tables"></span> tables</div>
    </div>
  </div>
  <p class="note" id="size-note" hidden></p>
  <div class="cols">
    <section class="panel wide"><h2>Lag per table <span class="count" data-field="bytes.tables_behind"></span></h2>
      <table id="lag-table"><thead><tr><th>table</th><th>synced</th><th>initial copy</th><th class="num">partitions</th><th class="num">versions</th>
        <th class="num">bytes behind</th><th class="num">lag</th><th class="num">copied</th></tr></thead><tbody></tbody></table>
    </section>
    <section class="panel"><h2>Jobs on the target</h2>
      <table id="jobs-table"><tbody>
        <tr><th>sent</th><td class="num" data-field="progress.job.sent"></td></tr>
        <tr><th>running</th><td class="num" data-field="progress.job.running"></td></tr>
        <tr><th>unknown</th><td class="num" data-field="progress.job.unknown"></td></tr>
        <tr><th>pending (not sent)</th><td class="num" data-field="progress.job.jobPending"></td></tr>
        <tr><th>DDL pending</th><td class="num" data-field="progress.job.ddlPending"></td></tr>
        <tr><th>failed</th><td class="num" data-field="progress.job.failed"></td></tr>
        <tr><th>sent this run</th><td class="num" data-field="activity.replication_jobs_sent"></td></tr>
        <tr><th>finished this run</th><td class="num" data-field="activity.replication_jobs_finished"></td></tr>
        <tr><th>failed attempts</th><td class="num" data-field="activity.replication_jobs_failed"></td></tr>
      </tbody></table>
      <ul id="jobs-list"></ul>
    </section>
  </div>
  <section class="panel"><h2>Tables not in sync <span class="count" data-field="tables_not_in_sync.count"></span></h2>
    <table id="unsynced-table"><thead><tr><th>table</th><th>reason</th></tr></thead><tbody></tbody></table>
  </section>
  <section class="panel"><h2>Warnings <span class="count" data-field="warnings.count"></span> &middot; errors <span class="count" data-field="warnings.errors"></span></h2>
    <table id="warnings-table"><tbody></tbody></table>
  </section>
  <details class="panel"><summary>Effective configuration (secrets masked)</summary>
    <table id="config-table"><tbody></tbody></table>
  </details>
  <footer>pid <span data-field="pid"></span> &middot; started <span data-field="start_time"></span> &middot;
    progress at <span data-field="progress.updated_at"></span></footer>
</main>
</body>
</html>
`;
