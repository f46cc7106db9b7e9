// The auditor's atomicity check, run as payments end so that a long run keeps no list of every
// hold it ever planned. From the router's journal it takes only which holds each payment planned
// (its `accepted` entry); the statuses come from the ledgers, read when the payment's `done`
// entry is written. A resolved hold never changes again (the chaincode resolves a hold once), so
// a payment whose planned holds were all resolved by then has its final verdict. A payment with a
// hold still open, or never placed, might yet change — a placement the router gave up on could
// still land — so it is read again once the run is over, as the whole audit once was.
import type { HoldStatus } from '../../chaincode/src/core/types';
import type { JournalEntry } from '../settlement/journal-entry';

export type ObservedStatus = HoldStatus | 'absent';

/** The status of a hold on a ledger, or 'absent' if the ledger has no such hold. */
export type HoldReader = (ledger: string, hold: string) => Promise<ObservedStatus>;

export interface AtomicityReport {
  violations: number;
  /** Payments that planned at least one hold. */
  audited: number;
  findings: string[];
}

const PAID: ReadonlySet<ObservedStatus> = new Set<ObservedStatus>(['claimed', 'committed']);
const UNWOUND: ReadonlySet<ObservedStatus> = new Set<ObservedStatus>([
  'refunded',
  'aborted',
  'absent',
]);

/** Ids never contain NUL (the ledger rejects them), so it separates a manifest's parts. */
const SEPARATOR = '\u0000';

export class AtomicityAudit {
  /** payment -> its ledger and hold id pairs, NUL-separated, until it ends. */
  private readonly planned = new Map<string, string>();
  /** Manifests of ended payments to read again at the end. */
  private readonly unsettled: Array<[payment: string, holds: string]> = [];
  private violations = 0;
  private audited = 0;
  private readonly findings: string[] = [];

  constructor(
    private readonly readHold: HoldReader,
    /** Told of every read in flight, so a run does not end before it answers. */
    private readonly track: (work: Promise<unknown>) => void,
    private readonly maxFindings: number,
  ) {}

  observe(entry: JournalEntry): void {
    if (entry.type === 'accepted') {
      const pairs = entry.steps.flatMap((step) =>
        step.hold === null ? [] : [step.ledger, step.hold],
      );
      if (pairs.length > 0) this.planned.set(entry.payment, pairs.join(SEPARATOR));
    } else if (entry.type === 'done') {
      const holds = this.planned.get(entry.payment);
      if (holds === undefined) return;
      this.planned.delete(entry.payment);
      this.track(this.check(entry.payment, holds, false));
    }
  }

  /** Reads again every payment whose verdict could still change, then reports. */
  async finish(): Promise<AtomicityReport> {
    const remaining = [...this.unsettled, ...this.planned];
    this.unsettled.length = 0;
    this.planned.clear();
    for (const [payment, holds] of remaining) await this.check(payment, holds, true);
    return { violations: this.violations, audited: this.audited, findings: [...this.findings] };
  }

  private async check(payment: string, holds: string, final: boolean): Promise<void> {
    const parts = holds.split(SEPARATOR);
    const ids: string[] = [];
    const reads: Array<Promise<ObservedStatus>> = [];
    for (let i = 0; i + 1 < parts.length; i += 2) {
      ids.push(parts[i + 1]!);
      reads.push(this.readHold(parts[i]!, parts[i + 1]!));
    }
    const statuses = await Promise.all(reads);
    if (!final && statuses.some((status) => status === 'open' || status === 'absent')) {
      this.unsettled.push([payment, holds]);
      return;
    }
    this.audited++;
    const settled = statuses.every((status) => PAID.has(status));
    const reverted = statuses.every((status) => UNWOUND.has(status));
    if (settled || reverted) return;
    this.violations++;
    if (this.findings.length < this.maxFindings) {
      this.findings.push(
        `payment ${payment} is neither settled nor reverted: ${ids.map((id, i) => `${id}=${statuses[i]}`).join(', ')}`,
      );
    }
  }
}
