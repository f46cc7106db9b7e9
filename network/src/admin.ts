// Administration through Fabric's own CLIs, as an org admin would run them: orderer channel
// joins (osnadmin), peer channel joins, chaincode package install, approve and commit, and
// read-only queries for status. Every call has a timeout; errors carry the tool's stderr.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { binary, type FabricCommand, type FabricInstall } from './binaries';
import { type Layout, orgNode } from './layout';
import type { Chaincode } from './state';
import {
  CHAINCODE_NAME,
  CHAINCODE_VERSION,
  type ChannelSpec,
  type OrdererNode,
  type PeerNode,
  type Topology,
} from './topology';

const exec = promisify(execFile);

export class Admin {
  constructor(
    private readonly fabric: FabricInstall,
    private readonly layout: Layout,
    private readonly topology: Topology,
  ) {}

  async tool(
    command: FabricCommand,
    args: string[],
    env: Record<string, string> = {},
    timeoutMs = 60_000,
  ) {
    try {
      const { stdout, stderr } = await exec(binary(this.fabric, command), args, {
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '',
          FABRIC_CFG_PATH: this.layout.configDir,
          ...env,
        },
        timeout: timeoutMs,
        maxBuffer: 16 * 1024 * 1024,
      });
      return { stdout, stderr };
    } catch (error) {
      const { stderr, message } = error as { stderr?: string; message: string };
      throw new Error(`${command} ${args.slice(0, 3).join(' ')}: ${(stderr || message).trim()}`);
    }
  }

  /** Env for the peer CLI acting as the admin of `peer`'s org, against that peer. */
  peerEnv(peer: PeerNode): Record<string, string> {
    const org = orgNode(this.topology, peer.org);
    return {
      CORE_PEER_ADDRESS: `127.0.0.1:${peer.port}`,
      CORE_PEER_LOCALMSPID: org.mspId,
      CORE_PEER_MSPCONFIGPATH: this.layout.adminMsp(org),
      CORE_PEER_TLS_ENABLED: 'true',
      CORE_PEER_TLS_ROOTCERT_FILE: this.layout.peerTlsCa(org),
      CORE_PEER_TLS_SERVERHOSTOVERRIDE: 'localhost',
    };
  }

  private ordererArgs(): string[] {
    const orderer = this.topology.orderers[0]!;
    return [
      '-o',
      `127.0.0.1:${orderer.port}`,
      '--ordererTLSHostnameOverride',
      'localhost',
      '--tls',
      '--cafile',
      this.layout.ordererTlsCa,
    ];
  }

  async generateCrypto(configFile: string): Promise<void> {
    await this.tool('cryptogen', [
      'generate',
      `--config=${configFile}`,
      `--output=${this.layout.cryptoDir}`,
    ]);
  }

  async channelBlock(channel: ChannelSpec, configtxDir: string): Promise<void> {
    await this.tool('configtxgen', [
      '-configPath',
      configtxDir,
      '-profile',
      channel.id,
      '-outputBlock',
      this.layout.channelBlock(channel.id),
      '-channelID',
      channel.id,
    ]);
  }

  async ordererChannels(orderer: OrdererNode): Promise<string[]> {
    const { stdout } = await this.tool('osnadmin', [
      'channel',
      'list',
      '-o',
      `127.0.0.1:${orderer.adminPort}`,
    ]);
    const body = stdout.slice(stdout.indexOf('{'));
    const listed = JSON.parse(body) as { channels: Array<{ name: string }> | null };
    return (listed.channels ?? []).map((channel) => channel.name);
  }

  async ordererJoin(orderer: OrdererNode, channel: string): Promise<void> {
    await this.tool('osnadmin', [
      'channel',
      'join',
      '--channelID',
      channel,
      '--config-block',
      this.layout.channelBlock(channel),
      '-o',
      `127.0.0.1:${orderer.adminPort}`,
    ]);
  }

  /** Whether some orderer leads the channel's Raft group (read from the orderers' metrics). */
  async channelHasLeader(channel: string): Promise<boolean> {
    const leads = await Promise.all(
      this.topology.orderers.map(async (orderer) => {
        const response = await fetch(`http://127.0.0.1:${orderer.operationsPort}/metrics`, {
          signal: AbortSignal.timeout(1_000),
        });
        const metrics = await response.text();
        return metrics.includes(`consensus_etcdraft_is_leader{channel="${channel}"} 1`);
      }),
    );
    return leads.includes(true);
  }

  async peerChannels(peer: PeerNode): Promise<string[]> {
    const { stdout } = await this.tool('peer', ['channel', 'list'], this.peerEnv(peer));
    const lines = stdout.split('\n').map((line) => line.trim());
    return lines
      .slice(lines.findIndex((line) => line.startsWith('Channels peers has joined')) + 1)
      .filter(Boolean);
  }

  async peerJoin(peer: PeerNode, channel: string): Promise<void> {
    await this.tool(
      'peer',
      ['channel', 'join', '-b', this.layout.channelBlock(channel)],
      this.peerEnv(peer),
    );
  }

  async height(peer: PeerNode, channel: string): Promise<number> {
    const { stdout } = await this.tool(
      'peer',
      ['channel', 'getinfo', '-c', channel],
      this.peerEnv(peer),
    );
    const info = JSON.parse(stdout.slice(stdout.indexOf('{'))) as { height: number };
    return info.height;
  }

  /**
   * The CCaaS package of a channel: connection.json (where the peer dials the chaincode server)
   * in code.tar.gz, beside metadata.json. Returns its path and package id (label:sha256).
   */
  async packageChaincode(chaincode: Chaincode): Promise<{ file: string; packageId: string }> {
    const dir = this.layout.packageDir(`${chaincode.channel}.${chaincode.name}`);
    const label = `${chaincode.name}_${chaincode.channel}_${CHAINCODE_VERSION}`;
    mkdirSync(path.join(dir, 'src'), { recursive: true });
    writeFileSync(
      path.join(dir, 'src', 'connection.json'),
      JSON.stringify({
        address: `127.0.0.1:${chaincode.port}`,
        dial_timeout: '10s',
        tls_required: false,
      }),
    );
    writeFileSync(path.join(dir, 'metadata.json'), JSON.stringify({ type: 'ccaas', label }));
    // Entries must be plain files (no "./" directory entry): tar from inside each folder.
    await exec('tar', [
      '-C',
      path.join(dir, 'src'),
      '-czf',
      path.join(dir, 'code.tar.gz'),
      'connection.json',
    ]);
    const file = path.join(dir, `${label}.tgz`);
    await exec('tar', ['-C', dir, '-czf', file, 'metadata.json', 'code.tar.gz']);
    const digest = createHash('sha256').update(readFileSync(file)).digest('hex');
    return { file, packageId: `${label}:${digest}` };
  }

  async installed(peer: PeerNode): Promise<string[]> {
    const { stdout } = await this.tool(
      'peer',
      ['lifecycle', 'chaincode', 'queryinstalled', '-O', 'json'],
      this.peerEnv(peer),
    );
    const parsed = JSON.parse(stdout || '{}') as {
      installed_chaincodes?: Array<{ package_id: string }>;
    };
    return (parsed.installed_chaincodes ?? []).map((entry) => entry.package_id);
  }

  async install(peer: PeerNode, packageFile: string): Promise<void> {
    await this.tool(
      'peer',
      ['lifecycle', 'chaincode', 'install', packageFile],
      this.peerEnv(peer),
      120_000,
    );
  }

  private definitionArgs(channel: ChannelSpec, name: string): string[] {
    return [
      '--channelID',
      channel.id,
      '--name',
      name,
      '--version',
      CHAINCODE_VERSION,
      '--sequence',
      '1',
      '--signature-policy',
      channel.endorsementPolicy,
    ];
  }

  async approve(
    peer: PeerNode,
    channel: ChannelSpec,
    name: string,
    packageId: string,
  ): Promise<void> {
    await this.tool(
      'peer',
      [
        'lifecycle',
        'chaincode',
        'approveformyorg',
        ...this.ordererArgs(),
        ...this.definitionArgs(channel, name),
        '--package-id',
        packageId,
        '--waitForEventTimeout',
        '60s',
      ],
      this.peerEnv(peer),
    );
  }

  async commit(peers: PeerNode[], channel: ChannelSpec, name: string): Promise<void> {
    const targets = peers.flatMap((peer) => [
      '--peerAddresses',
      `127.0.0.1:${peer.port}`,
      '--tlsRootCertFiles',
      this.layout.peerTlsCa(orgNode(this.topology, peer.org)),
    ]);
    await this.tool(
      'peer',
      [
        'lifecycle',
        'chaincode',
        'commit',
        ...this.ordererArgs(),
        ...this.definitionArgs(channel, name),
        ...targets,
        '--waitForEventTimeout',
        '60s',
      ],
      this.peerEnv(peers[0]!),
    );
  }

  /** The committed definition's sequence on the channel, or null when none is committed. */
  async committed(peer: PeerNode, channel: string, name = CHAINCODE_NAME): Promise<number | null> {
    try {
      const { stdout } = await this.tool(
        'peer',
        [
          'lifecycle',
          'chaincode',
          'querycommitted',
          '--channelID',
          channel,
          '--name',
          name,
          '-O',
          'json',
        ],
        this.peerEnv(peer),
      );
      return (JSON.parse(stdout) as { sequence: number }).sequence;
    } catch {
      return null;
    }
  }

  /** `peer chaincode query`: a read through Fabric's own CLI, independent of the gateway client. */
  async query(peer: PeerNode, channel: string, fn: string, args: string[]): Promise<string> {
    const { stdout } = await this.tool(
      'peer',
      [
        'chaincode',
        'query',
        '-C',
        channel,
        '-n',
        CHAINCODE_NAME,
        '-c',
        JSON.stringify({ function: fn, Args: args }),
      ],
      this.peerEnv(peer),
    );
    return stdout.trim();
  }
}

/** The external builder: detect ccaas packages, pass connection.json through to the peer. */
export function writeBuilder(layout: Layout): void {
  const bin = path.join(layout.builderDir, 'bin');
  mkdirSync(bin, { recursive: true });
  const scripts: Record<string, string> = {
    detect: 'grep -qi \'"type" *: *"ccaas"\' "$2/metadata.json"',
    build: [
      'SRC="$1"; META="$2"; OUT="$3"',
      'cp "$SRC/connection.json" "$OUT/"',
      'cp "$META/metadata.json" "$OUT/"',
      'if [ -d "$SRC/META-INF" ]; then cp -r "$SRC/META-INF" "$OUT/"; fi',
    ].join('\n'),
    release: [
      'BLD="$1"; RELEASE="$2"',
      'mkdir -p "$RELEASE/chaincode/server"',
      'cp "$BLD/connection.json" "$RELEASE/chaincode/server/"',
    ].join('\n'),
  };
  for (const [name, body] of Object.entries(scripts)) {
    const file = path.join(bin, name);
    writeFileSync(
      file,
      `#!/bin/sh\n# Corridor's chaincode-as-a-service builder: ${name}.\nset -e\n${body}\n`,
      { mode: 0o755 },
    );
  }
}
