// The grid of a sweep: every combination of the axes' values, in one fixed order so that a run's
// index (what `--only-index` and a Slurm array task take) means the same point every time.
// Scenario variants vary slowest and seeds fastest, so the repeats of one parameter combination
// sit next to each other.
import type { ProtocolChoice } from '../routing/plan';
import type { SweepSpec } from './spec';
import type { VariantChoice } from './variant';

export interface GridPoint {
  index: number;
  /** Index into `Grid.variants`: the scenario this run reads. */
  variant: number;
  payments: number;
  strategy: string;
  protocol: ProtocolChoice;
  seed: number;
}

export interface Grid {
  variants: VariantChoice[];
  points: GridPoint[];
}

export function expandGrid(spec: SweepSpec): Grid {
  const setAxes = Object.entries(spec.set).map(([path, values]) =>
    values.map((value) => [path, value] as const),
  );
  const variants: VariantChoice[] = product([spec.liquidityScales, ...setAxes]).map(
    ([liquidityScale, ...set]) => ({
      liquidityScale: liquidityScale as string,
      set: set as VariantChoice['set'],
    }),
  );
  const points: GridPoint[] = [];
  variants.forEach((_, variant) => {
    for (const payments of spec.payments)
      for (const strategy of spec.strategies)
        for (const protocol of spec.protocols)
          for (const seed of spec.seeds)
            points.push({ index: points.length, variant, payments, strategy, protocol, seed });
  });
  return { variants, points };
}

/** Every combination of one value per axis, the first axis varying slowest. */
export function product(axes: ReadonlyArray<readonly unknown[]>): unknown[][] {
  return axes.reduce<unknown[][]>(
    (combinations, axis) =>
      combinations.flatMap((prefix) => axis.map((value) => [...prefix, value])),
    [[]],
  );
}
