// `corridor network up` as a user runs it — the real binary in a child process — for the
// Fabric tests that bring a network up (the suite's own, a second `up`, a Raft network).
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { PROJECT_ROOT } from '../../network/src/binaries';

const run = promisify(execFile);

export const FABRIC_CI_SCENARIO = path.join(
  PROJECT_ROOT,
  'test',
  'fabric',
  'fixtures',
  'fabric-ci.yaml',
);

/** Runs `corridor network up` with these flags; the error carries its output. */
export async function networkUp(flags: string[]): Promise<string> {
  try {
    const { stdout } = await run(
      process.execPath,
      [path.join(PROJECT_ROOT, 'bin', 'corridor.js'), 'network', 'up', ...flags],
      { cwd: PROJECT_ROOT, maxBuffer: 16 * 1024 * 1024, timeout: 600_000 },
    );
    return stdout;
  } catch (error) {
    const { stderr, stdout } = error as { stderr?: string; stdout?: string };
    throw new Error(
      `corridor network up ${flags.join(' ')} failed:\n${stdout ?? ''}\n${stderr ?? String(error)}`,
    );
  }
}
