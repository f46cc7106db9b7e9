// A local Fabric network from a scenario, as native processes: `up` (idempotent: every step
// checks before it acts, so a second `up` — or one after a crash — only does what is missing),
// `down` (stops every process it started, by pid, and removes the runtime dir), `status`, and
// stopping/starting one node for fault tests.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  CONNECTION_PROFILE_FILE,
  type FabricConnectionProfile,
} from '../../router/ledger/fabric/connection-profile';
import { Admin, writeBuilder } from './admin';
import { ensureFabric, PROJECT_ROOT } from './binaries';
import { configtx, cryptoConfig, writeNodeConfigs } from './config-files';
import { Layout, orgNode } from './layout';
import { chaincodeSpec, type NodeSpec, ordererSpec, peerSpec, ready } from './nodes';
import { alive, launch, listening, stop, waitFor } from './processes';
import { type Chaincode, type NetworkState, readState, writeState } from './state';
import { CHAINCODE_NAME, gatewayPeer, type Topology } from './topology';

const exec = promisify(execFile);
const NODE_READY_MS = 30_000;
const CORRIDOR_CHAINCODE_DIR = path.join(PROJECT_ROOT, 'chaincode');

export interface UpOptions {
  topology: Topology;
  scenarioFile: string;
  runtimeDir: string;
  log?: (line: string) => void;
  /** Puts the scenario on the fresh ledgers (once per network). */
  bootstrap?: (profile: FabricConnectionProfile) => Promise<void>;
}

export interface UpReport {
  alreadyUp: boolean;
  ms: number;
  profile: FabricConnectionProfile;
}

export class FabricNetwork {
  readonly layout: Layout;

  constructor(
    readonly state: NetworkState,
    runtimeDir: string,
  ) {
    this.layout = new Layout(runtimeDir);
  }

  static open(runtimeDir: string): FabricNetwork | null {
    const state = readState(new Layout(runtimeDir));
    return state ? new FabricNetwork(state, runtimeDir) : null;
  }

  get topology(): Topology {
    return this.state.topology;
  }

  get admin(): Admin {
    return new Admin(this.state.install, this.layout, this.topology);
  }

  /** Every node, in start order. */
  nodes(): NodeSpec[] {
    const { install, topology } = this.state;
    return [
      ...topology.orderers.map((orderer) => ordererSpec(install, this.layout, orderer)),
      ...topology.peers.map((peer) => peerSpec(install, this.layout, topology, peer)),
      ...Object.entries(this.state.chaincodes)
        .filter(([, chaincode]) => chaincode.packageId !== undefined)
        .map(([name, chaincode]) => chaincodeSpec(this.layout, name, chaincode)),
    ];
  }

  node(name: string): NodeSpec {
    const node = this.nodes().find((candidate) => candidate.name === name);
    if (!node) {
      throw new Error(
        `unknown node "${name}" (nodes: ${this.nodes()
          .map((candidate) => candidate.name)
          .join(', ')})`,
      );
    }
    return node;
  }

  isRunning(name: string): boolean {
    return alive(this.state.pids[name]);
  }

  private save(): void {
    writeState(this.layout, this.state);
  }

  /** Starts the node unless it runs; resolves when it is ready. */
  async start(name: string): Promise<void> {
    const node = this.node(name);
    if (!this.isRunning(name)) {
      for (const port of [...node.ports, ...(node.operationsPort ? [node.operationsPort] : [])]) {
        if (await listening(port))
          throw new Error(
            `${name}: port ${port} on 127.0.0.1 is taken by another process (choose another --base-port)`,
          );
      }
      mkdirSync(node.launch.cwd, { recursive: true });
      this.state.pids[name] = launch(node.launch);
      this.save();
    }
    await waitFor(
      name,
      () => ready(node),
      NODE_READY_MS,
      this.state.pids[name],
      node.launch.logFile,
    );
  }

  /** Stops the node (TERM, or KILL with `kill`), by the pid this network started it with. */
  async stop(name: string, { kill = false } = {}): Promise<void> {
    this.node(name);
    await this.stopPid(name, kill ? 0 : 5_000);
    this.save();
  }

  /** Stops every process at once: nothing is left to keep consistent once all are going. */
  async stopAll(): Promise<void> {
    await Promise.all(Object.keys(this.state.pids).map((name) => this.stopPid(name)));
    this.save();
  }

  private async stopPid(name: string, graceMs = 5_000): Promise<void> {
    const pid = this.state.pids[name];
    if (pid !== undefined) await stop(pid, graceMs);
    delete this.state.pids[name];
  }

