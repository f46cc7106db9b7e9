// `corridor simulate`: a seeded payment simulation of a scenario, on the embedded ledger in
// virtual time or on the running Fabric network in real time (arrivals paced at the profile's
// rate or --rate), with a progress bar, a summary table, and payments.csv + summary.json (and
// events.csv, flows.csv, liquidity.csv; report.html with --report) in --out. Every flag is checked (and the scenario, profile, fault spec and network validated)
// before anything runs or is written.
// Exit codes: 0 clean run; 1 the auditor found violations; 2 bad input.
import fs from 'node:fs';
import path from 'node:path';
import cliProgress from 'cli-progress';
import { Command } from 'commander';
import { formatAmount } from '../../chaincode/src/core/amount';
import type { BackendName } from '../ledger/ledger-client';
import { PROTOCOL_CHOICES, type ProtocolChoice } from '../routing/plan';
import { STRATEGIES } from '../routing/strategies';
import type { Scenario } from '../scenario/types';
import { FAILURE_MEANINGS, isFailureReason } from '../settlement/failure-reason';
import { openFileJournal } from '../settlement/file-journal';
import type { Journal } from '../settlement/journal';
import { JOURNAL_ENTRY_TYPES } from '../settlement/journal-entry';
import type { BackendChoice } from '../simulation/backend';
import { type FaultSpec, parseFaultSpec } from '../simulation/fault-spec';
import type { GroupSummary, InvalidationCounts } from '../simulation/metrics';
import { EVENTS_DEFAULT_MAX_PAYMENTS } from '../simulation/events';
import {
  EVENTS_FILE,
  MAX_PAYMENTS,
  PAYMENTS_FILE,
  recordsEvents,
  simulate,
  SUMMARY_FILE,
  type Summary,
} from '../simulation/simulate';
import {
  addBackendOptions,
  type BackendFlags,
  backendChoice,
  openBackendOrExit,
} from './backend-option';
import { refuse, usageErrorsExitTwo } from './exit-codes';
import { REPORT_FILE, writeReport } from './report';
import { loadScenarioOrExit } from './scenario-option';

interface SimulateFlags extends BackendFlags {
  scenario: string;
  payments: string;
  rate?: string;
  strategy: string;
  protocol: string;
  seed: string;
  faults: string;
  out: string;
  profile?: string;
  json?: boolean;
  progress: boolean;
  report?: boolean;
  events?: boolean;
  journal?: string;
}

/** Arrivals per second on Fabric when neither --rate nor a slower profile says otherwise. */
const FABRIC_DEFAULT_RATE = 2;
const MAX_RATE_PER_SECOND = 1_000_000;
/** Progress bar updates: every payment in real time, in batches when virtual time races. */
const PROGRESS_EVERY: Record<BackendName, number> = { embedded: 250, fabric: 1 };

