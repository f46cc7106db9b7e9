// A scenario after validation: every reference resolved, amounts in bigint minor units of their
// asset, rates as exact rationals. This is what the router, bootstrap and simulation consume;
// the file format itself is described by schema.ts.
import type { AccountId, Asset, LedgerKind, OrgId, Rational } from '../../chaincode/src/core/types';
import type { OperatingHours } from './hours';

export const ORG_ROLES = [
  'central-bank',
  'commercial-bank',
  'dealer',
  'market-maker',
  'stablecoin-issuer',
  'corporate',
  'wallet-provider',
  /** Holds no funds: a neutral party such as a 2PC coordinator. */
  'clearing-house',
] as const;
export type OrgRole = (typeof ORG_ROLES)[number];

export interface Org {
  /** Lower-case alphanumeric; the org id on every ledger. */
  id: OrgId;
  name: string;
  role: OrgRole;
  jurisdiction: string;
  /** The Fabric MSP id the network generator gives this org: `<id>MSP`. */
  mspId: string;
}

export interface LedgerSpec {
  id: string;
  kind: LedgerKind;
  members: OrgId[];
  description?: string;
}

export interface ScenarioAsset extends Asset {
  name?: string;
}

export interface ScenarioAccount {
  id: AccountId;
  org: OrgId;
  ledger: string;
  /** Opening balances per asset, issued by each asset's issuer at bootstrap. */
  balances: Record<string, bigint>;
  description?: string;
}

interface VenueCommon {
  id: string;
  /** The org that runs the venue (dealer, pool operator, bank, issuer). */
  operator: OrgId;
  name?: string;
  description?: string;
  feeBps: number;
  /** Delay the venue adds beyond ledger block times (an operator's own processing). */
  latencyMs: number;
  /** When the venue takes business; undefined: always (24x7). */
  hours?: OperatingHours;
}

/** Moving one asset between two accounts on its ledger. */
export interface TransferVenue extends VenueCommon {
  type: 'transfer';
  asset: string;
  /** Where the fee goes; required when feeBps > 0. */
  feeAccount?: AccountId;
}

/** A dealer's standing PvP quote on one ledger: pays assetOut for assetIn. */
export interface FxQuoteVenue extends VenueCommon {
  type: 'fx-quote';
  /** Dealer account that pays assetOut and receives assetIn. */
  account: AccountId;
  assetIn: string;
  assetOut: string;
  /** Units of assetOut per unit of assetIn, in major units, as written in the file. */
  rate: Rational;
  /** The dealer's margin; posted on-ledger together with feeBps. */
  spreadBps: number;
  /**
   * Largest input the quote accepts per fill, in minor units of assetIn; MAX_AMOUNT when the file
   * sets none: the quote then draws on the dealer's book alone (the account's balance of
   * assetOut, which all of the dealer's quotes share).
   */
  maxIn: bigint;
  /** Fixed fee in minor units of assetOut, after the proportional fee (0: none). */
  feeFixed: bigint;
  /** Posted valid for this long (undefined: until withdrawn). */
  validForMs?: number;
  /** In simulation the dealer re-posts the quote this often. */
  refreshEveryMs?: number;
}

/** A constant-product pool of two assets on one ledger. */
export interface AmmVenue extends VenueCommon {
  type: 'amm';
  /** Operator account that funds the pool at bootstrap. */
  account: AccountId;
  assetA: string;
  assetB: string;
  reserveA: bigint;
  reserveB: bigint;
}

/** A bank turning CBDC into its deposit token (mint) and back (redeem), 1:1 less fee. */
export interface MintRedeemVenue extends VenueCommon {
  type: 'mint-redeem';
  cbdcAsset: string;
  depositAsset: string;
  /** The bank's CBDC account (cbdc ledger): receives CBDC on mint, pays it on redeem. */
  reserveAccount: AccountId;
  /** The bank's own deposit-token account (deposit ledger): receives tokens on redeem. */
  treasuryAccount: AccountId;
  /** Fixed fee per direction, in minor units of that direction's output asset (by asset id). */
  feeFixed: Record<string, bigint>;
}

/** A stablecoin issuer minting against deposit tokens paid into its reserve, and redeeming. */
export interface RampVenue extends VenueCommon {
  type: 'ramp';
  depositAsset: string;
  stablecoin: string;
  /** Issuer's deposit-token account backing the stablecoin 1:1. */
  reserveAccount: AccountId;
  /** Issuer's own stablecoin account: receives stablecoins on redemption. */
  treasuryAccount: AccountId;
  /** While true the off-ramp (stablecoin → deposit token) is closed. */
  redemptionsPaused: boolean;
  /** Fixed fee per direction, in minor units of that direction's output asset (by asset id). */
  feeFixed: Record<string, bigint>;
}

export interface InterbankSide {
  bank: OrgId;
  /** The bank's deposit token. */
  asset: string;
  /** The bank's deposit-token account (deposit ledger). */
  treasury: AccountId;
  /** The bank's CBDC account (cbdc ledger). */
  reserve: AccountId;
}

/** Deposit token of one bank to the same-currency token of another, settled in CBDC. */
export interface InterbankVenue extends VenueCommon {
  type: 'interbank';
  cbdcAsset: string;
  from: InterbankSide;
  to: InterbankSide;
}

