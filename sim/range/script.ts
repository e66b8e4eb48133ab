// `ADMIN EXECUTE ON FRONTEND '<script>'` (ExecuteScriptExecutor.executeFrontendScript): StarRocks evaluates a Groovy
// script with `out` (a StringBuilder) and `globalState` bound and answers one `result` column, one row per line of
// `out`; any exception is `execute script failed: <message>`; a static `enable_execute_script_on_frontend = false`
// answers `execute script on frontend is disabled`. The statement runs on the FE it is sent to (never forwarded).
// The simulator has no Groovy: it recognizes the two scripts of the range-migration protocol (PR #77360) and refuses
// every other script (sim/fidelity/range.md).
import { SimError } from '../fe/errors.js';
import type { FeState } from '../fe/state.js';
import { tokenize } from '../sql/lexer.js';
import { getRangeDistributionTopology, MigrationServiceError, submitSplit, type RangeSpec } from './migration.js';

export interface ScriptResult {
  columns: Array<{ name: string; type: 'VARCHAR' }>;
  rows: string[][];
}

/** The script of `ADMIN EXECUTE ON FRONTEND '<script>'`, or null when `sql` is another statement. */
export function adminExecuteOnFrontendScript(sql: string): string | null {
  if (!/^\s*ADMIN\s+EXECUTE\s+ON\s+FRONTEND\b/i.test(sql)) return null;
  const toks = tokenize(sql);
  const [a, e, o, f, s, ...rest] = toks;
  const words = [a, e, o, f].map((t) => (t?.type === 'ident' ? t.value.toUpperCase() : ''));
  const tail = rest.filter((t) => t.type !== 'eof' && !(t.type === 'op' && t.value === ';'));
  if (words.join(' ') !== 'ADMIN EXECUTE ON FRONTEND' || s?.type !== 'string' || tail.length > 0) {
    throw new SimError(1064, `Getting syntax error. Detail message: ADMIN EXECUTE ON FRONTEND expects one string literal.`, '42000');
  }
  return s.value;
}

const SCRIPT_FAILED = (msg: string) => new SimError(1064, `execute script failed: ${msg}`, 'HY000');

/** Groovy string literals ('…', "…", '''…''') with backslash escapes. Returns the value and the index after it. */
function groovyString(src: string, at: number): { value: string; end: number } | null {
  let i = at;
  while (i < src.length && /\s/.test(src[i]!)) i++;
  const triple = src.startsWith("'''", i) || src.startsWith('"""', i);
  const q = src[i];
  if (q !== "'" && q !== '"') return null;
  const close = triple ? q.repeat(3) : q;
  i += close.length;
  let v = '';
  while (i < src.length) {
    if (src.startsWith(close, i)) return { value: v, end: i + close.length };
    const c = src[i]!;
    if (c === '\\' && i + 1 < src.length) {
      const d = src[i + 1]!;
      if (d === 'u' && /^[0-9a-fA-F]{4}$/.test(src.slice(i + 2, i + 6))) {
        v += String.fromCharCode(parseInt(src.slice(i + 2, i + 6), 16));
        i += 6;
        continue;
      }
      v += ({ n: '\n', t: '\t', r: '\r', b: '\b', f: '\f' } as Record<string, string>)[d] ?? d;
      i += 2;
      continue;
    }
    v += c;
    i++;
  }
  return null;
}

/** The string-literal arguments of the first call `name(…)` in the script (non-literal arguments as null). */
function callArgs(script: string, name: string): Array<string | null> | null {
  const at = script.indexOf(`${name}(`);
  if (at < 0) return null;
  const args: Array<string | null> = [];
  let i = at + name.length + 1;
  for (;;) {
    const s = groovyString(script, i);
    if (s) {
      args.push(s.value);
      i = s.end;
    } else {
      const m = /^\s*([\w.]+)\s*/.exec(script.slice(i));
      if (!m || m[1] === '') break;
      args.push(null);
      i += m[0].length;
    }
    while (i < script.length && /\s/.test(script[i]!)) i++;
    if (script[i] === ',') i++;
    else break;
  }
  return script.slice(i).trimStart().startsWith(')') ? args : null;
}