export function register(program: Command): void {
  const command = program
    .command('simulate')
    .description(
      'Simulate a seeded payment workload over a scenario and audit the ledgers afterwards',
    )
    .option('--scenario <file>', 'scenario YAML file', 'scenarios/mbridge-lite.yaml');
  addBackendOptions(command)
    .option('--payments <n>', 'number of payments', '1000')
    .option(
      '--rate <per-second>',
      "mean arrivals per second (default: the profile's ratePerSecond, at most 2 on fabric, which runs in real time)",
    )
    .option(
      '--strategy <names>',
      `routing strategy, or a comma list drawn per payment (${STRATEGIES.map((s) => s.name).join(', ')})`,
      'cheapest',
    )
    .option(
      '--protocol <names>',
      `settlement protocol, or a comma list drawn per payment (${PROTOCOL_CHOICES.join(', ')})`,
      'auto',
    )
    .option('--seed <n>', 'seed: the same seed reproduces the same files byte for byte', '1')
    .option(
      '--faults <spec>',
      'faults, e.g. crash:step=hold-placed:at=0.1:restart=5s,mvcc:p=0.02 (syntax below)',
      '',
    )
    .option(
      '--out <dir>',
      'output directory: summary.json, payments.csv, events.csv, flows.csv, liquidity.csv',
      'out',
    )
    .option(
      '--journal <file>',
      'journal to a durable file (a new one): if this process dies, `corridor recover --journal FILE` finishes its payments',
    )
    .option('--profile <name>', "workload profile (default: the scenario's default profile)")
    .option('--json', 'print the summary as JSON instead of a table (no progress bar)')
    .option('--no-progress', 'no progress bar')
    .option('--report', `also write ${REPORT_FILE} (corridor report of this run) into --out`)
    .option(
      '--events',
      `record events.csv (every protocol step) even above ${EVENTS_DEFAULT_MAX_PAYMENTS.toLocaleString('en')} payments`,
    )
    .option(
      '--no-events',
      `record no events.csv (default: recorded up to ${EVENTS_DEFAULT_MAX_PAYMENTS.toLocaleString('en')} payments)`,
    )
    .addHelpText(
      'after',
      [
        '',
        'Faults (comma-separated; durations like 500ms, 5s, 2m; times from the start of the run):',
        '  crash:step=STEP:at=FRACTION|TIME:restart=DURATION   router crash after a journal entry of STEP',
        `      (${JOURNAL_ENTRY_TYPES.join(', ')})`,
        '  node-down:ledger=L:from=TIME:for=DURATION             submits to L fail in that window',
        '  endorsement:p=P[:ledger=L]   mvcc:p=P[:ledger=L]   delay:p=P:ms=DURATION[:ledger=L]',
        'On --backend fabric only crash faults apply (the others are injected into the embedded ledger).',
        '',
        'Exit status: 0 clean run, 1 the auditor found violations, 2 bad input (nothing ran).',
      ].join('\n'),
    )
    .action(async (flags: SimulateFlags) => runSimulate(command, flags));
  usageErrorsExitTwo(command);
}

interface CheckedFlags {
  backend: BackendChoice;
  payments: number;
  ratePerSecond: number | undefined;
  seed: number;
  strategies: string[];
  protocols: ProtocolChoice[];
}

/** The flags that need no file: checked first, so a typo never waits for a scenario to load. */
function checkFlags(flags: SimulateFlags): CheckedFlags | string {
  const backend = backendChoice(flags);
  if (typeof backend === 'string') return backend;
  if (!/^[1-9][0-9]*$/.test(flags.payments) || Number(flags.payments) > MAX_PAYMENTS) {
    return `--payments: expected a whole number from 1 to ${MAX_PAYMENTS}, got "${flags.payments}"`;
  }
  const rate = flags.rate === undefined ? undefined : Number(flags.rate);
  if (
    flags.rate !== undefined &&
    !(/^[0-9]+(\.[0-9]+)?$/.test(flags.rate) && rate! > 0 && rate! <= MAX_RATE_PER_SECOND)
  ) {
    return `--rate: expected payments per second above 0 and up to ${MAX_RATE_PER_SECOND}, such as 2 or 0.5, got "${flags.rate}"`;
  }
  if (!/^-?[0-9]{1,15}$/.test(flags.seed))
    return `--seed: expected an integer, got "${flags.seed}"`;
  const strategies = list(flags.strategy);
  const knownStrategies = STRATEGIES.map((strategy) => strategy.name);
  const badStrategy = strategies.find((name) => !knownStrategies.includes(name));
  if (strategies.length === 0 || badStrategy !== undefined) {
    return `--strategy: unknown strategy "${badStrategy ?? ''}" (known: ${knownStrategies.join(', ')})`;
  }
  const protocols = list(flags.protocol);
  const badProtocol = protocols.find(
    (name) => !(PROTOCOL_CHOICES as readonly string[]).includes(name),
  );
  if (protocols.length === 0 || badProtocol !== undefined) {
    return `--protocol: unknown protocol "${badProtocol ?? ''}" (known: ${PROTOCOL_CHOICES.join(', ')})`;
  }
  const outProblem = outDirProblem(flags.out);
  if (outProblem) return outProblem;
  return {
    backend,
    payments: Number(flags.payments),
    ratePerSecond: rate,
    seed: Number(flags.seed),
    strategies,
    protocols: protocols as ProtocolChoice[],
  };
}

