// One fast-check seed for a whole test run, so a run is reproducible: FC_SEED picks it (to replay
// a failure, or to explore with a new one), otherwise it is the fixed default. fast-check prints
// the seed and path of any counterexample; FC_SEED and FC_PATH replay it.
export const DEFAULT_FC_SEED = 20_261_201;

export function fcSeed(): number {
  const given = process.env.FC_SEED;
  if (given === undefined || given === '') return DEFAULT_FC_SEED;
  const seed = Number(given);
  if (!Number.isSafeInteger(seed)) throw new Error(`FC_SEED: expected an integer, got "${given}"`);
  return seed;
}
