// Time windows: the syntax, across midnight, by day of week, and the zone's wall clock through Intl (DST included).
import { describe, expect, it } from 'vitest';
import { formatWindows, isOpen, parseWindows, wallClock, windowState, WindowSyntaxError, type Weekday } from '../../../src/steering/window.js';

const at = (weekday: Weekday, hhmm: string) => {
  const [h, m, s] = hhmm.split(':').map(Number);
  return { weekday, second: h! * 3600 + m! * 60 + (s ?? 0) };
};
const MON = 1 as Weekday;
const FRI = 5 as Weekday;
const SAT = 6 as Weekday;
const SUN = 0 as Weekday;

describe('replication_windows syntax', () => {
  it('parses windows with and without days, seconds, wrapped day ranges and day lists', () => {
    expect(formatWindows(parseWindows('22:00-06:00'))).toBe('22:00-06:00');
    expect(formatWindows(parseWindows(' mon-fri 20:00 - 06:00 ; Sat,Sun 00:00-24:00 '))).toBe('Mon,Tue,Wed,Thu,Fri 20:00-06:00; Sat,Sun 00:00-24:00');
    expect(formatWindows(parseWindows('Fri-Mon 12:00:30-13:00'))).toBe('Mon,Fri,Sat,Sun 12:00:30-13:00');
    expect(formatWindows(parseWindows('Tuesday 01:00-02:00, 03:00-04:00'))).toBe('Tue 01:00-02:00; 03:00-04:00');
    expect(parseWindows('')).toEqual([]);
  });

  it('refuses what is not a window, with the piece named', () => {
    for (const bad of ['25:00-06:00', '22:00-24:01', '24:00-02:00', 'Moonday 01:00-02:00', '10:00-10:00', 'Sat', '22:00', '22-06'])
      expect(() => parseWindows(bad), bad).toThrow(WindowSyntaxError);
    expect(() => parseWindows('Sat,Sun')).toThrow(/days without a time range/);
  });
});

describe('open or closed', () => {
  it('a window across midnight is open late and early, closed between', () => {
    const w = parseWindows('22:00-06:00');
    expect(isOpen(w, at(MON, '23:59:59'))).toBe(true);
    expect(isOpen(w, at(MON, '00:00'))).toBe(true);
    expect(isOpen(w, at(MON, '05:59:59'))).toBe(true);
    expect(isOpen(w, at(MON, '06:00'))).toBe(false);
    expect(isOpen(w, at(MON, '21:59:59'))).toBe(false);
    expect(isOpen(w, at(MON, '22:00'))).toBe(true);
  });

  it('days are the days a window starts on: Fri 22:00-06:00 runs into Saturday morning, not Friday morning', () => {
    const w = parseWindows('Fri 22:00-06:00');
    expect(isOpen(w, at(FRI, '23:00'))).toBe(true);
    expect(isOpen(w, at(SAT, '05:00'))).toBe(true);
    expect(isOpen(w, at(FRI, '05:00'))).toBe(false);
    expect(isOpen(w, at(SAT, '23:00'))).toBe(false);
  });

  it('weekends whole, weekdays at night', () => {
    const w = parseWindows('Mon-Fri 20:00-06:00; Sat,Sun 00:00-24:00');
    expect(isOpen(w, at(SAT, '12:00'))).toBe(true);
    expect(isOpen(w, at(SUN, '23:59'))).toBe(true);
    expect(isOpen(w, at(MON, '03:00'))).toBe(false); // Sunday's window ended at midnight; Monday's starts at 20:00
    expect(isOpen(w, at(MON, '12:00'))).toBe(false);
    expect(isOpen(w, at(MON, '21:00'))).toBe(true);
  });

  it('says until when a closed window opens: today as HH:MM, another day with its name', () => {
    expect(windowState(parseWindows('22:00-06:00'), at(MON, '12:00'))).toEqual({ open: false, until: '22:00' });
    expect(windowState(parseWindows('12:00:30-13:00'), at(MON, '12:00'))).toEqual({ open: false, until: '12:00:30' });
    expect(windowState(parseWindows('Sat 01:00-02:00'), at(SAT, '03:00'))).toEqual({ open: false, until: 'Sat 01:00' });
    expect(windowState(parseWindows('Mon-Fri 20:00-06:00'), at(SAT, '07:00'))).toEqual({ open: false, until: 'Mon 20:00' });
    expect(windowState(parseWindows('Mon-Fri 20:00-06:00'), at(SAT, '05:00'))).toEqual({ open: true }); // Friday's night
    expect(windowState([], at(SAT, '03:00'))).toEqual({ open: true });
  });
});

describe('the wall clock of a zone (Intl)', () => {
  it('reads weekday and time in the zone, not the machine', () => {
    const t = Date.UTC(2026, 11, 7, 23, 30, 5); // Monday 23:30:05 UTC
    expect(wallClock('UTC', t)).toEqual(at(MON, '23:30:05'));
    expect(wallClock('Asia/Shanghai', t)).toEqual(at(2 as Weekday, '07:30:05')); // Tuesday morning
    expect(wallClock('America/New_York', t)).toEqual(at(MON, '18:30:05'));
  });

  it('follows daylight saving time: a 02:30-04:00 window in Berlin on the spring-forward night', () => {
    const w = parseWindows('02:30-04:00');
    // 2026-03-29: Berlin jumps from 02:00 CET to 03:00 CEST at 01:00 UTC.
    const before = Date.UTC(2026, 2, 29, 0, 59, 59); // 01:59:59 CET
    const after = Date.UTC(2026, 2, 29, 1, 0, 0); // 03:00:00 CEST
    expect(wallClock('Europe/Berlin', before)).toEqual(at(SUN, '01:59:59'));
    expect(wallClock('Europe/Berlin', after)).toEqual(at(SUN, '03:00'));
    expect(isOpen(w, wallClock('Europe/Berlin', before))).toBe(false);
    expect(isOpen(w, wallClock('Europe/Berlin', after))).toBe(true);
    // 02:30 UTC is 04:30 CEST: closed (a fixed +01:00 offset would read 03:30, still open).
    expect(isOpen(w, wallClock('Europe/Berlin', Date.UTC(2026, 2, 29, 2, 30)))).toBe(false);
    // The same UTC instants a week earlier (CET all along) are one hour behind.
    expect(wallClock('Europe/Berlin', Date.UTC(2026, 2, 22, 1, 0, 0))).toEqual(at(SUN, '02:00'));
  });
});
