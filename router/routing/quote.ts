// Pricing a path with live liquidity. Forward: each edge's output from its input, with the same
// pricing functions the ledger core applies (floor what is paid out), then the edge's legs are
// replayed on the market copy so every balance, pool and quote limit is respected. Receive:
// inputs computed backwards with the *AmountIn functions (ceil what is charged), then confirmed
// by running forwards. States are never mutated: each quote returns the market after it.
// An AMM edge passes on only its guaranteed output (slippage.ts): that is its minOut and what
// the next edge is priced from, so the tolerance is part of every path's cost.
import {
  afterFee,
  ammAmountIn,
  ammAmountOut,
  feeAmountIn,
  quoteAmountIn,
  quoteAmountOut,
} from '../../chaincode/src/core/pricing';
import type { ErrorCode } from '../../chaincode/src/core/types';
import type { Edge } from './graph';
import { poolSides, type MarketState, type ReplayMode } from './market';
import { edgeLegs, type EdgeFill, type PathRoute, type SignedLeg } from './path-ops';
import type { PlanLeg } from './plan';
import { guaranteedOut, quotedOutFor } from './slippage';

export interface QuotedPath {
  route: PathRoute;
  legs: PlanLeg[];
  signedLegs: SignedLeg[];
  amountIn: bigint;
  amountOut: bigint;
  /** What the payee gets if no pool moves before settlement. */
  expectedAmountOut: bigint;
}

export interface QuoteFailure {
  code: ErrorCode;
  message: string;
  /** The payer cannot fund the input (as opposed to a venue lacking liquidity). */
  payerShort: boolean;
}

export type QuoteResult =
  { ok: true; value: QuotedPath; state: MarketState } | { ok: false; error: QuoteFailure };

export interface QuoteOptions {
  mode: ReplayMode;
  /** Expected latency of crossing one edge on its own. */
  edgeLatencyMs: (edge: Edge) => number;
  /** Below an AMM edge's quoted output, in bps: its minOut is what is left (slippage.ts). */
  slippageToleranceBps: number;
}

/** amountOut is what the edge guarantees; expectedOut, on AMM edges, what it is quoted at. */
type Fill = EdgeFill & { feeOut: bigint; expectedOut?: bigint };

function failure(code: ErrorCode, message: string, payerShort = false): QuoteFailure {
  return { code, message, payerShort };
}

function fail(
  code: ErrorCode,
  message: string,
  payerShort = false,
): { ok: false; error: QuoteFailure } {
  return { ok: false, error: failure(code, message, payerShort) };
}

/** The edge's output for `amountIn` at the current market, before replaying its legs. */
export function priceEdge(
  edge: Edge,
  amountIn: bigint,
  state: MarketState,
  toleranceBps: number,
): Fill | QuoteFailure {
  let fill: Fill;
  switch (edge.kind) {
    case 'transfer': {
      const amountOut = afterFee(amountIn, edge.feeBps);
      fill = { amountIn, amountOut, feeOut: amountIn - amountOut, feeAmount: amountIn - amountOut };
      break;
    }
    case 'fx-quote': {
      const quote = state.quote(edge.quote);
      if (!quote) return state.missingQuote(edge.quote);
      const amountOut = quoteAmountOut(amountIn, quote.rate, quote.feeBps, quote.feeFixed);
      fill = { amountIn, amountOut, feeOut: quoteAmountOut(amountIn, quote.rate, 0) - amountOut };
      break;
    }
    case 'amm': {
      const pool = state.pool(edge.pool);
      if (!pool) return failure('UnknownPool', `${edge.id}: no such pool on the ledger`);
      // Priced on the effective reserves (reserve + pending), as the core prices it; the replay
      // then refuses an output the actual reserve cannot pay.
      const { effectiveIn, effectiveOut } = poolSides(pool, edge.assetIn);
      const expectedOut = ammAmountOut(effectiveIn, effectiveOut, amountIn, pool.feeBps);
      fill = {
        amountIn,
        amountOut: guaranteedOut(expectedOut, toleranceBps),
        expectedOut,
        feeOut: ammAmountOut(effectiveIn, effectiveOut, amountIn, 0) - expectedOut,
      };
      break;
    }
    default: {
      const [first, second] = edge.stages;
      if (!first) throw new Error(`connector ${edge.id} has no conversion stage`);
      // The fixed fee comes off the final output (the edge's own asset out).
      const settled = quoteAmountOut(amountIn, first, edge.feeBps, second ? 0n : edge.feeFixed);
      const gross = quoteAmountOut(amountIn, first, 0);
      const amountOut = second ? quoteAmountOut(settled, second, 0, edge.feeFixed) : settled;
      const grossOut = second ? quoteAmountOut(gross, second, 0) : gross;
      fill = {
        amountIn,
        amountOut,
        feeOut: grossOut - amountOut,
        settlementAmount: second ? settled : undefined,
      };
    }
  }
  if (fill.amountOut <= 0n) {
    return failure('InvalidAmount', `${edge.id}: ${amountIn} is too small to deliver anything`);
  }
  return fill;
}

