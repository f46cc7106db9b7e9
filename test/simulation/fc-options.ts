// fast-check parameters for this suite: modest runs by default, FC_RUNS asks for more. The seed
// (FC_SEED, FC_PATH to replay) is the run's, set for every file by test/fc-setup.ts.
import type { Parameters } from 'fast-check';

export function fcOptions<T>(numRuns: number): Parameters<T> & { numRuns: number } {
  const runs = process.env.FC_RUNS;
  return { numRuns: runs === undefined ? numRuns : Number.parseInt(runs, 10) };
}
