import { describe, expect, it } from 'vitest';
import { nextStep, roundGapMs, timersOf } from '../../../src/engine/next-step.js';
import type { LoopFacts, StepKind } from '../../../src/engine/next-step.js';

const NOW = 1_000_000;

/** A quiet continuous run: everything done recently, nothing waiting. */
function facts(o: Partial<LoopFacts> = {}): LoopFacts {
  return {
    now: NOW,
    oneTimeRunMode: false,
    metaIntervalMs: 180_000,
    reportIntervalMs: 300_000,
    versionPollMs: 1000,
    last: { settings: NOW, warnings: NOW, conditions: NOW, versions: NOW, report: NOW, publish: NOW },
    publishing: false,
    publishMs: 1000,
    settingsCheckMs: 10_000,
    conditionCheckMs: 3000,
    waitingOnConditions: false,
    lastRoundAt: NOW - 1000,
    roundGapMs: 500,
    roundRequested: false,
    confirmWaiting: false,
    ddlRunning: false,
    planned: true,
    createdWaiting: 0,
    replanWaiting: 0,
    schedulerIdle: true,
    actionableWork: 0,
    retryDueAt: null,
    ...o,
  };
}

/** Every step of one tick, as the Migrator takes them (nothing changes between steps here). */
function tick(f: LoopFacts): string[] {
  const out: string[] = [];
  for (let s = nextStep(f); s.kind !== 'wait'; s = nextStep(f, s.kind)) {
    out.push(
      s.kind === 'recheck_settings' ? `${s.kind}:${s.slots ? 'slots' : 'warnings'}` : s.kind === 'request_round' ? `${s.kind}:${s.why}` : s.kind,
    );
  }
  return out;
}

