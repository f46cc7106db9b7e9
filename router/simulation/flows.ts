// flows.csv: where settled value went, path by path: the payer's asset, the venues in order and
// the payee's asset, with how many paths took that way and what they carried (the plan's
// amounts, in minor units of the payer's and the payee's asset). One row per distinct way, so
// its size depends on the scenario, not on the run. The report draws its value-flow Sankey
// from it.
import type { Plan } from '../routing/plan';

export const FLOW_COLUMNS = [
  'payer_asset',
  'venues',
  'payee_asset',
  'paths',
  'amount_in',
  'amount_out',
] as const;

export type FlowRow = Record<(typeof FLOW_COLUMNS)[number], string>;

export interface FlowTable {
  settled(plan: Plan): void;
  /** One row per way, sorted. */
  rows(): FlowRow[];
}

export function createFlowTable(): FlowTable {
  const ways = new Map<string, { paths: number; amountIn: bigint; amountOut: bigint }>();
  return {
    settled(plan) {
      for (const path of plan.paths) {
        const venues = path.legs.map((leg) => leg.venue).join('|');
        const key = [plan.payerAsset, venues, plan.payeeAsset].join(',');
        const way = ways.get(key) ?? { paths: 0, amountIn: 0n, amountOut: 0n };
        way.paths++;
        way.amountIn += path.amountIn;
        way.amountOut += path.amountOut;
        ways.set(key, way);
      }
    },
    rows() {
      return [...ways.keys()].sort().map((key) => {
        const [payerAsset = '', venues = '', payeeAsset = ''] = key.split(',');
        const way = ways.get(key)!;
        return {
          payer_asset: payerAsset,
          venues,
          payee_asset: payeeAsset,
          paths: String(way.paths),
          amount_in: String(way.amountIn),
          amount_out: String(way.amountOut),
        };
      });
    },
  };
}
