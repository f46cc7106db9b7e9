// The liquidity-scale transform: what a venue pays out of is scaled (rounded down to the asset's
// scale), payers' balances and a stablecoin's backing reserve are not, and the result is still a
// valid scenario. Expected figures are worked out by hand from the files.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { scaleLiquidity } from '../../router/scenario/liquidity-scale';
import { validateScenario } from '../../router/scenario/load';
import { formatProblem } from '../../router/scenario/problems';
import { scenarioFileSchema, type ScenarioFile } from '../../router/scenario/schema';

async function file(path: string): Promise<ScenarioFile> {
  return scenarioFileSchema.parse(parse(await readFile(path, 'utf8')));
}

const balance = (scenario: ScenarioFile, account: string, asset: string) =>
  scenario.accounts.find((entry) => entry.id === account)?.balances[asset];

const venue = (scenario: ScenarioFile, id: string) =>
  scenario.venues.find((entry) => entry.id === id);

describe('liquidity scale', () => {
  it('scales dealer books in the quoted asset, quote sizes and bank reserves, rounding down', async () => {
    const minimal = await file('test/scenario/fixtures/minimal.yaml');
    const third = scaleLiquidity(minimal, { num: 1n, den: 3n });
    // The dealer's quote pays xab-cbdc (scale 0): 500000 / 3 = 166666.67 → 166666.
    expect(balance(third, 'dealer/book', 'xab-cbdc')).toBe('166666');
    // It only takes xaa-cbdc in: that side of the book is not liquidity it pays out.
    expect(balance(third, 'dealer/book', 'xaa-cbdc')).toBe('500000.00');
    const quote = venue(third, 'dealer-xaa-xab');
    expect(quote?.type === 'fx-quote' ? quote.maxIn : null).toBe('3333.33'); // 10000.00 / 3
    // The bank redeems deposit tokens out of its CBDC reserve: 1000000.00 / 3.
    expect(balance(third, 'bank/reserve', 'xaa-cbdc')).toBe('333333.33');
    // Payers keep their balances; the stablecoin's reserve keeps backing its supply.
    expect(balance(third, 'acme/ops', 'xaa-bank')).toBe('25000.00');
    expect(balance(third, 'acme/wallet', 'coin')).toBe('100.000000');
    expect(balance(third, 'issuer/reserve', 'xaa-bank')).toBe('1000.00');
    // The input is not changed.
    expect(balance(minimal, 'dealer/book', 'xab-cbdc')).toBe('500000');
  });

  it('scales AMM pools and interbank reserves on mbridge-lite, and the result validates', async () => {
    const mbridge = await file('scenarios/mbridge-lite.yaml');
    const quarter = scaleLiquidity(mbridge, { num: 1n, den: 4n });
    const pool = venue(quarter, 'lionmm-cny-hkd');
    expect(pool?.type === 'amm' ? pool.reserves : null).toEqual({
      'cny-cbdc': '75000000.00',
      'hkd-cbdc': '82125000.00',
    });
    expect(balance(quarter, 'orientfx/book', 'hkd-cbdc')).toBe('375000000.00');
    expect(balance(quarter, 'peakbank/reserve', 'hkd-cbdc')).toBe('250000000.00');
    expect(balance(quarter, 'dragontrade/ops', 'cny-jade')).toBe('3000000000.00');
    expect(balance(quarter, 'anchorco/reserve', 'hkd-harbour')).toBe('60000000.00');
    const validated = validateScenario(quarter, 'scaled');
    expect(validated.ok ? 'ok' : validated.problems.map(formatProblem).join('\n')).toBe('ok');
  });

  it('is the identity at 1 and doubles at 2', async () => {
    const mbridge = await file('scenarios/mbridge-lite.yaml');
    expect(scaleLiquidity(mbridge, { num: 1n, den: 1n })).toEqual(mbridge);
    const doubled = scaleLiquidity(mbridge, { num: 2n, den: 1n });
    expect(balance(doubled, 'gulffx/book', 'thb-cbdc')).toBe('6000000000.00');
    const quote = venue(doubled, 'gulffx-cny-hkd');
    expect(quote?.type === 'fx-quote' ? quote.maxIn : null).toBe('20000000.00');
  });
});
