// Arbitrage: a profitable cycle among the venues near a payment is detected, confirmed exactly
// and reported, and routing never walks it.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { createRouter } from '../../router/routing/router';
import { parseScenario } from '../../router/scenario/load';
import { boot } from './support';

async function depeg(redemptionsPaused: boolean) {
  const text = await readFile('scenarios/depeg-stress.yaml', 'utf8');
  const loaded = parseScenario(
    text.replace('redemptionsPaused: true', `redemptionsPaused: ${redemptionsPaused}`),
    'depeg',
  );
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  return loaded.value;
}

const payment = {
  payer: 'oakfund/wallet',
  payerAsset: 'usdz',
  payee: 'oakfund/ops',
  payeeAsset: 'usd-maple',
  amount: 100_000_000_000n,
};

describe('arbitrage detection', () => {
  it('reports buy-USDZ-cheap, redeem-at-par when redemptions are open, and does not walk it', async () => {
    const scenario = await depeg(false);
    const { client } = await boot(scenario);
    const outcome = await createRouter({ scenario, client }).route(payment);
    if (!outcome.ok) throw new Error(outcome.error.message);
    const [cycle] = outcome.diagnostics.arbitrage;
    expect(cycle?.edges).toEqual(['usdz-usdk-pool:b-a', 'zenith-ramp:off', 'keystone-ramp:on']);
    expect(cycle?.gainBps).toBeGreaterThan(1_000);
    for (const path of outcome.value.paths) {
      const assets = [path.legs[0]?.assetIn, ...path.legs.map((leg) => leg.assetOut)];
      expect(new Set(assets).size).toBe(assets.length);
    }
    // With redemptions open, the direct redemption at par is the cheapest exit.
    expect(outcome.value.paths[0]?.legs.map((leg) => leg.venue)).toEqual(['zenith-ramp']);
  });

  it('finds no arbitrage while redemptions are paused, and exits through the other stablecoin', async () => {
    const scenario = await depeg(true);
    const { client } = await boot(scenario);
    const outcome = await createRouter({ scenario, client }).route(payment);
    if (!outcome.ok) throw new Error(outcome.error.message);
    expect(outcome.diagnostics.arbitrage).toEqual([]);
    expect(outcome.value.paths[0]?.legs.map((leg) => leg.venue)).toEqual([
      'usdz-usdk-pool',
      'keystone-ramp',
    ]);
    expect(outcome.value.costBps).toBeGreaterThan(900);
  });
});
