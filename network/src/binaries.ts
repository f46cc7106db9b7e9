// The Fabric binaries: FABRIC_BIN when set (an installation such as a release tarball's bin/),
// else the project-local cache .cache/fabric/<version>/, built on first use from the Go module
// proxy through the project's own module in network/fabric-bin (go.mod pins v3.1.1 by its
// pseudo-version; `go install pkg@version` cannot be used, see ../shared/FABRIC.md).
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const FABRIC_VERSION = '3.1.1';
export const FABRIC_MODULE = 'github.com/hyperledger/fabric';
export const FABRIC_COMMANDS = [
  'peer',
  'orderer',
  'configtxgen',
  'cryptogen',
  'osnadmin',
  'configtxlator',
] as const;
export type FabricCommand = (typeof FABRIC_COMMANDS)[number];
const SAMPLE_CONFIGS = ['core.yaml', 'orderer.yaml'] as const;

export const PROJECT_ROOT = path.resolve(import.meta.dirname, '..', '..');
const TOOLS_MODULE = path.join(PROJECT_ROOT, 'network', 'fabric-bin');
export const DEFAULT_CACHE_DIR = path.join(PROJECT_ROOT, '.cache', 'fabric', FABRIC_VERSION);

export interface FabricInstall {
  binDir: string;
  /** Holds Fabric's sample core.yaml and orderer.yaml, the base of every node's config. */
  configDir: string;
  /** Where it came from, for status and logs. */
  source: 'FABRIC_BIN' | 'cache' | 'built';
}

export function binary(install: FabricInstall, command: FabricCommand): string {
  return path.join(install.binDir, command);
}

function complete(binDir: string, configDir: string): boolean {
  return (
    FABRIC_COMMANDS.every((command) => existsSync(path.join(binDir, command))) &&
    SAMPLE_CONFIGS.every((file) => existsSync(path.join(configDir, file)))
  );
}

/** The installation to use, or why there is none (without building anything). */
export function findFabric(
  env: NodeJS.ProcessEnv = process.env,
  cacheDir = DEFAULT_CACHE_DIR,
): FabricInstall | string {
  const fromEnv = env.FABRIC_BIN;
  if (fromEnv) {
    const binDir = path.resolve(fromEnv);
    // A release tarball puts config/ beside bin/; FABRIC_CFG_PATH may say otherwise.
    const configDir = path.resolve(env.FABRIC_CFG_PATH ?? path.join(binDir, '..', 'config'));
    if (!complete(binDir, configDir)) {
      return `FABRIC_BIN=${fromEnv}: expected ${FABRIC_COMMANDS.join(', ')} there and core.yaml + orderer.yaml in ${configDir} (set FABRIC_CFG_PATH to their folder)`;
    }
    return { binDir, configDir, source: 'FABRIC_BIN' };
  }
  const binDir = path.join(cacheDir, 'bin');
  const configDir = path.join(cacheDir, 'config');
  if (complete(binDir, configDir)) return { binDir, configDir, source: 'cache' };
  return `no Fabric binaries in ${cacheDir} and FABRIC_BIN is not set`;
}

/** Why Fabric cannot be had on this machine, or null when it can (binaries present or Go available). */
export async function fabricUnavailableReason(): Promise<string | null> {
  const found = findFabric();
  if (typeof found !== 'string') return null;
  try {
    await run('go', ['version']);
    return null;
  } catch {
    return `${found}, and Go is not installed to build them`;
  }
}

/** Finds the installation, building it into the cache when needed (about 70 s on 2 cores). */
export async function ensureFabric(
  log: (line: string) => void = () => {},
  cacheDir = DEFAULT_CACHE_DIR,
): Promise<FabricInstall> {
  const found = findFabric(process.env, cacheDir);
  if (typeof found !== 'string') return found;
  if (process.env.FABRIC_BIN) throw new Error(found);
  log(`building Fabric ${FABRIC_VERSION} binaries into ${cacheDir} (first run only)`);
  // Build into a scratch folder and rename, so an interrupted build never looks complete.
  const scratch = `${cacheDir}.partial-${process.pid}`;
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(path.join(scratch, 'config'), { recursive: true });
  const env = { ...process.env, GOBIN: path.join(scratch, 'bin'), CGO_ENABLED: '0' };
  try {
    await run(
      'go',
      [
        'install',
        '-ldflags',
        `-X ${FABRIC_MODULE}/common/metadata.Version=${FABRIC_VERSION}`,
        ...FABRIC_COMMANDS.map((command) => `${FABRIC_MODULE}/cmd/${command}`),
      ],
      { cwd: TOOLS_MODULE, env, maxBuffer: 64 * 1024 * 1024 },
    );
    const { stdout } = await run('go', ['list', '-m', '-f', '{{.Dir}}', FABRIC_MODULE], {
      cwd: TOOLS_MODULE,
      env,
    });
    const moduleDir = stdout.trim();
    for (const file of SAMPLE_CONFIGS) {
      copyFileSync(path.join(moduleDir, 'sampleconfig', file), path.join(scratch, 'config', file));
    }
    rmSync(cacheDir, { recursive: true, force: true });
    mkdirSync(path.dirname(cacheDir), { recursive: true });
    renameSync(scratch, cacheDir);
  } catch (error) {
    rmSync(scratch, { recursive: true, force: true });
    const detail = (error as { stderr?: string }).stderr ?? String(error);
    throw new Error(`building Fabric ${FABRIC_VERSION} failed:\n${detail.trim()}`);
  }
  const built = findFabric(process.env, cacheDir);
  if (typeof built === 'string') throw new Error(built);
  return { ...built, source: 'built' };
}
