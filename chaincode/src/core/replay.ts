// Running the synchronous core against an asynchronous store (Fabric's chaincode stub) by
// re-execution: the core runs against what has been fetched so far; reading anything else stops
// the run, the adapter fetches it and runs the core again from the start. The core is
// deterministic and writes only to its per-run overlay, so each run reads a prefix of the next
// run's reads and the last run returns what one run over the stub itself would: the stub sees
// each key and range read once, the same read set, and the writes applied after the last run.
import type { StateStore } from './store';

/** The reads an asynchronous store answers. */
export interface AsyncReads {
  get(key: string): Promise<string | undefined>;
  scan(objectType: string, attributes: string[]): Promise<Array<[string, string]>>;
}

/** Thrown by a ReplayStore read of something not fetched yet; caught by replay() only. */
class NotFetched {
  constructor(readonly fetch: () => Promise<void>) {}
}

const rangeId = (objectType: string, attributes: string[]): string =>
  JSON.stringify([objectType, attributes]);

/** Read-only: the core buffers its writes in a TxOverlay, never writing to the store it reads. */
class ReplayStore implements StateStore {
  private readonly values = new Map<string, string | undefined>();
  private readonly ranges = new Map<string, Array<[string, string]>>();

  constructor(private readonly source: AsyncReads) {}

  get(key: string): string | undefined {
    if (this.values.has(key)) return this.values.get(key);
    throw new NotFetched(async () => void this.values.set(key, await this.source.get(key)));
  }

  scan(objectType: string, attributes: string[]): Array<[string, string]> {
    const id = rangeId(objectType, attributes);
    const entries = this.ranges.get(id);
    if (entries) return entries.map(([key, value]) => [key, value]);
    throw new NotFetched(
      async () => void this.ranges.set(id, await this.source.scan(objectType, attributes)),
    );
  }

  put(): void {
    throw new Error('ReplayStore: the core writes to its overlay, never to the store it reads');
  }

  delete(): void {
    throw new Error('ReplayStore: the core writes to its overlay, never to the store it reads');
  }
}

/** `run`'s result over `source`, fetching each key and range it reads once. */
export async function replay<T>(source: AsyncReads, run: (store: StateStore) => T): Promise<T> {
  const store = new ReplayStore(source);
  for (;;) {
    try {
      return run(store);
    } catch (error) {
      if (!(error instanceof NotFetched)) throw error;
      await error.fetch();
    }
  }
}
