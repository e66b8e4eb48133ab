// The status page's script: polls GET /status every second and renders the document as it is. No arithmetic on
// the figures beyond presentation (units, durations): every element with data-field shows that JSON field and keeps
// its raw value in data-value; unknown (null) is shown as "unknown", never as 0. The token (status_http_token) is
// taken from the URL fragment (#token=..., never sent to the server in a URL) or the form, kept in sessionStorage.
// Text is set with textContent only (names and messages come from the clusters).

export const PAGE_SCRIPT = String.raw`'use strict';
(function () {
  var POLL_MS = 1000;
  var TOKEN_KEY = 'srsync-status-token';
  var token = '';
  try { token = sessionStorage.getItem(TOKEN_KEY) || ''; } catch (e) { token = ''; }
  var m = /(?:^#|&)token=([^&]*)/.exec(location.hash);
  if (m) {
    token = decodeURIComponent(m[1]);
    try { sessionStorage.setItem(TOKEN_KEY, token); } catch (e) { /* private mode: kept in memory */ }
    history.replaceState(null, '', location.pathname + location.search);
  }
  var timer = null;
  var renders = 0;

  function $(id) { return document.getElementById(id); }
  function get(doc, path) {
    var v = doc;
    var parts = path.split('.');
    for (var i = 0; i < parts.length; i++) {
      if (v === null || v === undefined) return undefined;
      v = v[parts[i]];
    }
    return v;
  }
  function group(n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ','); }
  var UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  function bytes(n) {
    if (n < 1024) return group(n) + ' B';
    var u = 0;
    var v = n;
    while (v >= 1024 && u < UNITS.length - 1) { v /= 1024; u++; }
    return v.toFixed(v < 10 ? 2 : v < 100 ? 1 : 0) + ' ' + UNITS[u];
  }
  function duration(s) {
    if (s < 60) return s + ' s';
    var d = Math.floor(s / 86400), h = Math.floor((s % 86400) / 3600), mi = Math.floor((s % 3600) / 60), se = s % 60;
    if (d > 0) return d + ' d ' + h + ' h';
    if (h > 0) return h + ' h' + (mi > 0 ? ' ' + mi + ' min' : '');
    return mi + ' min' + (se > 0 ? ' ' + se + ' s' : '');
  }
  /** "(at 14:05:00 UTC)" today, "(at 2026-12-08 14:05:00 UTC)" another day. */
  function time(iso) {
    var day = iso.slice(0, 10);
    var clock = iso.slice(11, 19) + ' UTC';
    return '(at ' + (day === new Date().toISOString().slice(0, 10) ? clock : day + ' ' + clock) + ')';
  }
  function show(v, format) {
    if (v === null) return 'unknown';
    if (v === undefined) return '';
    if (typeof v === 'number') {
      if (format === 'bytes') return bytes(v);
      if (format === 'rate') return bytes(v) + '/s';
      if (format === 'duration') return duration(v);
      return group(v);
    }
    if (format === 'time') return time(String(v));
    return String(v);
  }
  function raw(v) { return v === null ? 'null' : v === undefined ? '' : String(v); }
  function cell(tr, text, cls) {
    var td = document.createElement('td');
    td.textContent = text;
    if (cls) td.className = cls;
    tr.appendChild(td);
    return td;
  }
  function figure(tr, v, format) {
    var td = cell(tr, show(v, format), 'num');
    td.setAttribute('data-value', raw(v));
    return td;
  }
  function rows(tbody, items, fill, empty) {
    tbody.textContent = '';
    if (items.length === 0) {
      var tr = document.createElement('tr');
      var td = cell(tr, empty, 'empty');
      td.colSpan = 8;
      tbody.appendChild(tr);
      return;
    }
    for (var i = 0; i < items.length; i++) {
      var r = document.createElement('tr');
      fill(r, items[i]);
      tbody.appendChild(r);
    }
  }

  function render(doc) {
    var fields = document.querySelectorAll('[data-field]');
    for (var i = 0; i < fields.length; i++) {
      var el = fields[i];
      var v = get(doc, el.getAttribute('data-field'));
      el.textContent = show(v, el.getAttribute('data-format'));
      el.setAttribute('data-value', raw(v));
    }
    $('mode').textContent = doc.one_time_run_mode ? 'one-time run' : 'continuous';
    // Pause / resume: only with steering in the document and a token to send (POST needs it always).
    var steer = $('steer');
    steer.hidden = !doc.steering || token === '';
    if (doc.steering) {
      steer.textContent = doc.steering.paused ? 'Resume' : 'Pause';
      steer.setAttribute('data-action', doc.steering.paused ? '/resume' : '/pause');
    }
    $('no-progress').hidden = doc.progress !== null;
    var p = doc.progress;
    $('job-bar').style.width = p ? p.job.progress : '0';
    $('table-bar').style.width = p ? p.table.finishedTableRatio : '0';
    var b = doc.bytes;
    var note = $('size-note');
    var unknown = b ? b.catch_up.tables_size_unknown : 0;
    note.hidden = unknown === 0;
    note.textContent = unknown === 0 ? '' : unknown + ' table(s) have no known size yet (not on the target yet, DDL pending or blocked): totals and ETAs that include them are unknown; known so far: ' + bytes(b.catch_up.remaining_bytes_known) + ' behind.';
    rows($('lag-table').tBodies[0], b ? b.tables : [], function (tr, t) {
      var name = cell(tr, t.table, 'table-name');
      name.setAttribute('data-table', t.table);
      cell(tr, t.synced ? 'yes' : 'not yet');
      cell(tr, t.initial_copy_done ? 'done' : 'copying');
      figure(tr, t.partitions_behind);
      figure(tr, t.versions_behind);
      figure(tr, t.bytes_behind, 'bytes');
      figure(tr, t.lag_seconds, 'duration');
      figure(tr, t.copied_bytes, 'bytes');
    }, 'every table is in sync');
    var jobs = doc.jobs_in_flight ? doc.jobs_in_flight.tables : [];
    var list = $('jobs-list');
    list.textContent = '';
    for (var j = 0; j < jobs.length; j++) {
      var li = document.createElement('li');
      li.textContent = jobs[j].table + ': ' + jobs[j].state;
      list.appendChild(li);
    }
    rows($('unsynced-table').tBodies[0], doc.tables_not_in_sync.tables, function (tr, t) {
      cell(tr, t.table, 'table-name');
      cell(tr, t.reason);
    }, 'none');
    var recent = doc.warnings.recent.slice().reverse();
    rows($('warnings-table').tBodies[0], recent, function (tr, w) {
      tr.className = 'level-' + w.level;
      cell(tr, w.time, 'when');
      cell(tr, w.level);
      cell(tr, w.message);
    }, 'none');
    var keys = Object.keys(doc.config).sort();
    rows($('config-table').tBodies[0], keys, function (tr, k) {
      cell(tr, k);
      cell(tr, doc.config[k]);
    }, 'none');
    renders++;
    document.body.setAttribute('data-renders', String(renders));
    window.srsyncStatus = doc;
  }

  function connection(state, text) {
    document.body.setAttribute('data-state', state);
    $('conn').textContent = text;
  }

  function poll() {
    timer = null;
    var headers = { accept: 'application/json' };
    if (token !== '') headers.authorization = 'Bearer ' + token;
    fetch('/status', { headers: headers, cache: 'no-store' }).then(function (res) {
      if (res.status === 401) {
        connection('auth', 'token required');
        $('auth').hidden = false;
        $('main').hidden = true;
        $('auth-error').textContent = token === '' ? '' : 'the token was refused';
        return;
      }
      if (!res.ok) throw new Error('HTTP ' + res.status);
      return res.json().then(function (doc) {
        $('auth').hidden = true;
        $('main').hidden = false;
        render(doc);
        connection('live', 'live, updated ' + new Date().toLocaleTimeString());
        schedule();
      });
    }).catch(function (e) {
      connection('error', 'no answer from srsync (' + (e && e.message ? e.message : e) + '); retrying; figures below are from the last answer');
      schedule();
    });
  }
  function schedule() { if (timer === null) timer = setTimeout(poll, POLL_MS); }

  $('steer').addEventListener('click', function () {
    var action = $('steer').getAttribute('data-action');
    if (!action || token === '') return;
    $('steer').disabled = true;
    fetch(action, { method: 'POST', headers: { authorization: 'Bearer ' + token }, cache: 'no-store' }).then(function (res) {
      if (!res.ok) throw new Error('HTTP ' + res.status);
    }).catch(function (e) {
      connection('error', action.slice(1) + ' failed (' + (e && e.message ? e.message : e) + ')');
    }).then(function () {
      $('steer').disabled = false;
      if (timer !== null) { clearTimeout(timer); timer = null; }
      poll();
    });
  });

  $('auth-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    token = $('auth-token').value.trim();
    try { sessionStorage.setItem(TOKEN_KEY, token); } catch (e) { /* kept in memory */ }
    $('auth-token').value = '';
    poll();
  });
  poll();
})();
`;
