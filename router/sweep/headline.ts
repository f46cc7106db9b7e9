// The headline figures of a run, read from its summary.json (checked, never cast), and the
// columns they become in runs.csv and groups.csv. Every figure is a fixed-point integer at its
// column's scale: delivered amounts in minor units of their asset (shown in major units), the
// rest at the two decimals the summary rounds percentiles to.
import fs from 'node:fs';
import { z } from 'zod';
import { roundDiv } from '../scenario/rational';

const percentilesSchema = z.object({ p50: z.number().nullable(), p99: z.number().nullable() });

const headlineSchema = z.object({
  seed: z.number(),
  payments: z.number().int(),
  settled: z.number().int(),
  failed: z.number().int(),
  mixed: z.number().int(),
  strategies: z.array(z.string()),
  protocols: z.array(z.string()),
  latencyMs: percentilesSchema,
  costBps: percentilesSchema,
  deliveredByAsset: z.record(z.string(), z.string().regex(/^[0-9]+$/)),
  auditor: z.object({
    conservationViolations: z.number().int(),
    atomicityViolations: z.number().int(),
    reserveShortfalls: z.number().int(),
  }),
});

export type Headline = z.infer<typeof headlineSchema>;

/** The summary in `file`, or null when it is missing, unreadable or not a run summary. */
export function readHeadline(file: string): Headline | null {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  try {
    const parsed = headlineSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function auditorClean({ auditor }: Headline): boolean {
  return (
    auditor.conservationViolations + auditor.atomicityViolations + auditor.reserveShortfalls === 0
  );
}

export interface Metric {
  column: string;
  /** Decimal places of the fixed-point value. */
  scale: number;
  value(headline: Headline): bigint | null;
}

const RATIO_SCALE = 4;

/** Percentiles carry two decimals in summary.json. */
const hundredths = (value: number | null): bigint | null =>
  value === null ? null : BigInt(Math.round(value * 100));

/** Headline columns: counts, the success ratio, percentiles, then delivered volume by asset. */
export function headlineMetrics(deliveredAssets: ReadonlyMap<string, number>): Metric[] {
  return [
    {
      column: 'success_ratio',
      scale: RATIO_SCALE,
      // From the counts, exactly: settled / payments at four decimals.
      value: (h) =>
        h.payments === 0
          ? null
          : roundDiv(BigInt(h.settled) * 10n ** BigInt(RATIO_SCALE), BigInt(h.payments)),
    },
    { column: 'settled', scale: 0, value: (h) => BigInt(h.settled) },
    { column: 'failed', scale: 0, value: (h) => BigInt(h.failed) },
    { column: 'mixed', scale: 0, value: (h) => BigInt(h.mixed) },
    { column: 'latency_p50_ms', scale: 2, value: (h) => hundredths(h.latencyMs.p50) },
    { column: 'latency_p99_ms', scale: 2, value: (h) => hundredths(h.latencyMs.p99) },
    { column: 'cost_p50_bps', scale: 2, value: (h) => hundredths(h.costBps.p50) },
    ...[...deliveredAssets].map(([asset, scale]) => ({
      column: `delivered_${asset}`,
      scale,
      value: (h: Headline) => BigInt(h.deliveredByAsset[asset] ?? '0'),
    })),
  ];
}
