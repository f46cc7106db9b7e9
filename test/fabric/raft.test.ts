// Three Raft orderers on request (`network: { orderers: 3 }`): a network of its own, where one
// orderer stopped — the one the admin tools talk to — leaves ordering to the other two, and a
// transaction still commits once a new leader is elected.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../network/src/binaries';
import { down, FabricNetwork } from '../../network/src/network';
import { createFabricLedgerClient, loadConnectionProfile } from '../../router/ledger/fabric';
import { FABRIC_CI_SCENARIO, networkUp } from './network-up';
import { describeFabric } from './support';

const runtimeDir = path.join(PROJECT_ROOT, '.runtime', `test-raft-${process.pid}`);
const scenarioFile = path.join(PROJECT_ROOT, '.runtime', `raft-${process.pid}.yaml`);

describeFabric('three Raft orderers', () => {
  beforeAll(async () => {
    const ci = readFileSync(FABRIC_CI_SCENARIO, 'utf8');
    writeFileSync(scenarioFile, ci.replace(/^network:\n/m, 'network:\n  orderers: 3\n'));
    await networkUp(['--scenario', scenarioFile, '--runtime', runtimeDir, '--base-port', '24050']);
  });
  afterAll(async () => {
    await down(runtimeDir);
    rmSync(scenarioFile, { force: true });
  });

  it('keeps ordering with one orderer down', async () => {
    const network = FabricNetwork.open(runtimeDir)!;
    expect(network.topology.orderers.map((orderer) => orderer.name)).toEqual([
      'orderer0',
      'orderer1',
      'orderer2',
    ]);
    await network.stop('orderer0', { kill: true });
    const client = await createFabricLedgerClient(loadConnectionProfile(runtimeDir));
    try {
      const moved = await client.submit('cbdc', 'alice', {
        type: 'transfer',
        id: `raft-${process.pid}`,
        asset: 'cash',
        from: 'alice/cash',
        to: 'bank1/reserve',
        amount: 1n,
      });
      expect(moved.ok ? 'ok' : moved.error.code).toBe('ok');
      const balance = await client.evaluate('cbdc', 'bank1', {
        type: 'balance',
        asset: 'cash',
        account: 'bank1/reserve',
      });
      expect(balance.ok && balance.value).toBe(50_000_001n);
    } finally {
      await client.close();
    }
  });
});
