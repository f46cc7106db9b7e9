// E1's lower bound: double-entry bookkeeping with nothing else — a Map of bigint balances, a
// funds check, one debit and one matching credit. No ids, no ownership, no encoding, no atomicity.
import type { AccountId } from '../../chaincode/src/core/types';

export class RawLedger {
  private readonly balances = new Map<AccountId, bigint>();

  constructor(accounts: readonly AccountId[], opening: bigint) {
    for (const account of accounts) this.balances.set(account, opening);
  }

  /** False when `from` cannot pay; nothing changes then. */
  transfer(from: AccountId, to: AccountId, amount: bigint): boolean {
    const held = this.balances.get(from) ?? 0n;
    if (held < amount) return false;
    this.balances.set(from, held - amount);
    this.balances.set(to, (this.balances.get(to) ?? 0n) + amount);
    return true;
  }
}
