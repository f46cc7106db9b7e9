// The routing graph: assets are nodes, venues give directed edges (a pool or a bank gives one
// per direction). Built once per scenario; edges carry everything the later stages need to
// price a crossing and to turn it into ledger legs, so no stage looks the scenario up again.
import type { AccountId, OrgId, Rational } from '../../chaincode/src/core/types';
import type { OperatingHours } from '../scenario/hours';
import { approximateLog, powerOfTen } from '../scenario/rational';
import type { Scenario, ScenarioAsset, Venue } from '../scenario/types';
import type { VenueType } from './plan';

interface EdgeCommon {
  /** Unique per direction: the venue id, plus `:mint`, `:redeem`, `:a-b`, ... where needed. */
  id: string;
  venue: string;
  venueType: VenueType;
  operator: OrgId;
  assetIn: string;
  assetOut: string;
  ledgerIn: string;
  ledgerOut: string;
  /** Ledgers the crossing touches, in the order its legs run. */
  ledgers: string[];
  feeBps: number;
  /** Fixed fee in minor units of assetOut, kept after the proportional fee (0: none). */
  feeFixed: bigint;
  latencyMs: number;
  /** When the venue takes business; undefined: always. */
  hours?: OperatingHours;
  /**
   * ln of the edge's marginal rate (minor units out per minor unit in, fees included) as the
   * scenario file sets it up: posted quote, opening reserves, par. Never used for money; it only
   * orders paths when a graph has more of them than a payment may price.
   */
  estimateLog: number;
}

/** Same asset, same ledger; an optional fee goes to the operator's fee account. */
export interface TransferEdge extends EdgeCommon {
  kind: 'transfer';
  feeAccount?: AccountId;
}

/** The holder swaps against the dealer's posted quote (PvP in one transaction). */
export interface QuoteEdge extends EdgeCommon {
  kind: 'fx-quote';
  quote: string;
  dealer: AccountId;
}

export interface PoolEdge extends EdgeCommon {
  kind: 'amm';
  pool: string;
}

/**
 * A 1:1 connector run by an institution: the holder pays `inputAccount` (on ledgerIn), and the
 * operator side delivers on ledgerOut — by issuing (mint, on-ramp, interbank) or by paying from
 * an account it holds (redeem, off-ramp). Interbank also moves CBDC between the banks.
 */
export interface ConnectorEdge extends EdgeCommon {
  kind: 'mint' | 'redeem' | 'on-ramp' | 'off-ramp' | 'interbank';
  inputAccount: AccountId;
  output:
    | { mode: 'issue'; issuer: OrgId; ownAccount: AccountId }
    | { mode: 'pay'; account: AccountId; signer: OrgId };
  /** Interbank only: the CBDC the paying bank moves to the receiving bank. */
  settlement?: { asset: string; ledger: string; from: AccountId; to: AccountId; signer: OrgId };
  /** Minor units out per minor unit in at par, each stage (one, or two through the CBDC). */
  stages: Rational[];
}

export type Edge = TransferEdge | QuoteEdge | PoolEdge | ConnectorEdge;

export function isSwap(edge: Edge): edge is QuoteEdge | PoolEdge {
  return edge.kind === 'fx-quote' || edge.kind === 'amm';
}

export interface RoutingGraph {
  scenario: Scenario;
  assets: ReadonlyMap<string, ScenarioAsset>;
  edges: readonly Edge[];
  /** The org used to read each ledger (any member may read). */
  readers: ReadonlyMap<string, OrgId>;
  /** `${ledger} ${account}` of every declared account. */
  accounts: ReadonlySet<string>;
}

export function buildGraph(scenario: Scenario): RoutingGraph {
  const assets = new Map(scenario.assets.map((asset) => [asset.id, asset]));
  const asset = (id: string): ScenarioAsset => {
    const found = assets.get(id);
    if (!found) throw new Error(`routing graph: unknown asset ${id} in a validated scenario`);
    return found;
  };
  const edges = scenario.venues.flatMap((venue) =>
    venueEdges(venue, asset).map(
      (edge) => ({ ...edge, estimateLog: estimateLog(venue, edge, asset) }) as Edge,
    ),
  );
  const readers = new Map<string, OrgId>();
  for (const ledger of scenario.ledgers) {
    const [first] = ledger.members;
    if (first !== undefined) readers.set(ledger.id, first);
  }
  return {
    scenario,
    assets,
    edges,
    readers,
    accounts: new Set(scenario.accounts.map((account) => `${account.ledger} ${account.id}`)),
  };
}

/** Minor units of `to` per minor unit of `from` at par. */
function parRate(from: ScenarioAsset, to: ScenarioAsset): Rational {
  return powerOfTen(to.scale - from.scale);
}

type UnestimatedEdge = Edge extends infer E
  ? E extends Edge
    ? Omit<E, 'estimateLog'>
    : never
  : never;

