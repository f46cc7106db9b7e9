// A bug inside one payment (an exception, not a ledger refusal) must end the run with that
// error. The payment never finishes, so a run that waited for every payment kept its dealers
// refreshing quotes on mbridge-lite forever: virtual time ran on and memory grew until the heap
// gave out, minutes later, with no word of the bug.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../router/scenario/load';
import { scenarioRouter } from '../../router/simulation/scenario-router';
import { simulate } from '../../router/simulation/simulate';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

describe('an exception inside a payment', () => {
  it('fails the run with the exception instead of running on (quotes refresh on mbridge-lite)', async () => {
    const loaded = await loadScenario(path.join(ROOT, 'scenarios/mbridge-lite.yaml'));
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
    const scenario = loaded.value;
    expect(scenario.venues.some((venue) => 'refreshEveryMs' in venue)).toBe(true);
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'corridor-bug-'));
    dirs.push(outDir);
    let routed = 0;
    const run = simulate({
      scenario,
      profile: scenario.workload.profiles[scenario.workload.defaultProfile]!,
      payments: 20,
      seed: 5,
      strategies: ['cheapest'],
      protocols: ['auto'],
      faultSpec: '',
      faults: [],
      outDir,
      makeRouter: (client) => {
        const route = scenarioRouter(scenario, 5)(client);
        return (payment) => {
          routed += 1;
          if (routed === 4) throw new TypeError('router bug: injected on the fourth payment');
          return route(payment);
        };
      },
    });
    await expect(run).rejects.toThrow('router bug: injected on the fourth payment');
  }, 20_000);
});
