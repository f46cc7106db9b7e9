// A deliberately simple model of one ledger, written from the rules in DESIGN §4 and the brief,
// not from the core: plain maps, one balance per (asset, account), no overlay, no deltas, no
// codec, its own arithmetic. Each operation runs on a copy that replaces the model only on
// success. A rejection yields every rule the operation breaks, so the real ledger must report
// one of them whatever order it checks in.
import { createHash } from 'node:crypto';
import type {
  ErrorCode,
  HoldLock,
  HoldStatus,
  LedgerOp,
  LegOp,
  OrgId,
} from '../../chaincode/src/core/types';

export interface ModelPool {
  assetA: string;
  assetB: string;
  reserveA: bigint;
  reserveB: bigint;
  /** Inputs of held swaps still open: priced as if in the pool, but not in it yet. */
  pendingA: bigint;
  pendingB: bigint;
  feeBps: number;
  totalShares: bigint;
  shares: Map<string, bigint>;
}

export interface ModelQuote {
  dealer: string;
  assetIn: string;
  assetOut: string;
  num: bigint;
  den: bigint;
  feeBps: number;
  maxIn: bigint;
  active: boolean;
  /** Fills refused from this time on; none when absent. */
  validUntilMs?: number;
  /** Kept from each fill's output after the proportional fee. */
  feeFixed: bigint;
}

export interface ModelHold {
  legs: LegOp[];
  lock: HoldLock;
  status: HoldStatus;
  /** Outputs of swap/fxSwap legs fixed at placement, by leg index. */
  outs: Map<number, bigint>;
}

export type ModelOutcome = { ok: true; amountsOut: bigint[] } | { ok: false; codes: ErrorCode[] };

/** Thrown inside the model to abandon an operation; carries every rule found broken. */
class Rejected {
  constructor(readonly codes: ErrorCode[]) {}
}

/** Collects broken rules; `gate` stops the operation if any were found. */
class Rules {
  private readonly broken: ErrorCode[] = [];
  require(condition: boolean, code: ErrorCode): this {
    if (!condition) this.broken.push(code);
    return this;
  }
  gate(): void {
    if (this.broken.length > 0) throw new Rejected(this.broken);
  }
}

const owner = (account: string) => account.split('/')[0]!;
const sha256Hex = (secretHex: string) =>
  createHash('sha256').update(Buffer.from(secretHex, 'hex')).digest('hex');

/** floor(sqrt(n)) by bisection: slow and obviously right. */
function squareRoot(n: bigint): bigint {
  let low = 0n;
  let high = n + 1n;
  while (high - low > 1n) {
    const mid = (low + high) / 2n;
    if (mid * mid <= n) low = mid;
    else high = mid;
  }
  return low;
}

export class LedgerModel {
  kind: string | null = null;
  nowMs: number;
  members: Set<OrgId>;
  assets = new Map<string, { issuer: OrgId; kind: string }>();
  accounts = new Set<string>();
  /** `${asset} ${account}` -> balance; absent = 0. */
  balances = new Map<string, bigint>();
  supplies = new Map<string, bigint>();
  pools = new Map<string, ModelPool>();
  quotes = new Map<string, ModelQuote>();
  holds = new Map<string, ModelHold>();
  usedIds = new Set<string>();

  constructor(members: OrgId[], nowMs: number) {
    this.members = new Set(members);
    this.nowMs = nowMs;
  }

  balance(asset: string, account: string): bigint {
    return this.balances.get(`${asset} ${account}`) ?? 0n;
  }

  private add(asset: string, account: string, change: bigint): void {
    const next = this.balance(asset, account) + change;
    if (next < 0n) throw new Error(`model: negative balance for ${account}`);
    this.balances.set(`${asset} ${account}`, next);
  }

  private clone(): LedgerModel {
    const copy = new LedgerModel([...this.members], this.nowMs);
    copy.kind = this.kind;
    copy.assets = new Map(this.assets);
    copy.accounts = new Set(this.accounts);
    copy.balances = new Map(this.balances);
    copy.supplies = new Map(this.supplies);
    copy.pools = new Map(
      [...this.pools].map(([id, pool]) => [id, { ...pool, shares: new Map(pool.shares) }]),
    );
    copy.quotes = new Map([...this.quotes].map(([id, quote]) => [id, { ...quote }]));
    copy.holds = new Map(
      [...this.holds].map(([id, hold]) => [id, { ...hold, outs: new Map(hold.outs) }]),
    );
    copy.usedIds = new Set(this.usedIds);
    return copy;
  }

