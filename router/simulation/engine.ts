// The discrete-event simulation. Payments arrive (Poisson, seeded), are routed against live
// ledger state and settled by their protocol, many in flight at once, on the backend the run was
// given (backend.ts): the embedded ledger, where every transaction costs its ledger's block
// latency plus the wait for its block in virtual time, and is invalidated when a concurrent one
// changed what it read, or a real network in wall-clock time. Faults wrap the ledger client; a
// router crash freezes every payment in flight until the restart, when recovery finishes them
// from the journal and the ledgers. The run ends at quiescence — every deadline passed, every
// payment ended — and the auditor then checks the ledgers.
//
// Flat memory: the workload is generated lazily, each finished payment becomes one CSV row and
// a few counter updates, and only payments in flight are held (see bookkeeping.ts).
import type { LedgerSnapshot } from '../../chaincode/src/core/types';
import type { LedgerClient } from '../ledger/ledger-client';
import type { ProtocolChoice } from '../routing/plan';
import { settledCostFn } from '../routing/cost';
import type { Scenario, WorkloadProfile } from '../scenario/types';
import type { SettlementDeps } from '../settlement/deps';
import { createMemoryJournal, type Journal } from '../settlement/journal';
import type { JournalEntry } from '../settlement/journal-entry';
import { recover } from '../settlement/recovery';
import { type Routed, settleWithRequotes } from '../settlement/requote';
import { AtomicityAudit, type HoldReader } from './atomicity-audit';
import { type AuditReport, audit, MAX_FINDINGS } from './auditor';
import type { Backend } from './backend';
import { Bookkeeping } from './bookkeeping';
import { createCompactor } from './compactor';
import { type FaultCounts, type LedgerFault, withFaults } from './fault-client';
import type { FaultSpec } from './fault-spec';
import { lockedLiquidity } from './locked-liquidity';
import { RunMetrics } from './metrics';
import type { PaymentRow } from './outputs';
import { createRng } from '../scenario/rng';
import { mortalClient, mortalJournal, mortalTime, RouterLife } from './router-life';
import { coordinatorPolicy, MAX_REQUOTES, settlementTiming } from './settlement-config';
import { startQuoteRefresh } from './quote-refresh';
import { createWorkload, type GeneratedPayment } from './workload';

/** A plan for one payment, or why there is none: a stable code and a sentence. */

/** The router as the engine uses it. */
export type RoutePayment = (payment: GeneratedPayment) => Promise<Routed>;

/** What a run's payments and faults are drawn from. */
export interface SimulationInputs {
  scenario: Scenario;
  profile: WorkloadProfile;
  payments: number;
  seed: number;
  strategies: readonly string[];
  protocols: readonly ProtocolChoice[];
  faults: readonly FaultSpec[];
}

export interface SimulationOptions extends SimulationInputs {
  /** The ledgers and the time the run happens on; the caller opens and closes it. */
  backend: Backend;
  /** Builds the router over the client it must read liquidity through (the router's own view). */
  makeRouter: (client: LedgerClient) => RoutePayment;
  /** Policy re-check at settlement: a message naming the violated rule, or null. */
  checkPolicy: SettlementDeps['checkPolicy'];
  /** Receives one row per payment as it finishes, in finishing order. */
  onRow: (row: PaymentRow) => void;
  /** Where the router journals (default: in memory); a file journal lets `corridor recover` finish a killed run. */
  journal?: Journal;
  /** Receives every journal entry as it is written (recovery's too), at the current time. */
  onJournal?: (entry: JournalEntry, atMs: number) => void;
  onProgress?: (finished: number) => void;
}

export interface SimulationResult {
  metrics: ReturnType<RunMetrics['summary']>;
  auditor: AuditReport;
  faults: FaultCounts & { crashes: number; recoveredPayments: number };
  /** Every ledger at quiescence, as the auditor saw it: open holds only. */
  finalState: Map<string, LedgerSnapshot>;
}

/** Credits an account takes before its owner compacts it. */
const COMPACT_AFTER_CREDITS = 32;

type CrashFault = Extract<FaultSpec, { kind: 'crash' }>;

