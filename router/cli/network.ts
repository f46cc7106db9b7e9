// `corridor network up|down|status|stop|start`: the local Fabric network of a scenario. `up`
// returns once every node is ready, every channel has the chaincode committed and the scenario
// is bootstrapped on it; `stop`/`start` take one node down and back for fault tests.
import { Command } from 'commander';
import { ensureFabric, FABRIC_VERSION } from '../../network/src/binaries';
import { down, FabricNetwork, up } from '../../network/src/network';
import { networkStatus, formatStatus } from '../../network/src/status';
import { buildTopology, type NetworkRequest, requestOf } from '../../network/src/topology';
import {
  createFabricLedgerClient,
  DEFAULT_RUNTIME_DIR,
  type FabricConnectionProfile,
} from '../ledger/fabric';
import type { LedgerClient } from '../ledger/ledger-client';
import { MEMBERS, OUTSIDER } from '../props/world';
import { bootstrapConcurrently } from '../scenario/bootstrap';
import type { Scenario } from '../scenario/types';
import { refuse, usageErrorsExitTwo } from './exit-codes';
import { loadScenarioOrExit } from './scenario-option';

/**
 * Highest base port: a network spans about 460 ports above it, and they must stay below Linux's
 * ephemeral range (32768+), where outgoing connections take ports a node may need to listen on.
 */
const MAX_BASE_PORT = 32_000;

/** The property suites' own channel (router/props/world.ts), added by `up --with-props`. */
export const PROPS_CHANNEL = 'props';

interface UpFlags {
  scenario: string;
  runtime: string;
  basePort: string;
  maxPeers?: string;
  withProps?: boolean;
  bootstrap: boolean;
  json?: boolean;
}

export function register(program: Command): void {
  const network = program
    .command('network')
    .description('Run the scenario on a local Hyperledger Fabric network (native processes)');
  const runtimeOption = [
    '--runtime <dir>',
    'runtime directory of the network',
    DEFAULT_RUNTIME_DIR,
  ] as const;
  const commands: Command[] = [];
  commands.push(
    network
      .command('up')
      .description(
        'Bring the network up (idempotent): nodes, channels, chaincode, scenario bootstrap',
      )
      .option('--scenario <file>', 'scenario YAML file', 'scenarios/mbridge-lite.yaml')
      .option(...runtimeOption)
      .option(
        '--base-port <n>',
        'first port on 127.0.0.1 (orderers from here, peers +100, chaincode +400)',
        '7050',
      )
      .option('--max-peers <n>', 'run at most this many peer orgs (every ledger keeps one)')
      .option(
        '--with-props',
        `add the property suites' channel "${PROPS_CHANNEL}" (for corridor props --backend fabric)`,
      )
      .option('--no-bootstrap', 'leave the ledgers empty (not even initialised)')
      .option('--json', 'print the status as JSON')
      .action(async (flags: UpFlags, command: Command) => runUp(command, flags)),
  );
  commands.push(
    network
      .command('binaries')
      .description(
        `Find the Fabric ${FABRIC_VERSION} binaries (FABRIC_BIN, or the project cache), building them with Go if missing`,
      )
      .action(async () => {
        const startedMs = Date.now();
        const install = await ensureFabric((line) => console.error(`network: ${line}`));
        console.log(
          `fabric ${FABRIC_VERSION} (${install.source}): ${install.binDir} in ${((Date.now() - startedMs) / 1000).toFixed(1)} s`,
        );
      }),
  );
  commands.push(
    network
      .command('down')
      .description(
        'Stop every process the network started (by pid) and remove its runtime directory',
      )
      .option(...runtimeOption)
      .action(async (flags: { runtime: string }) => {
        const stopped = await down(flags.runtime);
        console.log(
          stopped
            ? `network down: ${stopped.stopped} process(es) stopped, ${flags.runtime} removed`
            : `no network at ${flags.runtime}`,
        );
      }),
  );
  commands.push(
    network
      .command('status')
      .description('Nodes (pids, ports, health), channels (heights, chaincode, endorsement policy)')
      .option(...runtimeOption)
      .option('--json', 'machine-readable output')
      .action(async (flags: { runtime: string; json?: boolean }, command: Command) => {
        const opened = openNetwork(command, flags.runtime);
        const status = await networkStatus(opened);
        console.log(flags.json ? JSON.stringify(status, null, 2) : formatStatus(status));
        if (!status.healthy) process.exitCode = 1;
      }),
  );
  commands.push(
    network
      .command('stop')
      .description('Stop one node (peer0.<org>, orderer<N> or chaincode.<ledger>) for a fault test')
      .argument('<node>', 'node name, as `corridor network status` lists them')
      .option('--kill', 'SIGKILL instead of a graceful SIGTERM')
      .option(...runtimeOption)
      .action(
        async (name: string, flags: { runtime: string; kill?: boolean }, command: Command) => {
          const opened = openNetwork(command, flags.runtime);
          knownNode(command, opened, name);
          await opened.stop(name, { kill: flags.kill === true });
          console.log(`${name} stopped`);
        },
      ),
  );
  commands.push(
    network
      .command('start')
      .description('Start a stopped node again; returns when it is ready')
      .argument('<node>', 'node name, as `corridor network status` lists them')
      .option(...runtimeOption)
      .action(async (name: string, flags: { runtime: string }, command: Command) => {
        const opened = openNetwork(command, flags.runtime);
        knownNode(command, opened, name);
        await opened.start(name);
        console.log(`${name} ready`);
      }),
  );
  for (const command of commands) usageErrorsExitTwo(command);
}

