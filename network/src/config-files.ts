// The files Fabric's tools read, generated from a topology: cryptogen's crypto-config.yaml,
// configtxgen's configtx.yaml (one profile per channel), and the peer and orderer base configs
// (Fabric's sample core.yaml/orderer.yaml with the project's chaincode builder; every per-node
// setting is passed as environment variables, see nodes.ts).
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import type { FabricInstall } from './binaries';
import type { Layout } from './layout';
import { ORDERER_MSP, type ChannelSpec, type OrgNode, type Topology } from './topology';

const LOOPBACK_SANS = ['127.0.0.1', 'localhost'];

export function cryptoConfig(topology: Topology): string {
  return stringify({
    OrdererOrgs: [
      {
        Name: 'Orderer',
        Domain: 'orderer.corridor',
        EnableNodeOUs: true,
        Specs: topology.orderers.map((orderer) => ({
          Hostname: orderer.name,
          SANS: LOOPBACK_SANS,
        })),
      },
    ],
    PeerOrgs: topology.orgs.map((org) => ({
      Name: org.id,
      Domain: org.domain,
      EnableNodeOUs: true,
      Template: { Count: org.runsPeer ? 1 : 0, SANS: LOOPBACK_SANS },
      Users: { Count: 1 },
    })),
  });
}

const signature = (rule: string) => ({ Type: 'Signature', Rule: rule });
const implicit = (rule: string) => ({ Type: 'ImplicitMeta', Rule: rule });

function orgSection(topology: Topology, layout: Layout, org: OrgNode) {
  const msp = org.mspId;
  const peer = topology.peers.find((candidate) => candidate.org === org.id);
  return {
    Name: msp,
    ID: msp,
    MSPDir: layout.orgMsp(org),
    Policies: {
      Readers: signature(`OR('${msp}.admin','${msp}.peer','${msp}.client')`),
      Writers: signature(`OR('${msp}.admin','${msp}.client')`),
      Admins: signature(`OR('${msp}.admin')`),
      Endorsement: signature(`OR('${msp}.peer')`),
    },
    ...(peer ? { AnchorPeers: [{ Host: '127.0.0.1', Port: peer.port }] } : {}),
  };
}

function channelProfile(topology: Topology, layout: Layout, channel: ChannelSpec) {
  const orgs = topology.orgs.filter((org) => channel.members.includes(org.id));
  return {
    Policies: {
      Readers: implicit('ANY Readers'),
      Writers: implicit('ANY Writers'),
      Admins: implicit('MAJORITY Admins'),
    },
    Capabilities: { V3_0: true },
    Orderer: {
      OrdererType: 'etcdraft',
      BatchTimeout: `${topology.batchTimeoutMs}ms`,
      BatchSize: {
        MaxMessageCount: topology.maxBlockTransactions,
        AbsoluteMaxBytes: '10 MB',
        PreferredMaxBytes: '2 MB',
      },
      EtcdRaft: {
        Consenters: topology.orderers.map((orderer) => ({
          Host: '127.0.0.1',
          Port: orderer.port,
          ClientTLSCert: path.join(layout.ordererDir(orderer.name), 'tls', 'server.crt'),
          ServerTLSCert: path.join(layout.ordererDir(orderer.name), 'tls', 'server.crt'),
        })),
        Options: {
          TickInterval: '100ms',
          ElectionTick: 10,
          HeartbeatTick: 1,
          MaxInflightBlocks: 5,
          SnapshotIntervalSize: '16 MB',
        },
      },
      Organizations: [
        {
          Name: ORDERER_MSP,
          ID: ORDERER_MSP,
          MSPDir: path.join(layout.ordererOrgDir, 'msp'),
          OrdererEndpoints: topology.orderers.map((orderer) => `127.0.0.1:${orderer.port}`),
          Policies: {
            Readers: signature(`OR('${ORDERER_MSP}.member')`),
            Writers: signature(`OR('${ORDERER_MSP}.member')`),
            Admins: signature(`OR('${ORDERER_MSP}.admin')`),
          },
        },
      ],
      Policies: {
        Readers: implicit('ANY Readers'),
        Writers: implicit('ANY Writers'),
        Admins: implicit('MAJORITY Admins'),
        BlockValidation: implicit('ANY Writers'),
      },
      Capabilities: { V2_0: true },
    },
    Application: {
      Organizations: orgs.map((org) => orgSection(topology, layout, org)),
      Policies: {
        Readers: implicit('ANY Readers'),
        Writers: implicit('ANY Writers'),
        Admins: implicit('MAJORITY Admins'),
        // Only peer-running orgs can approve a chaincode definition, so lifecycle and the
        // default endorsement count them alone (client orgs have no peer to endorse with).
        LifecycleEndorsement: signature(channel.endorsementPolicy),
        Endorsement: signature(channel.endorsementPolicy),
      },
      Capabilities: { V2_5: true },
    },
  };
}

export function configtx(topology: Topology, layout: Layout): string {
  return stringify({
    Profiles: Object.fromEntries(
      topology.channels.map((channel) => [channel.id, channelProfile(topology, layout, channel)]),
    ),
  });
}

/** core.yaml with the project's external builder, orderer.yaml as shipped. */
export function writeNodeConfigs(install: FabricInstall, layout: Layout): void {
  const core = parse(readFileSync(path.join(install.configDir, 'core.yaml'), 'utf8')) as {
    chaincode: { externalBuilders: unknown[] };
  };
  core.chaincode.externalBuilders = [{ name: 'corridor-ccaas', path: layout.builderDir }];
  writeFileSync(path.join(layout.configDir, 'core.yaml'), stringify(core));
  writeFileSync(
    path.join(layout.configDir, 'orderer.yaml'),
    readFileSync(path.join(install.configDir, 'orderer.yaml')),
  );
}
