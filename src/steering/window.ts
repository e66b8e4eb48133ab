// Time windows for job admission (replication_windows, replication_window_time_zone): outside every window no new
// replication job starts. Pure: the wall clock of a time zone comes from Intl (no dependency), so daylight saving
// time is the zone's own (a window is open when the zone's wall clock reads inside it).
//
// Syntax: windows separated by `;` or `,`, each `[<days> ]HH:MM[:SS]-HH:MM[:SS]`; days `Mon`, `Mon-Fri` (a range
// may wrap: `Fri-Mon`), several joined by `,` (`Sat,Sun 00:00-24:00`). No days: every day. A window whose end is
// not after its start crosses midnight; its days are the days it starts on (`Fri 22:00-06:00` = Friday 22:00 to
// Saturday 06:00). `24:00` only as an end; `00:00-24:00` is the whole day.

/** 0 = Sunday … 6 = Saturday (as Date.getDay). */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

export interface TimeWindow {
  /** The days it starts on; null: every day. */
  readonly days: ReadonlySet<Weekday> | null;
  /** Seconds after local midnight (0 … 86399). */
  readonly start: number;
  /** Seconds after local midnight (1 … 86400); ≤ start: it ends the next day. */
  readonly end: number;
}

/** A zone's wall clock at one instant. */
export interface WallClock {
  readonly weekday: Weekday;
  /** Seconds after local midnight. */
  readonly second: number;
}

/** Open now, or closed until the next start (in the zone's wall-clock terms: `Sat 22:00`, or `22:00` today). */
export type WindowState = { readonly open: true } | { readonly open: false; readonly until: string };

const DAY = 86_400;
const DAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const LONG_NAMES = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

export class WindowSyntaxError extends Error {}

function dayOf(name: string): Weekday {
  const n = name.toLowerCase();
  const i = LONG_NAMES.findIndex((l) => l === n || l.slice(0, 3) === n);
  if (i < 0) throw new WindowSyntaxError(`has '${name}', which is not a day (Mon … Sun)`);
  return i as Weekday;
}

/** `Mon`, `Mon-Fri`, `Fri-Mon` → the days. */
function daysOf(spec: string, into: Set<Weekday>): void {
  const m = /^([a-z]+)(?:\s*-\s*([a-z]+))?$/i.exec(spec.trim());
  if (!m) throw new WindowSyntaxError(`has '${spec}', which is not a day or day range (Mon, Mon-Fri)`);
  const from = dayOf(m[1]!);
  const to = m[2] === undefined ? from : dayOf(m[2]);
  for (let d = from; ; d = ((d + 1) % 7) as Weekday) {
    into.add(d);
    if (d === to) break;
  }
}

/** `HH:MM[:SS]` → seconds; `24:00` only when `end`. */
function timeOf(text: string, end: boolean): number {
  const m = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(text.trim());
  const [h, mi, s] = m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)] : [NaN, NaN, NaN];
  const ok = m !== null && mi < 60 && s < 60 && (h < 24 || (end && h === 24 && mi === 0 && s === 0));
  if (!ok) throw new WindowSyntaxError(`has '${text.trim()}', which is not a time of day (HH:MM or HH:MM:SS${end ? ', or 24:00' : ''})`);
  return h * 3600 + mi * 60 + s;
}

