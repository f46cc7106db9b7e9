// The value flow of a run: a Sankey from the payers' assets through the venues, in path order,
// to the payees' assets, by value sent (the scenario's reference currency at mid-market, so
// flows in different assets are comparable). Drawn from flows.csv.
import { baseOption, type Chart } from '../chart';
import type { RunData } from '../run-data';
import { createValuer } from '../values';

export function valueFlowChart(run: RunData, id: string): Chart {
  const valuer = createValuer(run.scenario);
  const ways = run.flows.map((flow) => ({
    flow,
    nodes: [
      `${flow.payer_asset} (sent)`,
      ...flow.venues.split('|'),
      `${flow.payee_asset} (received)`,
    ],
    value: valuer.value(flow.payer_asset, BigInt(flow.amount_in)),
  }));
  // A venue met at different depths by different paths could close a cycle, which a Sankey
  // cannot draw; then venues are told apart by their position on the path.
  const staged = hasCycle(ways.map((way) => way.nodes))
    ? ways.map((way) => ({
        ...way,
        nodes: way.nodes.map((node, i) =>
          i === 0 || i === way.nodes.length - 1 ? node : `${node} #${i}`,
        ),
      }))
    : ways;
  const links = new Map<string, number>();
  for (const way of staged) {
    for (let i = 0; i + 1 < way.nodes.length; i++) {
      const key = `${way.nodes[i]}\u0000${way.nodes[i + 1]}`;
      links.set(key, (links.get(key) ?? 0) + way.value);
    }
  }
  const names = [...new Set(staged.flatMap((way) => way.nodes))].sort();
  return {
    id,
    title: `Value flow${run.label ? ` — ${run.label}` : ''}`,
    caption: `Settled value from payer assets through venues to payee assets, in ${valuer.currency} at mid-market.`,
    height: Math.max(360, 28 * names.length),
    option: baseOption({
      legend: { show: false },
      series: [
        {
          type: 'sankey',
          left: 10,
          right: 160,
          top: 20,
          bottom: 20,
          layoutIterations: 32,
          emphasis: { focus: 'adjacency' },
          data: names.map((name) => ({ name })),
          links: [...links.keys()].sort().map((key) => {
            const [source = '', target = ''] = key.split('\u0000');
            return { source, target, value: Math.round((links.get(key) ?? 0) * 100) / 100 };
          }),
        },
      ],
    }),
    table: {
      columns: [
        'payer asset',
        'venues',
        'payee asset',
        'paths',
        'sent',
        'received',
        `value (${valuer.currency})`,
      ],
      rows: ways.map(({ flow, value }) => [
        flow.payer_asset,
        flow.venues.split('|').join(' → '),
        flow.payee_asset,
        flow.paths,
        valuer.money(flow.payer_asset, BigInt(flow.amount_in)),
        valuer.money(flow.payee_asset, BigInt(flow.amount_out)),
        value.toFixed(2),
      ]),
    },
  };
}

function hasCycle(paths: readonly string[][]): boolean {
  const next = new Map<string, Set<string>>();
  for (const nodes of paths)
    for (let i = 0; i + 1 < nodes.length; i++) {
      const targets = next.get(nodes[i]!) ?? new Set<string>();
      targets.add(nodes[i + 1]!);
      next.set(nodes[i]!, targets);
    }
  const state = new Map<string, 'open' | 'done'>();
  const visit = (node: string): boolean => {
    if (state.get(node) === 'done') return false;
    if (state.get(node) === 'open') return true;
    state.set(node, 'open');
    for (const target of next.get(node) ?? []) if (visit(target)) return true;
    state.set(node, 'done');
    return false;
  };
  return [...next.keys()].some(visit);
}
