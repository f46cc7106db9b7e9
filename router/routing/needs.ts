// What a routing call must read from the ledgers: every balance a candidate path debits (the
// payer's, connectors' payout accounts, dealers' books) and the pools and quotes it prices.
import type { Edge } from './graph';
import { needBalance, type MarketNeeds } from './market';
import type { PathRoute } from './path-ops';

export function addPathNeeds(needs: MarketNeeds, route: PathRoute): void {
  route.edges.forEach((edge, index) => {
    const holder = route.holders[index] ?? '';
    needBalance(needs, edge.ledgerIn, edge.assetIn, holder);
    switch (edge.kind) {
      case 'transfer':
        return;
      case 'fx-quote':
        needBalance(needs, edge.ledgerIn, edge.assetOut, edge.dealer);
        needs.quotes.set(edge.quote, edge.ledgerIn);
        return;
      case 'amm':
        needs.pools.set(edge.pool, edge.ledgerIn);
        return;
      default:
        if (edge.settlement) {
          const { ledger, asset, from } = edge.settlement;
          needBalance(needs, ledger, asset, from);
        }
        if (edge.output.mode === 'pay')
          needBalance(needs, edge.ledgerOut, edge.assetOut, edge.output.account);
    }
  });
}

/** Prices of every candidate venue, for arbitrage detection beyond the chosen paths. */
export function addPriceNeeds(needs: MarketNeeds, edges: readonly Edge[]): void {
  for (const edge of edges) {
    if (edge.kind === 'fx-quote') needs.quotes.set(edge.quote, edge.ledgerIn);
    if (edge.kind === 'amm') needs.pools.set(edge.pool, edge.ledgerIn);
  }
}

/** Adds everything `source` needs to `target`. */
export function mergeNeeds(target: MarketNeeds, source: MarketNeeds): void {
  for (const [key, balance] of source.balances) target.balances.set(key, balance);
  for (const [pool, ledger] of source.pools) target.pools.set(pool, ledger);
  for (const [quote, ledger] of source.quotes) target.quotes.set(quote, ledger);
}
