// Benchmark harness: warm-up, repeated runs, medians, and a ratio against a baseline measured in
// the same process run, so machine noise and speed cancel out of the figure that matters.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface BenchOptions {
  /** Short version for CI and quick checks: fewer and smaller runs. */
  quick: boolean;
}

/** One row of BENCHMARKS.md: a measured figure, its baseline and the target it is held to. */
export interface BenchRow {
  id: string;
  figure: string;
  baseline: string;
  target: string;
  /** Human-readable measured value, e.g. "412k transfers/s (0.31× raw loop)". */
  measured: string;
  met: boolean | null;
  /** Raw figures behind `measured`, medians and ratios, written to bench/results/<id>.json. */
  details: Record<string, number | string | boolean | null>;
}

export interface Benchmark {
  id: string;
  run(options: BenchOptions): Promise<BenchRow[]>;
}

export interface Timing {
  medianMs: number;
  samplesMs: number[];
}

/** Runs `fn` `warmup` times unmeasured, then `runs` times; returns the median wall time. */
export async function time(fn: () => unknown, runs = 5, warmup = 1): Promise<Timing> {
  return (await timeRoundRobin({ fn }, runs, warmup)).fn;
}

/**
 * Times several functions round-robin (a, b, c, a, b, c, ...) after one warm-up round, so a
 * figure and its baselines see the same machine load; returns each one's median.
 */
export async function timeRoundRobin<K extends string>(
  fns: Record<K, () => unknown>,
  runs = 5,
  warmup = 1,
): Promise<Record<K, Timing>> {
  const names = Object.keys(fns) as K[];
  for (let i = 0; i < warmup; i++) for (const name of names) await fns[name]();
  const samples = new Map<K, number[]>(names.map((name) => [name, []]));
  for (let i = 0; i < runs; i++) {
    for (const name of names) {
      const start = process.hrtime.bigint();
      await fns[name]();
      samples.get(name)!.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
  }
  return Object.fromEntries(
    names.map((name) => {
      const samplesMs = samples.get(name)!;
      return [name, { medianMs: median(samplesMs), samplesMs }];
    }),
  ) as Record<K, Timing>;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The q-quantile (0..1) of a sample by nearest rank. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank]!;
}

export function machineDescription(): string {
  const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
  const memGiB = Math.round(os.totalmem() / 2 ** 30);
  return `${os.cpus().length}× ${cpu}, ${memGiB} GiB, Node ${process.version}`;
}

/** Full runs are the record (bench/results/); quick runs go to bench/results/quick/. */
export function writeResult(row: BenchRow, options: BenchOptions, date: string): void {
  const dir = path.join(import.meta.dirname, 'results', ...(options.quick ? ['quick'] : []));
  mkdirSync(dir, { recursive: true });
  const record = { ...row, quick: options.quick, machine: machineDescription(), date };
  writeFileSync(path.join(dir, `${row.id}.json`), `${JSON.stringify(record, null, 2)}\n`);
}

export function formatRate(perSecond: number, unit: string): string {
  if (perSecond >= 1e6) return `${(perSecond / 1e6).toFixed(2)}M ${unit}/s`;
  if (perSecond >= 1e3) return `${(perSecond / 1e3).toFixed(1)}k ${unit}/s`;
  return `${perSecond.toFixed(1)} ${unit}/s`;
}

export function formatRatio(ratio: number): string {
  if (!Number.isFinite(ratio)) return `${ratio}×`;
  // Two significant digits below 0.1, so a small ratio never prints as "0.00×".
  if (ratio < 0.1) return `${ratio.toPrecision(2)}×`;
  const digits = ratio >= 100 ? 0 : ratio >= 10 ? 1 : 2;
  return `${ratio.toFixed(digits)}×`;
}

/** Rounds a figure for the JSON results (3 significant decimals are plenty for timings). */
export function round(value: number, decimals = 3): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}
