// Backends whose cases share one long-lived ledger, each case in a namespace of its own
// (namespace.ts): an embedded ledger shared by many cases (to test the namespacing itself) and,
// in fabric-backend.ts, the `props` channel of a Fabric network.
import type { OrgId } from '../../chaincode/src/core/types';
import { type Clock, VirtualClock } from '../ledger/clock';
import { createEmbeddedLedgerClient } from '../ledger/embedded';
import type { LedgerClient } from '../ledger/ledger-client';
import { namespaced } from './namespace';
import { LEDGER, MEMBERS, type Need, openWorld, type World, type WorldBackend } from './world';

export interface SharedLedger {
  name: string;
  client: LedgerClient;
  /** The shared ledger's name in `client`. */
  ledger: string;
  clock: Clock;
  provides: readonly Need[];
  maxSequenceLength: number;
  close(): Promise<void>;
}

export interface SharedBackend extends WorldBackend {
  /** Closes the shared client. */
  close(): Promise<void>;
}

/** Unique per process: runs on a long-lived ledger never meet each other's namespaces. */
const RUN_TAG = `${Date.now().toString(36)}${process.pid.toString(36)}`;
let namespaces = 0;

function nextPrefix(): string {
  namespaces += 1;
  return `${RUN_TAG}.${namespaces}~`;
}

/** The ledger's state as seen from `client`, as a string (bigints marked, so 5n is not "5"). */
export async function snapshotBytes(client: LedgerClient): Promise<string> {
  const snapshot = await client.evaluate(LEDGER, MEMBERS[0]!, { type: 'snapshot' });
  if (!snapshot.ok)
    throw new Error(`snapshot failed: ${snapshot.error.code} ${snapshot.error.message}`);
  return JSON.stringify(snapshot.value, (_key, value: unknown) =>
    typeof value === 'bigint' ? `${value}n` : value,
  );
}

/**
 * Initialises the shared ledger as a cbdc ledger unless that was done already (by an earlier
 * run, or by the network's bootstrap). A ledger of another kind fails the first world's set-up
 * with WrongLedger. Reads first, so that an unreachable ledger fails fast and changes nothing.
 */
export async function initialiseShared(
  client: LedgerClient,
  ledger: string,
  org: OrgId,
): Promise<void> {
  const id = `${ledger}-shared-init`;
  const done = await client.evaluate(ledger, org, { type: 'op', id });
  if (done.ok) return;
  if (done.error.code !== 'UnknownOp')
    throw new Error(`reading ${ledger} failed: ${done.error.code} ${done.error.message}`);
  const result = await client.submit(ledger, org, { type: 'init', id, kind: 'cbdc' });
  if (result.ok || result.error.code === 'AlreadyInitialized') return;
  throw new Error(
    `initialising the shared ledger ${ledger} failed: ${result.error.code} ${result.error.message}`,
  );
}

export function namespacedBackend(shared: SharedLedger): SharedBackend {
  return {
    name: shared.name,
    provides: new Set(shared.provides),
    maxSequenceLength: shared.maxSequenceLength,
    async openWorld(): Promise<World> {
      const client = namespaced(shared.client, {
        ledger: shared.ledger,
        alias: LEDGER,
        prefix: nextPrefix(),
        kind: 'cbdc',
      });
      return openWorld({
        client,
        clock: shared.clock,
        stateBytes: () => snapshotBytes(client),
        concurrent: true,
      });
    },
    close: () => shared.close(),
  };
}

/**
 * One embedded ledger shared by every case, on one virtual clock starting at `startMs`. It is
 * called LEDGER, as a fresh world's ledger is, so that even messages naming it are the same.
 */
export async function openSharedEmbeddedBackend(startMs: number): Promise<SharedBackend> {
  const ledger = LEDGER;
  const clock = new VirtualClock(startMs);
  const client = createEmbeddedLedgerClient({ ledgers: { [ledger]: { members: MEMBERS } }, clock });
  await initialiseShared(client, ledger, MEMBERS[0]!);
  return namespacedBackend({
    name: 'embedded-shared',
    client,
    ledger,
    clock,
    provides: ['movable-time'],
    maxSequenceLength: 80,
    close: () => client.close(),
  });
}