/** Smallest input for which the edge guarantees at least `amountOut`, or null if it cannot. */
export function requiredInput(
  edge: Edge,
  amountOut: bigint,
  state: MarketState,
  toleranceBps: number,
): bigint | null {
  switch (edge.kind) {
    case 'transfer':
      return feeAmountIn(amountOut, edge.feeBps);
    case 'fx-quote': {
      const quote = state.quote(edge.quote);
      return quote ? quoteAmountIn(amountOut, quote.rate, quote.feeBps, quote.feeFixed) : null;
    }
    case 'amm': {
      const pool = state.pool(edge.pool);
      if (!pool) return null;
      const { effectiveIn, effectiveOut, reserveOut } = poolSides(pool, edge.assetIn);
      const quotedOut = quotedOutFor(amountOut, toleranceBps);
      if (quotedOut >= reserveOut) return null;
      return ammAmountIn(effectiveIn, effectiveOut, quotedOut, pool.feeBps);
    }
    default: {
      const [first, second] = edge.stages;
      if (!first) throw new Error(`connector ${edge.id} has no conversion stage`);
      const settled = second ? quoteAmountIn(amountOut, second, 0, edge.feeFixed) : amountOut;
      if (settled === null) return null;
      return quoteAmountIn(settled, first, edge.feeBps, second ? 0n : edge.feeFixed);
    }
  }
}

/** Sends `amountIn` down the path; returns the plan legs and the market after them. */
export function quoteForward(
  route: PathRoute,
  amountIn: bigint,
  market: MarketState,
  options: QuoteOptions,
): QuoteResult {
  const state = market.fork();
  const legs: PlanLeg[] = [];
  const signedLegs: SignedLeg[] = [];
  let amount = amountIn;
  let expectedAmountOut = amountIn;
  for (const [index, edge] of route.edges.entries()) {
    const fill = priceEdge(edge, amount, state, options.slippageToleranceBps);
    if ('code' in fill) return { ok: false, error: fill };
    const from = route.holders[index] ?? '';
    const to = route.targets[index] ?? '';
    const edgeLegList = edgeLegs(edge, from, to, fill);
    for (const [legIndex, signed] of edgeLegList.entries()) {
      const applied = state.apply(signed.ledger, signed.leg, options.mode);
      if (!applied.ok) {
        const payerShort =
          index === 0 && legIndex === 0 && applied.error.code === 'InsufficientFunds';
        return fail(applied.error.code, `${edge.id}: ${applied.error.message}`, payerShort);
      }
    }
    signedLegs.push(...edgeLegList);
    legs.push({
      venue: edge.venue,
      venueType: edge.venueType,
      ledgers: [...edge.ledgers],
      from,
      to,
      assetIn: edge.assetIn,
      assetOut: edge.assetOut,
      amountIn: fill.amountIn,
      amountOut: fill.amountOut,
      // Undefined off AMM edges rather than spread in: a conditional spread inside a literal
      // costs more than the rest of the leg (JSON leaves undefined out all the same).
      expectedAmountOut: fill.expectedOut,
      feeOut: fill.feeOut,
      expectedLatencyMs: options.edgeLatencyMs(edge),
    });
    amount = fill.amountOut;
    expectedAmountOut = fill.expectedOut ?? fill.amountOut;
  }
  return {
    ok: true,
    value: { route, legs, signedLegs, amountIn, amountOut: amount, expectedAmountOut },
    state,
  };
}

/** Retries allowed when a forward run falls short of the target (only possible when earlier
 * paths of the same plan moved a shared pool). */
const RECEIVE_ATTEMPTS = 8;

/** Delivers at least `amountOut`: inputs backwards, then confirmed forwards. */
export function quoteReceive(
  route: PathRoute,
  amountOut: bigint,
  market: MarketState,
  options: QuoteOptions,
): QuoteResult {
  let need = amountOut;
  for (let index = route.edges.length - 1; index >= 0; index--) {
    const edge = route.edges[index];
    const input = edge ? requiredInput(edge, need, market, options.slippageToleranceBps) : null;
    if (input === null || edge === undefined) {
      return fail('InsufficientLiquidity', `${edge?.id ?? 'path'}: cannot deliver ${need}`);
    }
    need = input;
  }
  let amountIn = need;
  for (let attempt = 0; attempt < RECEIVE_ATTEMPTS; attempt++) {
    const forward = quoteForward(route, amountIn, market, options);
    if (!forward.ok || forward.value.amountOut >= amountOut) return forward;
    const short = amountOut - forward.value.amountOut;
    amountIn += (short * amountIn + forward.value.amountOut - 1n) / forward.value.amountOut;
  }
  return fail(
    'InsufficientLiquidity',
    `cannot deliver ${amountOut} through ${route.edges.map((edge) => edge.id).join(' > ')}`,
  );
}
