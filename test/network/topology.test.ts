// The network a scenario asks for, before anything runs: who runs a peer, which orgs each
// channel holds, the endorsement policies, the ports, and the scenario's `network` section
// refusing what could not work. Expected values are written out by hand from the files.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { buildTopology, requestOf } from '../../network/src/topology';
import { loadScenario, parseScenario } from '../../router/scenario/load';
import { formatProblem } from '../../router/scenario/problems';
import type { Scenario } from '../../router/scenario/types';

async function scenario(file: string): Promise<Scenario> {
  const loaded = await loadScenario(file);
  if (!loaded.ok) throw new Error(loaded.problems.map(formatProblem).join('\n'));
  return loaded.value;
}

/** The CI scenario with its `network` section replaced. */
async function withNetwork(network: unknown): Promise<string[]> {
  const raw = parse(await readFile('test/fabric/fixtures/fabric-ci.yaml', 'utf8')) as Record<
    string,
    unknown
  >;
  const loaded = parseScenario(stringify({ ...raw, network }), 'edited');
  // Messages without the (line N) suffix: the edited file is re-serialised.
  return loaded.ok
    ? []
    : loaded.problems.map((problem) => formatProblem(problem).replace(/ \(line \d+\)$/, ''));
}

describe('network topology from a scenario', () => {
  it('mbridge-lite: banks run peers; the stablecoin ledger, with no bank, gets its first member', async () => {
    const topology = buildTopology(requestOf(await scenario('scenarios/mbridge-lite.yaml')));
    expect(topology.peers.map((peer) => peer.org)).toEqual([
      'pboc',
      'hkma',
      'bot',
      'cbuae',
      'jadebank',
      'harbourbank',
      'peakbank',
      'siambank',
      'falconbank',
      'anchorco',
    ]);
    expect(topology.orgs).toHaveLength(19);
    expect(topology.orgs.every((org) => org.mspId === `${org.id}MSP`)).toBe(true);
    const stablecoin = topology.channels.find((channel) => channel.id === 'stablecoin')!;
    expect(stablecoin.peerOrgs).toEqual(['anchorco']);
    expect(stablecoin.endorsementPolicy).toBe("OutOf(1,'anchorcoMSP.peer')");
    const deposit = topology.channels.find((channel) => channel.id === 'deposit')!;
    expect(deposit.endorsementPolicy).toBe(
      "OutOf(2,'jadebankMSP.peer','harbourbankMSP.peer','peakbankMSP.peer','siambankMSP.peer','falconbankMSP.peer','anchorcoMSP.peer')",
    );
  });

  it('lays every port out from the base port without overlap', async () => {
    const topology = buildTopology(
      requestOf(await scenario('scenarios/mbridge-lite.yaml')),
      20_000,
    );
    expect(
      topology.orderers.map((orderer) => [orderer.port, orderer.adminPort, orderer.operationsPort]),
    ).toEqual([[20_000, 20_003, 20_004]]);
    expect(topology.peers[0]).toMatchObject({
      name: 'peer0.pboc',
      port: 20_100,
      chaincodePort: 20_102,
      operationsPort: 20_104,
    });
    expect(topology.channels.map((channel) => channel.chaincodePort)).toEqual([
      20_400, 20_401, 20_402,
    ]);
    const ports = [
      ...topology.orderers.flatMap((o) => [o.port, o.adminPort, o.operationsPort]),
      ...topology.peers.flatMap((p) => [p.port, p.chaincodePort, p.operationsPort]),
      ...topology.channels.map((c) => c.chaincodePort),
    ];
    expect(new Set(ports).size).toBe(ports.length);
  });

  it('--max-peers keeps one peer org per ledger first, then fills up in scenario order', async () => {
    const mbridge = await scenario('scenarios/mbridge-lite.yaml');
    expect(buildTopology(requestOf(mbridge, 4)).peers.map((peer) => peer.org)).toEqual([
      'pboc',
      'hkma',
      'jadebank',
      'anchorco',
    ]);
    expect(() => requestOf(mbridge, 2)).toThrow(/need at least 3 peer orgs/);
  });

  it('the network section sets peers, endorsement and orderers, and refuses what cannot work', async () => {
    const ci = await scenario('test/fabric/fixtures/fabric-ci.yaml');
    expect(ci.network).toMatchObject({
      peers: ['cb', 'bank1', 'bank2'],
      orderers: 1,
      batchTimeoutMs: 100,
    });
    expect(
      await withNetwork({ peers: ['cb', 'bank1'], endorsement: { cbdc: 'all' }, orderers: 3 }),
    ).toEqual([]);
    expect(await withNetwork({ peers: ['cb'] })).toEqual([
      'network.peers: ledger "deposit" has no member that runs a peer (members: bank1, bank2, issuer, carol, clearing)',
      'network.peers: ledger "stablecoin" has no member that runs a peer (members: bank1, issuer, bob, carol, clearing)',
    ]);
    expect(await withNetwork({ endorsement: { deposit: 3, nowhere: 'any' } })).toEqual([
      'network.endorsement.deposit: needs 3 endorsing orgs but ledger "deposit" has 2 peer org(s) (bank1, bank2)',
      'network.endorsement.nowhere: unknown ledger "nowhere"',
    ]);
    expect((await withNetwork({ orderers: 2 }))[0]).toMatch(/^network\.orderers/);
    expect((await withNetwork({ peers: ['ghost', 'cb', 'bank1'] }))[0]).toBe(
      'network.peers[0]: unknown org "ghost"',
    );
  });

  it('endorsement rules become Fabric signature policies over the ledger peer orgs', async () => {
    const ci = await scenario('test/fabric/fixtures/fabric-ci.yaml');
    const policies = (endorsement: Record<string, unknown>) =>
      buildTopology({
        ...requestOf({ ...ci, network: { ...ci.network, endorsement: endorsement as never } }),
      }).channels.map((channel) => channel.endorsementPolicy);
    expect(policies({ cbdc: 'majority', deposit: 'any', stablecoin: 'all' })).toEqual([
      "OutOf(2,'cbMSP.peer','bank1MSP.peer','bank2MSP.peer')",
      "OutOf(1,'bank1MSP.peer','bank2MSP.peer')",
      "OutOf(1,'bank1MSP.peer')",
    ]);
    expect(policies({ cbdc: 'all' })[0]).toBe(
      "OutOf(3,'cbMSP.peer','bank1MSP.peer','bank2MSP.peer')",
    );
  });
});
