// Grid expansion: every combination once, in the documented order (scenario variants slowest,
// seeds fastest), with indices 0..N-1 that --only-index and Slurm array tasks rely on.
import { describe, expect, it } from 'vitest';
import { expandGrid, product } from '../../router/sweep/grid';
import { parseSweepSpec, type SweepSpec } from '../../router/sweep/spec';

function spec(raw: Record<string, unknown>): SweepSpec {
  const parsed = parseSweepSpec(raw);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.spec;
}

describe('grid expansion', () => {
  it('crosses 2 strategies × 2 protocols × 5 seeds into 20 points, seeds fastest', () => {
    const grid = expandGrid(
      spec({
        strategies: ['split', 'cheapest'],
        protocols: ['htlc', '2pc'],
        seeds: [1, 2, 3, 4, 5],
      }),
    );
    expect(grid.variants).toEqual([{ liquidityScale: '1', set: [] }]);
    expect(grid.points).toHaveLength(20);
    expect(grid.points.map((point) => point.index)).toEqual([...Array(20).keys()]);
    const label = (i: number) => {
      const p = grid.points[i]!;
      return `${p.strategy}/${p.protocol}/${p.seed}`;
    };
    expect([0, 1, 4, 5, 9, 10, 19].map(label)).toEqual([
      'split/htlc/1',
      'split/htlc/2',
      'split/htlc/5',
      'split/2pc/1',
      'split/2pc/5',
      'cheapest/htlc/1',
      'cheapest/2pc/5',
    ]);
  });

  it('makes one scenario variant per liquidity scale × set value, varying slowest', () => {
    const grid = expandGrid(
      spec({
        liquidityScales: ['0.5', '2'],
        set: { 'workload.profiles.mixed.ratePerSecond': [5, 10, 20] },
        payments: [10, 100],
        seeds: [7, 8],
      }),
    );
    expect(grid.variants.map((v) => `${v.liquidityScale}:${String(v.set[0]![1])}`)).toEqual([
      '0.5:5',
      '0.5:10',
      '0.5:20',
      '2:5',
      '2:10',
      '2:20',
    ]);
    // 6 variants × 2 payment counts × 1 strategy × 1 protocol × 2 seeds.
    expect(grid.points).toHaveLength(24);
    expect(grid.points.slice(0, 5).map((p) => [p.variant, p.payments, p.seed])).toEqual([
      [0, 10, 7],
      [0, 10, 8],
      [0, 100, 7],
      [0, 100, 8],
      [1, 10, 7],
    ]);
    expect(new Set(grid.points.map((p) => `${p.variant} ${p.payments} ${p.seed}`)).size).toBe(24);
  });

  it('product of no axes is one empty combination; of an empty axis, none', () => {
    expect(product([])).toEqual([[]]);
    expect(product([[1, 2], []])).toEqual([]);
    expect(
      product([
        ['a', 'b'],
        [1, 2],
      ]),
    ).toEqual([
      ['a', 1],
      ['a', 2],
      ['b', 1],
      ['b', 2],
    ]);
  });

  it('refuses a value repeated on an axis, naming its position', () => {
    const parsed = parseSweepSpec({ seeds: [1, 2, 1] });
    expect(parsed.ok ? [] : parsed.problems).toEqual([
      { path: ['seeds', 2], message: 'repeats an earlier value on this axis' },
    ]);
  });
});
