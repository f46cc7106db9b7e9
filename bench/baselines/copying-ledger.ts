// E1's naive ledger: all-or-nothing by copying. Every transaction clones the whole state, applies
// its change to the copy and swaps the copy in, so a failed check never leaves a half-applied
// change — the simplest correct way to get atomicity, and O(state) per transaction.
import type { AccountId } from '../../chaincode/src/core/types';

export class CopyingLedger {
  private state: ReadonlyMap<AccountId, bigint>;

  constructor(accounts: readonly AccountId[], opening: bigint) {
    this.state = new Map(accounts.map((account) => [account, opening]));
  }

  get size(): number {
    return this.state.size;
  }

  /** False when `from` cannot pay; the state is then the one before the call. */
  transfer(from: AccountId, to: AccountId, amount: bigint): boolean {
    const next = new Map(this.state);
    const held = next.get(from) ?? 0n;
    if (held < amount) return false;
    next.set(from, held - amount);
    next.set(to, (next.get(to) ?? 0n) + amount);
    this.state = next;
    return true;
  }
}