describe('nextStep', () => {
  const cases: Array<[string, Partial<LoopFacts>, string[]]> = [
    ['quiet: nothing to do', {}, []],
    ['a requested round runs', { roundRequested: true }, ['full_round']],
    ['no full round while DDL runs', { roundRequested: true, ddlRunning: true }, []],
    ['no full round within the round gap', { roundRequested: true, lastRoundAt: NOW - 100 }, []],
    ['a longer gap after failed reads', { roundRequested: true, lastRoundAt: NOW - 5000, roundGapMs: 8000 }, []],
    [
      'the metadata interval passed: a round is asked for (taken next tick), no scoped round before it',
      { lastRoundAt: NOW - 180_000, replanWaiting: 3 },
      ['request_round:meta_interval'],
    ],
    [
      'versions polled every second',
      { last: { settings: NOW, warnings: NOW, conditions: NOW, versions: NOW - 1000, report: NOW, publish: NOW } },
      ['poll_versions'],
    ],
    [
      'settings with slots every metadata interval, warnings otherwise',
      { last: { settings: NOW - 180_000, warnings: NOW - 20_000, conditions: NOW, versions: NOW, report: NOW, publish: NOW } },
      ['recheck_settings:slots'],
    ],
    [
      'warnings every 10 s',
      { last: { settings: NOW - 20_000, warnings: NOW - 10_000, conditions: NOW, versions: NOW, report: NOW, publish: NOW } },
      ['recheck_settings:warnings'],
    ],
    [
      'conditions watched only while something waits on them',
      { last: { settings: NOW, warnings: NOW, conditions: NOW - 3000, versions: NOW, report: NOW, publish: NOW } },
      [],
    ],
    [
      'conditions watched every 3 s while waiting',
      { waitingOnConditions: true, last: { settings: NOW, warnings: NOW, conditions: NOW - 3000, versions: NOW, report: NOW, publish: NOW } },
      ['watch_conditions'],
    ],
    [
      'created tables get their round, even with a round requested',
      { createdWaiting: 2, roundRequested: true, ddlRunning: true },
      ['new_table_round'],
    ],
    ['scoped round for moved tables', { replanWaiting: 2 }, ['scoped_round']],
    ['no scoped round when a full round is asked for', { replanWaiting: 2, roundRequested: true, ddlRunning: true }, []],
    ['idle with failed work due: a round', { actionableWork: 2 }, ['request_round:work_to_retry']],
    ['busy scheduler: failed work waits', { actionableWork: 2, schedulerIdle: false }, []],
    ['a retry falling due: a round', { retryDueAt: NOW, schedulerIdle: false }, ['request_round:retry_due']],
    ['a retry not due yet', { retryDueAt: NOW + 1, schedulerIdle: false }, []],
    ['no retry round while DDL runs', { retryDueAt: NOW - 1, ddlRunning: true }, []],
    ['tables created: the check of everything once replication is idle', { confirmWaiting: true }, ['request_round:confirm']],
    ['no check while jobs are queued or running', { confirmWaiting: true, schedulerIdle: false }, []],
    ['no check while DDL runs', { confirmWaiting: true, ddlRunning: true }, []],
    ['no check before the created tables are planned', { confirmWaiting: true, createdWaiting: 3 }, ['new_table_round']],
    ['one-time mode: the check comes before the verdict', { confirmWaiting: true, oneTimeRunMode: true }, ['request_round:confirm', 'verdict']],
    ['one-time mode: the verdict every tick', { oneTimeRunMode: true }, ['verdict']],
    [
      'report when due, not before the first plan',
      { planned: false, last: { settings: NOW, warnings: NOW, conditions: NOW, versions: NOW, report: 0, publish: NOW } },
      [],
    ],
    ['report when due', { last: { settings: NOW, warnings: NOW, conditions: NOW, versions: NOW, report: NOW - 300_000, publish: NOW } }, ['report']],
    [
      'status refreshed every second when publishing',
      { publishing: true, last: { settings: NOW, warnings: NOW, conditions: NOW, versions: NOW, report: NOW, publish: NOW - 1000 } },
      ['publish'],
    ],
    [
      'everything at once, in the procedure order',
      {
        oneTimeRunMode: true,
        publishing: true,
        waitingOnConditions: true,
        roundRequested: true,
        createdWaiting: 1,
        last: { settings: 0, warnings: 0, conditions: 0, versions: 0, report: 0, publish: 0 },
      },
      ['recheck_settings:slots', 'watch_conditions', 'full_round', 'poll_versions', 'new_table_round', 'verdict', 'report', 'publish'],
    ],
  ];
  it.each(cases)('%s', (_what, o, steps) => {
    expect(tick(facts(o))).toEqual(steps);
  });

  it('never goes back within a tick: after a step only later ones', () => {
    const f = facts({ roundRequested: true, replanWaiting: 1 });
    const order: StepKind[] = [
      'recheck_settings',
      'watch_conditions',
      'full_round',
      'poll_versions',
      'new_table_round',
      'scoped_round',
      'request_round',
      'verdict',
      'report',
      'publish',
    ];
    expect(nextStep(f, 'full_round').kind).toBe('wait'); // requested: no scoped round in the same tick
    expect(nextStep({ ...f, roundRequested: false }, 'verdict').kind).toBe('wait');
    expect(order.indexOf(nextStep(facts({ replanWaiting: 1 }), 'poll_versions').kind as StepKind)).toBe(order.indexOf('scoped_round'));
  });

  it('a step restarts its timers: settings or warnings, conditions, versions; a report also counts as a refresh', () => {
    expect(timersOf({ kind: 'recheck_settings', slots: true })).toEqual(['settings']);
    expect(timersOf({ kind: 'recheck_settings', slots: false })).toEqual(['warnings']);
    expect(timersOf({ kind: 'report' })).toEqual(['report', 'publish']);
    expect(timersOf({ kind: 'poll_versions' })).toEqual(['versions']);
    expect(timersOf({ kind: 'full_round' })).toEqual([]);
  });

  it('rounds are 0.5 s apart; after failed catalog reads 1 s doubling to 30 s', () => {
    expect([0, 1, 2, 3, 5, 6, 9].map(roundGapMs)).toEqual([500, 1000, 2000, 4000, 16_000, 30_000, 30_000]);
  });
});