const isTuple = (v: unknown): v is Array<string | null> | null =>
  v === null || (Array.isArray(v) && v.every((x) => x === null || typeof x === 'string'));

/** `req.each { k, v -> ranges.put(Long.valueOf(k), v.collect { r -> new RangeSpec(…) }) }` over the parsed JSON. */
function splitRequest(json: string): Map<number, RangeSpec[] | null> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (e) {
    throw SCRIPT_FAILED(`Unable to determine the current character, it is not a string, number, array, or object (${(e as Error).message})`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw SCRIPT_FAILED('No signature of method: each() is applicable: the split request must be a JSON object');
  }
  const out = new Map<number, RangeSpec[] | null>();
  for (const [k, v] of Object.entries(parsed as Record<string, unknown>)) {
    if (!/^-?\d+$/.test(k)) throw SCRIPT_FAILED(`For input string: "${k}"`);
    if (v === null) {
      out.set(Number(k), null);
      continue;
    }
    if (!Array.isArray(v)) throw SCRIPT_FAILED(`No signature of method: collect() is applicable for the ranges of parent tablet ${k}`);
    out.set(
      Number(k),
      v.map((r: unknown) => {
        const o = r as Record<string, unknown> | null;
        if (!o || typeof o !== 'object' || !isTuple(o['lowerBound'] ?? null) || !isTuple(o['upperBound'] ?? null)) {
          throw SCRIPT_FAILED('Could not find matching constructor for: com.starrocks.alter.reshard.RangeDistributionMigrationService$RangeSpec');
        }
        if (typeof o['lowerIncluded'] !== 'boolean' || typeof o['upperIncluded'] !== 'boolean') {
          throw SCRIPT_FAILED('Could not find matching constructor for: com.starrocks.alter.reshard.RangeDistributionMigrationService$RangeSpec');
        }
        return {
          lowerBound: (o['lowerBound'] ?? null) as Array<string | null> | null,
          lowerIncluded: o['lowerIncluded'],
          upperBound: (o['upperBound'] ?? null) as Array<string | null> | null,
          upperIncluded: o['upperIncluded'],
        };
      }),
    );
  }
  return out;
}

function resultOf(out: string): ScriptResult {
  return { columns: [{ name: 'result', type: 'VARCHAR' }], rows: out.split('\n').map((l) => [l]) };
}

/**
 * Runs a frontend script on this FE. `leaderAdmissionOpen`: GlobalStateMgr.isLeader() && isLeaderWorkAdmissionOpen().
 */
export function executeFrontendScript(fe: FeState, script: string, leaderAdmissionOpen: boolean): ScriptResult {
  if (!fe.config.getBool('enable_execute_script_on_frontend')) throw new SimError(1064, 'execute script on frontend is disabled', 'HY000');
  try {
    const topo = callArgs(script, 'getRangeDistributionTopology');
    if (topo) {
      const [db, table] = topo;
      if (topo.length !== 2 || db == null || table == null)
        throw SCRIPT_FAILED('No signature of method: getRangeDistributionTopology() is applicable');
      return resultOf(getRangeDistributionTopology(fe, db, table));
    }
    const split = callArgs(script, 'submitSplit');
    if (split) {
      const [db, table] = split;
      const json = callArgs(script, 'parseText');
      if (split.length !== 3 || db == null || table == null || !json || json.length !== 1 || json[0] == null) {
        throw SCRIPT_FAILED('No signature of method: submitSplit() is applicable');
      }
      return resultOf(String(submitSplit(fe, db, table, splitRequest(json[0]), leaderAdmissionOpen)));
    }
  } catch (e) {
    if (e instanceof MigrationServiceError) throw SCRIPT_FAILED(e.message);
    throw e;
  }
  throw SCRIPT_FAILED(
    'the simulated FE runs only the range-migration scripts (getRangeDistributionTopology, submitSplit); see sim/fidelity/range.md',
  );
}
