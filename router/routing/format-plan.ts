// A plan for people (aligned text: legs, steps, totals) and for machines (JSON, bigints as
// decimal strings of minor units).
import { formatAmount } from '../../chaincode/src/core/amount';
import type { LegOp } from '../../chaincode/src/core/types';
import type { ScenarioAsset, Venue } from '../scenario/types';
import type { LedgerStep, Plan } from './plan';
import type { RouteDiagnostics } from './router';

type Assets = ReadonlyMap<string, ScenarioAsset>;
type Venues = ReadonlyMap<string, Venue>;

/** 1234567.50 → "1,234,567.50" in the asset's major units. */
export function formatMoney(amount: bigint, asset: string, assets: Assets): string {
  const scale = assets.get(asset)?.scale ?? 0;
  const [whole = '', fraction] = formatAmount(amount, scale).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${fraction === undefined ? grouped : `${grouped}.${fraction}`} ${asset}`;
}

function table(rows: string[][], indent = '  '): string[] {
  const widths: number[] = [];
  for (const row of rows)
    row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map(
    (row) =>
      indent +
      row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  '),
  );
}

/** The assets a swap leg trades, from its venue (fx quote or pool). */
function swapAssets(leg: LegOp, venues: Venues): { assetIn: string; assetOut: string } | undefined {
  if (leg.type === 'fxSwap') {
    const venue = venues.get(leg.quote);
    return venue?.type === 'fx-quote'
      ? { assetIn: venue.assetIn, assetOut: venue.assetOut }
      : undefined;
  }
  if (leg.type === 'swap') {
    const venue = venues.get(leg.pool);
    if (venue?.type !== 'amm') return undefined;
    return {
      assetIn: leg.assetIn,
      assetOut: leg.assetIn === venue.assetA ? venue.assetB : venue.assetA,
    };
  }
  return undefined;
}

function describeLeg(leg: LegOp, assets: Assets, venues: Venues): string {
  const money = (amount: bigint, asset: string | undefined) =>
    asset === undefined ? `${amount} (minor units)` : formatMoney(amount, asset, assets);
  switch (leg.type) {
    case 'transfer':
      return `transfer ${money(leg.amount, leg.asset)}  ${leg.from} → ${leg.to}`;
    case 'issue':
      return `issue ${money(leg.amount, leg.asset)}  → ${leg.to}`;
    case 'burn':
      return `burn ${money(leg.amount, leg.asset)}  ${leg.from}`;
    case 'swap':
    case 'fxSwap': {
      const traded = swapAssets(leg, venues);
      const where = leg.type === 'swap' ? `in pool ${leg.pool}` : `at quote ${leg.quote}`;
      return (
        `${leg.type} ${money(leg.amountIn, traded?.assetIn)} ${where}  ${leg.from} → ${leg.to}` +
        ` (min out ${money(leg.minOut, traded?.assetOut)})`
      );
    }
  }
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

export function formatPlan(
  plan: Plan,
  assets: Assets,
  options: { diagnostics?: RouteDiagnostics; venues?: Venues } = {},
): string {
  const money = (amount: bigint, asset: string) => formatMoney(amount, asset, assets);
  const lines: string[] = [];
  lines.push(`Route ${plan.payer}:${plan.payerAsset} → ${plan.payee}:${plan.payeeAsset}`);
  lines.push(
    `  strategy ${plan.strategy} · protocol ${plan.protocol} · ${plan.ledgers.length} ledger${plan.ledgers.length === 1 ? '' : 's'} ` +
      `(${plan.ledgers.join(', ')}) · expected latency ${seconds(plan.expectedLatencyMs)}`,
  );
  const amm = plan.paths.some((path) => path.legs.some((leg) => leg.venueType === 'amm'));
  const expected = plan.expectedAmountOut ?? plan.amountOut;
  lines.push(
    ...table([
      ['sends', money(plan.amountIn, plan.payerAsset)],
      ['delivers', `${money(plan.amountOut, plan.payeeAsset)}${amm ? ' guaranteed' : ''}`],
      ...(amm && expected !== plan.amountOut
        ? [['expected', `${money(expected, plan.payeeAsset)} if no pool moves before settlement`]]
        : []),
      ['cost', `${plan.costBps.toFixed(2)} bps against mid-market (on the guaranteed amount)`],
      ...(amm
        ? [
            [
              'slippage',
              `tolerance ${plan.slippageToleranceBps ?? 0} bps on AMM legs (min out = quoted less tolerance)`,
            ],
          ]
        : []),
    ]),
  );
  plan.paths.forEach((path, index) => {
    lines.push('');
    const share = plan.amountIn > 0n ? Number((path.amountIn * 10_000n) / plan.amountIn) / 100 : 0;
    lines.push(`Path ${index + 1} of ${plan.paths.length} (${share}% of the input)`);
    const rows = [
      [
        '#',
        'venue',
        'type',
        'ledgers',
        'from → to',
        'in',
        'out (guaranteed)',
        'expected out',
        'fee kept',
        'latency',
      ],
    ];
    path.legs.forEach((leg, i) =>
      rows.push([
        String(i + 1),
        leg.venue,
        leg.venueType,
        leg.ledgers.join('→'),
        `${leg.from} → ${leg.to}`,
        money(leg.amountIn, leg.assetIn),
        money(leg.amountOut, leg.assetOut),
        leg.expectedAmountOut === undefined ? '-' : money(leg.expectedAmountOut, leg.assetOut),
        money(leg.feeOut, leg.assetOut),
        seconds(leg.expectedLatencyMs),
      ]),
    );
    lines.push(...table(rows));
  });
  lines.push('');
  lines.push(
    `Steps (${plan.steps.length} ledger transaction${plan.steps.length === 1 ? '' : 's'} under ${plan.protocol}, payer → payee)`,
  );
  const venues: Venues = options.venues ?? new Map();
  const stepRows: string[][] = [];
  plan.steps.forEach((step: LedgerStep, i) => {
    step.legs.forEach((leg, j) => {
      const head =
        j === 0 ? [String(i + 1), step.ledger, `signed by ${step.signer}`] : ['', '', ''];
      stepRows.push([...head, describeLeg(leg, assets, venues)]);
    });
  });
  lines.push(...table(stepRows));
  const { diagnostics } = options;
  if (diagnostics) {
    lines.push('');
    lines.push(
      `Considered ${diagnostics.pathsConsidered} path${diagnostics.pathsConsidered === 1 ? '' : 's'} over ${diagnostics.candidateVenues} venues` +
        (diagnostics.pathsTruncated ? ' (search truncated)' : ''),
    );
    for (const excluded of diagnostics.excluded) lines.push(`  excluded by policy: ${excluded}`);
    if (diagnostics.arbitrage.length === 0) lines.push('  arbitrage: none among these venues');
    for (const cycle of diagnostics.arbitrage) {
      lines.push(
        `  arbitrage (never routed): ${cycle.assets.join(' → ')} via ${cycle.edges.join(', ')} gains ${cycle.gainBps} bps`,
      );
    }
  }
  return lines.join('\n');
}

/** JSON with bigints as decimal strings (minor units). */
export function toJson(value: unknown): string {
  return JSON.stringify(
    value,
    (_key, inner: unknown) => (typeof inner === 'bigint' ? inner.toString() : inner),
    2,
  );
}
