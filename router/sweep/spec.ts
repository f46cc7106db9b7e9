// What a sweep is: the scenario, the axes of the grid (each a list of values) and the overrides
// every run shares. A YAML sweep file and the `corridor sweep` flags are both read into this
// shape and validated by the same schema, so both are refused the same way, naming the field.
import { z } from 'zod';
import { PROTOCOL_CHOICES, type ProtocolChoice } from '../routing/plan';
import { STRATEGIES } from '../routing/strategies';
import type { PathSegment, Problem } from '../scenario/problems';
import { problemsFromZod } from '../scenario/problems';
import { MAX_PAYMENTS } from '../simulation/simulate';

const STRATEGY_NAMES = STRATEGIES.map((strategy) => strategy.name);
/** Seeds as `simulate --seed` accepts them: integers of at most 15 digits. */
const MAX_SEED = 999_999_999_999_999;
const FACTOR = /^(0|[1-9][0-9]*)(\.[0-9]+)?$/;
const MAX_LIQUIDITY_SCALE = 1000;

const axis = <T extends z.ZodType>(item: T) => z.array(item).min(1, 'expected at least one value');

const liquidityScaleSchema = z
  .union([z.string(), z.number()], {
    error: (issue) => `expected a factor such as "0.5", got ${JSON.stringify(issue.input)}`,
  })
  // A YAML number 0.5 is read as a float; its shortest decimal form is exactly what was written.
  .transform((value) => String(value))
  .refine(
    (value) => FACTOR.test(value) && Number(value) > 0 && Number(value) <= MAX_LIQUIDITY_SCALE,
    {
      error: (issue) =>
        `expected a decimal factor above 0 and at most ${MAX_LIQUIDITY_SCALE}, such as "0.5", got ${JSON.stringify(issue.input)}`,
    },
  );

const sweepSpecSchema = z.strictObject({
  /** Scenario file; in a sweep file, relative to the sweep file's folder. */
  scenario: z.string().min(1, 'must not be empty').default('scenarios/mbridge-lite.yaml'),
  strategies: axis(
    z.enum(STRATEGY_NAMES as [string, ...string[]], {
      error: (issue) =>
        `unknown strategy ${JSON.stringify(issue.input)} (known: ${STRATEGY_NAMES.join(', ')})`,
    }),
  ).default(['cheapest']),
  protocols: axis(
    z.enum(PROTOCOL_CHOICES as [ProtocolChoice, ...ProtocolChoice[]], {
      error: (issue) =>
        `unknown protocol ${JSON.stringify(issue.input)} (known: ${PROTOCOL_CHOICES.join(', ')})`,
    }),
  ).default(['auto']),
  seeds: axis(
    z
      .int({ error: (issue) => `expected an integer seed, got ${JSON.stringify(issue.input)}` })
      .min(-MAX_SEED)
      .max(MAX_SEED, 'at most 15 digits'),
  ).default([1]),
  payments: axis(
    z
      .int({
        error: (issue) => `expected a whole number of payments, got ${JSON.stringify(issue.input)}`,
      })
      .min(1, 'expected at least 1 payment')
      .max(MAX_PAYMENTS, `at most ${MAX_PAYMENTS} payments`),
  ).default([1000]),
  /** Venue liquidity multipliers (router/scenario/liquidity-scale.ts). */
  liquidityScales: axis(liquidityScaleSchema).default(['1']),
  /** Scenario values by path, one axis each: `workload.profiles.mixed.ratePerSecond: [5, 10]`. */
  set: z.record(z.string().min(1), axis(z.unknown())).default({}),
  /** Scenario values by path that every run shares (applied before `set`). */
  overrides: z.record(z.string().min(1), z.unknown()).default({}),
});

export type SweepSpec = z.infer<typeof sweepSpecSchema>;

export type SpecResult = { ok: true; spec: SweepSpec } | { ok: false; problems: Problem[] };

/** Validates plain data (a parsed sweep file, or flags already split into lists). */
export function parseSweepSpec(raw: unknown): SpecResult {
  const parsed = sweepSpecSchema.safeParse(raw, { error: plainMessages });
  if (parsed.success) {
    const duplicate = firstDuplicateAxisValue(parsed.data);
    return duplicate ? { ok: false, problems: [duplicate] } : { ok: true, spec: parsed.data };
  }
  return { ok: false, problems: problemsFromZod(parsed.error.issues) };
}

function plainMessages(issue: z.core.$ZodRawIssue): string | undefined {
  if (issue.code === 'invalid_type' && issue.input === undefined) return 'required';
  if (issue.code === 'invalid_type' && issue.expected === 'array')
    return 'expected a list of values';
  return undefined;
}

/** A value twice on one axis would run the same grid point twice under one folder. */
function firstDuplicateAxisValue(spec: SweepSpec): Problem | null {
  const axes: Array<[PathSegment[], readonly unknown[]]> = [
    [['strategies'], spec.strategies],
    [['protocols'], spec.protocols],
    [['seeds'], spec.seeds],
    [['payments'], spec.payments],
    [['liquidityScales'], spec.liquidityScales.map(Number)],
    ...Object.entries(spec.set).map(([path, values]): [PathSegment[], unknown[]] => [
      ['set', path],
      values.map((value) => JSON.stringify(value)),
    ]),
  ];
  for (const [path, values] of axes) {
    const index = values.findIndex((value, at) => values.indexOf(value) !== at);
    if (index >= 0)
      return { path: [...path, index], message: 'repeats an earlier value on this axis' };
  }
  return null;
}
