// The streaming atomicity check against hold statuses that change under it: a verdict taken when
// a payment ends must equal the one the whole-run audit takes from the final ledgers.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { JournalEntry } from '../../router/settlement/journal-entry';
import { AtomicityAudit, type ObservedStatus } from '../../router/simulation/atomicity-audit';

const STATUSES: ObservedStatus[] = [
  'open',
  'claimed',
  'refunded',
  'committed',
  'aborted',
  'absent',
];
const FINAL: ObservedStatus[] = ['claimed', 'refunded', 'committed', 'aborted'];

function accepted(payment: string, holds: string[]): JournalEntry {
  return {
    type: 'accepted',
    payment,
    protocol: 'htlc',
    atMs: 0,
    steps: holds.map((hold, i) => ({
      ledger: `l${i % 2}`,
      org: 'bank',
      hold,
      expiresAtMs: 1,
      coordinator: null,
      legs: [],
    })),
  } as unknown as JournalEntry;
}

const done = (payment: string): JournalEntry =>
  ({
    type: 'done',
    payment,
    outcome: 'settled',
    reason: null,
    requotedAs: null,
    amountsOut: [],
    atMs: 1,
  }) as JournalEntry;

describe('streaming atomicity audit', () => {
  it('gives each payment the verdict of its final hold statuses, however they looked when it ended', async () => {
    // Per payment: statuses when it ends, then at the end of the run. A hold final at the end of
    // a payment stays so (the ledger resolves a hold once); open or absent ones may change.
    const hold = fc.constantFrom(...STATUSES).chain((early) =>
      fc.record({
        early: fc.constant(early),
        late: FINAL.includes(early) ? fc.constant(early) : fc.constantFrom(...STATUSES),
      }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(hold, { minLength: 1, maxLength: 4 }), { maxLength: 12 }),
        async (payments) => {
          const statuses = new Map<string, ObservedStatus>();
          const work: Array<Promise<unknown>> = [];
          const audit = new AtomicityAudit(
            async (ledger, id) => statuses.get(`${ledger}/${id}`) ?? 'absent',
            (w) => void work.push(w),
            5,
          );
          const ids = payments.map((holds, p) => holds.map((_, h) => `p${p}.h${h}`));
          payments.forEach((holds, p) => {
            holds.forEach(({ early }, h) => statuses.set(`l${h % 2}/p${p}.h${h}`, early));
            audit.observe(accepted(`p${p}`, ids[p]!));
            audit.observe(done(`p${p}`));
          });
          await Promise.all(work);
          payments.forEach((holds, p) =>
            holds.forEach(({ late }, h) => statuses.set(`l${h % 2}/p${p}.h${h}`, late)),
          );
          const report = await audit.finish();
          // The model: the whole-run rule on the final statuses.
          const violating = payments.filter((holds) => {
            const final = holds.map(({ late }) => late);
            const settled = final.every((s) => s === 'claimed' || s === 'committed');
            const reverted = final.every(
              (s) => s === 'refunded' || s === 'aborted' || s === 'absent',
            );
            return !settled && !reverted;
          });
          expect(report.audited).toBe(payments.length);
          expect(report.violations).toBe(violating.length);
          expect(report.findings.length).toBe(Math.min(5, violating.length));
        },
      ),
    );
  });

  it('names the payment and each hold status in a finding, and audits only payments with holds', async () => {
    const statuses: Record<string, ObservedStatus> = {
      'l0/p.h0': 'claimed',
      'l1/p.h1': 'refunded',
    };
    const work: Array<Promise<unknown>> = [];
    const audit = new AtomicityAudit(
      async (ledger, id) => statuses[`${ledger}/${id}`] ?? 'absent',
      (w) => void work.push(w),
      20,
    );
    audit.observe(accepted('p', ['p.h0', 'p.h1']));
    audit.observe(accepted('atomic', []));
    audit.observe(done('p'));
    audit.observe(done('atomic'));
    await Promise.all(work);
    expect(await audit.finish()).toEqual({
      violations: 1,
      audited: 1,
      findings: ['payment p is neither settled nor reverted: p.h0=claimed, p.h1=refunded'],
    });
  });
});
