// The Fabric project's network: the CI scenario plus the property suites' channel, on its own
// runtime dir and ports, brought up once for every Fabric test file and torn down afterwards —
// also when tests fail or the run is interrupted. Without Fabric binaries (no Go, no FABRIC_BIN)
// the project reports itself skipped with the reason, unless CORRIDOR_REQUIRE_FABRIC=1 (CI).
// CORRIDOR_FABRIC_RUNTIME=<dir> runs the suite against a network already up there instead.
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { fabricUnavailableReason, PROJECT_ROOT } from '../../network/src/binaries';
import { down } from '../../network/src/network';
import { FABRIC_CI_SCENARIO, networkUp } from './network-up';

// Below Linux's ephemeral range (32768+), where an outgoing connection's port can take a listener's.
const BASE_PORT = '22050';

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | void> {
  // A developer's running network (`corridor network up --with-props`), used as it is.
  const existing = process.env.CORRIDOR_FABRIC_RUNTIME;
  if (existing) {
    project.provide('fabricRuntime', path.resolve(existing));
    return;
  }
  const unavailable = await fabricUnavailableReason();
  if (unavailable) {
    if (process.env.CORRIDOR_REQUIRE_FABRIC === '1')
      throw new Error(
        `Fabric suite required (CORRIDOR_REQUIRE_FABRIC=1) but unavailable: ${unavailable}`,
      );
    console.warn(`fabric: SKIPPED — ${unavailable}`);
    project.provide('fabricSkipReason', unavailable);
    return;
  }
  const runtimeDir = path.join(PROJECT_ROOT, '.runtime', `test-${process.pid}`);
  const teardown = async () => {
    await down(runtimeDir);
  };
  const onSignal = (signal: NodeJS.Signals) => {
    void teardown().finally(() => process.kill(process.pid, signal));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const startedMs = Date.now();
  try {
    await networkUp([
      '--scenario',
      FABRIC_CI_SCENARIO,
      '--runtime',
      runtimeDir,
      '--base-port',
      BASE_PORT,
      '--with-props',
    ]);
  } catch (error) {
    await teardown();
    throw error;
  }
  console.log(
    `fabric: network up in ${((Date.now() - startedMs) / 1000).toFixed(1)} s at ${runtimeDir}`,
  );
  project.provide('fabricRuntime', runtimeDir);
  process.env.CORRIDOR_FABRIC_RUNTIME = runtimeDir;
  return async () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await teardown();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    fabricRuntime: string;
    fabricSkipReason: string;
  }
}
