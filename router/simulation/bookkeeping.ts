// The engine's books on payments in flight: what each one is, what it became, and when. It
// follows the journal as the router writes it (accepted, holds placed and resolved, done), so a
// payment finished by recovery after a crash is counted exactly like one finished normally.
// A finished payment leaves the books at once as one CSV row and a few counter updates. A payment
// requoted after a reverted attempt (router/settlement/requote.ts) stays on the books and follows
// its next attempt's journal entries, which carry that attempt's id.
import type { Plan, Protocol } from '../routing/plan';
import { creditedTo } from '../settlement/delivered';
import { holdIdFor } from '../settlement/hold-resolution';
import type { FailureReason } from '../settlement/failure-reason';
import type { JournalEntry, JournalStep } from '../settlement/journal-entry';
import type { Compactor } from './compactor';
import type { LockedLiquidity } from './locked-liquidity';
import type { FinalOutcome, RunMetrics } from './metrics';
import type { PaymentRow } from './outputs';
import type { GeneratedPayment } from './workload';

interface InFlight {
  payment: GeneratedPayment;
  /** The id its current settlement attempt journals under. */
  attempt: string;
  requotes: number;
  plan: Plan | null;
  protocol: Protocol | null;
  /** The journal holds its `accepted` entry: recovery will finish it after a crash. */
  accepted: boolean;
  /** The ledger transactions its current attempt journaled. */
  steps: readonly JournalStep[];
  /** Settled: what the ledger credited the payee (receipts), which may exceed the plan's minimum. */
  delivered: bigint | null;
  placedAtMs: Map<string, number>;
}

export interface BookkeepingDeps {
  nowMs(): number;
  metrics: RunMetrics;
  locks: LockedLiquidity;
  compactor: Compactor;
  onRow(row: PaymentRow): void;
  /** A plan's cost on what was actually delivered (routing/cost.ts settledCostFn). */
  settledCost(plan: Plan, delivered: bigint): number;
  onProgress?: (finished: number) => void;
}

export class Bookkeeping {
  private readonly inFlight = new Map<string, InFlight>();
  /** Payment id of each current attempt that settles under an id of its own (a requote). */
  private readonly requoted = new Map<string, string>();
  private finished = 0;

  constructor(private readonly deps: BookkeepingDeps) {}

  get unfinished(): number {
    return this.inFlight.size;
  }

  started(payment: GeneratedPayment): void {
    this.inFlight.set(payment.id, {
      payment,
      attempt: payment.id,
      requotes: 0,
      plan: null,
      protocol: null,
      accepted: false,
      steps: [],
      delivered: null,
      placedAtMs: new Map(),
    });
  }

  routed(id: string, plan: Plan): void {
    const record = this.inFlight.get(id);
    if (record) record.plan = plan;
  }

  /** Position in the run of the payment a journal id (payment or attempt) belongs to, if in flight. */
  indexOf(id: string): number | undefined {
    return this.recordOf(id)?.payment.index;
  }

  private recordOf(id: string): InFlight | undefined {
    return this.inFlight.get(this.requoted.get(id) ?? id);
  }

