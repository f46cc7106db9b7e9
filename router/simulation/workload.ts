// The seeded workload: Poisson arrivals at the profile's rate, a corridor drawn by weight, payer
// and payee drawn from the corridor's accounts, an amount from its distribution, and (for A/B
// experiments in one run) a strategy and a protocol drawn from the lists asked for. Lazy: one
// payment at a time, so a million-payment run holds none of them in memory.
import type { ProtocolChoice } from '../routing/plan';
import type { RouteRequest } from '../routing/request';
import type { WorkloadCorridor, WorkloadProfile } from '../scenario/types';
import { type AmountSampler, createAmountSampler } from './amount-sampler';
import { createRng, type Rng } from '../scenario/rng';

/** The parties, amount, strategy and protocol are asked of the router as they are drawn. */
export interface GeneratedPayment extends Pick<
  RouteRequest,
  'payer' | 'payerAsset' | 'payee' | 'payeeAsset' | 'amount' | 'amountIs' | 'strategy' | 'protocol'
> {
  /** 0-based position in the run. */
  index: number;
  id: string;
  arrivalMs: number;
  corridor: string;
  maxCostBps: number | null;
}

export interface WorkloadOptions {
  seed: number;
  startMs: number;
  strategies: readonly string[];
  protocols: readonly ProtocolChoice[];
  /** Put before every payment id: unique per run where ledgers outlive runs (op ids derive from it). */
  idPrefix?: string;
}

export type Workload = () => GeneratedPayment;

export function createWorkload(profile: WorkloadProfile, options: WorkloadOptions): Workload {
  if (!(profile.ratePerSecond > 0))
    throw new RangeError(`workload ${profile.name}: ratePerSecond must be > 0`);
  if (options.strategies.length === 0 || options.protocols.length === 0) {
    throw new RangeError('workload: at least one strategy and one protocol');
  }
  const rng = createRng(options.seed, 'workload');
  const samplers = new Map<WorkloadCorridor, AmountSampler>(
    profile.corridors.map((corridor) => [corridor, createAmountSampler(corridor.amounts)]),
  );
  const totalWeight = profile.corridors.reduce((sum, corridor) => sum + corridor.weight, 0);
  const meanGapMs = 1000 / profile.ratePerSecond;
  let elapsedMs = 0;
  let index = 0;
  const idPrefix = options.idPrefix ?? '';

  return () => {
    // Exponential gaps; 1 - u lies in (0, 1], so the log is finite.
    elapsedMs += -Math.log(1 - rng.nextFloat()) * meanGapMs;
    const corridor = pickCorridor(profile.corridors, totalWeight, rng);
    const payer = pick(corridor.payers, rng);
    // Paying oneself in the same asset has nothing to route: draw among the other payees.
    const others =
      corridor.payerAsset === corridor.payeeAsset
        ? corridor.payees.filter((payee) => payee !== payer)
        : [];
    const payee = pick(others.length > 0 ? others : corridor.payees, rng);
    const payment: GeneratedPayment = {
      index,
      id: `${idPrefix}pay-${index}`,
      arrivalMs: options.startMs + Math.round(elapsedMs),
      corridor: corridor.name,
      payer,
      payerAsset: corridor.payerAsset,
      payee,
      payeeAsset: corridor.payeeAsset,
      amount: samplers.get(corridor)!(rng),
      amountIs: corridor.amountIs,
      maxCostBps: profile.maxCostBps ?? null,
      strategy: pick(options.strategies, rng),
      protocol: pick(options.protocols, rng),
    };
    index++;
    return payment;
  };
}

function pickCorridor(
  corridors: readonly WorkloadCorridor[],
  totalWeight: number,
  rng: Rng,
): WorkloadCorridor {
  let point = rng.nextFloat() * totalWeight;
  for (const corridor of corridors) {
    point -= corridor.weight;
    if (point < 0) return corridor;
  }
  return corridors[corridors.length - 1]!;
}

function pick<T>(items: readonly T[], rng: Rng): T {
  if (items.length === 0) throw new RangeError('workload: nothing to pick from');
  return items.length === 1 ? items[0]! : items[rng.intBelow(items.length)]!;
}
