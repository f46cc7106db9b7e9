// fast-check parameters for this suite: modest runs by default; FC_SEED (and FC_PATH) replay a
// failure that fast-check reported, FC_RUNS asks for more runs.
import type { Parameters } from 'fast-check';

export function fcOptions<T>(numRuns: number): Parameters<T> {
  const seed = process.env.FC_SEED;
  const path = process.env.FC_PATH;
  const runs = process.env.FC_RUNS;
  return {
    numRuns: runs === undefined ? numRuns : Number.parseInt(runs, 10),
    ...(seed === undefined ? {} : { seed: Number.parseInt(seed, 10) }),
    ...(path === undefined ? {} : { path }),
  };
}