function estimateLog(
  venue: Venue,
  edge: UnestimatedEdge,
  asset: (id: string) => ScenarioAsset,
): number {
  const feeLog = Math.log1p(-Math.min(edge.feeBps, 9_999) / 10_000);
  switch (edge.kind) {
    case 'transfer':
      return feeLog;
    case 'fx-quote': {
      if (venue.type !== 'fx-quote') throw new Error(`edge ${edge.id} is not from a quote venue`);
      const scaleShift = asset(edge.assetOut).scale - asset(edge.assetIn).scale;
      return approximateLog(venue.rate) + scaleShift * Math.LN10 + feeLog;
    }
    case 'amm': {
      if (venue.type !== 'amm') throw new Error(`edge ${edge.id} is not from a pool venue`);
      const [reserveIn, reserveOut] =
        edge.assetIn === venue.assetA
          ? [venue.reserveA, venue.reserveB]
          : [venue.reserveB, venue.reserveA];
      return approximateLog({ num: reserveOut, den: reserveIn }) + feeLog;
    }
    default:
      return edge.stages.reduce((sum, stage) => sum + approximateLog(stage), feeLog);
  }
}

function venueEdges(venue: Venue, asset: (id: string) => ScenarioAsset): UnestimatedEdge[] {
  const base = (assetIn: ScenarioAsset, assetOut: ScenarioAsset, suffix: string) => ({
    id: suffix === '' ? venue.id : `${venue.id}:${suffix}`,
    venue: venue.id,
    venueType: venue.type,
    operator: venue.operator,
    assetIn: assetIn.id,
    assetOut: assetOut.id,
    ledgerIn: assetIn.ledger,
    ledgerOut: assetOut.ledger,
    ledgers: [...new Set([assetIn.ledger, assetOut.ledger])],
    feeBps: venue.feeBps,
    feeFixed: 0n,
    latencyMs: venue.latencyMs,
    ...(venue.hours ? { hours: venue.hours } : {}),
  });
  /**
   * A 1:1 converter's two edges: `backing` paid into the reserve issues `issued` from the
   * treasury, and `issued` paid into the treasury pays `backing` out of the reserve.
   */
  const converterEdges = (
    converter: Extract<Venue, { type: 'mint-redeem' | 'ramp' }>,
    backing: ScenarioAsset,
    issued: ScenarioAsset,
    [issueKind, issueSuffix]: [ConnectorEdge['kind'], string],
    [payKind, paySuffix]: [ConnectorEdge['kind'], string],
  ): [UnestimatedEdge, UnestimatedEdge] => [
    {
      ...base(backing, issued, issueSuffix),
      feeFixed: converter.feeFixed[issued.id] ?? 0n,
      kind: issueKind,
      inputAccount: converter.reserveAccount,
      output: { mode: 'issue', issuer: converter.operator, ownAccount: converter.treasuryAccount },
      stages: [parRate(backing, issued)],
    },
    {
      ...base(issued, backing, paySuffix),
      feeFixed: converter.feeFixed[backing.id] ?? 0n,
      kind: payKind,
      inputAccount: converter.treasuryAccount,
      output: { mode: 'pay', account: converter.reserveAccount, signer: converter.operator },
      stages: [parRate(issued, backing)],
    },
  ];

  switch (venue.type) {
    case 'transfer': {
      const a = asset(venue.asset);
      const feeAccount = venue.feeAccount === undefined ? {} : { feeAccount: venue.feeAccount };
      return [{ ...base(a, a, ''), kind: 'transfer', ...feeAccount }];
    }
    case 'fx-quote':
      return [
        {
          ...base(asset(venue.assetIn), asset(venue.assetOut), ''),
          kind: 'fx-quote',
          quote: venue.id,
          dealer: venue.account,
          // The posted quote carries the fees (with the spread); the ledger applies them.
          feeBps: venue.feeBps + venue.spreadBps,
          feeFixed: venue.feeFixed,
        },
      ];
    case 'amm': {
      const a = asset(venue.assetA);
      const b = asset(venue.assetB);
      return [
        { ...base(a, b, 'a-b'), kind: 'amm', pool: venue.id },
        { ...base(b, a, 'b-a'), kind: 'amm', pool: venue.id },
      ];
    }
    case 'mint-redeem': {
      const cbdc = asset(venue.cbdcAsset);
      const deposit = asset(venue.depositAsset);
      return converterEdges(venue, cbdc, deposit, ['mint', 'mint'], ['redeem', 'redeem']);
    }
    case 'ramp': {
      const deposit = asset(venue.depositAsset);
      const coin = asset(venue.stablecoin);
      const [onRamp, offRamp] = converterEdges(
        venue,
        deposit,
        coin,
        ['on-ramp', 'on'],
        ['off-ramp', 'off'],
      );
      // A paused issuer takes no redemptions: the off-ramp edge does not exist.
      return venue.redemptionsPaused ? [onRamp] : [onRamp, offRamp];
    }
    case 'interbank': {
      const from = asset(venue.from.asset);
      const to = asset(venue.to.asset);
      const cbdc = asset(venue.cbdcAsset);
      return [
        {
          ...base(from, to, ''),
          ledgers: [...new Set([from.ledger, cbdc.ledger, to.ledger])],
          kind: 'interbank',
          inputAccount: venue.from.treasury,
          settlement: {
            asset: cbdc.id,
            ledger: cbdc.ledger,
            from: venue.from.reserve,
            to: venue.to.reserve,
            signer: venue.from.bank,
          },
          output: { mode: 'issue', issuer: venue.to.bank, ownAccount: venue.to.treasury },
          stages: [parRate(from, cbdc), parRate(cbdc, to)],
        },
      ];
    }
  }
}
