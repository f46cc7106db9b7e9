// The ledger invariants of DESIGN §4, checked on a real ledger snapshot without the model,
// plus the comparison of a snapshot against the model. Each returns a list of problems.
import type { HoldStatus, LedgerSnapshot } from '../../chaincode/src/core/types';
import type { LedgerModel } from './ledger-model';

/** Per asset: Σ balances + Σ pool reserves + Σ open-hold reservations = supply; nothing negative. */
export function conservationProblems(snapshot: LedgerSnapshot): string[] {
  const problems: string[] = [];
  const accounted = new Map<string, bigint>();
  const add = (asset: string, amount: bigint, where: string) => {
    if (amount < 0n) problems.push(`negative ${asset} amount ${amount} at ${where}`);
    accounted.set(asset, (accounted.get(asset) ?? 0n) + amount);
  };
  for (const [asset, perAccount] of Object.entries(snapshot.balances)) {
    for (const [account, amount] of Object.entries(perAccount))
      add(asset, amount, `balance of ${account}`);
  }
  for (const pool of Object.values(snapshot.pools)) {
    add(pool.assetA, pool.reserveA, `pool ${pool.id}`);
    add(pool.assetB, pool.reserveB, `pool ${pool.id}`);
  }
  for (const hold of Object.values(snapshot.holds)) {
    if (hold.status !== 'open') continue;
    for (const [asset, amount] of Object.entries(hold.reserved))
      add(asset, amount, `hold ${hold.id}`);
  }
  for (const asset of Object.keys(snapshot.assets)) {
    const supply = snapshot.supplies[asset] ?? 0n;
    const total = accounted.get(asset) ?? 0n;
    if (total !== supply)
      problems.push(`${asset}: balances + reserves + holds = ${total}, supply = ${supply}`);
  }
  return problems;
}

/** Each pool's pending inputs are exactly the inputs of the swap legs of its open holds. */
export function pendingProblems(snapshot: LedgerSnapshot): string[] {
  const expected = new Map<string, bigint>();
  for (const hold of Object.values(snapshot.holds)) {
    if (hold.status !== 'open') continue;
    for (const leg of hold.legs) {
      if (leg.type !== 'swap') continue;
      const key = `${leg.pool} ${leg.assetIn}`;
      expected.set(key, (expected.get(key) ?? 0n) + leg.amountIn);
    }
  }
  const problems: string[] = [];
  for (const pool of Object.values(snapshot.pools)) {
    for (const [asset, pending] of [
      [pool.assetA, pool.pendingA],
      [pool.assetB, pool.pendingB],
    ] as const) {
      const held = expected.get(`${pool.id} ${asset}`) ?? 0n;
      if (pending !== held)
        problems.push(
          `pool ${pool.id}: ${asset} pending ${pending}, open held swaps put in ${held}`,
        );
    }
  }
  return problems;
}

/** A hold that left `open` never changes status again, and no hold disappears. */
export function holdResolutionProblems(
  before: ReadonlyMap<string, HoldStatus>,
  snapshot: LedgerSnapshot,
): string[] {
  const problems: string[] = [];
  for (const [id, status] of before) {
    const now = snapshot.holds[id]?.status;
    if (now === undefined) problems.push(`hold ${id} disappeared`);
    else if (status !== 'open' && now !== status)
      problems.push(`hold ${id} resolved twice: ${status} then ${now}`);
  }
  return problems;
}

export function holdStatuses(snapshot: LedgerSnapshot): Map<string, HoldStatus> {
  return new Map(Object.values(snapshot.holds).map((hold) => [hold.id, hold.status]));
}

/** Balances, supplies, hold statuses, pools and quotes: the ledger must match the model exactly. */
export function modelProblems(snapshot: LedgerSnapshot, model: LedgerModel): string[] {
  const problems: string[] = [];
  const expect = (what: string, actual: unknown, expected: unknown) => {
    if (actual !== expected)
      problems.push(`${what}: ledger ${String(actual)}, model ${String(expected)}`);
  };
  const ledgerBalances = new Map<string, bigint>();
  for (const [asset, perAccount] of Object.entries(snapshot.balances)) {
    for (const [account, amount] of Object.entries(perAccount))
      ledgerBalances.set(`${asset} ${account}`, amount);
  }
  const keys = new Set([...ledgerBalances.keys(), ...model.balances.keys()]);
  for (const key of keys)
    expect(`balance ${key}`, ledgerBalances.get(key) ?? 0n, model.balances.get(key) ?? 0n);
  for (const asset of new Set([...Object.keys(snapshot.supplies), ...model.supplies.keys()])) {
    expect(`supply ${asset}`, snapshot.supplies[asset] ?? 0n, model.supplies.get(asset) ?? 0n);
  }
  expect('hold count', Object.keys(snapshot.holds).length, model.holds.size);
  for (const [id, hold] of model.holds)
    expect(`hold ${id} status`, snapshot.holds[id]?.status, hold.status);
  expect('pool count', Object.keys(snapshot.pools).length, model.pools.size);
  for (const [id, pool] of model.pools) {
    const actual = snapshot.pools[id];
    expect(`pool ${id} reserveA`, actual?.reserveA, pool.reserveA);
    expect(`pool ${id} reserveB`, actual?.reserveB, pool.reserveB);
    expect(`pool ${id} pendingA`, actual?.pendingA, pool.pendingA);
    expect(`pool ${id} pendingB`, actual?.pendingB, pool.pendingB);
    expect(`pool ${id} totalShares`, actual?.totalShares, pool.totalShares);
    for (const [account, shares] of pool.shares)
      expect(`pool ${id} shares of ${account}`, actual?.shares[account] ?? 0n, shares);
  }
  expect('quote count', Object.keys(snapshot.quotes).length, model.quotes.size);
  for (const [id, quote] of model.quotes)
    expect(`quote ${id} active`, snapshot.quotes[id]?.active, quote.active);
  expect('account count', snapshot.accounts.length, model.accounts.size);
  expect('asset count', Object.keys(snapshot.assets).length, model.assets.size);
  return problems;
}
