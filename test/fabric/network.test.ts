// The network itself: healthy after `up`, `up` again is a no-op, and what the gateway client
// reads is what Fabric's own CLI (`peer chaincode query`, as an org admin on that org's peer)
// reads from the ledger — an independent path to the same world state.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { decodeQueryResult } from '../../chaincode/src/core/codec';
import { QUERY_TRANSACTIONS } from '../../chaincode/src/contracts/transaction-names';
import { networkStatus } from '../../network/src/status';
import type { FabricLedgerClient } from '../../router/ledger/fabric';
import { FABRIC_CI_SCENARIO, networkUp } from './network-up';
import { describeFabric, network, openClient, runtimeDir } from './support';

let client: FabricLedgerClient;

describeFabric('the Fabric network', () => {
  beforeAll(async () => {
    client = await openClient();
  });
  afterAll(async () => {
    await client?.close();
  });

  it('is healthy: every node ready, the chaincode committed on every channel, the scenario bootstrapped', async () => {
    const status = await networkStatus(network());
    expect(status.nodes.filter((node) => !node.ready).map((node) => node.name)).toEqual([]);
    expect(
      status.channels.map((channel) => [channel.id, channel.chaincode.committedSequence]),
    ).toEqual([
      ['cbdc', 1],
      ['deposit', 1],
      ['stablecoin', 1],
      ['props', 1],
    ]);
    expect(status.bootstrapped).toBe(true);
    expect(status.healthy).toBe(true);
  });

  it('`up` on a running network changes nothing and says so', async () => {
    const pids = { ...network().state.pids };
    const stdout = await networkUp([
      '--scenario',
      FABRIC_CI_SCENARIO,
      '--runtime',
      runtimeDir!,
      '--with-props',
    ]);
    expect(stdout).toContain('network was already up');
    expect(network().state.pids).toEqual(pids);
  });

  it('balances and supplies read through the gateway equal those read by `peer chaincode query`', async () => {
    const net = network();
    for (const ledger of ['cbdc', 'deposit', 'stablecoin']) {
      const snapshot = await client.evaluate(
        ledger,
        net.topology.channels.find((c) => c.id === ledger)!.members[0]!,
        { type: 'snapshot' },
      );
      if (!snapshot.ok) throw new Error(snapshot.error.message);
      const peer = net.topology.peers.find((candidate) => candidate.channels.includes(ledger))!;
      const cli = async <Q extends Parameters<typeof decodeQueryResult>[0]>(
        query: Q,
        args: string[],
      ) => {
        const text = await net.admin.query(peer, ledger, QUERY_TRANSACTIONS[query.type], args);
        const decoded = decodeQueryResult(query, text);
        if (!decoded.ok) throw new Error(decoded.error.message);
        return decoded.value;
      };
      let checked = 0;
      for (const [asset, perAccount] of Object.entries(snapshot.value.balances)) {
        expect(await cli({ type: 'supply', asset }, [asset])).toBe(snapshot.value.supplies[asset]);
        for (const [account, amount] of Object.entries(perAccount)) {
          expect(await cli({ type: 'balance', asset, account }, [asset, account])).toBe(amount);
          checked++;
        }
      }
      expect(checked, `${ledger} has funded accounts`).toBeGreaterThan(0);
    }
  });
});