/** Why files cannot be written under `dir` (checked before anything runs), or null. */
function outDirProblem(dir: string): string | null {
  if (dir.trim() === '') return '--out: expected a directory';
  // The nearest existing ancestor must be a directory we may write into.
  let existing = path.resolve(dir);
  while (!fs.existsSync(existing)) existing = path.dirname(existing);
  if (!fs.statSync(existing).isDirectory()) {
    return existing === path.resolve(dir)
      ? `--out: ${dir} is a file, not a directory`
      : `--out: ${dir} cannot be created: ${existing} is a file`;
  }
  try {
    fs.accessSync(existing, fs.constants.W_OK);
  } catch {
    return `--out: ${existing} is not writable`;
  }
  return null;
}

function list(text: string): string[] {
  return text.split(',').map((item) => item.trim());
}

/** A journal file that holds nothing yet: an old one belongs to `corridor recover`. */
function openNewJournal(command: Command, file: string): Journal {
  if (fs.existsSync(file) && (!fs.statSync(file).isFile() || fs.statSync(file).size > 0)) {
    refuse(
      command,
      `--journal: ${file} already exists; finish it with \`corridor recover --journal ${file}\` or name a new file`,
    );
  }
  if (!fs.existsSync(path.dirname(path.resolve(file))))
    refuse(command, `--journal: no directory ${path.dirname(file)}`);
  const opened = openFileJournal(file);
  if (!opened.ok) refuse(command, `--journal: ${opened.error.message}`);
  return opened.value;
}

