// `corridor route`: loads a scenario, routes one payment and prints the plan. It routes against
// a fresh embedded ledger with the scenario bootstrapped onto it, or (--backend fabric) against
// the live state of the running network; either way it only reads.
import fs from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { parseDecimalAmount } from '../../chaincode/src/core/amount';
import { formatPlan, toJson } from '../routing/format-plan';
import { PROTOCOLS, type ProtocolChoice } from '../routing/plan';
import { DEFAULT_MAX_HOPS } from '../routing/request';
import { createRouter } from '../routing/router';
import { STRATEGIES } from '../routing/strategies';
import { MAX_SLIPPAGE_TOLERANCE_BPS } from '../scenario/types';
import {
  addBackendOptions,
  type BackendFlags,
  backendChoice,
  openBackendOrExit,
} from './backend-option';
import { refuse, ROUTE_FAILURE_EXIT, usageErrorsExitTwo } from './exit-codes';
import { loadScenarioOrExit } from './scenario-option';

/** A cap above 100 % of the value sent would allow anything. */
const MAX_COST_BPS = 10_000;
const ENDPOINT = /^([a-z][a-z0-9]*\/[^:\s]+):([a-z0-9][a-z0-9._-]*)$/;

interface RouteFlags extends BackendFlags {
  scenario: string;
  from: string;
  to: string;
  amount: string;
  receive?: boolean;
  at?: string;
  strategy: string;
  protocol: string;
  json?: boolean;
  seed: string;
  maxHops: string;
  slippageBps?: string;
  profile?: string;
  maxCostBps?: string;
  html?: string;
}

interface Endpoint {
  account: string;
  asset: string;
}

export function register(program: Command): void {
  const strategies = STRATEGIES.map((strategy) => strategy.name);
  const command = program.command('route');
  command
    .description(
      'Route one payment on a scenario and print the plan (legs, steps, totals, cost, latency)',
    )
    .requiredOption('--scenario <file>', 'scenario YAML file')
    .requiredOption('--from <org/account:asset>', 'payer account and the asset it pays in')
    .requiredOption('--to <org/account:asset>', 'payee account and the asset it receives')
    .requiredOption(
      '--amount <decimal>',
      'amount in major units (sent, or received with --receive)',
    )
    .option('--receive', 'the amount is what the payee must receive')
    .option('--strategy <name>', `routing strategy: ${strategies.join(', ')}`, 'cheapest')
    .option('--protocol <name>', `settlement protocol: auto, ${PROTOCOLS.join(', ')}`, 'auto')
    .option('--seed <n>', 'seed for strategies that draw (random)', '0')
    .option(
      '--at <time>',
      "when the payment is routed, ISO 8601 with a zone (venue hours, quote expiry; default: the backend's clock — the scenario's simulation.startAt on embedded, now on Fabric)",
    )
    .option('--max-hops <n>', 'longest route considered, in venues', String(DEFAULT_MAX_HOPS))
    .option(
      '--slippage-bps <n>',
      `slippage tolerance on AMM legs, 0 to ${MAX_SLIPPAGE_TOLERANCE_BPS} bps (default: the scenario's settlement.slippageToleranceBps)`,
    )
    .option(
      '--profile <name>',
      "workload profile whose maxCostBps caps the plan (default: the scenario's default profile)",
    )
    .option(
      '--max-cost-bps <n>',
      `cost cap against mid-market, 0 to ${MAX_COST_BPS} bps (default: the profile's maxCostBps, if any)`,
    )
    .option('--json', 'print the plan as JSON (amounts in minor units, as strings)')
    .option(
      '--html <file.html>',
      'also write the plan as a page: legs across ledgers, the steps in order',
    );
  addBackendOptions(command)
    .showHelpAfterError('(run corridor route --help for usage)')
    .action(async (flags: RouteFlags) => runRoute(command, flags, strategies));
  // Usage mistakes exit with 2, like the flag checks below.
  usageErrorsExitTwo(command);
}

/** `--at`: an ISO 8601 instant with its zone (Z or ±hh:mm), as ms since the epoch. */
function instantOf(command: Command, text: string): number {
  const ms = Date.parse(text);
  if (
    !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text) ||
    Number.isNaN(ms)
  )
    refuse(
      command,
      `--at: expected an ISO 8601 time with a zone, e.g. 2026-03-02T09:30:00Z, got "${text}"`,
    );
  return ms;
}

function endpoint(command: Command, flag: string, value: string): Endpoint {
  const match = ENDPOINT.exec(value);
  if (!match)
    refuse(
      command,
      `${flag}: expected ORG/ACCOUNT:ASSET such as dragontrade/ops:cny-jade, got "${value}"`,
    );
  return { account: match[1] ?? '', asset: match[2] ?? '' };
}

function integerFlag(
  command: Command,
  flag: string,
  value: string,
  min: number,
  max: number,
): number {
  if (
    !/^-?[0-9]+$/.test(value) ||
    !Number.isSafeInteger(Number(value)) ||
    Number(value) < min ||
    Number(value) > max
  ) {
    refuse(command, `${flag}: expected an integer from ${min} to ${max}, got "${value}"`);
  }
  return Number(value);
}

