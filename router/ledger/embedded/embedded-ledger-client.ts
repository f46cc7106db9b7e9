// The embedded backend: the chaincode core running in-process, one WorldState per ledger,
// modelling Fabric's execute–order–validate. A transaction is simulated against the committed
// state as of its submission, recording what it read (read-set.ts); blocks are validated in
// order, and a transaction is invalidated, with no effect, when an earlier one changed a key it
// read or a range it scanned (recent-writes.ts). Two ways to order:
//   - as created: every transaction is its own block, cut at once, in submission order (setup,
//     tests, props: no clock has to run for a call to return);
//   - ordered(): blocks cut by BatchTimeout and size on a timer, as a Fabric orderer does, so
//     contention emerges from concurrent work (simulations).
// Both share the ledgers and the validation; deterministic: same calls, same state bytes.
import { evaluateQuery, prepareOp } from '../../../chaincode/src/core';
import { fail, ok } from '../../../chaincode/src/core/result';
import type { StateWrite } from '../../../chaincode/src/core/store';
import type {
  LedgerOp,
  LedgerQuery,
  OpResult,
  OrgId,
  QueryResult,
  Result,
} from '../../../chaincode/src/core/types';
import type { Clock } from '../clock';
import type { LedgerClient, Receipt } from '../ledger-client';
import { type ReadSet, RecordingView } from './read-set';
import { CONFLICT_REASONS, type ConflictReason, printableKey, RecentWrites } from './recent-writes';
import { WorldState } from './world-state';

export interface EmbeddedLedgerOptions {
  /** Ledger (channel) name -> member orgs allowed to submit and evaluate. */
  ledgers: Record<string, { members: OrgId[] }>;
  clock: Clock;
  /** One-transaction blocks only: modelled time to commit, added to receipts' committedAtMs. Default 0. */
  blockLatencyMs?: number;
  /** Per ledger, hot keys of the cold object types before the oldest move to the cold tier. */
  hotLimit?: number;
}

/** What ordering waits on: the simulation's scheduler (virtual or wall-clock time). */
export interface BlockTimer {
  nowMs(): number;
  sleepUntil(atMs: number): Promise<void>;
}

export interface OrderingOptions {
  time: BlockTimer;
  /** Fabric BatchTimeout: a block is cut this long after its first transaction arrived... */
  batchTimeoutMs: number;
  /** ...or as soon as it holds this many (BatchSize.MaxMessageCount). */
  maxBlockTransactions: number;
  /**
   * Per ledger, default 0: endorsement, delivery to the orderer and commit, on top of the wait
   * for the cut. The transaction is simulated at submission and reaches the orderer this much
   * later, so its read set is exposed to everything committed in between.
   */
  commitLatencyMs?: Readonly<Record<string, number>>;
}

export interface BlockStats {
  blocks: number;
  /** Transactions validated; an endorsement failure never reaches a block. */
  transactions: number;
  invalidated: Record<ConflictReason, number>;
}

export interface OrderedLedgerClient extends LedgerClient {
  /** Per ledger, since ordered() was called. */
  blockStats(): Record<string, BlockStats>;
}

export interface EmbeddedLedgerClient extends LedgerClient {
  readonly backend: 'embedded';
  /** The ledger's raw committed state, serialised deterministically. */
  stateBytes(ledger: string): string;
  /** The same ledgers, with transactions cut into blocks by time and size. */
  ordered(options: OrderingOptions): OrderedLedgerClient;
}

interface EmbeddedLedger {
  name: string;
  members: ReadonlySet<OrgId>;
  state: WorldState;
  transactions: number;
  blocks: number;
  recent: RecentWrites;
  /** Read sets simulated, not yet validated, in simulation order: the first is the oldest. */
  inFlight: Set<ReadSet>;
  /** Tail of this ledger's sequence of one-transaction blocks and queries. */
  queue: Promise<unknown>;
}

interface Endorsed {
  txId: string;
  reads: ReadSet;
  writes: StateWrite[];
  result: OpResult;
}

interface Verdict {
  result: Result<Receipt>;
  conflict: ConflictReason | null;
}

const LEDGER_NAME = /^[a-z0-9][a-z0-9.-]*$/;

