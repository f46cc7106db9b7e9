// The ledger property suites on Fabric: every case in a namespace of its own on the `props`
// channel of the Fabric project's network, with few runs (a case is sequential, ~250 ms a
// transaction). Properties the backend cannot run are listed as skipped, with the reason.
// FC_SEED=<n> replays the seed a failure prints.
import { afterAll, beforeAll, it } from 'vitest';
import type { SharedBackend } from '../../router/props/backends';
import { FABRIC, openFabricBackend } from '../../router/props/fabric-backend';
import { assertProperty, skipReason } from '../../router/props/property';
import { PROPERTIES } from '../../router/props/registry';
import { describeFabric, runtimeDir } from './support';

/** Runs per property: the longest cases get the fewest. */
const RUNS: Record<string, number> = { 'ledger-model': 4, 'amm-held-claims': 2 };
const DEFAULT_RUNS = 3;

describeFabric('ledger property suites on Fabric', () => {
  let backend: SharedBackend;
  beforeAll(async () => {
    backend = await openFabricBackend(runtimeDir!);
  });
  afterAll(() => backend?.close());

  for (const property of PROPERTIES) {
    const skipped = skipReason(property, FABRIC);
    if (skipped !== undefined) {
      it.skip(`${property.name} — ${skipped}`, () => undefined);
      continue;
    }
    it(property.name, () =>
      assertProperty(property, { numRuns: RUNS[property.name] ?? DEFAULT_RUNS, backend }),
    );
  }
});