  /** Applies `op` signed by `org`; on success the model changes, on rejection it does not. */
  apply(org: OrgId, op: LedgerOp): ModelOutcome {
    if (!this.members.has(org)) return { ok: false, codes: ['NotMember'] };
    if (this.usedIds.has(op.id)) return { ok: false, codes: ['DuplicateId'] };
    if (this.kind === null && op.type !== 'init') return { ok: false, codes: ['NotInitialized'] };
    const draft = this.clone();
    try {
      const amountsOut = draft.run(org, op);
      draft.usedIds.add(op.id);
      Object.assign(this, draft);
      return { ok: true, amountsOut };
    } catch (error) {
      if (error instanceof Rejected) return { ok: false, codes: error.codes };
      throw error;
    }
  }

  private run(org: OrgId, op: LedgerOp): bigint[] {
    switch (op.type) {
      case 'init':
        new Rules().require(this.kind === null, 'AlreadyInitialized').gate();
        this.kind = op.kind;
        return [];
      case 'createAsset': {
        new Rules()
          .require(op.asset.issuer === org, 'NotIssuer')
          .require(op.asset.kind === this.kind, 'WrongLedger')
          .require(!this.assets.has(op.asset.id), 'AssetExists')
          .gate();
        this.assets.set(op.asset.id, { issuer: op.asset.issuer, kind: op.asset.kind });
        return [];
      }
      case 'openAccount':
        new Rules()
          .require(owner(op.account) === org, 'NotOwner')
          .require(!this.accounts.has(op.account), 'AccountExists')
          .gate();
        this.accounts.add(op.account);
        return [];
      case 'transfer':
      case 'issue':
      case 'burn':
      case 'swap':
      case 'fxSwap':
        return this.runLegs(org, [op]);
      case 'batch':
        return this.runLegs(org, op.legs);
      case 'hold':
        return this.placeHold(org, op.hold, op.legs, op.lock);
      case 'claim':
      case 'refund':
      case 'commit':
      case 'abort':
        return this.resolve(org, op);
      case 'createPool':
        return this.createPool(org, op);
      case 'addLiquidity':
        return this.addLiquidity(org, op);
      case 'removeLiquidity':
        return this.removeLiquidity(org, op);
      case 'postQuote': {
        new Rules()
          .require(!this.quotes.has(op.quote), 'QuoteExists')
          .require(op.assetIn !== op.assetOut, 'InvalidArgument')
          .require(this.assets.has(op.assetIn) && this.assets.has(op.assetOut), 'UnknownAsset')
          .require(this.accounts.has(op.dealer), 'UnknownAccount')
          .require(owner(op.dealer) === org, 'NotOwner')
          .require(op.validUntilMs === undefined || op.validUntilMs > this.nowMs, 'InvalidArgument')
          .gate();
        const { dealer, assetIn, assetOut, feeBps, maxIn } = op;
        this.quotes.set(op.quote, {
          dealer,
          assetIn,
          assetOut,
          num: op.rate.num,
          den: op.rate.den,
          feeBps,
          maxIn,
          active: true,
          ...(op.validUntilMs === undefined ? {} : { validUntilMs: op.validUntilMs }),
          feeFixed: op.feeFixed ?? 0n,
        });
        return [];
      }
      case 'refreshQuote': {
        const quote = this.quotes.get(op.quote);
        new Rules().require(quote?.active === true, 'UnknownQuote').gate();
        new Rules()
          .require(owner(quote!.dealer) === org, 'NotOwner')
          .require(op.validUntilMs > this.nowMs, 'InvalidArgument')
          .gate();
        quote!.validUntilMs = op.validUntilMs;
        return [];
      }
      case 'withdrawQuote': {
        const quote = this.quotes.get(op.quote);
        new Rules().require(quote?.active === true, 'UnknownQuote').gate();
        new Rules().require(owner(quote!.dealer) === org, 'NotOwner').gate();
        quote!.active = false;
        return [];
      }
      case 'compact':
        new Rules()
          .require(this.assets.has(op.asset), 'UnknownAsset')
          .require(this.accounts.has(op.account), 'UnknownAccount')
          .require(owner(op.account) === org, 'NotOwner')
          .gate();
        return [];
    }
  }

  private runLegs(org: OrgId, legs: readonly LegOp[]): bigint[] {
    const outs: bigint[] = [];
    for (const leg of legs) {
      const out = this.takeLeg(org, leg);
      this.payLeg(leg, out);
      if (out !== undefined) outs.push(out);
    }
    return outs;
  }

