// The continuous relaxation of a split payment as a linear program over candidate paths.
//
// Every venue but a pool is linear (fixed rate, fee included) up to a capacity; a pool's
// guaranteed output is concave in its input, so it is cut into segments of decreasing chord
// rate (breakpoints doubling up to the payment's reach, then the rest of the reserve): chords
// lie under the curve, so the model never promises more than the pool pays, and rows keep the
// segments filled in order (without them, when routing everything is hard, an LP would let a
// pool take input at a far segment's rate while paying out less than the curve says). A column
// is one path with one segment chosen on each of its pools, so it is linear end to end. Rows are what a plan consumes, shared by every path that touches it:
// each debited balance (in hold mode every debit comes out of what the account already held; in
// batch mode the path's own earlier credits count), each quote's remaining maxIn, each pool
// segment, each per-payment policy limit (what the plan moves of the asset in and out), and the
// payment itself. The objective routes as much of the payment as the venues can carry first (a
// weight far above any rate difference) and then delivers the most (send) or spends the least
// (receive), so its optimum is the best allocation over these paths, up to the segments' chords.
import { MAX_AMOUNT, type AccountId } from '../../../chaincode/src/core/types';
import { approximate } from '../../scenario/rational';
import type { Policies } from '../../scenario/types';
import { marginalRate } from '../arbitrage';
import type { Edge } from '../graph';
import { balanceKey, poolSides, type MarketState, type ReplayMode } from '../market';
import { edgeLegs } from '../path-ops';
import { toleranceFactor } from '../slippage';
import type { CandidatePath } from '../strategies/types';
import type { LinearProgram } from './simplex';

export interface RelaxationInput {
  paths: readonly CandidatePath[];
  market: MarketState;
  mode: ReplayMode;
  amountIs: 'send' | 'receive';
  /** Minor units: the payer's input (send) or the payee's output (receive). */
  amount: bigint;
  toleranceBps: number;
  limits: Readonly<Policies['limits']>;
}

export interface Relaxation {
  program: LinearProgram;
  /** The path of each column. */
  columnPath: CandidatePath[];
  /** Allocation units (input for send, output for receive) per unit of the column variable. */
  columnScale: number;
}

/** Above every normalised rate difference, so routing more always wins (see the header). */
const ROUTE_ALL_WEIGHT = 1e4;
/** Pool segments below the payment's reach: reach/2^(n-1) ... reach/2, reach. */
const REACH_SEGMENTS = 4;
/** Columns of a path through several pools (the best segment combinations first). */
const MAX_COLUMNS_PER_PATH = 8;

interface Segment {
  /** Pool input at which the segment ends, and its chord rate (guaranteed output per input). */
  width: number;
  rate: number;
}

/** Per pool direction: segment rows of the LP, and the rows keeping them filled in order. */
interface PoolModel {
  segments: Segment[];
  rows: number[];
  /** order[k-1]: use of segment k per width minus use of segment k-1 per width, at most 0. */
  order: number[];
}

