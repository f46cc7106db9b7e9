// The few statistics the charts need: empirical CDFs thinned to a drawable number of points,
// five-number summaries for box plots, and a mean with its 95 % confidence interval.

/** Points (value, share of values ≤ it) of the empirical CDF, at most `maxPoints` of them. */
export function cdfPoints(sorted: readonly number[], maxPoints = 200): Array<[number, number]> {
  const n = sorted.length;
  if (n === 0) return [];
  const points: Array<[number, number]> = [];
  const step = Math.max(1, Math.ceil(n / maxPoints));
  for (let index = step - 1; index < n; index += step)
    points.push([sorted[index]!, (index + 1) / n]);
  if (points[points.length - 1]?.[1] !== 1) points.push([sorted[n - 1]!, 1]);
  return points.map(([value, share]) => [value, round(share, 4)]);
}

/** Nearest-rank percentile of sorted values (0 < p ≤ 100); null when empty. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? null;
}

/** min, lower quartile, median, upper quartile, max: what an ECharts box plot takes. */
export function fiveNumbers(sorted: readonly number[]): [number, number, number, number, number] {
  const at = (p: number): number => percentile(sorted, p) ?? 0;
  return [sorted[0] ?? 0, at(25), at(50), at(75), sorted[sorted.length - 1] ?? 0];
}

export interface MeanCi {
  mean: number;
  low: number;
  high: number;
  n: number;
}

/** Student-t two-sided 95 % critical values by degrees of freedom (1–30); 1.96 beyond. */
const T95 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145,
  2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048,
  2.045, 2.042,
];

/** Mean and 95 % confidence interval (t distribution); a single value has a zero-width one. */
export function meanCi(values: readonly number[]): MeanCi {
  const n = values.length;
  const mean = n === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / n;
  if (n < 2) return { mean, low: mean, high: mean, n };
  const variance = values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (n - 1);
  const half = (T95[n - 2] ?? 1.96) * Math.sqrt(variance / n);
  return { mean, low: mean - half, high: mean + half, n };
}

export function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}
