// Runs property suites one after another on one backend, reporting each outcome as soon as it
// is known; a property the backend cannot run is reported as skipped, with the reason.
import type { LedgerProperty, PropertyOutcome } from './property';
import type { WorldBackend } from './world';

export interface TimedOutcome extends PropertyOutcome {
  durationMs: number;
}

export interface RunOptions {
  numRuns: number;
  seed?: number;
  path?: string;
  backend?: WorldBackend;
  onOutcome?: (outcome: TimedOutcome) => void;
}

export async function runProperties(
  properties: readonly LedgerProperty[],
  options: RunOptions,
): Promise<TimedOutcome[]> {
  const outcomes: TimedOutcome[] = [];
  for (const property of properties) {
    const startedMs = performance.now();
    const outcome = await property.check({
      numRuns: options.numRuns,
      seed: options.seed,
      path: options.path,
      backend: options.backend,
    });
    const timed = { ...outcome, durationMs: Math.round(performance.now() - startedMs) };
    outcomes.push(timed);
    options.onOutcome?.(timed);
  }
  return outcomes;
}

export function formatOutcome(outcome: TimedOutcome): string {
  if (outcome.skipped !== undefined) return `SKIP ${outcome.name.padEnd(24)} ${outcome.skipped}`;
  const head = `${outcome.passed ? 'PASS' : 'FAIL'} ${outcome.name.padEnd(24)} ${String(outcome.runs).padStart(6)} runs  ${(outcome.durationMs / 1000).toFixed(1)}s`;
  if (outcome.passed) return head;
  const backend = outcome.backend === 'embedded' ? '' : ` --backend ${outcome.backend}`;
  return [
    head,
    `     error: ${outcome.error ?? 'property returned false'}`,
    `     counterexample: ${outcome.counterexample ?? '(none)'}`,
    `     replay: corridor props${backend} --only ${outcome.name} --seed ${outcome.seed}${outcome.path ? ` --path ${outcome.path}` : ''}`,
  ].join('\n');
}

/** `N passed, M failed`, and how many were skipped if any were. */
export function summarise(outcomes: readonly PropertyOutcome[]): {
  passed: number;
  failed: number;
  skipped: number;
  line: string;
} {
  const skipped = outcomes.filter((outcome) => outcome.skipped !== undefined).length;
  const failed = outcomes.filter((outcome) => !outcome.passed).length;
  const passed = outcomes.length - failed - skipped;
  const line = `${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`;
  return { passed, failed, skipped, line };
}
