// One scenario of a sweep: the base file with the sweep's overrides, one value per `set` axis
// and the liquidity scale applied, written back as YAML and validated exactly as the run's
// `simulate --scenario` will read it. A value that breaks the scenario is a problem naming the
// axis and the scenario field, found before anything runs.
import { createHash } from 'node:crypto';
import { parse as parseYaml, stringify } from 'yaml';
import { scaleLiquidity } from '../scenario/liquidity-scale';
import { parseScenario } from '../scenario/load';
import { formatProblem, type PathSegment, type Problem } from '../scenario/problems';
import { parseDecimalRational } from '../scenario/rational';
import { scenarioFileSchema, type ScenarioFile } from '../scenario/schema';
import type { Scenario } from '../scenario/types';
import { parsePath, setAtPath } from './scenario-path';

/** The values one scenario of the grid takes. */
export interface VariantChoice {
  liquidityScale: string;
  /** One value per `set` axis, in the spec's order. */
  set: ReadonlyArray<readonly [path: string, value: unknown]>;
}

export interface ScenarioVariant {
  /** The scenario file the run reads. */
  text: string;
  sha256: string;
  scenario: Scenario;
}

export type VariantResult =
  { ok: true; variant: ScenarioVariant } | { ok: false; problems: Problem[] };

export function deriveVariant(
  base: ScenarioFile,
  overrides: Readonly<Record<string, unknown>>,
  choice: VariantChoice,
  sourceName: string,
): VariantResult {
  let raw: unknown = base;
  const assignments: Array<[PathSegment[], string, unknown]> = [
    ...Object.entries(overrides).map(([path, value]): [PathSegment[], string, unknown] => [
      ['overrides', path],
      path,
      value,
    ]),
    ...choice.set.map(([path, value]): [PathSegment[], string, unknown] => [
      ['set', path],
      path,
      value,
    ]),
  ];
  const pathProblems: Problem[] = [];
  for (const [field, path, value] of assignments) {
    const steps = parsePath(path);
    const next =
      typeof steps === 'string'
        ? { ok: false as const, error: steps }
        : setAtPath(raw, steps, (current) => valueFor(value, current));
    if (next.ok) raw = next.value;
    else pathProblems.push({ path: field, message: next.error });
  }
  if (pathProblems.length > 0) return { ok: false, problems: pathProblems };
  const assigned = checked(
    stringify(raw),
    sourceName,
    [choice.set.length > 0 ? 'set' : 'overrides'],
    describeSet(choice, overrides),
  );
  if (!assigned.ok || choice.liquidityScale === '1') return assigned;

  const factor = parseDecimalRational(choice.liquidityScale);
  if (!factor) throw new Error(`liquidity scale ${choice.liquidityScale} was not validated`);
  const file = scenarioFileSchema.parse(parseYaml(assigned.variant.text));
  return checked(
    stringify(scaleLiquidity(file, factor)),
    sourceName,
    ['liquidityScales'],
    `liquidity scale ${choice.liquidityScale}`,
  );
}

/**
 * Text for a field that holds something else now (a number, true/false, a list, or a field not
 * there yet) is read as YAML, so `--set ...ratePerSecond=5` sets the number 5; text for a
 * field that holds text stays text, so `maxIn=1000.00` is the quoted decimal amounts need.
 */
function valueFor(value: unknown, current: unknown): unknown {
  if (typeof value !== 'string' || typeof current === 'string') return value;
  try {
    return parseYaml(value) as unknown;
  } catch {
    return value;
  }
}

/** The scenario as the run will read it, or its problems blamed on `field` (`what` caused them). */
function checked(
  text: string,
  sourceName: string,
  field: PathSegment[],
  what: string,
): VariantResult {
  const loaded = parseScenario(text, sourceName);
  if (loaded.ok) {
    const sha256 = createHash('sha256').update(text).digest('hex');
    return { ok: true, variant: { text, sha256, scenario: loaded.value } };
  }
  return {
    ok: false,
    problems: loaded.problems.map((problem) => ({
      path: field,
      // Lines refer to the derived file, not the user's: the path names the field instead.
      message: `with ${what}, the scenario is invalid: ${formatProblem({ ...problem, line: undefined })}`,
    })),
  };
}

function describeSet(choice: VariantChoice, overrides: Readonly<Record<string, unknown>>): string {
  const values = [...Object.entries(overrides), ...choice.set].map(
    ([path, value]) => `${path}=${typeof value === 'string' ? value : JSON.stringify(value)}`,
  );
  return values.length === 0 ? 'no overrides' : values.join(', ');
}
