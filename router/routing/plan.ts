// A route plan: what the router decides and what settlement executes. Plain data.
import type { AccountId, LegOp, OrgId } from '../../chaincode/src/core/types';
import type { Venue } from '../scenario/types';

/** The kinds of venue a leg goes through, as the scenario defines them. */
export type VenueType = Venue['type'];

export const PROTOCOLS = ['atomic', 'htlc', '2pc'] as const;
export type Protocol = (typeof PROTOCOLS)[number];
export type ProtocolChoice = Protocol | 'auto';
export const PROTOCOL_CHOICES: readonly ProtocolChoice[] = ['auto', ...PROTOCOLS];

/** One venue crossing: value in one asset goes in, value in another comes out. */
export interface PlanLeg {
  venue: string;
  venueType: VenueType;
  /** Ledgers the leg touches (two for mint-redeem, ramp and interbank). */
  ledgers: string[];
  /** Account paying the input (the payer, or the previous venue's operator). */
  from: AccountId;
  /** Account receiving the output (the payee, or the next venue's input account). */
  to: AccountId;
  assetIn: string;
  assetOut: string;
  amountIn: bigint;
  /** Guaranteed output: the next leg is sized from it (an AMM leg's minOut). */
  amountOut: bigint;
  /**
   * AMM legs: the output at the quoted pool state. The ledger pays at least amountOut (the
   * slippage tolerance below this); anything above amountOut stays with `to`.
   */
  expectedAmountOut?: bigint;
  /** Fee kept by the venue, in units of assetOut (spread and fee together). */
  feeOut: bigint;
  expectedLatencyMs: number;
}

/**
 * One ledger transaction's worth of work, signed by one org: a `batch` under `atomic`, a hold
 * under `htlc`/`2pc`. Steps are ordered from the payer towards the payee.
 */
export interface LedgerStep {
  ledger: string;
  signer: OrgId;
  legs: LegOp[];
}

/** A single path; a split plan has several. */
export interface RoutePath {
  legs: PlanLeg[];
  amountIn: bigint;
  amountOut: bigint;
  /** What the payee gets if no pool moves before settlement (≥ amountOut). */
  expectedAmountOut?: bigint;
}

export interface Plan {
  strategy: string;
  payer: AccountId;
  payerAsset: string;
  payee: AccountId;
  payeeAsset: string;
  paths: RoutePath[];
  /** Executable steps for all paths, in settlement order. */
  steps: LedgerStep[];
  amountIn: bigint;
  /** Guaranteed delivery: every AMM leg at its minOut. */
  amountOut: bigint;
  /** What the payee gets if no pool moves before settlement (≥ amountOut). */
  expectedAmountOut?: bigint;
  /** Slippage tolerance applied to every AMM leg's quoted output, in bps. */
  slippageToleranceBps?: number;
  /** Cost against the mid-market value, in bps: (valueIn - valueOut) / valueIn, on amountOut. */
  costBps: number;
  ledgers: string[];
  protocol: Protocol;
  expectedLatencyMs: number;
}
