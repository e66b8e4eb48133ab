// Just enough of PromQL to check the dashboard's and the alerting rules' expressions against the served metrics: the
// metric names an expression reads and the label matchers of each selector. Strings, durations, numbers, functions,
// keywords and the label lists of by/without/on/ignoring/group_* are not metric names.

export interface Matcher {
  label: string;
  op: '=' | '!=' | '=~' | '!~';
  value: string;
}

export interface Selector {
  metric: string;
  matchers: Matcher[];
}

const KEYWORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'bool', 'and', 'or', 'unless', 'offset', 'inf', 'nan']);
// Aggregation operators: followed by `by (...)` / `without (...)` before their parenthesis, so not seen as functions.
const AGGREGATIONS = new Set(['sum', 'avg', 'min', 'max', 'count', 'group', 'stddev', 'stdvar', 'topk', 'bottomk', 'quantile', 'count_values']);
const LABEL_LISTS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right']);

function parseMatchers(body: string): Matcher[] {
  const out: Matcher[] = [];
  for (const part of body.matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"/g)) {
    out.push({ label: part[1]!, op: part[2] as Matcher['op'], value: part[3]! });
  }
  const rest = body.replace(/([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"/g, '').replace(/[\s,]/g, '');
  if (rest !== '') throw new Error(`cannot read the label matchers {${body}}`);
  return out;
}

/** The selectors of `expr` (a bare metric name is a selector without matchers). Throws on a matcher it cannot read. */
export function selectors(expr: string): Selector[] {
  const out: Selector[] = [];
  // Grafana's variables ($__rate_interval, $instance) are not PromQL; durations and strings are skipped below.
  const text = expr.replace(/\$__[a-z_]+/g, '5m');
  let i = 0;
  let skipLabelList = false;
  while (i < text.length) {
    const rest = text.slice(i);
    const str = /^"(?:[^"\\]|\\.)*"/.exec(rest);
    const dur = /^\[[^\]]*\]/.exec(rest);
    const num = /^\d+(?:\.\d+)?(?:e[+-]?\d+)?/i.exec(rest);
    const ident = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(rest);
    if (str || dur || num) {
      i += (str ?? dur ?? num)![0].length;
      continue;
    }
    if (!ident) {
      if (text[i] === '(' && skipLabelList) {
        const close = text.indexOf(')', i);
        i = close < 0 ? text.length : close + 1;
        skipLabelList = false;
        continue;
      }
      i++;
      continue;
    }
    const name = ident[0];
    i += name.length;
    const after = text.slice(i);
    if (LABEL_LISTS.has(name)) {
      skipLabelList = true;
      continue;
    }
    if (KEYWORDS.has(name.toLowerCase()) || AGGREGATIONS.has(name)) continue;
    if (/^\s*\(/.test(after)) continue; // a function
    const braces = /^\{([^}]*)\}/.exec(after);
    if (braces) i += braces[0].length;
    out.push({ metric: name, matchers: braces ? parseMatchers(braces[1]!) : [] });
  }
  return out;
}