export function buildRelaxation(input: RelaxationInput): Relaxation {
  const { paths, market } = input;
  const total = Number(input.amount);
  const tolerance = approximate(toleranceFactor(input.toleranceBps));
  const linear = new Map<Edge, number>();
  const rateOf = (edge: Edge): number => {
    let rate = linear.get(edge);
    if (rate === undefined) {
      const marginal = marginalRate(edge, market);
      rate = marginal ? approximate(marginal) * (edge.kind === 'amm' ? tolerance : 1) : 0;
      linear.set(edge, rate);
    }
    return rate;
  };
  const usable = paths.filter((path) => path.route.edges.every((edge) => rateOf(edge) > 0));

  // How much could reach each pool direction if the whole payment took one path there.
  const reach = new Map<string, number>();
  for (const path of usable) {
    let flow = input.amountIs === 'send' ? total : total / pathRate(path, rateOf);
    for (const edge of path.route.edges) {
      if (edge.kind === 'amm') reach.set(edge.id, Math.max(reach.get(edge.id) ?? 0, flow));
      flow *= rateOf(edge);
    }
  }

  const rows: Array<{ coefficients: Map<number, number>; bound: number }> = [];
  const addRow = (bound: number) => rows.push({ coefficients: new Map(), bound }) - 1;
  const balanceRows = new Map<string, number>();
  const quoteRows = new Map<string, number>();
  const limitRows = input.limits.map((limit) => ({
    asset: limit.asset,
    spent: addRow(Number(limit.maxAmount)),
    received: addRow(Number(limit.maxAmount)),
  }));
  const paymentRow = addRow(1);
  const pools = new Map<string, PoolModel>();
  const poolModel = (edge: Extract<Edge, { kind: 'amm' }>): PoolModel | undefined => {
    let model = pools.get(edge.id);
    if (!model) {
      const segments = poolSegments(edge, market, tolerance, reach.get(edge.id) ?? 0);
      const rows = segments.map((segment) => addRow(segment.width));
      // One row per segment after the first: it fills no further than the one before.
      const order = rows.slice(1).map(() => addRow(0));
      model = { segments, rows, order };
      pools.set(edge.id, model);
    }
    return model.segments.length > 0 ? model : undefined;
  };

  // Column variable: a share of the payment (allocation units / amount). Per unit of input a
  // column delivers `rate`; a receive column's allocation is its output.
  const columnPath: CandidatePath[] = [];
  const rates: number[] = [];
  const use = (row: number, column: number, amount: number) => {
    const line = rows[row];
    if (line && amount !== 0)
      line.coefficients.set(column, (line.coefficients.get(column) ?? 0) + amount);
  };
  for (const path of usable) {
    const models = path.route.edges.map((edge) => (edge.kind === 'amm' ? poolModel(edge) : null));
    if (models.some((model) => model === undefined)) continue;
    const moves = pathMoves(path, market, input.mode);
    if (!moves) continue;
    for (const choice of segmentChoices(models.map((model) => model?.segments.length ?? 0))) {
      const column = pathColumn(path, moves, choice, { rateOf, models });
      if (!column) continue;
      const index = columnPath.length;
      const scale = input.amountIs === 'send' ? total : total / column.rate;
      for (const [key, amount] of column.debits) {
        let row = balanceRows.get(key.id);
        if (row === undefined) {
          row = addRow(Number(market.balance(key.ledger, key.asset, key.account)));
          balanceRows.set(key.id, row);
        }
        use(row, index, amount * scale);
      }
      for (const [quote, amount] of column.quotes) {
        // A quote without a per-fill bound is held by the dealer's book alone: its balance row,
        // which every path through any of the dealer's quotes paying that asset shares.
        if ((market.quote(quote)?.maxIn ?? 0n) >= MAX_AMOUNT) continue;
        let row = quoteRows.get(quote);
        if (row === undefined) {
          row = addRow(Number(market.quoteRemaining(quote)));
          quoteRows.set(quote, row);
        }
        use(row, index, amount * scale);
      }
      for (const [row, amount] of column.segments) use(row, index, amount * scale);
      for (const [row, amount] of column.order) use(row, index, amount * scale);
      for (const limit of limitRows) {
        use(limit.spent, index, (column.moved.spent.get(limit.asset) ?? 0) * scale);
        use(limit.received, index, (column.moved.received.get(limit.asset) ?? 0) * scale);
      }
      use(paymentRow, index, 1);
      columnPath.push(path);
      rates.push(column.rate);
    }
  }
  const best = Math.max(0, ...rates);
  const worst = Math.min(...rates);
  const objective = rates.map(
    (rate) => ROUTE_ALL_WEIGHT + (input.amountIs === 'send' ? rate / best : -worst / rate),
  );
  return { program: { objective, rows: scaled(rows) }, columnPath, columnScale: total };
}

/** Divides each row by its bound (so every bound is 1, or 0 for an empty balance). */
function scaled(
  rows: ReadonlyArray<{ coefficients: Map<number, number>; bound: number }>,
): LinearProgram['rows'] {
  return rows.flatMap((row) => {
    if (row.coefficients.size === 0) return [];
    if (row.bound <= 0) return [{ coefficients: row.coefficients, bound: 0 }];
    const coefficients = new Map<number, number>();
    for (const [column, value] of row.coefficients) coefficients.set(column, value / row.bound);
    return [{ coefficients, bound: 1 }];
  });
}

function pathRate(path: CandidatePath, rateOf: (edge: Edge) => number): number {
  return path.route.edges.reduce((product, edge) => product * rateOf(edge), 1);
}

