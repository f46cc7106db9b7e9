// A seeded list of transfers between account indices, shared by a figure and its baselines so
// both sides move exactly the same money between exactly the same accounts.
import { createRng } from '../../router/scenario/rng';

export interface TransferSpec {
  from: number;
  to: number;
  amount: bigint;
}

export function randomTransfers(count: number, accounts: number, seed = 1): TransferSpec[] {
  const rng = createRng(seed, 'bench-transfers');
  return Array.from({ length: count }, () => {
    const from = rng.intBelow(accounts);
    // Any other account: shift by 1..accounts-1 so from !== to.
    const to = (from + 1 + rng.intBelow(accounts - 1)) % accounts;
    return { from, to, amount: rng.bigintBetween(1n, 10_000n) };
  });
}
