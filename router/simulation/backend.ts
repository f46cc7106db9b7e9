// The one seam between a command and the ledgers it runs on: the ledger client, the time
// settlement sleeps on, where HTLC secrets come from, and what the run's ids must carry.
//   embedded  a fresh in-process ledger with the scenario bootstrapped onto it (as genesis:
//             one-transaction blocks, no time passes), then ordered as Fabric orders: blocks cut
//             by the scenario's BatchTimeout and size, validated for read conflicts, each
//             transaction reaching its block one settlement.blockLatencyMs of its ledger after
//             it was simulated; virtual time (deterministic: secrets from the run's seed) or,
//             for real-time runs without a network, the wall clock.
//   fabric    the running network `corridor network up` generated and bootstrapped from the
//             scenario; wall-clock time, secrets from a CSPRNG, ids prefixed with a random run
//             id because the ledgers outlive the run and reject replayed op ids.
import { randomBytes } from 'node:crypto';
import { type Clock, SystemClock, VirtualClock } from '../ledger/clock';
import { type BlockStats, createEmbeddedLedgerClient } from '../ledger/embedded';
import type { BackendName, LedgerClient } from '../ledger/ledger-client';
import { bootstrapScenario, ledgerMembers } from '../scenario/bootstrap';
import type { Scenario } from '../scenario/types';
import { RealTimeScheduler } from './real-time-scheduler';
import { createRng } from '../scenario/rng';
import { EventScheduler, type Scheduler } from './scheduler';

export interface Backend {
  readonly name: BackendName;
  /** The ledgers with the scenario on them, as router and settlement reach them. */
  readonly client: LedgerClient;
  /** The time settlement sleeps on and the run is scheduled on. */
  readonly scheduler: Scheduler;
  /** A fresh 32-byte HTLC secret. */
  randomSecret(): Uint8Array;
  /** Put before every id the run puts on the ledgers (payments, compactions); '' when fresh. */
  readonly idPrefix: string;
  /** Per ledger, blocks and invalidated transactions, where the backend sees them (embedded). */
  blockStats?(): Record<string, BlockStats>;
  close(): Promise<void>;
}

export type BackendChoice =
  | {
      name: 'embedded';
      time: 'virtual' | 'wall';
      /** Hot keys per ledger before old ones move to the cold tier (default: world-state.ts's). */
      hotLimit?: number;
    }
  | { name: 'fabric'; runtimeDir: string };

export type BackendErrorCode = 'NoNetwork' | 'WrongNetwork' | 'Unreachable' | 'BootstrapFailed';

export type OpenedBackend =
  | { ok: true; backend: Backend }
  | { ok: false; error: { code: BackendErrorCode; message: string } };

/** Opens the backend a run asked for; `seed` feeds the embedded backend's secrets. */
export async function openBackend(
  choice: BackendChoice,
  scenario: Scenario,
  seed: number,
): Promise<OpenedBackend> {
  return choice.name === 'embedded'
    ? openEmbedded(scenario, seed, choice.time, choice.hotLimit)
    : openFabric(scenario, choice.runtimeDir);
}

async function openEmbedded(
  scenario: Scenario,
  seed: number,
  time: 'virtual' | 'wall',
  hotLimit: number | undefined,
): Promise<OpenedBackend> {
  const { startAtMs } = scenario.simulation;
  const { clock, scheduler } = embeddedTime(time, Math.max(0, startAtMs - OPENING_LEAD_MS));
  const ledger = createEmbeddedLedgerClient({
    ledgers: ledgerMembers(scenario),
    clock,
    ...(hotLimit === undefined ? {} : { hotLimit }),
  });
  const booted = await bootstrapScenario(ledger, scenario);
  if (clock instanceof VirtualClock) clock.set(startAtMs);
  if (!booted.ok) {
    await ledger.close();
    return failure(
      'BootstrapFailed',
      `scenario ${scenario.name} failed to bootstrap: ${booted.error.code}: ${booted.error.message}`,
    );
  }
  const secrets = createRng(seed, 'secrets');
  const ordered = ledger.ordered({
    time: scheduler,
    batchTimeoutMs: scenario.network.batchTimeoutMs,
    maxBlockTransactions: scenario.network.maxBlockTransactions,
    commitLatencyMs: scenario.settlement.blockLatencyMs,
  });
  return {
    ok: true,
    backend: {
      name: 'embedded',
      client: ordered,
      scheduler,
      randomSecret: () => secrets.bytes(32),
      idPrefix: '',
      blockStats: () => ordered.blockStats(),
      close: () => ordered.close(),
    },
  };
}

