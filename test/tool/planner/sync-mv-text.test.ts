import { describe, expect, it } from 'vitest';
import { repairSyncMvText } from '../../../src/planner/sync-mv-text.js';

const names = ['mv1', 'events', 'db1', 'k', 'v', 'region', 'qty'];
const repair = (s: string) => repairSyncMvText(s, names);

describe('repairSyncMvText (SHOW MATERIALIZED VIEWS removes newlines and tabs)', () => {
  it('splits words glued at removed newlines into clause keywords and known names', () => {
    expect(repair('CREATE MATERIALIZED VIEW mv1 ASSELECT k, SUM(v)FROM eventsGROUP BY k')).toBe(
      'CREATE MATERIALIZED VIEW mv1 AS SELECT k, SUM(v)FROM events GROUP BY k',
    );
    expect(repair('CREATE MATERIALIZED VIEW mv1AS SELECT kFROM db1.eventsWHERE v > 1GROUP BYk')).toBe(
      'CREATE MATERIALIZED VIEW mv1 AS SELECT k FROM db1.events WHERE v > 1 GROUP BY k',
    );
    // Three pieces, and a function name only right before its parenthesis.
    expect(repair('CREATE MATERIALIZED VIEW mv1 AS SELECT region,qtyFROMevents')).toBe(
      'CREATE MATERIALIZED VIEW mv1 AS SELECT region,qty FROM events',
    );
    expect(repair('CREATE MATERIALIZED VIEW mv1 AS SELECTk,SELECTsum(v) FROM events GROUP BY k')).toBe(
      'CREATE MATERIALIZED VIEW mv1 AS SELECT k,SELECT sum(v) FROM events GROUP BY k',
    );
    expect(repair('SELECT ksum FROM events')).toBe('SELECT ksum FROM events');
  });

  it('leaves well-formed text, known words, quoted text and ambiguous words alone', () => {
    const ok = 'CREATE MATERIALIZED VIEW mv1 AS SELECT k, SUM(v) FROM events GROUP BY k';
    expect(repair(ok)).toBe(ok);
    expect(repair("SELECT k FROM events WHERE region = 'kFROM' AND `vFROM` > 0")).toBe("SELECT k FROM events WHERE region = 'kFROM' AND `vFROM` > 0");
    expect(repair('SELECT "it\\"sFROM" FROM events')).toBe('SELECT "it\\"sFROM" FROM events');
    // One split only (k1 + FROM; `1FROM` is nothing) is made; two (ab + FROM, a + b + FROM) are not.
    expect(repairSyncMvText('SELECT k1FROM t', ['k', 'k1', 't'])).toBe('SELECT k1 FROM t');
    expect(repairSyncMvText('SELECT abFROM t', ['a', 'b', 'ab', 't'])).toBe('SELECT abFROM t');
    expect(repair('SELECT k2v FROM events WHERE v > 1.5e3 AND v < 2k')).toBe('SELECT k2v FROM events WHERE v > 1.5e3 AND v < 2k');
  });

  it('never splits other SQL keywords into known pieces (ASC is not AS + a column c)', () => {
    const names = ['mv1', 'events', 'k', 'c', 'i', 's', 'n'];
    const ordered = 'CREATE MATERIALIZED VIEW mv1 AS SELECT k, c FROM events ORDER BY k ASC';
    expect(repairSyncMvText(ordered, names)).toBe(ordered);
    const where = 'CREATE MATERIALIZED VIEW mv1 AS SELECT k, c FROM events WHERE c IS NOT NULL AND k IN (1, 2)';
    expect(repairSyncMvText(where, names)).toBe(where);
  });
});
