// A named property suite that runs the same way under vitest (small numRuns) and under
// `corridor props` (many runs, a seed to replay, a report line per property).
import fc from 'fast-check';

export interface CheckOptions {
  numRuns: number;
  /** fast-check seed; omitted = a fresh one, reported in the outcome for replay. */
  seed?: number;
  /** Replay path printed with a failure, to jump straight to the shrunk counterexample. */
  path?: string;
}

export interface PropertyOutcome {
  name: string;
  passed: boolean;
  runs: number;
  seed: number;
  /** Set on failure. */
  path?: string;
  counterexample?: string;
  error?: string;
}

export interface LedgerProperty {
  name: string;
  description: string;
  check(options: CheckOptions): Promise<PropertyOutcome>;
}

export function defineProperty<Ts>(
  name: string,
  description: string,
  build: () => fc.IAsyncProperty<Ts> | fc.IProperty<Ts>,
): LedgerProperty {
  return {
    name,
    description,
    async check({ numRuns, seed, path }) {
      const details = await fc.check(build(), { numRuns, seed, path });
      const outcome: PropertyOutcome = {
        name,
        passed: !details.failed,
        runs: details.numRuns,
        seed: details.seed,
      };
      if (details.failed) {
        outcome.path = details.counterexamplePath ?? undefined;
        outcome.counterexample = details.counterexample
          ? fc.stringify(details.counterexample)
          : undefined;
        outcome.error = describeError(details.errorInstance);
      }
      return outcome;
    },
  };
}

function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

/** For vitest: runs the property and throws a readable report (with the replay seed) on failure. */
export async function assertProperty(
  property: LedgerProperty,
  options: CheckOptions,
): Promise<void> {
  const seed = options.seed ?? seedFromEnvironment();
  const outcome = await property.check({ ...options, seed });
  if (!outcome.passed) throw new Error(formatFailure(outcome));
}

/** `CORRIDOR_SEED=<n>` replays a failing vitest run with the seed it printed. */
function seedFromEnvironment(): number | undefined {
  const text = process.env.CORRIDOR_SEED;
  if (text === undefined || text === '') return undefined;
  if (!/^-?\d+$/.test(text))
    throw new Error(`CORRIDOR_SEED must be an integer, got ${JSON.stringify(text)}`);
  return Number.parseInt(text, 10);
}

export function formatFailure(outcome: PropertyOutcome): string {
  return [
    `property ${outcome.name} failed after ${outcome.runs} runs`,
    `  error: ${outcome.error ?? 'property returned false'}`,
    `  counterexample: ${outcome.counterexample ?? '(none)'}`,
    `  replay: --seed ${outcome.seed}${outcome.path ? ` --path ${outcome.path}` : ''}`,
  ].join('\n');
}
