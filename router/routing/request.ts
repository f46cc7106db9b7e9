// A payment as the router sees it, and its validation against the scenario.
import type { AccountId } from '../../chaincode/src/core/types';
import { routeError, type RouteError } from './errors';
import type { RoutingGraph } from './graph';
import { PROTOCOLS, type ProtocolChoice } from './plan';

export interface RouteRequest {
  payer: AccountId;
  payerAsset: string;
  payee: AccountId;
  payeeAsset: string;
  /** Minor units: what the payer sends, or what the payee must receive. */
  amount: bigint;
  amountIs: 'send' | 'receive';
  strategy: string;
  protocol: ProtocolChoice;
  /** Seed for strategies that draw (random). */
  seed: number;
  maxHops: number;
  /** Upper bound on candidate paths enumerated per payment. */
  maxPaths: number;
  /** The most the plan may cost against mid-market, in bps (none: no cap). */
  maxCostBps?: number;
  /** When it is routed, ms on the run's clock: venue hours, quote validity, the limits' day. */
  nowMs?: number;
  /** What the payer's org already sent of payerAsset that UTC day (daily limits); none: 0. */
  sentToday?: bigint;
}

export const DEFAULT_MAX_HOPS = 5;
export const DEFAULT_MAX_PATHS = 64;

export type RequestInput = Pick<
  RouteRequest,
  'payer' | 'payerAsset' | 'payee' | 'payeeAsset' | 'amount'
> &
  Partial<Omit<RouteRequest, 'payer' | 'payerAsset' | 'payee' | 'payeeAsset' | 'amount'>>;

export function normalizeRequest(input: RequestInput): RouteRequest {
  return {
    amountIs: 'send',
    strategy: 'cheapest',
    protocol: 'auto',
    seed: 0,
    maxHops: DEFAULT_MAX_HOPS,
    maxPaths: DEFAULT_MAX_PATHS,
    ...input,
  };
}

/** Every field checked against the scenario; the first problem names its field. */
export function validateRequest(
  graph: RoutingGraph,
  request: RouteRequest,
  strategies: ReadonlySet<string>,
): RouteError | undefined {
  for (const side of ['payer', 'payee'] as const) {
    const assetId = side === 'payer' ? request.payerAsset : request.payeeAsset;
    const asset = graph.assets.get(assetId);
    if (!asset) return invalid(`${side}Asset`, `unknown asset "${assetId}"`);
    const account = request[side];
    if (!graph.accounts.has(`${asset.ledger} ${account}`)) {
      return invalid(
        side,
        `account "${account}" is not declared on ledger "${asset.ledger}" (where ${asset.id} lives)`,
      );
    }
  }
  if (request.payer === request.payee && request.payerAsset === request.payeeAsset) {
    return invalid('payee', 'pays the payer itself in the same asset');
  }
  if (typeof request.amount !== 'bigint' || request.amount <= 0n)
    return invalid('amount', 'must be a positive amount');
  if (request.amountIs !== 'send' && request.amountIs !== 'receive')
    return invalid('amountIs', 'must be send or receive');
  if (!strategies.has(request.strategy)) {
    return invalid(
      'strategy',
      `unknown strategy "${request.strategy}" (known: ${[...strategies].join(', ')})`,
    );
  }
  if (request.protocol !== 'auto' && !PROTOCOLS.includes(request.protocol)) {
    return invalid('protocol', `must be auto, ${PROTOCOLS.join(', ')}`);
  }
  if (!Number.isSafeInteger(request.seed)) return invalid('seed', 'must be a safe integer');
  if (!Number.isInteger(request.maxHops) || request.maxHops < 1 || request.maxHops > 12) {
    return invalid('maxHops', 'must be an integer from 1 to 12');
  }
  if (!Number.isInteger(request.maxPaths) || request.maxPaths < 1)
    return invalid('maxPaths', 'must be a positive integer');
  if (
    request.maxCostBps !== undefined &&
    (!Number.isFinite(request.maxCostBps) || request.maxCostBps < 0)
  )
    return invalid('maxCostBps', 'must be a non-negative number of bps');
  if (request.nowMs !== undefined && (!Number.isSafeInteger(request.nowMs) || request.nowMs < 0))
    return invalid('nowMs', 'must be a non-negative integer of ms since the epoch');
  if (
    request.sentToday !== undefined &&
    (typeof request.sentToday !== 'bigint' || request.sentToday < 0n)
  )
    return invalid('sentToday', 'must be a non-negative amount');
  return undefined;
}

function invalid(field: string, reason: string): RouteError {
  return routeError('InvalidRequest', `${field}: ${reason}`);
}
