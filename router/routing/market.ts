// Live liquidity for one routing call: the balances, pools and quotes the paths a strategy
// actually prices can touch, read through the LedgerClient into a snapshot on demand (each value
// at most once per call). MarketState then replays legs on a copy exactly as the ledger core
// would (same pricing on the same effective reserves, same checks, same order of debits and
// credits), so a quote and its execution cannot disagree.
//
// Two replay modes match the two ways settlement executes steps:
//   batch - one transaction: each leg's credits happen before the next leg runs;
//   hold  - HTLC/2PC holds: every debit happens at placement and no credit arrives until the
//           claims, so each signer pays out of what it already held (Interledger-style
//           connector liquidity) and a pool's input waits on its pending side until settlement
//           (still priced in, as the core prices every swap on reserve + pending).
import { ammAmountOut, quoteAmountOut } from '../../chaincode/src/core/pricing';
import type {
  AccountId,
  ErrorCode,
  LegOp,
  LedgerFailure,
  LedgerQuery,
  OrgId,
  PoolRecord,
  QuoteRecord,
  Result,
} from '../../chaincode/src/core/types';
import type { LedgerClient } from '../ledger/ledger-client';

export type ReplayMode = 'batch' | 'hold';

/** What routing needs of a pool; pending = inputs of open held swaps, priced in but not payable. */
export type PoolState = Pick<
  PoolRecord,
  'assetA' | 'assetB' | 'reserveA' | 'reserveB' | 'pendingA' | 'pendingB' | 'feeBps'
>;

/** A pool seen from one side, as the core's swap sees it. */
export interface PoolSides {
  assetOut: string;
  /** What the swap is priced on: reserve + pending, each side. */
  effectiveIn: bigint;
  effectiveOut: bigint;
  /** What can actually be paid out: the output must stay strictly below it. */
  reserveOut: bigint;
}

export function poolSides(pool: PoolState, assetIn: string): PoolSides {
  return assetIn === pool.assetA
    ? {
        assetOut: pool.assetB,
        effectiveIn: pool.reserveA + pool.pendingA,
        effectiveOut: pool.reserveB + pool.pendingB,
        reserveOut: pool.reserveB,
      }
    : {
        assetOut: pool.assetA,
        effectiveIn: pool.reserveB + pool.pendingB,
        effectiveOut: pool.reserveA + pool.pendingA,
        reserveOut: pool.reserveA,
      };
}

/** The swap's output as the core computes it, or 0 when the pool cannot pay it. */
export function poolAmountOut(pool: PoolState, assetIn: string, amountIn: bigint): bigint {
  const { effectiveIn, effectiveOut, reserveOut } = poolSides(pool, assetIn);
  const amountOut = ammAmountOut(effectiveIn, effectiveOut, amountIn, pool.feeBps);
  return amountOut < reserveOut ? amountOut : 0n;
}

export type QuoteState = Pick<
  QuoteRecord,
  'dealer' | 'assetIn' | 'assetOut' | 'rate' | 'feeBps' | 'maxIn' | 'feeFixed'
>;

export interface MarketSnapshot {
  /** By balanceKey(ledger, asset, account). */
  balances: ReadonlyMap<string, bigint>;
  /** Only pools and active quotes that exist on the ledger (and are valid at the call's time). */
  pools: ReadonlyMap<string, PoolState>;
  quotes: ReadonlyMap<string, QuoteState>;
  /** Active quotes left out because their validity ended: when it did. */
  expiredQuotes?: ReadonlyMap<string, number>;
}

export interface MarketNeeds {
  balances: Map<string, { ledger: string; asset: string; account: AccountId }>;
  pools: Map<string, string>;
  quotes: Map<string, string>;
}

export function emptyNeeds(): MarketNeeds {
  return { balances: new Map(), pools: new Map(), quotes: new Map() };
}

export function balanceKey(ledger: string, asset: string, account: AccountId): string {
  return `${ledger} ${asset} ${account}`;
}

export function needBalance(
  needs: MarketNeeds,
  ledger: string,
  asset: string,
  account: AccountId,
): void {
  needs.balances.set(balanceKey(ledger, asset, account), { ledger, asset, account });
}

