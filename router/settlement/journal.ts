// The router's journal: append-only, written before the router acts. Both implementations keep
// the same bounded in-memory index: full entries only for payments still in progress, and the
// running net issuance (for the auditor's supply check). Memory grows with concurrency, not with
// the payment count.
import type { LegOp } from '../../chaincode/src/core/types';
import type { JournalEntry } from './journal-entry';

export interface PendingPayment {
  payment: string;
  /** In append order; the first is always `accepted`. */
  entries: JournalEntry[];
}

/** ledger -> asset -> net amount issued minus burned by operations the router saw succeed. */
export type SupplyChanges = Map<string, Map<string, bigint>>;

export interface Journal {
  /**
   * Records the entry before returning (callers may observe it at once) and resolves once it is
   * durable. Throws on an entry that breaks the journal's own protocol: that is a bug.
   */
  append(entry: JournalEntry): Promise<void>;
  /** Payments without a `done` entry. */
  pending(): PendingPayment[];
  supplyChanges(): SupplyChanges;
  close(): Promise<void>;
}

/** The shared in-memory index; throws on an entry that breaks the journal's own protocol (a bug). */
export class JournalIndex {
  private readonly open = new Map<string, JournalEntry[]>();
  private readonly supply: SupplyChanges = new Map();

  ingest(entry: JournalEntry): void {
    if (entry.type === 'accepted') {
      if (this.open.has(entry.payment))
        throw new Error(`journal: payment ${entry.payment} accepted twice`);
      this.open.set(entry.payment, [entry]);
      return;
    }
    const entries = this.open.get(entry.payment);
    const accepted = entries?.[0];
    if (!entries || accepted?.type !== 'accepted') {
      throw new Error(
        `journal: ${entry.type} for payment ${entry.payment}, which is not in progress`,
      );
    }
    entries.push(entry);
    if (entry.type === 'resolved' && (entry.action === 'claim' || entry.action === 'commit')) {
      const step = accepted.steps.find((candidate) => candidate.hold === entry.hold);
      if (!step) throw new Error(`journal: payment ${entry.payment} has no hold ${entry.hold}`);
      this.addIssuance(step.ledger, step.legs);
    }
    if (entry.type === 'done') {
      if (accepted.protocol === 'atomic' && entry.outcome === 'settled') {
        for (const step of accepted.steps) this.addIssuance(step.ledger, step.legs);
      }
      this.open.delete(entry.payment);
    }
  }

  pending(): PendingPayment[] {
    return [...this.open].map(([payment, entries]) => ({ payment, entries: [...entries] }));
  }

  supplyChanges(): SupplyChanges {
    return new Map([...this.supply].map(([ledger, assets]) => [ledger, new Map(assets)]));
  }

  private addIssuance(ledger: string, legs: readonly LegOp[]): void {
    for (const leg of legs) {
      if (leg.type !== 'issue' && leg.type !== 'burn') continue;
      const assets = this.supply.get(ledger) ?? new Map<string, bigint>();
      this.supply.set(ledger, assets);
      const delta = leg.type === 'issue' ? leg.amount : -leg.amount;
      assets.set(leg.asset, (assets.get(leg.asset) ?? 0n) + delta);
    }
  }
}

/** The journal for fast simulations: the index alone, lost with the process. */
export function createMemoryJournal(): Journal {
  const index = new JournalIndex();
  return {
    append: async (entry) => index.ingest(entry),
    pending: () => index.pending(),
    supplyChanges: () => index.supplyChanges(),
    close: async () => {},
  };
}
