// A router process that can crash. A crash ends every piece of router work at once: whatever it
// was waiting for (a ledger reply, a journal write, a timer) never comes back to it, exactly as
// if the process had died — so no code after the crash point runs, not even a catch handler.
// Transactions already sent still land on their ledgers; the ledgers do not depend on the router.
// A restart begins a new incarnation, which only the journal and the ledgers connect to the old.
import { decorateClient, type LedgerClient } from '../ledger/ledger-client';
import type { Journal } from '../settlement/journal';
import type { JournalEntry } from '../settlement/journal-entry';
import type { Sleeper } from './scheduler';

/** A fresh promise per caller, so an abandoned continuation is garbage once nothing else holds it. */
function never<T>(): Promise<T> {
  return new Promise<T>(() => {});
}

export class RouterLife {
  private incarnation = 0;
  private up = true;
  /** Releases the watchers of this incarnation's work (see untilCrash). */
  private readonly watchers = new Set<() => void>();

  get alive(): boolean {
    return this.up;
  }

  crash(): void {
    this.up = false;
    this.incarnation++;
    for (const release of this.watchers) release();
    this.watchers.clear();
  }

  restart(): void {
    this.up = true;
    this.incarnation++;
  }

  /** Runs `work` for the current incarnation; its result reaches the caller only if it is still alive. */
  guard<T>(work: () => Promise<T>): Promise<T> {
    if (!this.up) return never();
    const incarnation = this.incarnation;
    return work().then((value) => (incarnation === this.incarnation ? value : never<T>()));
  }

  /**
   * Settles when `work` does, or at once when this incarnation crashes: what a run waits for.
   * Work a crash froze never settles, and no run may wait for it.
   */
  untilCrash(work: Promise<unknown>): Promise<void> {
    if (!this.up) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.watchers.add(resolve);
      work.then(
        () => {
          this.watchers.delete(resolve);
          resolve();
        },
        (error: unknown) => {
          this.watchers.delete(resolve);
          reject(error);
        },
      );
    });
  }
}

export function mortalClient(client: LedgerClient, life: RouterLife): LedgerClient {
  return decorateClient(client, {
    submit: (ledger, org, op) => life.guard(() => client.submit(ledger, org, op)),
    evaluate: (ledger, org, query) => life.guard(() => client.evaluate(ledger, org, query)),
  });
}

export function mortalTime(time: Sleeper, life: RouterLife): Sleeper {
  return {
    nowMs: () => time.nowMs(),
    sleepUntil: (atMs) => life.guard(() => time.sleepUntil(atMs)),
  };
}

/**
 * The journal as a mortal router sees it. `afterAppend` runs as soon as an entry is recorded
 * (both journals record synchronously inside append), in the same turn, so nothing can happen
 * between an entry becoming durable and the engine noticing it. It may crash the router (a crash
 * "at" a protocol step happens right after that step's entry is written): the writer then never
 * hears back.
 */
export function mortalJournal(
  journal: Journal,
  life: RouterLife,
  afterAppend: (entry: JournalEntry) => void,
): Journal {
  return {
    append: (entry) =>
      life.guard(() => {
        const written = journal.append(entry);
        afterAppend(entry);
        return written;
      }),
    pending: () => journal.pending(),
    supplyChanges: () => journal.supplyChanges(),
    close: () => journal.close(),
  };
}
