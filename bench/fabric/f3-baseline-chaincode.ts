// F3's old layout: the Corridor chaincode exactly as it was before the hot-key layout (issue 10),
// extracted from git, so both layouts run in one run: compiled as a second chaincode on the
// bench network, and as the core under the embedded backend (bench/f3-embedded-contention.ts).
// Pinning a commit, rather than keeping a second copy of the old core, leaves no twin of the
// core in the tree and makes the baseline exactly the code that shipped.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { PROJECT_ROOT } from '../../network/src/binaries';

/** The last commit with one base balance key per account, folded on every debit. */
export const OLD_LAYOUT_COMMIT = 'b8973a974d7ce3da2aa464f08cd9417768a9e307';

/** Under .runtime (git-ignored); node_modules resolve from the project root above it. */
export const OLD_LAYOUT_ROOT = path.join(
  PROJECT_ROOT,
  '.runtime',
  `f3-old-layout-${OLD_LAYOUT_COMMIT.slice(0, 12)}`,
);

const run = promisify(execFile);

/** Extracts (once) the old commit's chaincode/ into OLD_LAYOUT_ROOT. */
export async function extractOldLayout(): Promise<void> {
  if (existsSync(path.join(OLD_LAYOUT_ROOT, 'chaincode', 'package.json'))) return;
  rmSync(OLD_LAYOUT_ROOT, { recursive: true, force: true });
  mkdirSync(OLD_LAYOUT_ROOT, { recursive: true });
  const archive = `git archive --format=tar ${OLD_LAYOUT_COMMIT} chaincode`;
  await run('sh', ['-c', `${archive} | tar -x -C "${OLD_LAYOUT_ROOT}"`], { cwd: PROJECT_ROOT });
}

/** Builds (once) and returns the package folder fabric-chaincode-node serves. */
export async function oldLayoutChaincode(): Promise<string> {
  await extractOldLayout();
  const moduleDir = path.join(OLD_LAYOUT_ROOT, 'chaincode');
  if (existsSync(path.join(moduleDir, 'dist', 'contracts', 'index.js'))) return moduleDir;
  const tsc = path.join(PROJECT_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  await run(process.execPath, [tsc, '-p', path.join(moduleDir, 'tsconfig.build.json')], {
    cwd: PROJECT_ROOT,
  });
  return moduleDir;
}