async function runSimulate(command: Command, flags: SimulateFlags): Promise<void> {
  const checked = checkFlags(flags);
  if (typeof checked === 'string') refuse(command, checked);
  const scenario = await loadScenarioOrExit(command, flags.scenario);
  const profileName = flags.profile ?? scenario.workload.defaultProfile;
  const profile = Object.hasOwn(scenario.workload.profiles, profileName)
    ? scenario.workload.profiles[profileName]
    : undefined;
  if (!profile) {
    refuse(
      command,
      `--profile: unknown profile "${profileName}" (known: ${Object.keys(scenario.workload.profiles).join(', ')})`,
    );
  }
  const faults = parseFaultSpec(
    flags.faults,
    scenario.ledgers.map((ledger) => ledger.id),
  );
  if (!faults.ok) refuse(command, faults.error.message);
  const injected = faults.value.find((fault) => fault.kind !== 'crash');
  if (checked.backend.name === 'fabric' && injected) {
    refuse(
      command,
      `--faults: ${injected.kind} faults are injected into the embedded ledger only; on --backend fabric only crash faults apply`,
    );
  }
  const journal = flags.journal === undefined ? undefined : openNewJournal(command, flags.journal);
  const backend = await openBackendOrExit(command, checked.backend, scenario, checked.seed);
  // Real time on a local network: a profile written for virtual time (mbridge-lite: 20/s)
  // would saturate a two-core machine's peers, so Fabric runs are paced unless told otherwise.
  const ratePerSecond =
    checked.ratePerSecond ??
    (backend.name === 'fabric' && profile.ratePerSecond > FABRIC_DEFAULT_RATE
      ? FABRIC_DEFAULT_RATE
      : undefined);
  if (checked.ratePerSecond === undefined && ratePerSecond !== undefined) {
    console.error(
      `simulate: arrivals paced at ${ratePerSecond}/s on Fabric (profile ${profile.name}: ${profile.ratePerSecond}/s); --rate sets another pace`,
    );
  }

  const showProgress = flags.progress && !flags.json && process.stderr.isTTY === true;
  const bar = showProgress
    ? new cliProgress.SingleBar(
        {
          format: 'simulate [{bar}] {value}/{total} payments | {eta_formatted} left',
          stream: process.stderr,
          hideCursor: true,
        },
        cliProgress.Presets.shades_classic,
      )
    : null;
  const progressEvery = PROGRESS_EVERY[backend.name];
  bar?.start(checked.payments, 0);
  const startedMs = performance.now();
  let summary: Summary;
  try {
    summary = await simulate({
      backend,
      scenario,
      profile,
      payments: checked.payments,
      ...(ratePerSecond === undefined ? {} : { ratePerSecond }),
      seed: checked.seed,
      strategies: checked.strategies,
      protocols: checked.protocols,
      faultSpec: flags.faults,
      faults: faults.value,
      outDir: flags.out,
      ...(journal ? { journal } : {}),
      ...(flags.events === undefined ? {} : { events: flags.events }),
      ...(bar
        ? {
            onProgress: (finished: number) =>
              finished % progressEvery === 0 && bar.update(finished),
          }
        : {}),
    });
  } finally {
    await backend.close();
    await journal?.close();
  }
  bar?.update(checked.payments);
  bar?.stop();
  const wallMs = performance.now() - startedMs;

  if (flags.json) console.log(JSON.stringify(summary, null, 2));
  else {
    const events = recordsEvents(summary.payments, flags.events);
    console.log(formatSummary(summary, scenario, faults.value, flags.out, events));
  }
  // Wall-clock figures go to the terminal only: the files must not depend on the machine.
  console.error(
    `wall time ${(wallMs / 1000).toFixed(2)} s, ${Math.round((summary.payments * 1000) / wallMs)} payments/s`,
  );
  if (flags.report) {
    const file = path.join(flags.out, REPORT_FILE);
    const bytes = await writeReport([flags.out], file);
    console.error(`report: ${file} (${Math.round(bytes / 1024)} KiB)`);
  }
  const { auditor } = summary;
  if (auditor.conservationViolations + auditor.atomicityViolations + auditor.reserveShortfalls > 0)
    process.exitCode = 1;
}

