// Child process for S1's peak-memory figure: one `simulate` run (mbridge-lite, default profile,
// cheapest, auto, seed 1) in a fresh Node process, so the parent's heap does not count. Prints
// one JSON line: payments, wall time, and the peak RSS sampled here (the parent prefers the
// kernel's figure from /usr/bin/time when it has it).
import { simulate } from '../router/simulation/simulate';
import { loadScenarioFile, MBRIDGE_LITE, withTempDir } from './support/scenarios';

const payments = Number(process.argv[2]);
if (!Number.isSafeInteger(payments) || payments <= 0)
  throw new Error(`usage: s1-memory-child.ts <payments>, got ${process.argv[2] ?? '(none)'}`);

let peakRssBytes = process.memoryUsage().rss;
const sampler = setInterval(() => {
  peakRssBytes = Math.max(peakRssBytes, process.memoryUsage().rss);
}, 50);

const scenario = await loadScenarioFile(MBRIDGE_LITE);
const profile = scenario.workload.profiles[scenario.workload.defaultProfile]!;
const start = performance.now();
const summary = await withTempDir((outDir) =>
  simulate({
    scenario,
    profile,
    payments,
    seed: 1,
    strategies: ['cheapest'],
    protocols: ['auto'],
    faultSpec: '',
    faults: [],
    outDir,
  }),
);
const elapsedMs = performance.now() - start;
clearInterval(sampler);
peakRssBytes = Math.max(peakRssBytes, process.memoryUsage().rss);
console.log(
  JSON.stringify({
    payments,
    settled: summary.settled,
    elapsedMs,
    sampledPeakRssBytes: peakRssBytes,
  }),
);
