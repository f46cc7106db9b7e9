// The run summary and the auditor's verdict, as tables: the figures the report's charts break
// down, and every violation the auditor listed.
import type { RunData } from './run-data';
import { escapeHtml, tableHtml } from './page';
import { createValuer } from './values';

export function summaryHtml(runs: readonly RunData[]): string {
  const rows = runs.map((run) => {
    const { summary } = run;
    const valuer = createValuer(run.scenario);
    return [
      run.label,
      summary.scenario,
      String(summary.seed),
      summary.strategies.join(', '),
      summary.protocols.join(', '),
      String(summary.payments),
      String(summary.settled),
      String(summary.failed),
      String(summary.mixed),
      `${(summary.successRate * 100).toFixed(2)}%`,
      String(summary.latencyMs.p50 ?? '-'),
      String(summary.latencyMs.p99 ?? '-'),
      Object.entries(summary.deliveredByAsset)
        .map(([asset, amount]) => valuer.money(asset, BigInt(amount)))
        .join('; '),
    ];
  });
  return tableHtml(
    [
      'run',
      'scenario',
      'seed',
      'strategies',
      'protocols',
      'payments',
      'settled',
      'failed',
      'mixed',
      'success',
      'p50 ms',
      'p99 ms',
      'delivered',
    ],
    rows,
    ' data-table="summary"',
  );
}

export function verdictHtml(runs: readonly RunData[]): string {
  return runs
    .map((run, index) => {
      const { auditor } = run.summary;
      const violations =
        auditor.conservationViolations + auditor.atomicityViolations + auditor.reserveShortfalls;
      const verdict =
        violations === 0
          ? `<p class="verdict-clean">${escapeHtml(run.label)}: clean — nothing created, nothing lost, every payment all or nothing (${auditor.paymentsAudited} cross-ledger payments audited).</p>`
          : `<p class="verdict-bad">${escapeHtml(run.label)}: ${violations} violation(s) found.</p>`;
      const findings =
        auditor.findings.length === 0
          ? ''
          : `<ul class="findings">${auditor.findings.map((finding) => `<li>${escapeHtml(finding)}</li>`).join('')}</ul>`;
      return `<div class="verdict" data-verdict="${index}">${verdict}${tableHtml(
        [
          'conservation violations',
          'atomicity violations',
          'reserve shortfalls',
          'payments audited',
        ],
        [
          [
            String(auditor.conservationViolations),
            String(auditor.atomicityViolations),
            String(auditor.reserveShortfalls),
            String(auditor.paymentsAudited),
          ],
        ],
        ` data-table="auditor-${index}"`,
      )}${findings}</div>`;
    })
    .join('\n');
}