/**
 * Segments of a pool direction: chords of the guaranteed output curve at breakpoints doubling
 * up to the payment's reach, then one more to where the output would empty the reserve.
 */
function poolSegments(
  edge: Extract<Edge, { kind: 'amm' }>,
  market: MarketState,
  tolerance: number,
  reach: number,
): Segment[] {
  const pool = market.pool(edge.pool);
  if (!pool) return [];
  const sides = poolSides(pool, edge.assetIn);
  const rIn = Number(sides.effectiveIn);
  const rOut = Number(sides.effectiveOut);
  const payable = Number(sides.reserveOut);
  const fee = 1 - pool.feeBps / 10_000;
  const out = (x: number) => (tolerance * rOut * x * fee) / (rIn + x * fee);
  // The input whose quoted output would reach the payable reserve (the core refuses that).
  const limit = payable >= rOut ? Infinity : (payable * rIn) / ((rOut - payable) * fee);
  const end = Math.min(limit, (rIn / fee) * 1e3) * (1 - 1e-9);
  const points: number[] = [];
  for (let k = REACH_SEGMENTS - 1; k >= 0; k--) {
    const point = reach / 2 ** k;
    if (point > (points[points.length - 1] ?? 0) && point < end) points.push(point);
  }
  points.push(end);
  let previous = 0;
  return points.map((point) => {
    const segment = {
      width: point - previous,
      rate: (out(point) - out(previous)) / (point - previous),
    };
    previous = point;
    return segment;
  });
}

const choiceCache = new Map<string, number[][]>();

/** Segment index combinations for the pools of a path, lowest (best) segments first. */
function segmentChoices(counts: readonly number[]): number[][] {
  const key = counts.join(' ');
  let found = choiceCache.get(key);
  if (!found) {
    found = combinations(counts);
    choiceCache.set(key, found);
  }
  return found;
}

function combinations(counts: readonly number[]): number[][] {
  let choices: number[][] = [[]];
  for (const count of counts) {
    const next: number[][] = [];
    for (const choice of choices)
      for (let k = 0; k < Math.max(1, count); k++) next.push([...choice, k]);
    choices = next;
  }
  const sum = (choice: number[]) => choice.reduce((total, k) => total + k, 0);
  return choices.sort((a, b) => sum(a) - sum(b)).slice(0, MAX_COLUMNS_PER_PATH);
}

interface ColumnContext {
  rateOf: (edge: Edge) => number;
  models: ReadonlyArray<PoolModel | null | undefined>;
}

interface BalanceRef {
  id: string;
  ledger: string;
  asset: string;
  account: AccountId;
}

type Quantity = 'in' | 'out' | 'settled' | 'fee';

/** What a path's legs move, independent of amounts: built once per path, scaled per column. */
interface PathMoves {
  /** In execution order: a debit (+1) or, in batch mode, a credit (−1) of one balance. */
  balances: Array<{ ref: BalanceRef; edge: number; quantity: Quantity; sign: 1 | -1 }>;
  /** Quote inputs, by edge. */
  quotes: Array<{ quote: string; edge: number }>;
}

/** Markers standing for the edge's amounts in its legs (edgeLegs decides who moves which). */
const MARK: Record<Quantity, bigint> = { in: 1n, out: 2n, settled: 3n, fee: 4n };
const QUANTITY = new Map<bigint, Quantity>(
  Object.entries(MARK).map(([quantity, marker]) => [marker, quantity as Quantity]),
);