async function runRoute(command: Command, flags: RouteFlags, strategies: string[]): Promise<void> {
  const backendWanted = backendChoice(flags);
  if (typeof backendWanted === 'string') refuse(command, backendWanted);
  const from = endpoint(command, '--from', flags.from);
  const to = endpoint(command, '--to', flags.to);
  if (!strategies.includes(flags.strategy))
    refuse(
      command,
      `--strategy: unknown strategy "${flags.strategy}" (known: ${strategies.join(', ')})`,
    );
  const protocols: readonly string[] = ['auto', ...PROTOCOLS];
  if (!protocols.includes(flags.protocol))
    refuse(command, `--protocol: expected one of ${protocols.join(', ')}, got "${flags.protocol}"`);
  const seed = integerFlag(
    command,
    '--seed',
    flags.seed,
    Number.MIN_SAFE_INTEGER,
    Number.MAX_SAFE_INTEGER,
  );
  const maxHops = integerFlag(command, '--max-hops', flags.maxHops, 1, 12);
  const slippageBps =
    flags.slippageBps === undefined
      ? undefined
      : integerFlag(command, '--slippage-bps', flags.slippageBps, 0, MAX_SLIPPAGE_TOLERANCE_BPS);
  const capFlag =
    flags.maxCostBps === undefined
      ? undefined
      : integerFlag(command, '--max-cost-bps', flags.maxCostBps, 0, MAX_COST_BPS);

  if (flags.html !== undefined && !flags.html.endsWith('.html'))
    refuse(command, `--html: expected a file ending in .html, got "${flags.html}"`);
  const loaded = await loadScenarioOrExit(command, flags.scenario);
  const scenario =
    slippageBps === undefined
      ? loaded
      : {
          ...loaded,
          settlement: { ...loaded.settlement, slippageToleranceBps: slippageBps },
        };
  const { workload } = scenario;
  const profileName = flags.profile ?? workload.defaultProfile;
  const profile = Object.hasOwn(workload.profiles, profileName)
    ? workload.profiles[profileName]
    : undefined;
  if (!profile && flags.profile !== undefined)
    refuse(
      command,
      `--profile: unknown profile "${flags.profile}" (known: ${Object.keys(workload.profiles).join(', ')})`,
    );
  const maxCostBps = capFlag ?? profile?.maxCostBps;
  const assets = new Map(scenario.assets.map((asset) => [asset.id, asset]));
  for (const [flag, side] of [
    ['--from', from],
    ['--to', to],
  ] as const) {
    const asset = assets.get(side.asset);
    if (!asset)
      refuse(
        command,
        `${flag}: unknown asset "${side.asset}" (known: ${[...assets.keys()].join(', ')})`,
      );
    if (
      !scenario.accounts.some(
        (account) => account.id === side.account && account.ledger === asset.ledger,
      )
    ) {
      refuse(
        command,
        `${flag}: account "${side.account}" is not declared on ledger "${asset.ledger}" where ${asset.id} lives`,
      );
    }
  }
  const amountAsset = assets.get(flags.receive ? to.asset : from.asset);
  // Exactly a decimal: a stray space is more likely a shell quoting slip than intent.
  if (flags.amount !== flags.amount.trim())
    refuse(
      command,
      `--amount: expected a decimal without spaces, got ${JSON.stringify(flags.amount)}`,
    );
  const amount = parseDecimalAmount(flags.amount, amountAsset?.scale ?? 0, '--amount');
  if (!amount.ok) refuse(command, amount.error.message);

  const atMs = flags.at === undefined ? undefined : instantOf(command, flags.at);
  const backend = await openBackendOrExit(command, backendWanted, scenario, seed);
  try {
    const router = createRouter({ scenario, client: backend.client });
    const outcome = await router.route({
      payer: from.account,
      payerAsset: from.asset,
      payee: to.account,
      payeeAsset: to.asset,
      amount: amount.value,
      amountIs: flags.receive ? 'receive' : 'send',
      strategy: flags.strategy,
      protocol: flags.protocol as ProtocolChoice,
      seed,
      maxHops,
      nowMs: atMs ?? backend.scheduler.nowMs(),
      ...(maxCostBps === undefined ? {} : { maxCostBps }),
    });
    if (flags.json) {
      console.log(
        toJson(
          outcome.ok
            ? { ok: true, plan: outcome.value, diagnostics: outcome.diagnostics }
            : outcome,
        ),
      );
    } else if (outcome.ok) {
      const venues = new Map(scenario.venues.map((venue) => [venue.id, venue]));
      console.log(formatPlan(outcome.value, assets, { diagnostics: outcome.diagnostics, venues }));
    } else {
      const cap =
        maxCostBps === undefined
          ? ''
          : ` (cost cap ${maxCostBps} bps, ${capFlag === undefined ? `profile ${profileName}` : '--max-cost-bps'})`;
      console.error(`no plan: ${outcome.error.code}: ${outcome.error.message}${cap}`);
      for (const reason of outcome.error.reasons ?? []) console.error(`  ${reason}`);
      for (const violation of outcome.error.violations ?? [])
        console.error(`  ${violation.rule}: ${violation.message}`);
    }
    if (outcome.ok && flags.html !== undefined) {
      fs.mkdirSync(path.dirname(path.resolve(flags.html)), { recursive: true });
      // Loaded on demand: the charting library costs most of a second at start-up.
      const { routePage } = await import('../report/route-page');
      fs.writeFileSync(flags.html, routePage(outcome.value, scenario));
    }
    if (!outcome.ok) process.exitCode = ROUTE_FAILURE_EXIT[outcome.error.code];
  } finally {
    await backend.close();
  }
}
