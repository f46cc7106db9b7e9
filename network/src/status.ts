// What `corridor network status` shows: every node with its pid, ports and readiness, and
// every channel with its members, per-peer block height and the committed chaincode.
import type { FabricNetwork } from './network';
import { ready } from './nodes';

export interface NodeStatus {
  name: string;
  kind: string;
  pid: number | null;
  running: boolean;
  ready: boolean;
  ports: number[];
  log: string;
}

export interface ChannelStatus {
  id: string;
  members: string[];
  peers: string[];
  endorsementPolicy: string;
  chaincode: { packageId: string | null; committedSequence: number | null };
  /** Peer -> block height, or null when the peer could not be asked. */
  heights: Record<string, number | null>;
}

export interface NetworkStatus {
  network: string;
  runtimeDir: string;
  fabric: string;
  healthy: boolean;
  bootstrapped: boolean;
  nodes: NodeStatus[];
  channels: ChannelStatus[];
}

export async function networkStatus(network: FabricNetwork): Promise<NetworkStatus> {
  const { topology, state, admin } = network;
  const nodes = await Promise.all(
    network.nodes().map(async (node): Promise<NodeStatus> => {
      const running = network.isRunning(node.name);
      return {
        name: node.name,
        kind: node.kind,
        pid: state.pids[node.name] ?? null,
        running,
        ready: running && (await ready(node).catch(() => false)),
        ports: [...node.ports, ...(node.operationsPort ? [node.operationsPort] : [])],
        log: node.launch.logFile,
      };
    }),
  );
  const readyPeers = new Set(
    nodes.filter((node) => node.kind === 'peer' && node.ready).map((node) => node.name),
  );
  const channels = await Promise.all(
    topology.channels.map(async (channel): Promise<ChannelStatus> => {
      const peers = topology.peers.filter((peer) => peer.channels.includes(channel.id));
      const heights = Object.fromEntries(
        await Promise.all(
          peers.map(
            async (peer) =>
              [
                peer.name,
                readyPeers.has(peer.name)
                  ? await admin.height(peer, channel.id).catch(() => null)
                  : null,
              ] as const,
          ),
        ),
      );
      const asker = peers.find((peer) => readyPeers.has(peer.name));
      return {
        id: channel.id,
        members: channel.members,
        peers: peers.map((peer) => peer.name),
        endorsementPolicy: channel.endorsementPolicy,
        chaincode: {
          packageId: state.chaincodes[`chaincode.${channel.id}`]?.packageId ?? null,
          committedSequence: asker ? await admin.committed(asker, channel.id) : null,
        },
        heights,
      };
    }),
  );
  return {
    network: topology.name,
    runtimeDir: network.layout.root,
    fabric: `${state.install.source} ${state.install.binDir}`,
    healthy:
      state.ready &&
      nodes.every((node) => node.ready) &&
      channels.every((channel) => channel.chaincode.committedSequence !== null),
    bootstrapped: state.bootstrapped,
    nodes,
    channels,
  };
}

export function formatStatus(status: NetworkStatus): string {
  const lines = [
    `network ${status.network} (${status.runtimeDir}) — ${status.healthy ? 'healthy' : 'NOT HEALTHY'}${status.bootstrapped ? ', scenario bootstrapped' : ''}`,
    `fabric: ${status.fabric}`,
    '',
    table(
      ['node', 'kind', 'pid', 'state', 'ports'],
      status.nodes.map((node) => [
        node.name,
        node.kind,
        node.pid === null ? '-' : String(node.pid),
        node.ready ? 'ready' : node.running ? 'starting' : 'stopped',
        node.ports.join(','),
      ]),
    ),
    '',
    table(
      ['channel', 'members', 'heights', 'chaincode', 'endorsement'],
      status.channels.map((channel) => [
        channel.id,
        String(channel.members.length),
        Object.entries(channel.heights)
          .map(([peer, height]) => `${peer}=${height ?? '?'}`)
          .join(' '),
        channel.chaincode.committedSequence === null
          ? 'not committed'
          : `sequence ${channel.chaincode.committedSequence}`,
        channel.endorsementPolicy,
      ]),
    ),
  ];
  return lines.join('\n');
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((cell, column) =>
    Math.max(cell.length, ...rows.map((row) => row[column]!.length)),
  );
  return [header, ...rows]
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
