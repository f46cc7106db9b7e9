// The network's state file (network.json in the runtime dir): the topology it was generated
// with, the pids of the processes started for it, the chaincode package ids, and how far
// `up` got. Every command after `up` works from this file alone.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { FabricInstall } from './binaries';
import type { Layout } from './layout';
import type { Topology } from './topology';

/** One chaincode definition on one channel, served as a service by its own Node process. */
export interface Chaincode {
  name: string;
  channel: string;
  port: number;
  /** The package folder fabric-chaincode-node serves (its package.json `main`). */
  moduleDir: string;
  /** label:sha256 of the installed package; set once packaged. */
  packageId?: string;
}

export interface NetworkState {
  version: 1;
  /** The scenario file the network was generated from. */
  scenarioFile: string;
  topology: Topology;
  install: FabricInstall;
  /** Chaincode servers by node name (`chaincode.<channel>`, `chaincode.<channel>.<name>`). */
  chaincodes: Record<string, Chaincode>;
  /** Node name -> pid of the process started for it (absent: never started or stopped). */
  pids: Record<string, number>;
  bootstrapped: boolean;
  ready: boolean;
}

export function readState(layout: Layout): NetworkState | null {
  if (!existsSync(layout.stateFile)) return null;
  return JSON.parse(readFileSync(layout.stateFile, 'utf8')) as NetworkState;
}

/** Written atomically (rename), so a crash never leaves half a state file. */
export function writeState(layout: Layout, state: NetworkState): void {
  const scratch = `${layout.stateFile}.tmp`;
  writeFileSync(scratch, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(scratch, layout.stateFile);
}
