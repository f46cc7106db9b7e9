// How each node process is started: the binary, its environment (Fabric reads every per-node
// setting from env vars over the shared base config) and its readiness probe.
import path from 'node:path';
import { binary, type FabricInstall, PROJECT_ROOT } from './binaries';
import { type Layout, orgNode } from './layout';
import { healthy, type Launch, listening } from './processes';
import type { Chaincode } from './state';
import { ORDERER_MSP, type OrdererNode, type PeerNode, type Topology } from './topology';

export type NodeKind = 'orderer' | 'peer' | 'chaincode';

export interface NodeSpec {
  name: string;
  kind: NodeKind;
  launch: Launch;
  /** Ports that must accept connections before the node counts as ready. */
  ports: number[];
  /** Operations port whose /healthz must be OK, where the node has one. */
  operationsPort?: number;
}

export function ordererSpec(
  install: FabricInstall,
  layout: Layout,
  orderer: OrdererNode,
): NodeSpec {
  const dir = layout.ordererDir(orderer.name);
  const data = layout.nodeDir(orderer.name);
  return {
    name: orderer.name,
    kind: 'orderer',
    ports: [orderer.port, orderer.adminPort],
    operationsPort: orderer.operationsPort,
    launch: {
      command: binary(install, 'orderer'),
      args: [],
      cwd: data,
      logFile: layout.log(orderer.name),
      env: {
        FABRIC_CFG_PATH: layout.configDir,
        FABRIC_LOGGING_SPEC: 'grpc=warn:info',
        ORDERER_GENERAL_LISTENADDRESS: '127.0.0.1',
        ORDERER_GENERAL_LISTENPORT: String(orderer.port),
        ORDERER_GENERAL_LOCALMSPID: ORDERER_MSP,
        ORDERER_GENERAL_LOCALMSPDIR: path.join(dir, 'msp'),
        ORDERER_GENERAL_TLS_ENABLED: 'true',
        ORDERER_GENERAL_TLS_PRIVATEKEY: path.join(dir, 'tls', 'server.key'),
        ORDERER_GENERAL_TLS_CERTIFICATE: path.join(dir, 'tls', 'server.crt'),
        ORDERER_GENERAL_TLS_ROOTCAS: `[${path.join(dir, 'tls', 'ca.crt')}]`,
        // Raft traffic shares the TLS listener.
        ORDERER_GENERAL_CLUSTER_CLIENTCERTIFICATE: path.join(dir, 'tls', 'server.crt'),
        ORDERER_GENERAL_CLUSTER_CLIENTPRIVATEKEY: path.join(dir, 'tls', 'server.key'),
        ORDERER_GENERAL_CLUSTER_ROOTCAS: `[${path.join(dir, 'tls', 'ca.crt')}]`,
        ORDERER_GENERAL_BOOTSTRAPMETHOD: 'none',
        ORDERER_CHANNELPARTICIPATION_ENABLED: 'true',
        ORDERER_FILELEDGER_LOCATION: path.join(data, 'ledger'),
        ORDERER_CONSENSUS_WALDIR: path.join(data, 'etcdraft', 'wal'),
        ORDERER_CONSENSUS_SNAPDIR: path.join(data, 'etcdraft', 'snapshot'),
        ORDERER_OPERATIONS_LISTENADDRESS: `127.0.0.1:${orderer.operationsPort}`,
        // Prometheus metrics: `up` reads each channel's Raft leadership from them.
        ORDERER_METRICS_PROVIDER: 'prometheus',
        ORDERER_ADMIN_LISTENADDRESS: `127.0.0.1:${orderer.adminPort}`,
        ORDERER_ADMIN_TLS_ENABLED: 'false',
      },
    },
  };
}

