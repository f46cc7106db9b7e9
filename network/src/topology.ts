// The network a scenario asks for, laid out as concrete nodes: one MSP per org, one peer per
// peer-running org, one channel per ledger with its member orgs, an endorsement policy per
// channel, Raft orderers, one chaincode server per channel, and every port on 127.0.0.1.
// Pure data: nothing here touches the disk or starts a process.
import type { OrgId } from '../../chaincode/src/core/types';
import { requiredEndorsers } from '../../router/scenario/resolve-network';
import {
  DEFAULT_ENDORSEMENT,
  type EndorsementRule,
  type Scenario,
} from '../../router/scenario/types';

export const CHAINCODE_NAME = 'corridor';
export const CHAINCODE_VERSION = '1.0';
export const DEFAULT_BASE_PORT = 7050;
export const ORDERER_MSP = 'OrdererMSP';

export interface OrgNode {
  id: OrgId;
  mspId: string;
  /** cryptogen domain: lower-case, unique per org. */
  domain: string;
  runsPeer: boolean;
}

export interface PeerNode {
  /** `peer0.<org>` */
  name: string;
  org: OrgId;
  port: number;
  chaincodePort: number;
  operationsPort: number;
  channels: string[];
}

export interface OrdererNode {
  name: string;
  port: number;
  adminPort: number;
  operationsPort: number;
}

export interface ChannelSpec {
  id: string;
  /** Orgs in the channel configuration (peer-running or not). */
  members: OrgId[];
  /** Members that run a peer, in member order. */
  peerOrgs: OrgId[];
  endorsers: number;
  /** Fabric signature policy, e.g. OutOf(2,'aMSP.peer','bMSP.peer'). */
  endorsementPolicy: string;
  /** The chaincode server serving this channel. */
  chaincodePort: number;
}

export interface Topology {
  name: string;
  basePort: number;
  orgs: OrgNode[];
  peers: PeerNode[];
  orderers: OrdererNode[];
  channels: ChannelSpec[];
  batchTimeoutMs: number;
  maxBlockTransactions: number;
}

/** What a topology is generated from: a scenario's ledgers, or any channel list (tests). */
export interface NetworkRequest {
  name: string;
  orgs: OrgId[];
  ledgers: Array<{ id: string; members: OrgId[]; endorsement?: EndorsementRule }>;
  peerOrgs: OrgId[];
  orderers: 1 | 3;
  batchTimeoutMs: number;
  maxBlockTransactions: number;
}

export function requestOf(scenario: Scenario, maxPeers?: number): NetworkRequest {
  const { network } = scenario;
  return {
    name: scenario.name,
    orgs: scenario.orgs.map((org) => org.id),
    ledgers: scenario.ledgers.map((ledger) => ({
      id: ledger.id,
      members: ledger.members,
      endorsement: network.endorsement[ledger.id] ?? DEFAULT_ENDORSEMENT,
    })),
    peerOrgs: capPeers(scenario, network.peers, maxPeers),
    orderers: network.orderers,
    batchTimeoutMs: network.batchTimeoutMs,
    maxBlockTransactions: network.maxBlockTransactions,
  };
}

/**
 * At most `maxPeers` peer orgs, keeping every ledger reachable: first one peer org per ledger,
 * then the rest in the scenario's order.
 */
function capPeers(scenario: Scenario, peers: OrgId[], maxPeers?: number): OrgId[] {
  if (maxPeers === undefined || maxPeers >= peers.length) return peers;
  const kept = new Set<OrgId>();
  for (const ledger of scenario.ledgers) {
    if (ledger.members.some((member) => kept.has(member) && peers.includes(member))) continue;
    const first = ledger.members.find((member) => peers.includes(member));
    if (first !== undefined) kept.add(first);
  }
  if (kept.size > maxPeers) {
    throw new Error(
      `--max-peers ${maxPeers}: the scenario's ${scenario.ledgers.length} ledgers need at least ${kept.size} peer orgs (${[...kept].join(', ')})`,
    );
  }
  for (const org of peers) if (kept.size < maxPeers) kept.add(org);
  return peers.filter((org) => kept.has(org));
}

export function buildTopology(request: NetworkRequest, basePort = DEFAULT_BASE_PORT): Topology {
  const domains = new Set<string>();
  const orgs = request.orgs.map((id, index): OrgNode => {
    // Domains are DNS names: lower-case; the index keeps `bankA` and `banka` apart.
    let domain = `${id.toLowerCase()}.corridor`;
    if (domains.has(domain)) domain = `${id.toLowerCase()}${index}.corridor`;
    domains.add(domain);
    return { id, mspId: `${id}MSP`, domain, runsPeer: request.peerOrgs.includes(id) };
  });
  const peerOrgs = orgs.filter((org) => org.runsPeer);
  const peers = peerOrgs.map((org, index): PeerNode => {
    const port = basePort + 100 + index * 10;
    return {
      name: `peer0.${org.id}`,
      org: org.id,
      port,
      chaincodePort: port + 2,
      operationsPort: port + 4,
      channels: request.ledgers
        .filter((ledger) => ledger.members.includes(org.id))
        .map((ledger) => ledger.id),
    };
  });
  const orderers = Array.from({ length: request.orderers }, (_, index): OrdererNode => {
    const port = basePort + index * 10;
    return { name: `orderer${index}`, port, adminPort: port + 3, operationsPort: port + 4 };
  });
  const mspOf = new Map(orgs.map((org) => [org.id, org.mspId]));
  const channels = request.ledgers.map((ledger, index): ChannelSpec => {
    const channelPeerOrgs = ledger.members.filter((member) => request.peerOrgs.includes(member));
    if (channelPeerOrgs.length === 0) throw new Error(`ledger ${ledger.id}: no member runs a peer`);
    const endorsers = requiredEndorsers(
      ledger.endorsement ?? DEFAULT_ENDORSEMENT,
      channelPeerOrgs.length,
    );
    const principals = channelPeerOrgs.map((org) => `'${mspOf.get(org)}.peer'`).join(',');
    return {
      id: ledger.id,
      members: ledger.members,
      peerOrgs: channelPeerOrgs,
      endorsers,
      endorsementPolicy: `OutOf(${endorsers},${principals})`,
      chaincodePort: basePort + 400 + index,
    };
  });
  const lastPort = Math.max(
    ...channels.map((channel) => channel.chaincodePort),
    ...peers.map((peer) => peer.operationsPort),
  );
  if (basePort < 1024 || lastPort > 65_535)
    throw new Error(
      `--base-port ${basePort}: the network needs ports ${basePort}–${lastPort}, within 1024–65535`,
    );
  return {
    name: request.name,
    basePort,
    orgs,
    peers,
    orderers,
    channels,
    batchTimeoutMs: request.batchTimeoutMs,
    maxBlockTransactions: request.maxBlockTransactions,
  };
}

/** The peer an org's gateway uses on a channel: its own, else the channel's first peer. */
export function gatewayPeer(topology: Topology, channel: ChannelSpec, org: OrgId): PeerNode {
  const own = topology.peers.find((peer) => peer.org === org && peer.channels.includes(channel.id));
  const first = topology.peers.find((peer) => peer.org === channel.peerOrgs[0]);
  const peer = own ?? first;
  if (!peer) throw new Error(`channel ${channel.id}: no peer`);
  return peer;
}