  connectionProfile(): FabricConnectionProfile {
    const { topology } = this;
    const peers = Object.fromEntries(
      topology.peers.map((peer) => {
        const org = orgNode(topology, peer.org);
        return [
          peer.name,
          {
            name: peer.name,
            org: peer.org,
            mspId: org.mspId,
            endpoint: `127.0.0.1:${peer.port}`,
            tlsRootCertPath: this.layout.peerTlsCa(org),
            hostnameOverride: 'localhost',
          },
        ];
      }),
    );
    const orgs = Object.fromEntries(
      topology.orgs.map((org) => [
        org.id,
        {
          org: org.id,
          mspId: org.mspId,
          certPath: this.layout.userCert(org),
          keyPath: this.layout.userKey(org),
        },
      ]),
    );
    const ledgers = Object.fromEntries(
      topology.channels.map((channel) => [
        channel.id,
        {
          channel: channel.id,
          members: channel.members,
          peers: topology.peers
            .filter((peer) => peer.channels.includes(channel.id))
            .map((peer) => peer.name),
          gatewayPeer: Object.fromEntries(
            channel.members.map((member) => [member, gatewayPeer(topology, channel, member).name]),
          ),
          endorsementPolicy: channel.endorsementPolicy,
        },
      ]),
    );
    return { version: 1, network: topology.name, chaincode: CHAINCODE_NAME, peers, orgs, ledgers };
  }
}

/** Brings the network up, or finishes bringing it up; returns when every channel is usable. */
export async function up(options: UpOptions): Promise<UpReport> {
  const startedMs = Date.now();
  const log = options.log ?? (() => {});
  const layout = new Layout(path.resolve(options.runtimeDir));
  let existing = FabricNetwork.open(layout.root);
  if (existing && existing.topology.name !== options.topology.name) {
    throw new Error(
      `a network for scenario "${existing.topology.name}" is up in ${layout.root}; run \`corridor network down\` first (or use another --runtime)`,
    );
  }
  if (
    existing &&
    existing.state.ready &&
    existing.nodes().every((node) => existing!.isRunning(node.name))
  ) {
    return { alreadyUp: true, ms: Date.now() - startedMs, profile: existing.connectionProfile() };
  }
  if (!existing) {
    rmSync(layout.root, { recursive: true, force: true });
    const install = await ensureFabric(log);
    existing = new FabricNetwork(
      {
        version: 1,
        scenarioFile: options.scenarioFile,
        topology: options.topology,
        install,
        chaincodes: Object.fromEntries(
          options.topology.channels.map((channel) => [
            `chaincode.${channel.id}`,
            {
              name: CHAINCODE_NAME,
              channel: channel.id,
              port: channel.chaincodePort,
              moduleDir: CORRIDOR_CHAINCODE_DIR,
            },
          ]),
        ),
        pids: {},
        bootstrapped: false,
        ready: false,
      },
      layout.root,
    );
    await generate(existing, log);
  }
  const network = existing;
  network.state.ready = false;
  writeState(layout, network.state);
  try {
    await startOrderers(network, log);
    await startPeers(network, log);
    await deployChaincode(network, log);
    writeFileSync(
      path.join(layout.root, CONNECTION_PROFILE_FILE),
      `${JSON.stringify(network.connectionProfile(), null, 2)}\n`,
    );
    if (!network.state.bootstrapped && options.bootstrap) {
      log('bootstrapping the scenario onto the ledgers');
      await options.bootstrap(network.connectionProfile());
      network.state.bootstrapped = true;
    }
    network.state.ready = true;
    writeState(layout, network.state);
  } catch (error) {
    log(
      `network up failed; processes left running for inspection (logs in ${layout.logDir}); \`corridor network down\` removes them`,
    );
    throw error;
  }
  return { alreadyUp: false, ms: Date.now() - startedMs, profile: network.connectionProfile() };
}

async function generate(network: FabricNetwork, log: (line: string) => void): Promise<void> {
  const { layout, topology } = network;
  log(
    `generating crypto and channel configs for ${topology.orgs.length} orgs, ${topology.channels.length} channels`,
  );
  for (const dir of [layout.configDir, layout.channelDir, layout.logDir])
    mkdirSync(dir, { recursive: true });
  writeNodeConfigs(network.state.install, layout);
  writeBuilder(layout);
  const cryptoFile = path.join(layout.root, 'crypto-config.yaml');
  writeFileSync(cryptoFile, cryptoConfig(topology));
  await network.admin.generateCrypto(cryptoFile);
  writeFileSync(path.join(layout.channelDir, 'configtx.yaml'), configtx(topology, layout));
  await Promise.all(
    topology.channels.map((channel) => network.admin.channelBlock(channel, layout.channelDir)),
  );
  writeState(layout, network.state);
}