  /** The debit half of a leg: checks and takes; returns the fixed output of swap legs. */
  private takeLeg(org: OrgId, leg: LegOp): bigint | undefined {
    switch (leg.type) {
      case 'transfer':
        new Rules()
          .require(this.assets.has(leg.asset), 'UnknownAsset')
          .require(this.accounts.has(leg.from) && this.accounts.has(leg.to), 'UnknownAccount')
          .require(owner(leg.from) === org, 'NotOwner')
          .gate();
        this.takeFunds(leg.asset, leg.from, leg.amount, 'InsufficientFunds');
        return undefined;
      case 'issue': {
        const asset = this.assets.get(leg.asset);
        new Rules().require(asset !== undefined, 'UnknownAsset').gate();
        new Rules()
          .require(asset!.issuer === org, 'NotIssuer')
          .require(this.accounts.has(leg.to), 'UnknownAccount')
          .gate();
        return undefined;
      }
      case 'burn': {
        const asset = this.assets.get(leg.asset);
        new Rules().require(asset !== undefined, 'UnknownAsset').gate();
        new Rules()
          .require(asset!.issuer === org, 'NotIssuer')
          .require(this.accounts.has(leg.from), 'UnknownAccount')
          .require(owner(leg.from) === org, 'NotOwner')
          .gate();
        this.takeFunds(leg.asset, leg.from, leg.amount, 'InsufficientFunds');
        return undefined;
      }
      case 'swap': {
        const pool = this.pools.get(leg.pool);
        new Rules().require(pool !== undefined, 'UnknownPool').gate();
        new Rules()
          .require(leg.assetIn === pool!.assetA || leg.assetIn === pool!.assetB, 'InvalidArgument')
          .gate();
        new Rules()
          .require(this.accounts.has(leg.from) && this.accounts.has(leg.to), 'UnknownAccount')
          .require(owner(leg.from) === org, 'NotOwner')
          .gate();
        const p = pool!;
        const inIsA = leg.assetIn === p.assetA;
        // Priced as if every open held swap had completed: x·y = k over reserve + pending,
        // fee kept in the pool: out = y·in' / (x + in'), in' = in·(1 − fee).
        const x = inIsA ? p.reserveA + p.pendingA : p.reserveB + p.pendingB;
        const y = inIsA ? p.reserveB + p.pendingB : p.reserveA + p.pendingA;
        const feeKept = BigInt(10_000 - p.feeBps);
        const out = (y * leg.amountIn * feeKept) / (x * 10_000n + leg.amountIn * feeKept);
        // ...but paid from what the pool actually holds.
        const payable = inIsA ? p.reserveB : p.reserveA;
        new Rules()
          .require(out > 0n && out < payable, 'InsufficientLiquidity')
          .require(out >= leg.minOut, 'SlippageExceeded')
          .require(this.balance(leg.assetIn, leg.from) >= leg.amountIn, 'InsufficientFunds')
          .gate();
        this.add(leg.assetIn, leg.from, -leg.amountIn);
        if (inIsA) {
          p.reserveB -= out;
          p.pendingA += leg.amountIn;
        } else {
          p.reserveA -= out;
          p.pendingB += leg.amountIn;
        }
        return out;
      }
      case 'fxSwap': {
        const quote = this.quotes.get(leg.quote);
        new Rules().require(quote?.active === true, 'UnknownQuote').gate();
        new Rules()
          .require(this.accounts.has(leg.from) && this.accounts.has(leg.to), 'UnknownAccount')
          .require(owner(leg.from) === org, 'NotOwner')
          .gate();
        const q = quote!;
        new Rules()
          .require(q.validUntilMs === undefined || this.nowMs < q.validUntilMs, 'QuoteExpired')
          .gate();
        const gross = (leg.amountIn * q.num * BigInt(10_000 - q.feeBps)) / (q.den * 10_000n);
        const out = gross > q.feeFixed ? gross - q.feeFixed : 0n;
        new Rules()
          .require(leg.amountIn <= q.maxIn, 'QuoteLimitExceeded')
          .require(out > 0n, 'InsufficientLiquidity')
          .require(out >= leg.minOut, 'SlippageExceeded')
          .require(this.balance(q.assetIn, leg.from) >= leg.amountIn, 'InsufficientFunds')
          .gate();
        this.add(q.assetIn, leg.from, -leg.amountIn);
        this.takeFunds(q.assetOut, q.dealer, out, 'InsufficientLiquidity');
        return out;
      }
    }
  }