export function createEmbeddedLedgerClient(options: EmbeddedLedgerOptions): EmbeddedLedgerClient {
  const blockLatencyMs = options.blockLatencyMs ?? 0;
  checkInteger('blockLatencyMs', blockLatencyMs, 0);
  const ledgers = new Map<string, EmbeddedLedger>();
  for (const [name, { members }] of Object.entries(options.ledgers)) {
    // Fabric channel names are lower-case; the name also prefixes transaction ids.
    if (!LEDGER_NAME.test(name))
      throw new RangeError(`ledgers: invalid ledger name ${JSON.stringify(name)}`);
    ledgers.set(name, {
      name,
      members: new Set(members),
      state: new WorldState(options.hotLimit === undefined ? {} : { hotLimit: options.hotLimit }),
      transactions: 0,
      blocks: 0,
      recent: new RecentWrites(),
      inFlight: new Set(),
      queue: Promise.resolve(),
    });
  }
  const { clock } = options;
  let closed = false;

  function sequence<T>(ledger: EmbeddedLedger, work: () => Promise<T>): Promise<T> {
    const done = ledger.queue.then(work);
    ledger.queue = done.catch(() => undefined);
    return done;
  }

  function admit(ledgerName: string, org: OrgId): Result<EmbeddedLedger> {
    if (closed) throw new Error('embedded ledger client used after close()');
    const ledger = ledgers.get(ledgerName);
    if (!ledger) {
      return fail(
        'InvalidArgument',
        `ledger: unknown ledger ${JSON.stringify(ledgerName)} (known: ${[...ledgers.keys()].join(', ')})`,
      );
    }
    if (!ledger.members.has(org))
      return fail('NotMember', `org: ${org} is not a member of ledger ${ledgerName}`);
    return { ok: true, value: ledger };
  }

  /** Simulation, as an endorser runs it: a result and a write set, or the ledger's refusal. */
  function endorse(
    ledger: EmbeddedLedger,
    org: OrgId,
    op: LedgerOp,
    nowMs: number,
  ): Result<Endorsed> {
    ledger.transactions += 1;
    const txId = `${ledger.name}-${ledger.transactions}`;
    const reads = new RecordingView(ledger.state);
    ledger.inFlight.add(reads);
    const prepared = prepareOp(reads, { invokerOrg: org, txId, nowMs }, op);
    if (!prepared.ok) {
      ledger.inFlight.delete(reads);
      return prepared;
    }
    return ok({ txId, reads, ...prepared.value });
  }

  /** Validates a block in order; each valid transaction's writes commit under a new version. */
  function commitBlock(ledger: EmbeddedLedger, block: Endorsed[], atMs: number): Verdict[] {
    ledger.blocks += 1;
    const verdicts = block.map((tx): Verdict => {
      ledger.inFlight.delete(tx.reads);
      const conflict = ledger.recent.conflict(tx.reads);
      if (conflict) {
        const what = printableKey(conflict.key, conflict.reason === 'PHANTOM_READ_CONFLICT');
        return {
          conflict: conflict.reason,
          result: fail(
            'MvccConflict',
            `transaction ${tx.txId} was invalidated at commit in block ${ledger.blocks} (${conflict.reason}: ${what} changed after it was simulated)`,
          ),
        };
      }
      ledger.state.commit(tx.writes);
      // With nothing else in flight nobody can have missed these writes (one-transaction blocks).
      if (ledger.inFlight.size > 0) ledger.recent.record(ledger.state.version, tx.writes);
      return {
        conflict: null,
        result: ok({ txId: tx.txId, committedAtMs: atMs, result: tx.result }),
      };
    });
    const [oldest] = ledger.inFlight;
    ledger.recent.forgetUpTo(oldest?.version ?? ledger.state.version);
    return verdicts;
  }

  function evaluate<Q extends LedgerQuery>(
    ledgerName: string,
    org: OrgId,
    query: Q,
  ): Promise<Result<QueryResult<Q>>> {
    const admitted = admit(ledgerName, org);
    if (!admitted.ok) return Promise.resolve(admitted);
    const ledger = admitted.value;
    return sequence(ledger, async () => evaluateQuery(ledger.state, query));
  }

  async function close(): Promise<void> {
    closed = true;
    await Promise.all([...ledgers.values()].map((ledger) => ledger.queue));
  }

  function ordered(ordering: OrderingOptions): OrderedLedgerClient {
    const { time, batchTimeoutMs, maxBlockTransactions } = ordering;
    checkInteger('batchTimeoutMs', batchTimeoutMs, 1);
    checkInteger('maxBlockTransactions', maxBlockTransactions, 1);
    const latencies = ordering.commitLatencyMs ?? {};
    for (const [name, latencyMs] of Object.entries(latencies)) {
      if (!ledgers.has(name))
        throw new RangeError(`commitLatencyMs: unknown ledger ${JSON.stringify(name)}`);
      checkInteger(`commitLatencyMs.${name}`, latencyMs, 0);
    }
    const stats = new Map<EmbeddedLedger, BlockStats>();
    for (const ledger of ledgers.values()) {
      const invalidated = Object.fromEntries(CONFLICT_REASONS.map((reason) => [reason, 0]));
      stats.set(ledger, {
        blocks: 0,
        transactions: 0,
        invalidated: invalidated as BlockStats['invalidated'],
      });
    }
    type Waiting = { tx: Endorsed; settle: (result: Result<Receipt>) => void };
    /** Each ledger's block being filled. */
    const filling = new Map<EmbeddedLedger, Waiting[]>();

    function cut(ledger: EmbeddedLedger, block: Waiting[]): void {
      // A block cut when full leaves its timer behind.
      if (filling.get(ledger) !== block) return;
      filling.delete(ledger);
      const verdicts = commitBlock(
        ledger,
        block.map(({ tx }) => tx),
        time.nowMs(),
      );
      const counts = stats.get(ledger)!;
      counts.blocks += 1;
      counts.transactions += block.length;
      verdicts.forEach(({ result, conflict }, i) => {
        if (conflict) counts.invalidated[conflict] += 1;
        // Each submitter resumes as its own event, in block order: the scheduler, not the
        // microtask queue, then orders what they do next.
        void time.sleepUntil(time.nowMs()).then(() => block[i]!.settle(result));
      });
    }

    function order(ledger: EmbeddedLedger, tx: Endorsed): Promise<Result<Receipt>> {
      return new Promise((settle) => {
        let block = filling.get(ledger);
        if (!block) {
          block = [];
          filling.set(ledger, block);
          const opened = block;
          void time.sleepUntil(time.nowMs() + batchTimeoutMs).then(() => cut(ledger, opened));
        }
        block.push({ tx, settle });
        if (block.length >= maxBlockTransactions) cut(ledger, block);
      });
    }

    return {
      backend: 'embedded',
      ledgers: [...ledgers.keys()],
      async submit(ledgerName, org, op) {
        const admitted = admit(ledgerName, org);
        if (!admitted.ok) return admitted;
        const ledger = admitted.value;
        // Awaited only after the simulation, but set now: transactions reach the orderer in
        // submission order, however long each simulation takes.
        const arrival = time.sleepUntil(time.nowMs() + (latencies[ledgerName] ?? 0));
        const endorsed = endorse(ledger, org, op, clock.nowMs());
        if (!endorsed.ok) return endorsed;
        await arrival;
        return order(ledger, endorsed.value);
      },
      evaluate,
      nowMs: () => clock.nowMs(),
      blockStats: () =>
        Object.fromEntries(
          [...stats].map(([ledger, counts]) => [
            ledger.name,
            { ...counts, invalidated: { ...counts.invalidated } },
          ]),
        ),
      close,
    };
  }

  return {
    backend: 'embedded',
    ledgers: [...ledgers.keys()],

    async submit(ledgerName: string, org: OrgId, op: LedgerOp): Promise<Result<Receipt>> {
      const admitted = admit(ledgerName, org);
      if (!admitted.ok) return admitted;
      const ledger = admitted.value;
      // The proposal is stamped when submitted, as a Fabric client stamps its proposal.
      const nowMs = clock.nowMs();
      return sequence(ledger, async () => {
        const endorsed = endorse(ledger, org, op, nowMs);
        if (!endorsed.ok) return endorsed;
        return commitBlock(ledger, [endorsed.value], nowMs + blockLatencyMs)[0]!.result;
      });
    },

    evaluate,
    nowMs: () => clock.nowMs(),

    stateBytes(ledgerName: string): string {
      const ledger = ledgers.get(ledgerName);
      if (!ledger) throw new RangeError(`stateBytes: unknown ledger ${JSON.stringify(ledgerName)}`);
      return ledger.state.bytes();
    },

    ordered,
    close,
  };
}

function checkInteger(name: string, value: number, min: number): void {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new RangeError(
      `${name} must be ${min === 0 ? 'a non-negative' : 'a positive'} integer, got ${value}`,
    );
  }
}