  observe(entry: JournalEntry): void {
    const record = this.recordOf(entry.payment);
    if (!record) return;
    const { metrics, locks, compactor } = this.deps;
    if (entry.type === 'accepted') {
      record.accepted = true;
      record.protocol = entry.protocol;
      record.steps = entry.steps;
    } else if (entry.type === 'hold-placed') {
      record.placedAtMs.set(entry.hold, entry.atMs);
    } else if (entry.type === 'resolved' && record.plan) {
      const step = record.plan.steps.find((_step, i) => holdIdFor(entry.payment, i) === entry.hold);
      const placedAtMs = record.placedAtMs.get(entry.hold);
      if (step && placedAtMs !== undefined)
        locks.record(metrics, step.legs, entry.atMs - placedAtMs);
      if (step && (entry.action === 'claim' || entry.action === 'commit'))
        compactor.credited(step.ledger, step.legs);
    } else if (entry.type === 'done' && entry.requotedAs !== null) {
      // Reverted, to be re-routed: until its next attempt is accepted a crash loses it.
      this.requoted.delete(record.attempt);
      this.requoted.set(entry.requotedAs, record.payment.id);
      record.attempt = entry.requotedAs;
      record.requotes++;
      record.accepted = false;
      record.placedAtMs.clear();
    } else if (entry.type === 'done') {
      if (entry.outcome === 'settled' && record.plan) {
        record.delivered = creditedTo(record.plan.payee, record.steps, entry.amountsOut);
        if (record.protocol === 'atomic')
          for (const step of record.plan.steps) compactor.credited(step.ledger, step.legs);
      }
      this.finish(
        record.payment.id,
        entry.outcome === 'reverted' ? 'failed' : entry.outcome,
        entry.reason,
      );
    }
  }

  /** Ends every payment the journal does not know: a crashed router loses them. */
  crashed(): void {
    for (const [id, record] of this.inFlight)
      if (!record.accepted) this.finish(id, 'failed', 'RouterCrashed');
  }

  finish(
    id: string,
    outcome: FinalOutcome,
    reason: FailureReason | null,
    protocol?: Protocol | null,
  ): void {
    const record = this.inFlight.get(id);
    if (!record) return;
    this.inFlight.delete(id);
    this.requoted.delete(record.attempt);
    if (protocol !== undefined) record.protocol = protocol;
    const { payment, plan } = record;
    const nowMs = this.deps.nowMs();
    const latencyMs = nowMs - payment.arrivalMs;
    const delivered = outcome === 'settled' ? record.delivered : null;
    const costBps = plan && delivered !== null ? this.deps.settledCost(plan, delivered) : null;
    this.deps.metrics.finished(
      {
        strategy: payment.strategy,
        protocol: record.protocol,
        outcome,
        reason,
        requotes: record.requotes,
        ledgerCount: plan?.ledgers.length ?? 0,
        latencyMs,
        costBps,
        payeeAsset: payment.payeeAsset,
        amountOut: delivered,
        venueInputs: (plan?.paths ?? []).flatMap((path) =>
          path.legs.map((leg) => ({ venue: leg.venue, asset: leg.assetIn, amount: leg.amountIn })),
        ),
      },
      nowMs,
    );
    this.deps.onRow(paymentRow(record, outcome, reason, latencyMs, delivered, costBps));
    this.finished++;
    this.deps.onProgress?.(this.finished);
  }
}

function paymentRow(
  record: InFlight,
  outcome: FinalOutcome,
  reason: FailureReason | null,
  latencyMs: number,
  delivered: bigint | null,
  costBps: number | null,
): PaymentRow {
  const { payment, plan } = record;
  // Settled: what the ledger moved. Otherwise nothing moved: the request's own amount only.
  const settled = plan !== null && delivered !== null;
  const requested = (side: 'send' | 'receive') =>
    payment.amountIs === side ? String(payment.amount) : '';
  return {
    id: payment.id,
    corridor: payment.corridor,
    ledger_count: plan ? String(plan.ledgers.length) : '',
    ledgers: plan ? plan.ledgers.join('|') : '',
    strategy: payment.strategy,
    protocol: record.protocol ?? '',
    outcome,
    failure_reason: reason ?? '',
    payer: payment.payer,
    payer_asset: payment.payerAsset,
    amount_in: settled ? String(plan.amountIn) : requested('send'),
    payee: payment.payee,
    payee_asset: payment.payeeAsset,
    amount_out: settled ? String(delivered) : requested('receive'),
    cost_bps: costBps === null ? '' : costBps.toFixed(2),
    latency_ms: String(latencyMs),
    requotes: String(record.requotes),
  };
}
