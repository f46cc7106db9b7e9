// The scenario as a map: orgs on top, ledgers in the middle, venues below; an org is linked to
// the ledgers it is a member of, a venue to the ledgers it touches and to the org running it.
// Positions are computed (no force layout, which starts from random positions).
import type { GraphSeriesOption } from 'echarts';
import type { Scenario, Venue } from '../../scenario/types';
import { baseOption, type Chart, CHART_WIDTH } from '../chart';

const ROWS = { org: 60, ledger: 260, venue: 460 };

export function venueAssets(venue: Venue): string[] {
  switch (venue.type) {
    case 'transfer':
      return [venue.asset];
    case 'fx-quote':
      return [venue.assetIn, venue.assetOut];
    case 'amm':
      return [venue.assetA, venue.assetB];
    case 'mint-redeem':
      return [venue.cbdcAsset, venue.depositAsset];
    case 'ramp':
      return [venue.depositAsset, venue.stablecoin];
    case 'interbank':
      return [venue.cbdcAsset, venue.from.asset, venue.to.asset];
  }
}

export function scenarioMapChart(scenario: Scenario, id: string): Chart {
  const ledgerOf = new Map(scenario.assets.map((asset) => [asset.id, asset.ledger]));
  const venueLedgers = (venue: Venue): string[] =>
    [...new Set(venueAssets(venue).map((asset) => ledgerOf.get(asset) ?? ''))]
      .filter(Boolean)
      .sort();
  const spread = <T>(items: readonly T[], y: number) =>
    items.map((item, index) => ({
      item,
      x: ((index + 0.5) * (CHART_WIDTH - 80)) / items.length + 40,
      y,
    }));
  const orgs = [...scenario.orgs].sort(
    (a, b) => a.role.localeCompare(b.role) || a.id.localeCompare(b.id),
  );
  const nodes: NonNullable<GraphSeriesOption['data']> = [
    ...spread(orgs, ROWS.org).map(({ item, x, y }) => ({
      name: `org ${item.id}`,
      x,
      y,
      category: 0,
      symbolSize: 14,
      value: item.role,
      label: { rotate: 35, formatter: item.id },
    })),
    ...spread(scenario.ledgers, ROWS.ledger).map(({ item, x, y }) => ({
      name: `ledger ${item.id}`,
      x,
      y,
      category: 1,
      symbolSize: 40,
      symbol: 'roundRect',
      value: item.kind,
      label: { formatter: item.id, position: 'inside' as const },
    })),
    ...spread(scenario.venues, ROWS.venue).map(({ item, x, y }) => ({
      name: `venue ${item.id}`,
      x,
      y,
      category: 2,
      symbolSize: 16,
      symbol: 'diamond',
      value: item.type,
      label: { rotate: -35, formatter: item.id },
    })),
  ];
  const links: Array<{ source: string; target: string }> = [];
  for (const ledger of scenario.ledgers)
    for (const member of ledger.members)
      links.push({ source: `org ${member}`, target: `ledger ${ledger.id}` });
  for (const venue of scenario.venues) {
    for (const ledger of venueLedgers(venue))
      links.push({ source: `venue ${venue.id}`, target: `ledger ${ledger}` });
    links.push({ source: `venue ${venue.id}`, target: `org ${venue.operator}` });
  }
  return {
    id,
    title: `Scenario ${scenario.name}: ledgers, orgs and venues`,
    caption:
      'Orgs (top) linked to the ledgers they are members of; venues (bottom) to the ledgers they touch and the org running them.',
    height: 560,
    option: baseOption({
      series: [
        {
          type: 'graph',
          layout: 'none',
          left: 40,
          right: 40,
          top: 60,
          bottom: 60,
          categories: [{ name: 'org' }, { name: 'ledger' }, { name: 'venue' }],
          label: { show: true, position: 'right', fontSize: 10 },
          lineStyle: { opacity: 0.35, width: 1 },
          data: nodes,
          links,
        },
      ],
      legend: { top: 0, data: ['org', 'ledger', 'venue'] },
    }),
    table: {
      columns: ['kind', 'id', 'type / role', 'ledgers', 'operator'],
      rows: [
        ...scenario.ledgers.map((ledger) => ['ledger', ledger.id, ledger.kind, ledger.id, '']),
        ...orgs.map((org) => [
          'org',
          org.id,
          org.role,
          scenario.ledgers
            .filter((ledger) => ledger.members.includes(org.id))
            .map((ledger) => ledger.id)
            .join(', '),
          '',
        ]),
        ...scenario.venues.map((venue) => [
          'venue',
          venue.id,
          venue.type,
          venueLedgers(venue).join(', '),
          venue.operator,
        ]),
      ],
    },
  };
}