export function peerSpec(
  install: FabricInstall,
  layout: Layout,
  topology: Topology,
  peer: PeerNode,
): NodeSpec {
  const org = orgNode(topology, peer.org);
  const dir = layout.peerDir(org);
  const address = `127.0.0.1:${peer.port}`;
  return {
    name: peer.name,
    kind: 'peer',
    ports: [peer.port],
    operationsPort: peer.operationsPort,
    launch: {
      command: binary(install, 'peer'),
      args: ['node', 'start'],
      cwd: layout.nodeDir(peer.name),
      logFile: layout.log(peer.name),
      env: {
        FABRIC_CFG_PATH: layout.configDir,
        FABRIC_LOGGING_SPEC: 'grpc=warn:info',
        // Empty: no Docker daemon; otherwise /healthz reports 503 on the Docker check.
        CORE_VM_ENDPOINT: '',
        CORE_PEER_ID: peer.name,
        CORE_PEER_LISTENADDRESS: address,
        CORE_PEER_ADDRESS: address,
        CORE_PEER_CHAINCODELISTENADDRESS: `127.0.0.1:${peer.chaincodePort}`,
        CORE_PEER_CHAINCODEADDRESS: `127.0.0.1:${peer.chaincodePort}`,
        CORE_PEER_GOSSIP_BOOTSTRAP: address,
        CORE_PEER_GOSSIP_EXTERNALENDPOINT: address,
        // Tuned gossip: the defaults leave cross-org endorsement failing for ~30 s after a
        // join and ~22 s after a restart (FABRIC.md).
        CORE_PEER_GOSSIP_RECONNECTINTERVAL: '2s',
        CORE_PEER_GOSSIP_ALIVETIMEINTERVAL: '1s',
        CORE_PEER_GOSSIP_ALIVEEXPIRATIONTIMEOUT: '5s',
        CORE_PEER_GOSSIP_PUBLISHSTATEINFOINTERVAL: '1s',
        CORE_PEER_GOSSIP_REQUESTSTATEINFOINTERVAL: '1s',
        CORE_PEER_LOCALMSPID: org.mspId,
        CORE_PEER_MSPCONFIGPATH: path.join(dir, 'msp'),
        CORE_PEER_TLS_ENABLED: 'true',
        CORE_PEER_TLS_CERT_FILE: path.join(dir, 'tls', 'server.crt'),
        CORE_PEER_TLS_KEY_FILE: path.join(dir, 'tls', 'server.key'),
        CORE_PEER_TLS_ROOTCERT_FILE: path.join(dir, 'tls', 'ca.crt'),
        CORE_PEER_FILESYSTEMPATH: path.join(layout.nodeDir(peer.name), 'data'),
        CORE_LEDGER_SNAPSHOTS_ROOTDIR: path.join(layout.nodeDir(peer.name), 'snapshots'),
        CORE_OPERATIONS_LISTENADDRESS: `127.0.0.1:${peer.operationsPort}`,
        CORE_METRICS_PROVIDER: 'disabled',
        CORE_CHAINCODE_STARTUPTIMEOUT: '30s',
      },
    },
  };
}

/** A chaincode-as-a-service server: fabric-chaincode-node serving the chaincode's package. */
export function chaincodeSpec(layout: Layout, node: string, chaincode: Chaincode): NodeSpec {
  return {
    name: node,
    kind: 'chaincode',
    ports: [chaincode.port],
    launch: {
      command: process.execPath,
      args: [
        path.join(PROJECT_ROOT, 'node_modules', 'fabric-shim', 'cli.js'),
        'server',
        '--chaincode-address',
        `127.0.0.1:${chaincode.port}`,
        '--chaincode-id',
        chaincode.packageId ?? '',
        '--module-path',
        chaincode.moduleDir,
      ],
      cwd: chaincode.moduleDir,
      logFile: layout.log(node),
      env: { CORE_CHAINCODE_LOGGING_LEVEL: 'warning', NODE_ENV: 'production' },
    },
  };
}

export async function ready(node: NodeSpec): Promise<boolean> {
  for (const port of node.ports) if (!(await listening(port))) return false;
  return node.operationsPort === undefined || healthy(node.operationsPort);
}