function openNetwork(command: Command, runtimeDir: string): FabricNetwork {
  const opened = FabricNetwork.open(runtimeDir);
  if (!opened)
    refuse(command, `--runtime: no network at ${runtimeDir}; run \`corridor network up\` first`);
  return opened;
}

function knownNode(command: Command, network: FabricNetwork, name: string): void {
  const names = network.nodes().map((node) => node.name);
  if (!names.includes(name))
    refuse(command, `<node>: unknown node "${name}" (nodes: ${names.join(', ')})`);
}

function portFlag(command: Command, flag: string, value: string, min: number, max: number): number {
  if (!/^[0-9]+$/.test(value) || Number(value) < min || Number(value) > max)
    refuse(command, `${flag}: expected an integer from ${min} to ${max}, got "${value}"`);
  return Number(value);
}

/** The scenario's network, plus the property suites' channel on request. */
export function networkRequest(
  scenario: Scenario,
  withProps: boolean,
  maxPeers?: number,
): NetworkRequest {
  const request = requestOf(scenario, maxPeers);
  if (!withProps) return request;
  const extraOrgs = [...MEMBERS, OUTSIDER].filter((org) => !request.orgs.includes(org));
  // Two peer orgs endorse the props channel: the first two members.
  const propsPeers = MEMBERS.slice(0, 2).filter((org) => !request.peerOrgs.includes(org));
  return {
    ...request,
    orgs: [...request.orgs, ...extraOrgs],
    peerOrgs: [...request.peerOrgs, ...propsPeers],
    ledgers: [...request.ledgers, { id: PROPS_CHANNEL, members: [...MEMBERS], endorsement: 2 }],
  };
}

/** Puts the scenario on a fresh network's ledgers through the Fabric client; its op count. */
export async function bootstrapOnFabric(
  profile: FabricConnectionProfile,
  scenario: Scenario,
): Promise<number> {
  const client = await createFabricLedgerClient(profile);
  try {
    await untilEndorsable(client, scenario);
    const booted = await bootstrapConcurrently(client, scenario);
    if (!booted.ok) {
      throw new Error(
        `bootstrap of ${scenario.name} failed: ${booted.error.code}: ${booted.error.message}`,
      );
    }
    return booted.value.operations;
  } finally {
    await client.close();
  }
}

/** How long peers may take, after a chaincode commit, to tell the gateway they can endorse. */
const ENDORSABLE_WITHIN_MS = 60_000;

/**
 * Right after a chaincode commit the gateway's discovery may not yet know that enough peers have
 * it ("no combination of peers can be derived which satisfy the endorsement policy"). Bootstrap
 * ops must not meet that — a half-run bootstrap cannot be re-run — so each ledger is first probed
 * with a well-formed transfer the chaincode refuses at endorsement (the ledger is not initialised
 * yet, the asset does not exist): no effect, and any answer but EndorsementFailed means the
 * gateway could plan the endorsement.
 */
async function untilEndorsable(client: LedgerClient, scenario: Scenario): Promise<void> {
  const deadline = Date.now() + ENDORSABLE_WITHIN_MS;
  for (const ledger of scenario.ledgers) {
    const [member] = ledger.members;
    if (member === undefined) continue;
    for (;;) {
      const probe = await client.submit(ledger.id, member, {
        type: 'transfer',
        id: 'probe-endorsable',
        asset: 'probe-no-such-asset',
        from: `${member}/probe`,
        to: `${member}/probe`,
        amount: 1n,
      });
      if (probe.ok || probe.error.code !== 'EndorsementFailed') break;
      if (Date.now() > deadline)
        throw new Error(`ledger ${ledger.id}: no endorsement possible: ${probe.error.message}`);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  }
}

async function runUp(command: Command, flags: UpFlags): Promise<void> {
  const basePort = portFlag(command, '--base-port', flags.basePort, 1024, MAX_BASE_PORT);
  const maxPeers =
    flags.maxPeers === undefined
      ? undefined
      : portFlag(command, '--max-peers', flags.maxPeers, 1, 1_000);
  const scenario = await loadScenarioOrExit(command, flags.scenario);
  if (flags.withProps && scenario.ledgers.some((ledger) => ledger.id === PROPS_CHANNEL))
    refuse(command, `--with-props: the scenario already has a ledger named "${PROPS_CHANNEL}"`);
  let topology;
  try {
    topology = buildTopology(
      networkRequest(scenario, flags.withProps === true, maxPeers),
      basePort,
    );
  } catch (error) {
    refuse(command, (error as Error).message);
  }
  const log = (line: string) => console.error(`network: ${line}`);
  const report = await up({
    topology,
    scenarioFile: flags.scenario,
    runtimeDir: flags.runtime,
    log,
    bootstrap: !flags.bootstrap
      ? undefined
      : async (profile) => {
          const operations = await bootstrapOnFabric(profile, scenario);
          log(`bootstrapped ${operations} operations`);
        },
  });
  const opened = FabricNetwork.open(flags.runtime)!;
  const status = await networkStatus(opened);
  if (flags.json)
    console.log(
      JSON.stringify({ ...status, upMs: report.ms, alreadyUp: report.alreadyUp }, null, 2),
    );
  else {
    console.log(formatStatus(status));
    console.log(
      report.alreadyUp
        ? 'network was already up'
        : `network up in ${(report.ms / 1000).toFixed(1)} s`,
    );
  }
}
