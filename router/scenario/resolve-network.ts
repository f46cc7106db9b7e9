// The scenario's Fabric layout: which orgs run peers (defaults by role, so every ledger gets at
// least one), and each ledger's endorsement rule checked against the peers it will have.
import type { OrgId } from '../../chaincode/src/core/types';
import type { NetworkEntry } from './schema';
import type { Resolver } from './resolver';
import { DEFAULT_PEER_ROLES, type EndorsementRule, type NetworkConfig } from './types';

export function resolveNetwork(resolver: Resolver, network: NetworkEntry): NetworkConfig {
  const peers = network.peers ?? defaultPeers(resolver);
  network.peers?.forEach((org, index) => resolver.org(org, ['network', 'peers', index]));
  for (const ledger of resolver.ledgers.values()) {
    const peerOrgs = ledger.members.filter((member) => peers.includes(member));
    if (peerOrgs.length === 0) {
      resolver.problem(
        ['network', 'peers'],
        `ledger "${ledger.id}" has no member that runs a peer (members: ${ledger.members.join(', ')})`,
      );
    }
    const rule = network.endorsement[ledger.id];
    if (typeof rule === 'number' && rule > peerOrgs.length) {
      resolver.problem(
        ['network', 'endorsement', ledger.id],
        `needs ${rule} endorsing orgs but ledger "${ledger.id}" has ${peerOrgs.length} peer org(s) (${peerOrgs.join(', ')})`,
      );
    }
  }
  for (const ledger of Object.keys(network.endorsement)) {
    resolver.ledger(ledger, ['network', 'endorsement', ledger]);
  }
  return { ...network, peers };
}

/** Central and commercial banks, plus the first member of a ledger none of them is on. */
function defaultPeers(resolver: Resolver): OrgId[] {
  const peers = [...resolver.orgs.values()]
    .filter((org) => DEFAULT_PEER_ROLES.includes(org.role))
    .map((org) => org.id);
  for (const ledger of resolver.ledgers.values()) {
    const [first] = ledger.members;
    if (first !== undefined && !ledger.members.some((member) => peers.includes(member)))
      peers.push(first);
  }
  return peers;
}

/** How many distinct peer orgs of a ledger must endorse, under its rule. */
export function requiredEndorsers(rule: EndorsementRule, peerOrgs: number): number {
  if (rule === 'any') return 1;
  if (rule === 'all') return peerOrgs;
  if (rule === 'majority') return Math.floor(peerOrgs / 2) + 1;
  return Math.min(rule, peerOrgs);
}
