// What every Fabric test file shares: the network the project's global setup brought up (or
// the reason it was skipped), its admin handle for faults, and clients on it.
import { describe, inject } from 'vitest';
import { FabricNetwork } from '../../network/src/network';
import {
  createFabricLedgerClient,
  loadConnectionProfile,
  type FabricLedgerClient,
} from '../../router/ledger/fabric';

export const runtimeDir: string | undefined =
  inject('fabricRuntime') ?? process.env.CORRIDOR_FABRIC_RUNTIME;
const skipReason = inject('fabricSkipReason');

/** `describe`, skipped (with the reason in its name) when the project has no network. */
export const describeFabric = (name: string, body: () => void) =>
  runtimeDir
    ? describe(name, body)
    : describe.skip(`${name} — skipped: ${skipReason ?? 'no Fabric network'}`, body);

export function network(): FabricNetwork {
  const opened = runtimeDir ? FabricNetwork.open(runtimeDir) : null;
  if (!opened) throw new Error(`no Fabric network at ${runtimeDir}`);
  return opened;
}

export function openClient(): Promise<FabricLedgerClient> {
  return createFabricLedgerClient(loadConnectionProfile(runtimeDir!));
}
