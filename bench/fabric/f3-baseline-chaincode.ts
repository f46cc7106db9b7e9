// F3's old-layout chaincode: the Corridor chaincode exactly as it was before the hot-key layout
// (issue 10), extracted from git and compiled, so both layouts run on one network in one run.
// Pinning a commit, rather than keeping a second copy of the old core, leaves no twin of the
// core in the tree and makes the baseline exactly the code that shipped.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { PROJECT_ROOT } from '../../network/src/binaries';

/** The last commit with one base balance key per account, folded on every debit. */
export const OLD_LAYOUT_COMMIT = 'b8973a974d7ce3da2aa464f08cd9417768a9e307';

const run = promisify(execFile);

/** Builds (once) and returns the package folder fabric-chaincode-node serves. */
export async function oldLayoutChaincode(): Promise<string> {
  // Under .runtime (git-ignored); node_modules resolve from the project root above it.
  const root = path.join(
    PROJECT_ROOT,
    '.runtime',
    `f3-old-layout-${OLD_LAYOUT_COMMIT.slice(0, 12)}`,
  );
  const moduleDir = path.join(root, 'chaincode');
  if (existsSync(path.join(moduleDir, 'dist', 'contracts', 'index.js'))) return moduleDir;
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  await run(
    'sh',
    ['-c', `git archive --format=tar ${OLD_LAYOUT_COMMIT} chaincode | tar -x -C "${root}"`],
    {
      cwd: PROJECT_ROOT,
    },
  );
  await run(
    process.execPath,
    [
      path.join(PROJECT_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'),
      '-p',
      path.join(moduleDir, 'tsconfig.build.json'),
    ],
    { cwd: PROJECT_ROOT },
  );
  return moduleDir;
}
