// The Fabric backend of the property suites: every case in a namespace of its own on the
// `props` channel of a running test network (members cb, ecb, bankA, bankB; mallory has an
// identity of its own but is not a member). Time is the transactions' real timestamp.
import path from 'node:path';
import type { OrgId } from '../../chaincode/src/core/types';
import {
  createFabricLedgerClient,
  type FabricConnectionProfile,
  loadConnectionProfile,
} from '../ledger/fabric';
import type { LedgerClient } from '../ledger/ledger-client';
import { initialiseShared, namespacedBackend, type SharedBackend } from './backends';
import { MEMBERS, OUTSIDER } from './world';

export const PROPS_CHANNEL = 'props';
/** Where `corridor network up` puts its network unless told otherwise. */
export const DEFAULT_RUNTIME_DIR = path.resolve(
  import.meta.dirname,
  '..',
  '..',
  '.runtime',
  'fabric',
);
/** A case is sequential and a Fabric transaction takes ~250 ms: keep random sequences short. */
const MAX_SEQUENCE_LENGTH = 15;

/** The network is missing or unfit for the suites: a usage problem, not a failed property. */
export class FabricUnavailableError extends Error {}

function checkProfile(profile: FabricConnectionProfile, runtimeDir: string): void {
  const channel = profile.ledgers[PROPS_CHANNEL];
  if (!channel) {
    throw new FabricUnavailableError(
      `the Fabric network at ${runtimeDir} has no channel "${PROPS_CHANNEL}" (its channels: ${Object.keys(profile.ledgers).join(', ') || 'none'}): bring up a network with the ${PROPS_CHANNEL} channel`,
    );
  }
  const missing = MEMBERS.filter((org) => !channel.members.includes(org));
  if (missing.length > 0) {
    throw new FabricUnavailableError(
      `channel ${PROPS_CHANNEL} at ${runtimeDir} lacks the members ${missing.join(', ')} (it has ${channel.members.join(', ')})`,
    );
  }
  if (!profile.orgs[OUTSIDER] || channel.members.includes(OUTSIDER)) {
    throw new FabricUnavailableError(
      `the network at ${runtimeDir} needs an org ${OUTSIDER} with an identity of its own that is not a member of ${PROPS_CHANNEL}`,
    );
  }
}

/**
 * Each org's gateway may be a different peer, and a submit waits for the commit on its own peer
 * only. What a member reads does not depend on which member asks (only non-members are
 * refused), so members read through the org that submitted last: a case reads its own writes.
 */
function readingOwnWrites(client: LedgerClient): LedgerClient {
  const members = new Set<OrgId>(MEMBERS);
  let lastWriter: OrgId | undefined;
  return {
    backend: client.backend,
    ledgers: client.ledgers,
    async submit(ledger, org, op) {
      const result = await client.submit(ledger, org, op);
      if (result.ok) lastWriter = org;
      return result;
    },
    evaluate: (ledger, org, query) =>
      client.evaluate(ledger, members.has(org) ? (lastWriter ?? org) : org, query),
    nowMs: () => client.nowMs(),
    close: () => client.close(),
  };
}

/** Connects to the network at `runtimeDir`; FabricUnavailableError says what to do when it cannot. */
export async function openFabricBackend(runtimeDir: string): Promise<SharedBackend> {
  let profile: FabricConnectionProfile;
  try {
    profile = loadConnectionProfile(runtimeDir);
  } catch (error) {
    throw new FabricUnavailableError(error instanceof Error ? error.message : String(error));
  }
  checkProfile(profile, runtimeDir);
  const client = readingOwnWrites(await createFabricLedgerClient(profile));
  try {
    await initialiseShared(client, PROPS_CHANNEL, MEMBERS[0]!);
  } catch (error) {
    await client.close();
    throw new FabricUnavailableError(
      `the Fabric network at ${runtimeDir} does not answer (${error instanceof Error ? error.message : String(error)}): run \`corridor network up\``,
    );
  }
  return namespacedBackend({
    name: 'fabric',
    client,
    ledger: PROPS_CHANNEL,
    clock: client,
    provides: [],
    maxSequenceLength: MAX_SEQUENCE_LENGTH,
    close: () => client.close(),
  });
}