/**
 * Virtual-time ledgers open this long before the run starts (or at time 0), as a network is up
 * before its first payment: the opening balances' credit windows have closed by then
 * (FOLD_MARGIN_MS after their window), so first debits fold them without reading the credits
 * still in flight.
 */
const OPENING_LEAD_MS = 60_000;

/** Virtual time from `openAtMs` (runs start at the scenario's startAt: hours and days matter). */
function embeddedTime(
  time: 'virtual' | 'wall',
  openAtMs: number,
): { clock: Clock; scheduler: Scheduler } {
  if (time === 'wall') {
    const clock = new SystemClock();
    return { clock, scheduler: new RealTimeScheduler(clock) };
  }
  const clock = new VirtualClock(openAtMs);
  return { clock, scheduler: new EventScheduler(clock) };
}

async function openFabric(scenario: Scenario, runtimeDir: string): Promise<OpenedBackend> {
  // Loaded on demand: gRPC and the gateway are not needed by embedded runs.
  const { createFabricLedgerClient, loadConnectionProfile } = await import('../ledger/fabric');
  let profile;
  try {
    profile = loadConnectionProfile(runtimeDir);
  } catch (error) {
    return failure('NoNetwork', messageOf(error));
  }
  if (profile.network !== scenario.name) {
    return failure(
      'WrongNetwork',
      `the Fabric network at ${runtimeDir} was generated from scenario "${profile.network}", not "${scenario.name}": run \`corridor network down\`, then \`corridor network up\` with this scenario`,
    );
  }
  let client: LedgerClient;
  try {
    client = await createFabricLedgerClient(profile);
  } catch (error) {
    return failure('Unreachable', `Fabric network at ${runtimeDir}: ${messageOf(error)}`);
  }
  const unreachable = await firstUnreachableLedger(client, scenario);
  if (unreachable !== null) {
    await client.close();
    return failure(
      'Unreachable',
      `Fabric network at ${runtimeDir}: ${unreachable} (is it up? \`corridor network status\`)`,
    );
  }
  return {
    ok: true,
    backend: {
      name: 'fabric',
      client,
      scheduler: new RealTimeScheduler(new SystemClock()),
      randomSecret: () => randomBytes(32),
      idPrefix: `run-${randomBytes(4).toString('hex')}.`,
      close: () => client.close(),
    },
  };
}

/**
 * One cheap read per ledger, by its first member: an op-status query for an id no run uses.
 * "Unknown op" is the healthy answer; anything else means that ledger cannot serve the run.
 */
async function firstUnreachableLedger(
  client: LedgerClient,
  scenario: Scenario,
): Promise<string | null> {
  for (const ledger of scenario.ledgers) {
    const reader = ledger.members[0];
    if (reader === undefined) continue;
    const probe = await client.evaluate(ledger.id, reader, { type: 'op', id: 'probe' });
    if (!probe.ok && probe.error.code !== 'UnknownOp')
      return `ledger ${ledger.id}: ${probe.error.code}: ${probe.error.message}`;
  }
  return null;
}

function failure(code: BackendErrorCode, message: string): OpenedBackend {
  return { ok: false, error: { code, message } };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