async function startOrderers(network: FabricNetwork, log: (line: string) => void): Promise<void> {
  const { admin, topology } = network;
  await Promise.all(topology.orderers.map((orderer) => network.start(orderer.name)));
  for (const orderer of topology.orderers) {
    // /healthz can be OK before the admin listener accepts: retry the first call (FABRIC.md).
    let joined: string[] = [];
    await waitFor(
      `${orderer.name} admin`,
      async () => {
        joined = await admin.ordererChannels(orderer);
        return true;
      },
      NODE_READY_MS,
    );
    for (const channel of topology.channels) {
      if (joined.includes(channel.id)) continue;
      log(`${orderer.name} joins channel ${channel.id}`);
      await admin.ordererJoin(orderer, channel.id);
    }
  }
  for (const channel of topology.channels) {
    await waitFor(
      `Raft leader of ${channel.id}`,
      () => admin.channelHasLeader(channel.id),
      NODE_READY_MS,
    );
  }
}

async function startPeers(network: FabricNetwork, log: (line: string) => void): Promise<void> {
  const { admin, topology } = network;
  await Promise.all(topology.peers.map((peer) => network.start(peer.name)));
  await Promise.all(
    topology.peers.map(async (peer) => {
      let joined: string[] = [];
      // The peer's /healthz can be OK before its gRPC listener serves (FABRIC.md): retry.
      await waitFor(
        `${peer.name} channel list`,
        async () => {
          joined = await admin.peerChannels(peer);
          return true;
        },
        NODE_READY_MS,
      );
      for (const channel of peer.channels) {
        if (joined.includes(channel)) continue;
        log(`${peer.name} joins channel ${channel}`);
        await admin.peerJoin(peer, channel);
      }
    }),
  );
}

async function deployChaincode(network: FabricNetwork, log: (line: string) => void): Promise<void> {
  await buildChaincode(log);
  for (const node of Object.keys(network.state.chaincodes)) await deploy(network, node, log);
}

/**
 * Packages a chaincode, installs it on every peer of its channel, starts its server, and
 * approves (every peer org) and commits its definition with the channel's endorsement policy.
 */
async function deploy(
  network: FabricNetwork,
  node: string,
  log: (line: string) => void,
): Promise<void> {
  const { admin, topology, state } = network;
  const chaincode = state.chaincodes[node]!;
  const channel = topology.channels.find((candidate) => candidate.id === chaincode.channel);
  if (!channel) throw new Error(`${node}: unknown channel ${chaincode.channel}`);
  const channelPeers = topology.peers.filter((peer) => peer.channels.includes(channel.id));
  const { file, packageId } = await admin.packageChaincode(chaincode);
  chaincode.packageId = packageId;
  await Promise.all(
    channelPeers.map(async (peer) => {
      if ((await admin.installed(peer)).includes(packageId)) return;
      await admin.install(peer, file);
    }),
  );
  await network.start(node);
  if ((await admin.committed(channelPeers[0]!, channel.id, chaincode.name)) !== null) return;
  log(`approving and committing ${chaincode.name} on ${channel.id} (${channel.endorsementPolicy})`);
  await Promise.all(
    channelPeers.map((peer) =>
      admin.approve(peer, channel, chaincode.name, packageId).catch((error: Error) => {
        // A second `up` after a crash may find this org's approval already in place.
        if (!/unchanged content/.test(error.message)) throw error;
      }),
    ),
  );
  await admin.commit(channelPeers, channel, chaincode.name);
}

/** Deploys one more chaincode on a running network (benchmarks); `down` stops it too. */
export async function addChaincode(
  runtimeDir: string,
  chaincode: Omit<Chaincode, 'packageId'>,
  log: (line: string) => void = () => {},
): Promise<void> {
  const network = FabricNetwork.open(runtimeDir);
  if (!network) throw new Error(`no network at ${runtimeDir}`);
  const node = `chaincode.${chaincode.channel}.${chaincode.name}`;
  network.state.chaincodes[node] ??= { ...chaincode };
  writeState(network.layout, network.state);
  await deploy(network, node, log);
  writeState(network.layout, network.state);
}

/** The chaincode server runs the compiled contract: build it when missing or stale. */
async function buildChaincode(log: (line: string) => void): Promise<void> {
  const dist = path.join(PROJECT_ROOT, 'chaincode', 'dist', 'contracts', 'index.js');
  const sources = path.join(PROJECT_ROOT, 'chaincode', 'src');
  if (existsSync(dist) && newestMtimeMs(sources) <= statSync(dist).mtimeMs) return;
  log('building the chaincode (npm run build -w chaincode)');
  await exec('npm', ['run', 'build', '-w', 'chaincode'], { cwd: PROJECT_ROOT });
}

export async function down(runtimeDir: string): Promise<{ stopped: number } | null> {
  const network = FabricNetwork.open(path.resolve(runtimeDir));
  if (!network) {
    rmSync(runtimeDir, { recursive: true, force: true });
    return null;
  }
  const stopped = Object.values(network.state.pids).filter((pid) => alive(pid)).length;
  await network.stopAll();
  rmSync(network.layout.root, { recursive: true, force: true });
  return { stopped };
}

function newestMtimeMs(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile())
      newest = Math.max(newest, statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}
