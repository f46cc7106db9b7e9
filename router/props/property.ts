// A named property suite that runs the same way under vitest (small numRuns) and under
// `corridor props` (many runs, a seed to replay, a report line per property), against any
// backend that provides what it needs.
import fc from 'fast-check';
import { embeddedBackend, type Need, type WorldBackend } from './world';

export interface CheckOptions {
  numRuns: number;
  /** fast-check seed; omitted = a fresh one, reported in the outcome for replay. */
  seed?: number;
  /** Replay path printed with a failure, to jump straight to the shrunk counterexample. */
  path?: string;
  /** Where the cases' worlds come from; the embedded backend by default. */
  backend?: WorldBackend;
}

export interface PropertyOutcome {
  name: string;
  /** The backend it ran on (or was skipped on). */
  backend: string;
  passed: boolean;
  runs: number;
  seed: number;
  /** Set when the backend lacks what the property needs: why it did not run. */
  skipped?: string;
  /** Set on failure. */
  path?: string;
  counterexample?: string;
  error?: string;
}

export interface LedgerProperty {
  name: string;
  description: string;
  needs: readonly Need[];
  check(options: CheckOptions): Promise<PropertyOutcome>;
}

const NEED_REASONS: Record<Need, string> = {
  'movable-time': "moves the ledger's clock",
  'embedded-store': "compares the embedded store's raw state bytes",
};

/** Why `property` cannot run on `backend`, or undefined when it can. */
export function skipReason(
  property: LedgerProperty,
  backend: Pick<WorldBackend, 'name' | 'provides'>,
): string | undefined {
  const missing = property.needs.filter((need) => !backend.provides.has(need));
  if (missing.length === 0) return undefined;
  return `${backend.name} cannot: ${missing.map((need) => NEED_REASONS[need]).join('; ')}`;
}

/**
 * `build` makes the fast-check property for a backend: properties that would move time draw
 * times a fixed clock can honour where the backend's clock cannot be moved.
 */
export function defineProperty<Ts>(
  name: string,
  description: string,
  build: (backend: WorldBackend) => fc.IAsyncProperty<Ts> | fc.IProperty<Ts>,
  needs: readonly Need[] = [],
): LedgerProperty {
  const property: LedgerProperty = {
    name,
    description,
    needs,
    async check({ numRuns, seed, path, backend = embeddedBackend }) {
      const skipped = skipReason(property, backend);
      if (skipped !== undefined)
        return { name, backend: backend.name, passed: true, runs: 0, seed: seed ?? 0, skipped };
      // Unset fields stay unset, so fast-check's global seed (vitest's per-run seed) applies.
      const details = await fc.check(build(backend), {
        numRuns,
        ...(seed === undefined ? {} : { seed }),
        ...(path === undefined ? {} : { path }),
      });
      const outcome: PropertyOutcome = {
        name,
        backend: backend.name,
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
  return property;
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
  const outcome = await property.check(options);
  if (outcome.skipped !== undefined)
    throw new Error(`property ${outcome.name} did not run: ${outcome.skipped}`);
  if (!outcome.passed) throw new Error(formatFailure(outcome));
}

export function formatFailure(outcome: PropertyOutcome): string {
  return [
    `property ${outcome.name} failed on ${outcome.backend} after ${outcome.runs} runs`,
    `  error: ${outcome.error ?? 'property returned false'}`,
    `  counterexample: ${outcome.counterexample ?? '(none)'}`,
    `  replay: --seed ${outcome.seed}${outcome.path ? ` --path ${outcome.path}` : ''}`,
  ].join('\n');
}
