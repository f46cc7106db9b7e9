// The differential test (DESIGN §5): one random operation sequence (fast-check, seeded) on a
// fresh embedded world and in a namespace of the Fabric `props` channel gives the same outcome
// at every step (ok with the same outputs, or the same error code) and the same final state:
// balances, supplies, holds, pools, quotes, accounts, assets. FC_SEED=<n> replays the
// seed a failure prints.
import { afterAll, beforeAll, it } from 'vitest';
import type { SharedBackend } from '../../router/props/backends';
import { differentialProperty } from '../../router/props/differential';
import { openFabricBackend } from '../../router/props/fabric-backend';
import { assertProperty } from '../../router/props/property';
import { describeFabric, runtimeDir } from './support';

describeFabric('embedded and Fabric ledgers', () => {
  let backend: SharedBackend;
  beforeAll(async () => {
    backend = await openFabricBackend(runtimeDir!);
  });
  afterAll(() => backend?.close());

  it('agree on every step and on the final state of a random operation sequence', () =>
    assertProperty(differentialProperty({ withMessages: false }), { numRuns: 6, backend }));
});