export async function runSimulation(options: SimulationOptions): Promise<SimulationResult> {
  const { scenario, payments: total } = options;
  const { client: ledger, scheduler } = options.backend;
  const startMs = scheduler.nowMs();
  const before = await snapshots(ledger, scenario);

  const bugs: unknown[] = [];
  const track = (work: Promise<unknown>): void =>
    scheduler.track(work.catch((error: unknown) => void bugs.push(error)));
  // A transaction commits its ledger's block latency after submission, plus the wait for its
  // block to be cut (at most the batch timeout): injected conflicts answer then.
  const commitMs = (name: string): number =>
    (scenario.settlement.blockLatencyMs[name] ?? 0) + scenario.network.batchTimeoutMs;
  const ledgerFaults = options.faults.filter(
    (fault): fault is LedgerFault => fault.kind !== 'crash',
  );
  const faulty = withFaults(ledger, {
    faults: ledgerFaults,
    rng: createRng(options.seed, 'faults'),
    time: scheduler,
    startMs,
    blockLatencyMs: commitMs,
  });
  const metrics = new RunMetrics();
  const books = new Bookkeeping({
    nowMs: () => scheduler.nowMs(),
    metrics,
    locks: lockedLiquidity(scenario),
    compactor: createCompactor(scenario, faulty, COMPACT_AFTER_CREDITS, {
      idPrefix: options.backend.idPrefix,
      track,
    }),
    onRow: options.onRow,
    settledCost: settledCostFn(scenario),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });

  const life = new RouterLife();
  const journal = options.journal ?? createMemoryJournal();
  const crashes = pendingCrashes(options.faults, total, () => scheduler.nowMs() - startMs);
  let recovered = 0;
  const deferred: GeneratedPayment[] = [];
  // Router work ends with the router: a crash releases the run from waiting for it.
  const trackRouterWork = (work: Promise<unknown>): void => track(life.untilCrash(work));
  const atomicity = new AtomicityAudit(holdReader(ledger, scenario), track, MAX_FINDINGS);
  const afterAppend = (entry: JournalEntry): void => {
    const index = books.indexOf(entry.payment) ?? 0;
    books.observe(entry);
    atomicity.observe(entry);
    options.onJournal?.(entry, scheduler.nowMs());
    const crash = life.alive ? crashes.take(entry, index) : undefined;
    if (!crash) return;
    life.crash();
    books.crashed();
    scheduler.at(scheduler.nowMs() + crash.restartMs, restart);
  };
  const slowestDelayMs = Math.max(
    0,
    ...ledgerFaults.map((fault) => (fault.kind === 'delay' ? fault.delayMs : 0)),
  );
  const deps: SettlementDeps = {
    client: mortalClient(faulty, life),
    journal: mortalJournal(journal, life, afterAppend),
    time: mortalTime(scheduler, life),
    // Recovery's grace for an in-flight commit covers the block wait too.
    timing: settlementTiming(scenario, slowestDelayMs + scenario.network.batchTimeoutMs),
    randomSecret: () => options.backend.randomSecret(),
    coordinatorFor: coordinatorPolicy(scenario),
    checkPolicy: options.checkPolicy,
  };
  const route = options.makeRouter(deps.client);
  let arrived = 0;
  startQuoteRefresh({
    scenario,
    client: ledger,
    time: scheduler,
    idPrefix: options.backend.idPrefix,
    // A payment that threw never finishes: after a bug, refreshes stop so the run can end.
    running: () => bugs.length === 0 && (arrived < total || books.unfinished > 0),
    track,
  });
  const runPayment = async (payment: GeneratedPayment): Promise<void> => {
    books.started(payment);
    const routed = await route(payment);
    if (!routed.ok) return books.finish(payment.id, 'failed', routed.reason);
    books.routed(payment.id, routed.plan);
    const result = await settleWithRequotes(
      deps,
      { id: payment.id, plan: routed.plan, protocol: payment.protocol },
      {
        maxRequotes: MAX_REQUOTES,
        requote: async () => {
          const again = await route(payment);
          if (again.ok) books.routed(payment.id, again.plan);
          return again;
        },
      },
    );
    // Anything else ends through its journaled `done` entry (bookkeeping follows the journal).
    // A requote that found no plan keeps the protocol its reverted attempts ran under.
    if (result.outcome === 'refused' || result.outcome === 'unrouted') {
      const protocol = result.outcome === 'unrouted' ? undefined : result.protocol;
      books.finish(payment.id, 'failed', result.reason, protocol);
    }
  };
  const start = (payment: GeneratedPayment): void => trackRouterWork(runPayment(payment));
  function restart(): void {
    life.restart();
    recovered += journal.pending().length;
    trackRouterWork(recover(deps));
    for (const payment of deferred.splice(0)) start(payment);
  }

  const nextPayment = createWorkload(options.profile, {
    seed: options.seed,
    startMs,
    strategies: options.strategies,
    protocols: options.protocols,
    idPrefix: options.backend.idPrefix,
  });
  const arrive = (payment: GeneratedPayment): void => {
    arrived++;
    metrics.arrived(payment.arrivalMs);
    // A down router takes no payments; they wait for the restart (their latency keeps running).
    if (life.alive) start(payment);
    else deferred.push(payment);
    if (payment.index + 1 < total) {
      const next = nextPayment();
      scheduler.at(next.arrivalMs, () => arrive(next));
    }
  };
  if (total > 0) {
    const first = nextPayment();
    scheduler.at(first.arrivalMs, () => arrive(first));
  }
  await scheduler.run();

  if (bugs.length > 0) throw bugs[0];
  if (books.unfinished > 0)
    throw new Error(`simulation ended with ${books.unfinished} payment(s) unfinished`);
  const after = await snapshots(ledger, scenario, 'open');
  return {
    metrics: metrics.summary(),
    auditor: audit({
      scenario,
      before,
      after,
      supplyChanges: journal.supplyChanges(),
      atomicity: await atomicity.finish(),
    }),
    faults: { ...faulty.injected, crashes: crashes.fired, recoveredPayments: recovered },
    finalState: after,
  };
}