  private takeFunds(asset: string, account: string, amount: bigint, shortfall: ErrorCode): void {
    new Rules().require(this.balance(asset, account) >= amount, shortfall).gate();
    this.add(asset, account, -amount);
  }

  /** The credit half: pays out what takeLeg took. */
  private payLeg(leg: LegOp, out: bigint | undefined): void {
    switch (leg.type) {
      case 'transfer':
        return this.add(leg.asset, leg.to, leg.amount);
      case 'issue':
        this.supplies.set(leg.asset, (this.supplies.get(leg.asset) ?? 0n) + leg.amount);
        return this.add(leg.asset, leg.to, leg.amount);
      case 'burn':
        this.supplies.set(leg.asset, (this.supplies.get(leg.asset) ?? 0n) - leg.amount);
        return;
      case 'swap': {
        // The pending input joins the reserve.
        const pool = this.pools.get(leg.pool)!;
        const inIsA = leg.assetIn === pool.assetA;
        if (inIsA) {
          pool.pendingA -= leg.amountIn;
          pool.reserveA += leg.amountIn;
        } else {
          pool.pendingB -= leg.amountIn;
          pool.reserveB += leg.amountIn;
        }
        return this.add(inIsA ? pool.assetB : pool.assetA, leg.to, out!);
      }
      case 'fxSwap': {
        const quote = this.quotes.get(leg.quote)!;
        this.add(quote.assetIn, quote.dealer, leg.amountIn);
        return this.add(quote.assetOut, leg.to, out!);
      }
    }
  }

  /** Undoes what takeLeg took. */
  private returnLeg(leg: LegOp, out: bigint | undefined): void {
    switch (leg.type) {
      case 'transfer':
      case 'burn':
        return this.add(leg.asset, leg.from, leg.amount);
      case 'issue':
        return;
      case 'swap': {
        // The output goes back to the reserve, the pending input back to the trader.
        const pool = this.pools.get(leg.pool)!;
        if (leg.assetIn === pool.assetA) {
          pool.reserveB += out!;
          pool.pendingA -= leg.amountIn;
        } else {
          pool.reserveA += out!;
          pool.pendingB -= leg.amountIn;
        }
        return this.add(leg.assetIn, leg.from, leg.amountIn);
      }
      case 'fxSwap': {
        const quote = this.quotes.get(leg.quote)!;
        this.add(quote.assetOut, quote.dealer, out!);
        return this.add(quote.assetIn, leg.from, leg.amountIn);
      }
    }
  }

  private placeHold(org: OrgId, id: string, legs: LegOp[], lock: HoldLock): bigint[] {
    const expiresAtMs = lock.kind === 'htlc' ? lock.expiresAtMs : lock.deadlineMs;
    new Rules()
      .require(!this.holds.has(id), 'HoldExists')
      .require(expiresAtMs > this.nowMs, 'Expired')
      .gate();
    const outs = new Map<number, bigint>();
    legs.forEach((leg, index) => {
      const out = this.takeLeg(org, leg);
      if (out !== undefined) outs.set(index, out);
    });
    this.holds.set(id, { legs, lock, status: 'open', outs });
    return [...outs.values()];
  }

  private resolve(
    org: OrgId,
    op: Extract<LedgerOp, { type: 'claim' | 'refund' | 'commit' | 'abort' }>,
  ): bigint[] {
    const hold = this.holds.get(op.hold);
    new Rules().require(hold !== undefined, 'UnknownHold').gate();
    const { lock, status } = hold!;
    const htlcOp = op.type === 'claim' || op.type === 'refund';
    new Rules().require((lock.kind === 'htlc') === htlcOp, 'WrongLockType').gate();
    new Rules().require(status === 'open', 'HoldResolved').gate();
    const rules = new Rules();
    let next: HoldStatus;
    if (op.type === 'claim' && lock.kind === 'htlc') {
      rules
        .require(this.nowMs < lock.expiresAtMs, 'Expired')
        .require(sha256Hex(op.secret) === lock.hashlock, 'HashlockMismatch');
      next = 'claimed';
    } else if (op.type === 'refund' && lock.kind === 'htlc') {
      rules.require(this.nowMs >= lock.expiresAtMs, 'NotExpired');
      next = 'refunded';
    } else if (op.type === 'commit' && lock.kind === 'escrow') {
      rules
        .require(org === lock.coordinator, 'NotCoordinator')
        .require(this.nowMs < lock.deadlineMs, 'Expired');
      next = 'committed';
    } else if (lock.kind === 'escrow') {
      rules.require(org === lock.coordinator || this.nowMs >= lock.deadlineMs, 'NotCoordinator');
      next = 'aborted';
    } else {
      throw new Error('model: unreachable hold resolution');
    }
    rules.gate();
    const paysOut = next === 'claimed' || next === 'committed';
    hold!.legs.forEach((leg, index) =>
      paysOut
        ? this.payLeg(leg, hold!.outs.get(index))
        : this.returnLeg(leg, hold!.outs.get(index)),
    );
    hold!.status = next;
    return paysOut ? [...hold!.outs.values()] : [];
  }

