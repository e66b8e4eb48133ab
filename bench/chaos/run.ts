// `npm run chaos`: the long form of the chaos suite (bench/chaos/chaos.ts). Prints its figures; exit 0 only when
// clean (nothing lost, duplicated or invented, every fault survived, every check and the final one-time run clean).
//
//   npm run chaos -- [--kills 100] [--seed 1] [--fe-kills source,target] [--faults all|name,name] [--tables 3]
//                    [--check-every 1] [--kill-window-ms 300-2500] [--keep]
import { parseArgs } from 'node:util';
import { clean, FAULTS, formatFigures, runChaos } from './chaos.js';

const { values } = parseArgs({
  options: {
    kills: { type: 'string', default: '20' },
    seed: { type: 'string', default: '1' },
    'fe-kills': { type: 'string', default: 'source,target' },
    faults: { type: 'string', default: 'all' },
    tables: { type: 'string', default: '3' },
    'check-every': { type: 'string', default: '1' },
    'kill-window-ms': { type: 'string', default: '300-2500' },
    keep: { type: 'boolean', default: false },
  },
});
const list = (s: string) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
const feKills = list(values['fe-kills']!).map((w) => {
  if (w !== 'source' && w !== 'target') throw new Error(`--fe-kills: "${w}" is neither source nor target`);
  return w;
});
const faults = values.faults === 'all' ? undefined : list(values.faults!);
for (const f of faults ?? [])
  if (!FAULTS.some((x) => x.name === f)) throw new Error(`--faults: unknown fault "${f}" (known: ${FAULTS.map((x) => x.name).join(', ')})`);
const [lo, hi] = values['kill-window-ms']!.split('-').map(Number);

const figures = await runChaos({
  seed: Number(values.seed),
  kills: Number(values.kills),
  feKills,
  ...(faults ? { faults } : {}),
  tables: Number(values.tables),
  checkEvery: Number(values['check-every']),
  killWindowMs: [lo ?? 300, hi ?? 2500],
  keep: values.keep,
  log: (line) => console.log(`[${new Date().toISOString()}] ${line}`),
});
console.log(formatFigures(figures));
process.exit(clean(figures) ? 0 : 1);
