// The Fabric benchmarks' own network: the CI scenario on its own runtime dir and ports, brought
// up for one benchmark and torn down afterwards, whatever happens in between.
import path from 'node:path';
import { PROJECT_ROOT } from '../../network/src/binaries';
import { down, up } from '../../network/src/network';
import { buildTopology, requestOf } from '../../network/src/topology';
import { bootstrapOnFabric } from '../../router/cli/network';
import type { FabricConnectionProfile } from '../../router/ledger/fabric';
import { loadScenario } from '../../router/scenario/load';
import type { Scenario } from '../../router/scenario/types';

export const BENCH_SCENARIO = path.join(
  PROJECT_ROOT,
  'test',
  'fabric',
  'fixtures',
  'fabric-ci.yaml',
);
// Below the ephemeral port range (32768+), like the test suite's network.
const BENCH_BASE_PORT = 26_050;

export interface BenchNetwork {
  runtimeDir: string;
  scenario: Scenario;
  profile: FabricConnectionProfile;
  upMs: number;
}

export async function withBenchNetwork<T>(work: (network: BenchNetwork) => Promise<T>): Promise<T> {
  const loaded = await loadScenario(BENCH_SCENARIO);
  if (!loaded.ok) throw new Error(`${BENCH_SCENARIO} does not validate`);
  const scenario = loaded.value;
  const runtimeDir = path.join(PROJECT_ROOT, '.runtime', `bench-${process.pid}`);
  try {
    const report = await up({
      topology: buildTopology(requestOf(scenario), BENCH_BASE_PORT),
      scenarioFile: BENCH_SCENARIO,
      runtimeDir,
      bootstrap: async (profile) => {
        await bootstrapOnFabric(profile, scenario);
      },
    });
    return await work({ runtimeDir, scenario, profile: report.profile, upMs: report.ms });
  } finally {
    await down(runtimeDir);
  }
}