function pathMoves(
  path: CandidatePath,
  market: MarketState,
  mode: ReplayMode,
): PathMoves | undefined {
  const moves: PathMoves = { balances: [], quotes: [] };
  const move = (
    ledger: string,
    asset: string,
    account: AccountId,
    edge: number,
    marker: bigint | Quantity,
    sign: 1 | -1,
  ) => {
    if (sign < 0 && mode !== 'batch') return;
    const quantity = typeof marker === 'string' ? marker : (QUANTITY.get(marker) ?? 'in');
    const ref = { id: balanceKey(ledger, asset, account), ledger, asset, account };
    moves.balances.push({ ref, edge, quantity, sign });
  };
  for (const [index, edge] of path.route.edges.entries()) {
    const legs = edgeLegs(edge, path.route.holders[index] ?? '', path.route.targets[index] ?? '', {
      amountIn: MARK.in,
      amountOut: MARK.out,
      settlementAmount: MARK.settled,
      feeAmount: MARK.fee,
    });
    for (const { ledger, leg } of legs) {
      switch (leg.type) {
        case 'transfer':
          move(ledger, leg.asset, leg.from, index, leg.amount, 1);
          move(ledger, leg.asset, leg.to, index, leg.amount, -1);
          break;
        case 'issue':
          move(ledger, leg.asset, leg.to, index, leg.amount, -1);
          break;
        case 'burn':
          move(ledger, leg.asset, leg.from, index, leg.amount, 1);
          break;
        case 'swap':
          move(ledger, leg.assetIn, leg.from, index, 'in', 1);
          move(ledger, edge.assetOut, leg.to, index, 'out', -1);
          break;
        case 'fxSwap': {
          const quote = market.quote(leg.quote);
          if (!quote) return undefined;
          moves.quotes.push({ quote: leg.quote, edge: index });
          move(ledger, quote.assetIn, leg.from, index, 'in', 1);
          move(ledger, quote.assetOut, quote.dealer, index, 'out', 1);
          move(ledger, quote.assetIn, quote.dealer, index, 'in', -1);
          move(ledger, quote.assetOut, leg.to, index, 'out', -1);
          break;
        }
      }
    }
  }
  return moves;
}

/**
 * What one unit of input down `path` (with pool segments `choice`) consumes: the peak debit of
 * each balance, quote inputs, pool segment inputs, what moves of each asset, and its rate.
 */
function pathColumn(
  path: CandidatePath,
  moves: PathMoves,
  choice: readonly number[],
  context: ColumnContext,
) {
  const { rateOf, models } = context;
  const segments = new Map<number, number>();
  const order = new Map<number, number>();
  const spent = new Map<string, number>();
  const received = new Map<string, number>();
  const flows: Array<Record<Quantity, number>> = [];
  let flow = 1;
  let pools = 0;
  for (const [index, edge] of path.route.edges.entries()) {
    let rate = rateOf(edge);
    const model = models[index];
    if (model) {
      const k = choice[pools++] ?? 0;
      const segment = model.segments[k];
      const row = model.rows[k];
      if (!segment || row === undefined || segment.rate <= 0) return undefined;
      rate = segment.rate;
      segments.set(row, (segments.get(row) ?? 0) + flow);
      const asLater = model.order[k - 1];
      const asEarlier = model.order[k];
      const share = flow / segment.width;
      if (asLater !== undefined) order.set(asLater, (order.get(asLater) ?? 0) + share);
      if (asEarlier !== undefined) order.set(asEarlier, (order.get(asEarlier) ?? 0) - share);
    }
    const outFlow = flow * rate;
    spent.set(edge.assetIn, (spent.get(edge.assetIn) ?? 0) + flow);
    received.set(edge.assetOut, (received.get(edge.assetOut) ?? 0) + outFlow);
    flows.push({ in: flow, out: outFlow, settled: settledFlow(edge, flow), fee: flow - outFlow });
    flow = outFlow;
  }
  const net = new Map<string, { ref: BalanceRef; now: number; peak: number }>();
  for (const { ref, edge, quantity, sign } of moves.balances) {
    const entry = net.get(ref.id) ?? { ref, now: 0, peak: 0 };
    entry.now += sign * (flows[edge]?.[quantity] ?? 0);
    entry.peak = Math.max(entry.peak, entry.now);
    net.set(ref.id, entry);
  }
  const debits = new Map<BalanceRef, number>();
  for (const { ref, peak } of net.values()) if (peak > 0) debits.set(ref, peak);
  const quotes = new Map<string, number>();
  for (const { quote, edge } of moves.quotes)
    quotes.set(quote, (quotes.get(quote) ?? 0) + (flows[edge]?.in ?? 0));
  return { debits, quotes, segments, order, moved: { spent, received }, rate: flow };
}

/** Interbank: the CBDC the banks settle per unit of input (the first stage, fee taken). */
function settledFlow(edge: Edge, flow: number): number {
  if (edge.kind === 'transfer' || edge.kind === 'fx-quote' || edge.kind === 'amm') return 0;
  const [first] = edge.stages;
  return first ? flow * approximate(first) * (1 - edge.feeBps / 10_000) : 0;
}