/**
 * A snapshot filled on demand: `read` fetches only what it does not hold yet, so a routing call
 * reads each value once, and only for the paths its strategy gets to price.
 */
export class LiveSnapshot implements MarketSnapshot {
  readonly balances = new Map<string, bigint>();
  readonly pools = new Map<string, PoolState>();
  readonly quotes = new Map<string, QuoteState>();
  readonly expiredQuotes = new Map<string, number>();
  /** Pools and quotes read and found missing (or inactive). */
  private readonly absentPools = new Set<string>();
  private readonly absentQuotes = new Set<string>();
  /** Number of ledger reads made. */
  reads = 0;

  /** `nowMs`: when the payment is routed; a quote whose validity ends by then is left out. */
  constructor(
    private readonly client: LedgerClient,
    private readonly readers: ReadonlyMap<string, OrgId>,
    private readonly nowMs?: number,
  ) {}

  /** Whether everything in `needs` has been read. */
  holds(needs: MarketNeeds): boolean {
    for (const key of needs.balances.keys()) if (!this.balances.has(key)) return false;
    for (const pool of needs.pools.keys()) if (!this.hasPool(pool)) return false;
    for (const quote of needs.quotes.keys()) if (!this.hasQuote(quote)) return false;
    return true;
  }

  /** Reads, in parallel, whatever in `needs` has not been read yet. */
  async read(needs: MarketNeeds): Promise<Result<void>> {
    const failures: LedgerFailure[] = [];
    const reads: Array<Promise<void>> = [];
    for (const [key, { ledger, asset, account }] of needs.balances) {
      if (this.balances.has(key)) continue;
      reads.push(
        this.evaluate(ledger, { type: 'balance', asset, account }).then((read) => {
          // An account that was never opened simply holds nothing.
          if (read.ok) this.balances.set(key, read.value);
          else if (read.error.code === 'UnknownAccount') this.balances.set(key, 0n);
          else failures.push(read.error);
        }),
      );
    }
    for (const [pool, ledger] of needs.pools) {
      if (this.hasPool(pool)) continue;
      reads.push(
        this.evaluate(ledger, { type: 'pool', pool }).then((read) => {
          if (read.ok) {
            const { assetA, assetB, reserveA, reserveB, pendingA, pendingB, feeBps } = read.value;
            this.pools.set(pool, {
              assetA,
              assetB,
              reserveA,
              reserveB,
              pendingA,
              pendingB,
              feeBps,
            });
          } else if (read.error.code === 'UnknownPool') this.absentPools.add(pool);
          else failures.push(read.error);
        }),
      );
    }
    for (const [quote, ledger] of needs.quotes) {
      if (this.hasQuote(quote)) continue;
      reads.push(
        this.evaluate(ledger, { type: 'quote', quote }).then((read) => {
          const validUntilMs = read.ok ? read.value.validUntilMs : undefined;
          if (read.ok && read.value.active && this.expired(validUntilMs)) {
            this.expiredQuotes.set(quote, validUntilMs ?? 0);
            this.absentQuotes.add(quote);
          } else if (read.ok && read.value.active) {
            const { dealer, assetIn, assetOut, rate, feeBps, maxIn, feeFixed } = read.value;
            this.quotes.set(quote, { dealer, assetIn, assetOut, rate, feeBps, maxIn, feeFixed });
          } else if (read.ok || read.error.code === 'UnknownQuote') {
            this.absentQuotes.add(quote);
          } else failures.push(read.error);
        }),
      );
    }
    await Promise.all(reads);
    const [failure] = failures;
    return failure ? { ok: false, error: failure } : { ok: true, value: undefined };
  }

  private expired(validUntilMs: number | undefined): boolean {
    return validUntilMs !== undefined && this.nowMs !== undefined && this.nowMs >= validUntilMs;
  }

  private hasPool(pool: string): boolean {
    return this.pools.has(pool) || this.absentPools.has(pool);
  }

  private hasQuote(quote: string): boolean {
    return this.quotes.has(quote) || this.absentQuotes.has(quote);
  }

  private evaluate<Q extends LedgerQuery>(ledger: string, query: Q) {
    const org = this.readers.get(ledger);
    if (org === undefined) throw new Error(`no reader org for ledger ${ledger}`);
    this.reads++;
    return this.client.evaluate(ledger, org, query);
  }
}