/** The crash faults still to fire; each fires once, at the first journal entry that matches. */
function pendingCrashes(faults: readonly FaultSpec[], total: number, elapsedMs: () => number) {
  const waiting = faults.filter((fault): fault is CrashFault => fault.kind === 'crash');
  let fired = 0;
  return {
    get fired() {
      return fired;
    },
    take(entry: JournalEntry, paymentIndex: number): CrashFault | undefined {
      if (waiting.length === 0) return undefined;
      const index = waiting.findIndex(
        (crash) =>
          crash.step === entry.type &&
          (crash.at.kind === 'fraction'
            ? paymentIndex >= crash.at.fraction * total
            : elapsedMs() >= crash.at.atMs),
      );
      if (index < 0) return undefined;
      fired++;
      return waiting.splice(index, 1)[0];
    },
  };
}

/** Whole-ledger snapshots, read by each ledger's first member; `holds: 'open'` leaves out resolved ones. */
export async function snapshots(
  client: LedgerClient,
  scenario: Scenario,
  holds: 'all' | 'open' = 'all',
): Promise<Map<string, LedgerSnapshot>> {
  const readers = readersOf(scenario);
  const result = new Map<string, LedgerSnapshot>();
  for (const [ledger, reader] of readers) {
    const snapshot = await client.evaluate(ledger, reader, { type: 'snapshot', holds });
    if (!snapshot.ok) throw new Error(`snapshot of ${ledger} failed: ${snapshot.error.message}`);
    result.set(ledger, snapshot.value);
  }
  return result;
}

/** Hold statuses as each ledger's first member reads them. */
function holdReader(client: LedgerClient, scenario: Scenario): HoldReader {
  const readers = readersOf(scenario);
  return async (ledger, hold) => {
    const read = await client.evaluate(ledger, readers.get(ledger)!, { type: 'hold', hold });
    if (read.ok) return read.value.status;
    if (read.error.code === 'UnknownHold') return 'absent';
    throw new Error(`auditor: reading hold ${hold} on ${ledger} failed: ${read.error.message}`);
  };
}

/** Each ledger's first member, in the scenario's ledger order: who the auditor reads as. */
function readersOf(scenario: Scenario): Map<string, string> {
  return new Map(
    scenario.ledgers.map((ledger) => {
      const reader = ledger.members[0];
      if (reader === undefined) throw new Error(`ledger ${ledger.id} has no members`);
      return [ledger.id, reader];
    }),
  );
}