export type Venue =
  TransferVenue | FxQuoteVenue | AmmVenue | MintRedeemVenue | RampVenue | InterbankVenue;

/** A mid-market reference rate: 1 `base` is worth `rate` of `quote`. */
export interface FxPair {
  base: string;
  quote: string;
  rate: Rational;
}

export type CorridorEnd = { currency: string } | { asset: string };

export interface Policies {
  forbiddenVenues: Array<{ venue: string; reason: string }>;
  /** No payment and no single conversion may go from `from` to `to`. */
  forbiddenCorridors: Array<{ from: CorridorEnd; to: CorridorEnd; reason: string }>;
  /** The most of `asset` one payment may move, in minor units. */
  limits: Array<{ asset: string; maxAmount: bigint; reason: string }>;
  /** Only these orgs may pay into the venue. */
  allowLists: Array<{ venue: string; orgs: OrgId[]; reason: string }>;
  /** The most of `asset` the payments of `org` may send per UTC day of the run's clock. */
  dailyLimits: Array<{ org: OrgId; asset: string; maxAmount: bigint; reason: string }>;
}

/** Amounts in minor units of the corridor's asset (the payer's, or the payee's for receive). */
export type AmountDistribution =
  | { kind: 'fixed'; amount: bigint }
  | { kind: 'buckets'; buckets: Array<{ min: bigint; max: bigint; weight: number }> }
  | {
      kind: 'log-normal';
      /** e^mu of the underlying normal, i.e. the median amount. */
      median: bigint;
      /** Standard deviation of ln(amount). */
      sigma: Rational;
      min: bigint;
      max: bigint;
    };

export interface WorkloadCorridor {
  name: string;
  weight: number;
  payerAsset: string;
  payers: AccountId[];
  payeeAsset: string;
  payees: AccountId[];
  /** Whether `amounts` is what the payer sends or what the payee must receive. */
  amountIs: 'send' | 'receive';
  amounts: AmountDistribution;
}

export interface WorkloadProfile {
  name: string;
  description: string;
  /** Mean Poisson arrival rate. */
  ratePerSecond: number;
  corridors: WorkloadCorridor[];
  maxCostBps?: number;
}

export interface Workload {
  defaultProfile: string;
  profiles: Record<string, WorkloadProfile>;
}

export type CrossLedgerProtocol = 'htlc' | '2pc';

/** Slippage tolerance on AMM legs when a scenario sets none, and the most it may set. */
/** The org that coordinates 2PC escrow holds on `ledger`, if the scenario names one. */
export function twoPcCoordinatorOf(
  config: SettlementConfig['twoPhaseCommit'],
  ledger: string,
): OrgId | undefined {
  const { coordinator } = config;
  if (typeof coordinator === 'string') return coordinator;
  return Object.hasOwn(coordinator, ledger) ? coordinator[ledger] : undefined;
}

export const DEFAULT_SLIPPAGE_TOLERANCE_BPS = 30;
export const MAX_SLIPPAGE_TOLERANCE_BPS = 1_000;

export interface SettlementConfig {
  defaultProtocol: CrossLedgerProtocol;
  /** Time for a submitted transaction to commit, per ledger. */
  blockLatencyMs: Record<string, number>;
  htlc: {
    /** Expiry of the hold nearest the payee; upstream holds add the margin per hop. */
    expiryMs: number;
    marginPerHopMs: number;
  };
  twoPhaseCommit: {
    deadlineMs: number;
    /** Coordinator of every ledger's escrow holds, or per ledger id (see the schema). */
    coordinator: OrgId | Record<string, OrgId>;
  };
  /** AMM legs guarantee their quoted output less this many bps (their minOut); 0..1000. */
  slippageToleranceBps: number;
}

/** Endorsement over a ledger's peer orgs: a keyword, or how many distinct orgs must sign. */
export type EndorsementRule = 'any' | 'majority' | 'all' | number;

/** The Fabric layout of the scenario (see network/). */
export interface NetworkConfig {
  /** Orgs that run a peer; the others reach their ledgers through a member's peer. */
  peers: OrgId[];
  /** Per ledger id. */
  endorsement: Record<string, EndorsementRule>;
  orderers: 1 | 3;
  batchTimeoutMs: number;
  maxBlockTransactions: number;
}

/** Peer orgs when a scenario names none: the institutions that run infrastructure. */
export const DEFAULT_PEER_ROLES: readonly OrgRole[] = ['central-bank', 'commercial-bank'];
export const DEFAULT_ENDORSEMENT: EndorsementRule = 2;

export interface Scenario {
  name: string;
  description: string;
  /** Where it was read from (a path, or a name given to parseScenario). */
  source: string;
  orgs: Org[];
  ledgers: LedgerSpec[];
  assets: ScenarioAsset[];
  accounts: ScenarioAccount[];
  venues: Venue[];
  fx: FxPair[];
  policies: Policies;
  workload: Workload;
  settlement: SettlementConfig;
  network: NetworkConfig;
  simulation: SimulationConfig;
}

export interface SimulationConfig {
  /** The run's clock at its start, ms since the epoch (venue hours and daily limits use it). */
  startAtMs: number;
}
