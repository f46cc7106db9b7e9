// What `corridor network up` writes for clients: every peer, every org's identity and, per
// ledger (one Fabric channel each), which peer each member org's gateway connects to. The
// network manager (network/) writes it; the Fabric LedgerClient reads it. Paths are absolute.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { OrgId } from '../../../chaincode/src/core/types';

export const CONNECTION_PROFILE_FILE = 'connection.json';

/** Where `corridor network up` puts its network unless told otherwise (`--runtime`). */
export const DEFAULT_RUNTIME_DIR = path.resolve(
  import.meta.dirname,
  '..',
  '..',
  '..',
  '.runtime',
  'fabric',
);

export interface FabricPeer {
  /** e.g. `peer0.jadebank`. */
  name: string;
  org: OrgId;
  mspId: string;
  /** `127.0.0.1:<port>` */
  endpoint: string;
  /** PEM file of the TLS CA that signed the peer's server certificate. */
  tlsRootCertPath: string;
  /** TLS server name to verify (the certificates carry `localhost` and 127.0.0.1). */
  hostnameOverride: string;
}

export interface FabricOrgIdentity {
  org: OrgId;
  mspId: string;
  /** PEM signing certificate of the org's client user. */
  certPath: string;
  /** PEM private key of that user. */
  keyPath: string;
}

export interface FabricLedger {
  /** The Fabric channel; equal to the ledger id. */
  channel: string;
  /** Orgs in the channel configuration (the only ones whose identities it accepts). */
  members: OrgId[];
  /** Peers joined to the channel. */
  peers: string[];
  /** Member org -> the peer its gateway connects to (its own peer if it runs one here). */
  gatewayPeer: Record<OrgId, string>;
  /** The chaincode's endorsement policy as committed, e.g. `OutOf(2,'aMSP.peer','bMSP.peer')`. */
  endorsementPolicy: string;
}

export interface FabricConnectionProfile {
  version: 1;
  /** The scenario the network was generated from. */
  network: string;
  /** Chaincode name on every channel. */
  chaincode: string;
  peers: Record<string, FabricPeer>;
  /** Every org of the network, channel member or not. */
  orgs: Record<OrgId, FabricOrgIdentity>;
  ledgers: Record<string, FabricLedger>;
}

/** Reads `<runtimeDir>/connection.json`; the error says how to bring the network up. */
export function loadConnectionProfile(runtimeDir: string): FabricConnectionProfile {
  const file = path.join(runtimeDir, CONNECTION_PROFILE_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new Error(
      `no Fabric network at ${runtimeDir} (${file} is missing): run \`corridor network up\` first`,
    );
  }
  const profile = JSON.parse(text) as FabricConnectionProfile;
  if (profile.version !== 1) throw new Error(`${file}: unsupported version ${profile.version}`);
  return profile;
}
