// Runs property suites one after another, reporting each outcome as soon as it is known.
import type { LedgerProperty, PropertyOutcome } from './property';

export interface TimedOutcome extends PropertyOutcome {
  durationMs: number;
}

export interface RunOptions {
  numRuns: number;
  seed?: number;
  path?: string;
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
    });
    const timed = { ...outcome, durationMs: Math.round(performance.now() - startedMs) };
    outcomes.push(timed);
    options.onOutcome?.(timed);
  }
  return outcomes;
}

export function formatOutcome(outcome: TimedOutcome): string {
  const head = `${outcome.passed ? 'PASS' : 'FAIL'} ${outcome.name.padEnd(24)} ${String(outcome.runs).padStart(6)} runs  ${(outcome.durationMs / 1000).toFixed(1)}s`;
  if (outcome.passed) return head;
  return [
    head,
    `     error: ${outcome.error ?? 'property returned false'}`,
    `     counterexample: ${outcome.counterexample ?? '(none)'}`,
    `     replay: corridor props --only ${outcome.name} --seed ${outcome.seed}${outcome.path ? ` --path ${outcome.path}` : ''}`,
  ].join('\n');
}