/** Parses the key's value; '' (or only separators) = no windows (always open). Throws WindowSyntaxError. */
export function parseWindows(text: string): TimeWindow[] {
  const out: TimeWindow[] = [];
  const days = new Set<Weekday>();
  for (const raw of text.split(/[;,]/)) {
    const piece = raw.trim();
    if (piece === '') continue;
    const m = /^(?:(.*?)\s+)?(\d{1,2}:\d{2}(?::\d{2})?)\s*-\s*(\d{1,2}:\d{2}(?::\d{2})?)$/.exec(piece);
    if (!m) {
      if (/\d/.test(piece)) throw new WindowSyntaxError(`has '${piece}', which is not a window ([days ]HH:MM-HH:MM)`);
      daysOf(piece, days); // a day of a list continued in the next piece (`Sat,Sun 00:00-24:00`)
      continue;
    }
    if (m[1] !== undefined) daysOf(m[1], days);
    const start = timeOf(m[2]!, false);
    const end = timeOf(m[3]!, true);
    if (start === end) throw new WindowSyntaxError(`has '${piece}', which is empty (use 00:00-24:00 for a whole day)`);
    out.push({ days: days.size === 0 ? null : new Set(days), start, end });
    days.clear();
  }
  if (days.size > 0) throw new WindowSyntaxError(`ends with days without a time range (${text.trim()})`);
  return out;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Seconds of the day as `HH:MM`, or `HH:MM:SS` when the seconds are not 0. */
export function clockText(second: number): string {
  const h = Math.floor(second / 3600);
  const m = Math.floor((second % 3600) / 60);
  const s = second % 60;
  return `${pad(h)}:${pad(m)}${s === 0 ? '' : `:${pad(s)}`}`;
}

/** The canonical text of parsed windows (what the key shows as in effect). */
export function formatWindows(windows: readonly TimeWindow[]): string {
  return windows
    .map((w) => {
      const days =
        w.days === null
          ? ''
          : `${[...w.days]
              .sort((a, b) => ((a + 6) % 7) - ((b + 6) % 7))
              .map((d) => DAY_NAMES[d])
              .join(',')} `;
      return `${days}${clockText(w.start)}-${clockText(w.end)}`;
    })
    .join('; ');
}

const runsOn = (w: TimeWindow, d: number) => w.days === null || w.days.has(d as Weekday);

/** True when `clock` is inside one of `windows`; no windows: always. */
export function isOpen(windows: readonly TimeWindow[], clock: WallClock): boolean {
  if (windows.length === 0) return true;
  const prev = (clock.weekday + 6) % 7;
  for (const w of windows) {
    if (w.start < w.end) {
      if (runsOn(w, clock.weekday) && clock.second >= w.start && clock.second < w.end) return true;
    } else if ((runsOn(w, clock.weekday) && clock.second >= w.start) || (runsOn(w, prev) && clock.second < w.end)) return true;
  }
  return false;
}

/** Open, or the next start as wall-clock text (`22:00` today, `Sat 22:00` on another day). */
export function windowState(windows: readonly TimeWindow[], clock: WallClock): WindowState {
  if (isOpen(windows, clock)) return { open: true };
  let best: number | null = null;
  for (let d = 0; d <= 7; d++) {
    const day = (clock.weekday + d) % 7;
    for (const w of windows) {
      const at = d * DAY + w.start;
      if (runsOn(w, day) && at > clock.second && (best === null || at < best)) best = at;
    }
  }
  if (best === null) return { open: false, until: 'never' }; // unreachable: windows exist and recur weekly
  const day = Math.floor(best / DAY);
  const when = clockText(best % DAY);
  return { open: false, until: day === 0 ? when : `${DAY_NAMES[(clock.weekday + day) % 7]} ${when}` };
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterOf(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** The machine's IANA time zone (what an empty replication_window_time_zone means). */
export function systemTimeZone(): string {
  return new Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** The canonical IANA name of `zone`, or null when Intl does not know it. */
export function canonicalZone(zone: string): string | null {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

let lastClock: { zone: string; second: number; clock: WallClock } | null = null;

/** The wall clock of `zone` at epoch ms `now` (Intl; memoized per whole second: windows have second precision). */
export function wallClock(zone: string, now: number): WallClock {
  const second = Math.floor(now / 1000);
  if (lastClock && lastClock.zone === zone && lastClock.second === second) return lastClock.clock;
  let weekday = 0;
  let h = 0;
  let m = 0;
  let s = 0;
  for (const p of formatterOf(zone).formatToParts(second * 1000)) {
    if (p.type === 'weekday') weekday = DAY_NAMES.indexOf(p.value as (typeof DAY_NAMES)[number]);
    else if (p.type === 'hour') h = Number(p.value) % 24;
    else if (p.type === 'minute') m = Number(p.value);
    else if (p.type === 'second') s = Number(p.value);
  }
  const clock: WallClock = { weekday: weekday as Weekday, second: h * 3600 + m * 60 + s };
  lastClock = { zone, second, clock };
  return clock;
}
