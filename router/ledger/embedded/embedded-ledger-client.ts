// The embedded backend: the chaincode core running in-process, one WorldState per ledger.
// Each ledger processes its transactions one at a time in submission order (as an orderer
// would sequence them), so results are deterministic: same calls, same state bytes.
import { evaluateQuery, prepareOp } from '../../../chaincode/src/core';
import { fail } from '../../../chaincode/src/core/result';
import type {
  LedgerOp,
  LedgerQuery,
  OrgId,
  QueryResult,
  Result,
} from '../../../chaincode/src/core/types';
import type { Clock } from '../clock';
import type { LedgerClient, Receipt } from '../ledger-client';
import { WorldState } from './world-state';

export interface EmbeddedLedgerOptions {
  /** Ledger (channel) name -> member orgs allowed to submit and evaluate. */
  ledgers: Record<string, { members: OrgId[] }>;
  clock: Clock;
  /** Modelled time from proposal to commit, added to receipts' committedAtMs. Default 0. */
  blockLatencyMs?: number;
}

export interface EmbeddedLedgerClient extends LedgerClient {
  readonly backend: 'embedded';
  /** The ledger's raw committed state, serialised deterministically. */
  stateBytes(ledger: string): string;
}

interface EmbeddedLedger {
  name: string;
  members: ReadonlySet<OrgId>;
  state: WorldState;
  transactions: number;
  /** Tail of this ledger's sequence of transactions and queries. */
  queue: Promise<unknown>;
}

const LEDGER_NAME = /^[a-z0-9][a-z0-9.-]*$/;

export function createEmbeddedLedgerClient(options: EmbeddedLedgerOptions): EmbeddedLedgerClient {
  const blockLatencyMs = options.blockLatencyMs ?? 0;
  if (!Number.isSafeInteger(blockLatencyMs) || blockLatencyMs < 0) {
    throw new RangeError(`blockLatencyMs must be a non-negative integer, got ${blockLatencyMs}`);
  }
  const ledgers = new Map<string, EmbeddedLedger>();
  for (const [name, { members }] of Object.entries(options.ledgers)) {
    // Fabric channel names are lower-case; the name also prefixes transaction ids.
    if (!LEDGER_NAME.test(name))
      throw new RangeError(`ledgers: invalid ledger name ${JSON.stringify(name)}`);
    ledgers.set(name, {
      name,
      members: new Set(members),
      state: new WorldState(),
      transactions: 0,
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
        ledger.transactions += 1;
        const txId = `${ledger.name}-${ledger.transactions}`;
        const prepared = await prepareOp(ledger.state, { invokerOrg: org, txId, nowMs }, op);
        if (!prepared.ok) return prepared;
        ledger.state.commit(prepared.value.writes);
        return {
          ok: true,
          value: { txId, committedAtMs: nowMs + blockLatencyMs, result: prepared.value.result },
        };
      });
    },

    async evaluate<Q extends LedgerQuery>(
      ledgerName: string,
      org: OrgId,
      query: Q,
    ): Promise<Result<QueryResult<Q>>> {
      const admitted = admit(ledgerName, org);
      if (!admitted.ok) return admitted;
      const ledger = admitted.value;
      return sequence(ledger, () => evaluateQuery(ledger.state, query));
    },

    nowMs: () => clock.nowMs(),

    stateBytes(ledgerName: string): string {
      const ledger = ledgers.get(ledgerName);
      if (!ledger) throw new RangeError(`stateBytes: unknown ledger ${JSON.stringify(ledgerName)}`);
      return ledger.state.bytes();
    },

    async close(): Promise<void> {
      closed = true;
      await Promise.all([...ledgers.values()].map((ledger) => ledger.queue));
    },
  };
}
