// The Fabric backend of the property suites: every case in a namespace of its own on the
// `props` channel of a running test network (members cb, ecb, bankA, bankB; mallory has an
// identity of its own but is not a member). Time is the transactions' real timestamp.
import {
  createFabricLedgerClient,
  type FabricConnectionProfile,
  type FabricLedgerClient,
  loadConnectionProfile,
} from '../ledger/fabric';
import { initialiseShared, namespacedBackend, type SharedBackend } from './backends';
import { MEMBERS, type Need, OUTSIDER } from './world';

export const PROPS_CHANNEL = 'props';
/** The backend's name and what it provides, known before any network is reached. */
export const FABRIC: { name: string; provides: ReadonlySet<Need> } = {
  name: 'fabric',
  // Time is the transactions' real timestamp, and there is no embedded store to read.
  provides: new Set(),
};
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

/** Connects to the network at `runtimeDir`; FabricUnavailableError says what to do when it cannot. */
export async function openFabricBackend(runtimeDir: string): Promise<SharedBackend> {
  let profile: FabricConnectionProfile;
  try {
    profile = loadConnectionProfile(runtimeDir);
  } catch (error) {
    throw new FabricUnavailableError(error instanceof Error ? error.message : String(error));
  }
  checkProfile(profile, runtimeDir);
  const unusable = (error: unknown) =>
    new FabricUnavailableError(
      `the Fabric network at ${runtimeDir} cannot be used (${error instanceof Error ? error.message : String(error)}): run \`corridor network up\``,
    );
  // The client reads its own writes across the channel's peers (it waits for them to catch up).
  let client: FabricLedgerClient;
  try {
    client = await createFabricLedgerClient(profile);
  } catch (error) {
    throw unusable(error);
  }
  try {
    await initialiseShared(client, PROPS_CHANNEL, MEMBERS[0]!);
  } catch (error) {
    await client.close();
    throw unusable(error);
  }
  return namespacedBackend({
    name: FABRIC.name,
    client,
    ledger: PROPS_CHANNEL,
    clock: client,
    provides: [...FABRIC.provides],
    maxSequenceLength: MAX_SEQUENCE_LENGTH,
    close: () => client.close(),
  });
}