/** Reads everything in `needs` in parallel; each ledger is read as `readers.get(ledger)`. */
export async function readMarket(
  client: LedgerClient,
  readers: ReadonlyMap<string, OrgId>,
  needs: MarketNeeds,
): Promise<Result<LiveSnapshot>> {
  const snapshot = new LiveSnapshot(client, readers);
  const read = await snapshot.read(needs);
  return read.ok ? { ok: true, value: snapshot } : read;
}

type LegResult = Result<bigint | undefined>;

function failure(code: ErrorCode, message: string): LegResult {
  return { ok: false, error: { code, message } };
}

/**
 * A working copy of a snapshot. Each state keeps only what changed since its parent (the
 * running totals of the keys it touched), so a fork is free and forks share their history;
 * a state is never changed once forked (quotes only ever change their own fork).
 */
export class MarketState {
  /** Total balance change so far, for the keys changed in this state. */
  private readonly balanceDeltas = new Map<string, bigint>();
  private readonly poolOverrides = new Map<string, PoolState>();
  /** Input already sent through each quote by this plan: maxIn bounds the plan's total. */
  private readonly quoteUsage = new Map<string, bigint>();

  constructor(
    readonly snapshot: MarketSnapshot,
    private readonly parent?: MarketState,
  ) {}

  fork(): MarketState {
    return new MarketState(this.snapshot, this);
  }

  balance(ledger: string, asset: string, account: AccountId): bigint {
    const key = balanceKey(ledger, asset, account);
    return this.baseBalance(key) + this.balanceDelta(key);
  }

  private baseBalance(key: string): bigint {
    const base = this.snapshot.balances.get(key);
    if (base === undefined) throw new Error(`market snapshot lacks the balance ${key}`);
    return base;
  }

  pool(id: string): PoolState | undefined {
    return (
      this.poolOverrides.get(id) ??
      (this.parent ? this.parent.pool(id) : this.snapshot.pools.get(id))
    );
  }

  private balanceDelta(key: string): bigint {
    return this.balanceDeltas.get(key) ?? this.parent?.balanceDelta(key) ?? 0n;
  }

  private quoteUsed(id: string): bigint {
    return this.quoteUsage.get(id) ?? this.parent?.quoteUsed(id) ?? 0n;
  }

  quote(id: string): QuoteState | undefined {
    return this.snapshot.quotes.get(id);
  }

  /** Why a quote is not in the snapshot: withdrawn or never posted, or expired. */
  missingQuote(id: string): { code: ErrorCode; message: string; payerShort: false } {
    const expiredAtMs = this.snapshot.expiredQuotes?.get(id);
    return expiredAtMs === undefined
      ? { code: 'UnknownQuote', message: `${id}: no active quote on the ledger`, payerShort: false }
      : {
          code: 'QuoteExpired',
          message: `${id}: the quote expired at ${new Date(expiredAtMs).toISOString()}`,
          payerShort: false,
        };
  }

  /** What the quote still accepts from this plan. */
  quoteRemaining(id: string): bigint {
    const quote = this.quote(id);
    return quote ? quote.maxIn - this.quoteUsed(id) : 0n;
  }

  /** Replays one leg as the ledger core would; returns a swap's output. */
  apply(ledger: string, leg: LegOp, mode: ReplayMode): LegResult {
    switch (leg.type) {
      case 'transfer': {
        const debited = this.debit(ledger, leg.asset, leg.from, leg.amount, 'InsufficientFunds');
        if (!debited.ok) return debited;
        if (mode === 'batch') this.credit(ledger, leg.asset, leg.to, leg.amount);
        return { ok: true, value: undefined };
      }
      case 'issue':
        if (mode === 'batch') this.credit(ledger, leg.asset, leg.to, leg.amount);
        return { ok: true, value: undefined };
      case 'burn':
        return this.debit(ledger, leg.asset, leg.from, leg.amount, 'InsufficientFunds');
      case 'swap':
        return this.swap(ledger, leg, mode);
      case 'fxSwap':
        return this.fxSwap(ledger, leg, mode);
    }
  }