function formatSummary(
  summary: Summary,
  scenario: Scenario,
  faults: readonly FaultSpec[],
  outDir: string,
  events: boolean,
): string {
  const percent = (rate: number) => `${(rate * 100).toFixed(2)}%`;
  // Latencies are wall-clock milliseconds on a real network, virtual ones on the embedded ledger.
  const wallClock = summary.backend === 'fabric';
  const scales = new Map(scenario.assets.map((asset) => [asset.id, asset.scale]));
  const lines = [
    `corridor simulate: ${summary.scenario} (backend ${summary.backend}, profile ${summary.profile}${summary.ratePerSecond === undefined ? '' : ` at ${summary.ratePerSecond}/s`}, seed ${summary.seed})`,
    `payments ${summary.payments}   settled ${summary.settled} (${percent(summary.successRate)})   failed ${summary.failed}   mixed ${summary.mixed}`,
    `requotes ${summary.requotes.total} (${summary.requotes.payments} payments re-routed, ${summary.requotes.settled} of them settled)`,
    `settled over 1 / 2 / 3 ledgers: ${summary.byLedgerCount['1']} / ${summary.byLedgerCount['2']} / ${summary.byLedgerCount['3']}`,
    `latency p50 / p99: ${summary.latencyMs.p50 ?? '-'} / ${summary.latencyMs.p99 ?? '-'} ms (${wallClock ? 'wall clock' : 'virtual'})   cost p50 / p99: ${summary.costBps.p50 ?? '-'} / ${summary.costBps.p99 ?? '-'} bps`,
    `throughput ${summary.throughputPerSecond} settled payments/s over ${(summary.virtualDurationMs / 1000).toFixed(1)} s of ${wallClock ? 'wall-clock' : 'virtual'} time`,
    '',
    table('protocol', summary.byProtocol),
    '',
    table('strategy', summary.byStrategy),
    '',
    `delivered: ${
      Object.entries(summary.deliveredByAsset)
        .map(
          ([asset, amount]) => `${formatAmount(BigInt(amount), scales.get(asset) ?? 0)} ${asset}`,
        )
        .join(', ') || '-'
    }`,
    `failure reasons:${Object.keys(summary.failureReasons).length === 0 ? ' -' : ''}`,
    ...Object.entries(summary.failureReasons).map(
      ([reason, count]) =>
        `  ${reason} ${count}${isFailureReason(reason) ? ` (${FAILURE_MEANINGS[reason]})` : ''}`,
    ),
  ];
  if (summary.invalidations) lines.push(...invalidationLines(summary.invalidations, percent));
  if (faults.length > 0) {
    const { faults: counts } = summary;
    lines.push(
      `faults (${summary.faultSpec}): crashes ${counts.crashes}, recovered ${counts.recoveredPayments}, node-down rejections ${counts.nodeDown}, endorsement ${counts.endorsement}, mvcc ${counts.mvcc}, delayed ${counts.delay}`,
    );
  }
  const { auditor } = summary;
  const clean =
    auditor.conservationViolations + auditor.atomicityViolations + auditor.reserveShortfalls === 0;
  lines.push(
    `auditor: conservation violations ${auditor.conservationViolations}, atomicity violations ${auditor.atomicityViolations}, reserve shortfalls ${auditor.reserveShortfalls} (${auditor.paymentsAudited} cross-ledger payments audited) -> ${clean ? 'clean' : 'VIOLATIONS'}`,
    ...auditor.findings.map((finding) => `  ${finding}`),
    `files: ${[SUMMARY_FILE, PAYMENTS_FILE, ...(events ? [EVENTS_FILE] : [])].map((file) => path.join(outDir, file)).join(', ')}`,
  );
  return lines.join('\n');
}

/** Emergent contention, overall then per ledger; injected `mvcc` faults are in the faults line. */
function invalidationLines(
  invalidations: NonNullable<Summary['invalidations']>,
  percent: (rate: number) => string,
): string[] {
  const line = (counts: InvalidationCounts): string =>
    `${counts.invalidated} of ${counts.transactions} transactions (${percent(counts.rate)}): ${Object.entries(
      counts.byReason,
    )
      .map(([reason, count]) => `${reason} ${count}`)
      .join(', ')}`;
  const width = Math.max(0, ...Object.keys(invalidations.byLedger).map((name) => name.length));
  return [
    `invalidated at validation: ${line(invalidations)}`,
    ...Object.entries(invalidations.byLedger).map(
      ([ledger, counts]) => `  ${ledger.padEnd(width)}  ${line(counts)} in ${counts.blocks} blocks`,
    ),
  ];
}

function table(title: string, groups: Record<string, GroupSummary>): string {
  const header = [
    title,
    'payments',
    'settled',
    'success',
    'p50 ms',
    'p99 ms',
    'cost p50',
    'cost p99',
  ];
  const rows = Object.entries(groups).map(([name, group]) => [
    name,
    String(group.payments),
    String(group.settled),
    `${(group.successRate * 100).toFixed(2)}%`,
    String(group.latencyMs.p50 ?? '-'),
    String(group.latencyMs.p99 ?? '-'),
    String(group.costBps.p50 ?? '-'),
    String(group.costBps.p99 ?? '-'),
  ]);
  const widths = header.map((cell, column) =>
    Math.max(cell.length, ...rows.map((row) => row[column]!.length)),
  );
  return [header, ...rows]
    .map((row) =>
      row
        .map((cell, column) =>
          column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!),
        )
        .join('  '),
    )
    .join('\n');
}