  private createPool(org: OrgId, op: Extract<LedgerOp, { type: 'createPool' }>): bigint[] {
    new Rules()
      .require(!this.pools.has(op.pool), 'PoolExists')
      .require(op.assetA !== op.assetB, 'InvalidArgument')
      .require(this.assets.has(op.assetA) && this.assets.has(op.assetB), 'UnknownAsset')
      .require(this.accounts.has(op.from), 'UnknownAccount')
      .require(owner(op.from) === org, 'NotOwner')
      .gate();
    const pool: ModelPool = {
      assetA: op.assetA,
      assetB: op.assetB,
      reserveA: 0n,
      reserveB: 0n,
      pendingA: 0n,
      pendingB: 0n,
      feeBps: op.feeBps,
      totalShares: 0n,
      shares: new Map(),
    };
    this.pools.set(op.pool, pool);
    this.deposit(pool, op.from, op.amountA, op.amountB, squareRoot(op.amountA * op.amountB));
    return [];
  }

  private deposit(
    pool: ModelPool,
    from: string,
    takeA: bigint,
    takeB: bigint,
    shares: bigint,
  ): void {
    new Rules()
      .require(
        this.balance(pool.assetA, from) >= takeA && this.balance(pool.assetB, from) >= takeB,
        'InsufficientFunds',
      )
      .gate();
    this.add(pool.assetA, from, -takeA);
    this.add(pool.assetB, from, -takeB);
    pool.reserveA += takeA;
    pool.reserveB += takeB;
    pool.totalShares += shares;
    pool.shares.set(from, (pool.shares.get(from) ?? 0n) + shares);
  }

  private addLiquidity(org: OrgId, op: Extract<LedgerOp, { type: 'addLiquidity' }>): bigint[] {
    const pool = this.pools.get(op.pool);
    new Rules().require(pool !== undefined, 'UnknownPool').gate();
    new Rules()
      .require(this.accounts.has(op.from), 'UnknownAccount')
      .require(owner(op.from) === org, 'NotOwner')
      .gate();
    const p = pool!;
    // Deposits and withdrawals go by what the pool holds: pending inputs may yet be refunded.
    if (p.totalShares === 0n) {
      this.deposit(p, op.from, op.amountA, op.amountB, squareRoot(op.amountA * op.amountB));
      return [];
    }
    const byA = (op.amountA * p.totalShares) / p.reserveA;
    const byB = (op.amountB * p.totalShares) / p.reserveB;
    const shares = byA < byB ? byA : byB;
    new Rules().require(shares > 0n, 'InvalidAmount').gate();
    // Take the proportional amounts, rounded up so the pool is never short.
    const ceil = (n: bigint, d: bigint) => (n % d === 0n ? n / d : n / d + 1n);
    this.deposit(
      p,
      op.from,
      ceil(shares * p.reserveA, p.totalShares),
      ceil(shares * p.reserveB, p.totalShares),
      shares,
    );
    return [];
  }

  private removeLiquidity(
    org: OrgId,
    op: Extract<LedgerOp, { type: 'removeLiquidity' }>,
  ): bigint[] {
    const pool = this.pools.get(op.pool);
    new Rules().require(pool !== undefined, 'UnknownPool').gate();
    new Rules()
      .require(this.accounts.has(op.to), 'UnknownAccount')
      .require(owner(op.to) === org, 'NotOwner')
      .gate();
    const p = pool!;
    const held = p.shares.get(op.to) ?? 0n;
    new Rules().require(held >= op.shares, 'InsufficientFunds').gate();
    const payA = (op.shares * p.reserveA) / p.totalShares;
    const payB = (op.shares * p.reserveB) / p.totalShares;
    p.reserveA -= payA;
    p.reserveB -= payB;
    p.totalShares -= op.shares;
    p.shares.set(op.to, held - op.shares);
    this.add(p.assetA, op.to, payA);
    this.add(p.assetB, op.to, payB);
    return [];
  }
}