  private swap(ledger: string, leg: Extract<LegOp, { type: 'swap' }>, mode: ReplayMode): LegResult {
    const pool = this.pool(leg.pool);
    if (!pool) return failure('UnknownPool', `pool ${leg.pool} is not on ledger ${ledger}`);
    const amountOut = poolAmountOut(pool, leg.assetIn, leg.amountIn);
    if (amountOut === 0n) {
      return failure(
        'InsufficientLiquidity',
        `pool ${leg.pool} cannot pay out for ${leg.amountIn}`,
      );
    }
    if (amountOut < leg.minOut) {
      return failure('SlippageExceeded', `pool ${leg.pool} pays ${amountOut}, below ${leg.minOut}`);
    }
    const debited = this.debit(ledger, leg.assetIn, leg.from, leg.amountIn, 'InsufficientFunds');
    if (!debited.ok) return debited;
    // The output leaves the reserve at once; a held input waits on the pending side (priced in
    // either way, so the effective reserves move the same in both modes).
    const inIsA = leg.assetIn === pool.assetA;
    const joined = mode === 'batch' ? leg.amountIn : 0n;
    const pending = mode === 'batch' ? 0n : leg.amountIn;
    this.poolOverrides.set(leg.pool, {
      ...pool,
      reserveA: pool.reserveA + (inIsA ? joined : -amountOut),
      reserveB: pool.reserveB + (inIsA ? -amountOut : joined),
      pendingA: pool.pendingA + (inIsA ? pending : 0n),
      pendingB: pool.pendingB + (inIsA ? 0n : pending),
    });
    const assetOut = inIsA ? pool.assetB : pool.assetA;
    if (mode === 'batch') this.credit(ledger, assetOut, leg.to, amountOut);
    return { ok: true, value: amountOut };
  }

  private fxSwap(
    ledger: string,
    leg: Extract<LegOp, { type: 'fxSwap' }>,
    mode: ReplayMode,
  ): LegResult {
    const quote = this.quote(leg.quote);
    if (!quote) {
      const missing = this.missingQuote(leg.quote);
      return failure(missing.code, `${missing.message} (ledger ${ledger})`);
    }
    if (leg.amountIn > this.quoteRemaining(leg.quote)) {
      return failure(
        'QuoteLimitExceeded',
        `${leg.amountIn} exceeds what quote ${leg.quote} still takes (maxIn ${quote.maxIn})`,
      );
    }
    const amountOut = quoteAmountOut(leg.amountIn, quote.rate, quote.feeBps, quote.feeFixed);
    if (amountOut === 0n)
      return failure(
        'InsufficientLiquidity',
        `${leg.amountIn} is too small for quote ${leg.quote}`,
      );
    if (amountOut < leg.minOut) {
      return failure(
        'SlippageExceeded',
        `quote ${leg.quote} pays ${amountOut}, below ${leg.minOut}`,
      );
    }
    const paid = this.debit(ledger, quote.assetIn, leg.from, leg.amountIn, 'InsufficientFunds');
    if (!paid.ok) return paid;
    const dealt = this.debit(
      ledger,
      quote.assetOut,
      quote.dealer,
      amountOut,
      'InsufficientLiquidity',
    );
    if (!dealt.ok) return dealt;
    this.quoteUsage.set(leg.quote, this.quoteUsed(leg.quote) + leg.amountIn);
    if (mode === 'batch') {
      this.credit(ledger, quote.assetIn, quote.dealer, leg.amountIn);
      this.credit(ledger, quote.assetOut, leg.to, amountOut);
    }
    return { ok: true, value: amountOut };
  }

  private debit(
    ledger: string,
    asset: string,
    account: AccountId,
    amount: bigint,
    code: ErrorCode,
  ): LegResult {
    // One key and one walk up the forks for both the check and the new delta.
    const key = balanceKey(ledger, asset, account);
    const delta = this.balanceDelta(key);
    const held = this.baseBalance(key) + delta;
    if (held < amount) return failure(code, `${account} holds ${held} ${asset}, needs ${amount}`);
    this.balanceDeltas.set(key, delta - amount);
    return { ok: true, value: undefined };
  }

  private credit(ledger: string, asset: string, account: AccountId, amount: bigint): void {
    const key = balanceKey(ledger, asset, account);
    this.balanceDeltas.set(key, this.balanceDelta(key) + amount);
  }
}
