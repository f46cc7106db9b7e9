// Seeded synthetic scenarios of any size: `corridor scenario generate` for researchers, small
// random graphs for property tests, a 1,000-venue graph for benchmarks. The output is a scenario *file* (plain data, as YAML would
// hold it), so it goes through exactly the same validation as a hand-written one and can be
// saved with `yaml.stringify` for the CLI.
//
// Shape: `currencies` wholesale CBDCs on one cbdc ledger, `banksPerCurrency` banks each
// minting its deposit token, dealers quoting random directed currency pairs near mid-market
// (a few quotes better than mid, so arbitrage exists to be detected), AMM pools near mid,
// interbank links between same-currency banks, stablecoins ramped at one bank each, and
// corporates holding deposit tokens (payers and payees).
import { createRng, type Rng } from './rng';
import { divide, multiply, toDecimalString } from './rational';
import { validateScenario } from './load';
import type { ScenarioResult } from './problems';
import type { ScenarioFileInput } from './schema';
import type { Scenario } from './types';
import type { Rational } from '../../chaincode/src/core/types';

export interface GenerateOptions {
  seed: number;
  currencies: number;
  banksPerCurrency: number;
  dealers: number;
  quotesPerDealer: number;
  pools: number;
  interbankLinks: number;
  stablecoins: number;
  corporatesPerBank: number;
}

/** Sizes for a graph of about `venues` venues (at least ~30). */
export function optionsForVenueCount(venues: number, seed = 1): GenerateOptions {
  const currencies = Math.max(3, Math.round(Math.sqrt(venues / 7)));
  const banksPerCurrency = Math.max(2, Math.round(venues / (currencies * 12)));
  const stablecoins = Math.max(1, Math.round(venues / 80));
  const pools = Math.max(1, Math.round(venues / 10));
  const interbankLinks = Math.min(
    Math.round(venues / 12),
    currencies * banksPerCurrency * (banksPerCurrency - 1),
  );
  const quotes = Math.max(
    2,
    venues - currencies * banksPerCurrency - 2 * stablecoins - pools - interbankLinks,
  );
  const pairs = currencies * (currencies - 1);
  const dealers = Math.max(2, Math.ceil(quotes / pairs));
  return {
    seed,
    currencies,
    banksPerCurrency,
    dealers,
    quotesPerDealer: Math.ceil(quotes / dealers),
    pools,
    interbankLinks,
    stablecoins,
    corporatesPerBank: 1,
  };
}

/** Org id of the generated scenarios' neutral 2PC coordinator. */
const COORDINATOR = 'clearing';
const CBDC_SCALES = [2, 2, 2, 0, 3];
const TOKEN_SCALES = [2, 2, 2, 4];
const COIN_SCALES = [2, 6];

function currencyCode(index: number): string {
  const letter = (n: number) => String.fromCharCode(65 + (n % 26));
  return `Q${letter(Math.floor(index / 26))}${letter(index)}`;
}

function pick<T>(rng: Rng, items: readonly T[]): T {
  const item = items[rng.intBelow(items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

/** Up to `count` distinct items in random order (a partial Fisher-Yates shuffle). */
function sample<T>(rng: Rng, items: readonly T[], count: number): T[] {
  const pool = [...items];
  const taken = Math.min(count, pool.length);
  for (let i = 0; i < taken; i++) {
    const j = i + rng.intBelow(pool.length - i);
    [pool[i], pool[j]] = [pool[j] as T, pool[i] as T];
  }
  return pool.slice(0, taken);
}

function between(rng: Rng, low: number, high: number): number {
  return low + rng.intBelow(high - low + 1);
}

export function generateScenarioFile(options: GenerateOptions): ScenarioFileInput {
  const rng = createRng(options.seed, 'generate-scenario');
  const orgs: ScenarioFileInput['orgs'] = [];
  const assets: ScenarioFileInput['assets'] = [];
  const accounts: NonNullable<ScenarioFileInput['accounts']> = [];
  const venues: NonNullable<ScenarioFileInput['venues']> = [];
  const fx: Record<string, string> = {};
  const members = { cbdc: [] as string[], deposit: [] as string[], stablecoin: [] as string[] };
  const corporates: Array<{ account: string; asset: string }> = [];

  // Each currency's value in a common unit, as a rational with four decimals.
  const values: Rational[] = [];
  const cbdcs: Array<{ id: string; index: number }> = [];
  const banks: Array<{ org: string; token: string; currency: number }> = [];
  for (let c = 0; c < options.currencies; c++) {
    const code = currencyCode(c);
    values.push({ num: BigInt(between(rng, 500, 50_000)), den: 10_000n });
    if (c > 0)
      fx[`${code}/${currencyCode(0)}`] = toDecimalString(
        divide(values[c] ?? ONE_VALUE, values[0] ?? ONE_VALUE),
        8,
      );
    const centralBank = `cb${c}`;
    orgs.push({
      id: centralBank,
      name: `Central bank ${code}`,
      role: 'central-bank',
      jurisdiction: code,
    });
    members.cbdc.push(centralBank);
    const cbdc = `${code.toLowerCase()}-cbdc`;
    assets.push({
      id: cbdc,
      ledger: 'cbdc',
      kind: 'cbdc',
      currency: code,
      issuer: centralBank,
      scale: pick(rng, CBDC_SCALES),
    });
    cbdcs.push({ id: cbdc, index: c });
    for (let b = 0; b < options.banksPerCurrency; b++) {
      const bank = `bank${c}x${b}`;
      const token = `${code.toLowerCase()}-b${b}`;
      orgs.push({
        id: bank,
        name: `Bank ${b} (${code})`,
        role: 'commercial-bank',
        jurisdiction: code,
      });
      members.cbdc.push(bank);
      members.deposit.push(bank);
      assets.push({
        id: token,
        ledger: 'deposit',
        kind: 'deposit',
        currency: code,
        issuer: bank,
        scale: pick(rng, TOKEN_SCALES),
      });
      accounts.push({
        id: `${bank}/reserve`,
        ledger: 'cbdc',
        balances: { [cbdc]: String(between(rng, 1, 50) * 10_000_000) },
      });
      accounts.push({ id: `${bank}/treasury`, ledger: 'deposit' });
      venues.push({
        id: `${bank}-tokens`,
        type: 'mint-redeem',
        operator: bank,
        cbdcAsset: cbdc,
        depositAsset: token,
        reserveAccount: `${bank}/reserve`,
        treasuryAccount: `${bank}/treasury`,
        feeBps: between(rng, 0, 5),
        latencyMs: between(rng, 0, 4) * 100,
      });
      banks.push({ org: bank, token, currency: c });
      for (let k = 0; k < options.corporatesPerBank; k++) {
        const corporate = `corp${c}x${b}x${k}`;
        orgs.push({
          id: corporate,
          name: `Corporate ${k} of bank ${b} (${code})`,
          role: 'corporate',
          jurisdiction: code,
        });
        members.deposit.push(corporate);
        accounts.push({
          id: `${corporate}/ops`,
          ledger: 'deposit',
          balances: { [token]: String(between(rng, 1, 100) * 1_000_000) },
        });
        corporates.push({ account: `${corporate}/ops`, asset: token });
      }
    }
  }

  const mid = (a: number, b: number): Rational =>
    divide(values[a] ?? ONE_VALUE, values[b] ?? ONE_VALUE);
  const reserveOf = (currency: number) =>
    between(rng, 5, 50) *
    1_000_000 *
    Math.max(1, Math.round(10_000 / Number(values[currency]?.num ?? 1n)));

  for (let d = 0; d < options.dealers; d++) {
    const dealer = `dealer${d}`;
    orgs.push({ id: dealer, name: `Dealer ${d}`, role: 'dealer', jurisdiction: 'INTL' });
    members.cbdc.push(dealer);
    const book: Record<string, string> = {};
    for (const { id, index } of cbdcs) book[id] = String(reserveOf(index));
    accounts.push({ id: `${dealer}/book`, ledger: 'cbdc', balances: book });
    const pairs = cbdcs.flatMap((from) =>
      cbdcs.filter((to) => to.id !== from.id).map((to) => ({ from, to })),
    );
    for (const { from, to } of sample(rng, pairs, options.quotesPerDealer)) {
      // Mostly a little worse than mid; now and then better (arbitrage to detect).
      const skewBps = BigInt(between(rng, -10, 40));
      const rate = multiply(mid(from.index, to.index), { num: 10_000n - skewBps, den: 10_000n });
      venues.push({
        id: `${dealer}-${from.id}-${to.id}`,
        type: 'fx-quote',
        operator: dealer,
        account: `${dealer}/book`,
        assetIn: from.id,
        assetOut: to.id,
        rate: toDecimalString(rate, 8),
        spreadBps: between(rng, 0, 20),
        feeBps: between(rng, 0, 5),
        maxIn: String(between(rng, 1, 20) * 1_000_000),
      });
    }
  }

  const wallets: Array<{ account: string; asset: string }> = [];
  const coins: Array<{ id: string; index: number }> = [];
  for (let s = 0; s < options.stablecoins && banks.length > 0; s++) {
    const issuer = `issuer${s}`;
    const holder = `holder${s}`;
    const bank = pick(rng, banks);
    const coin = `coin${s}`;
    const code = currencyCode(bank.currency);
    orgs.push({
      id: issuer,
      name: `Stablecoin issuer ${s}`,
      role: 'stablecoin-issuer',
      jurisdiction: code,
    });
    orgs.push({ id: holder, name: `Wallet holder ${s}`, role: 'corporate', jurisdiction: code });
    members.deposit.push(issuer);
    members.stablecoin.push(issuer, holder);
    assets.push({
      id: coin,
      ledger: 'stablecoin',
      kind: 'stablecoin',
      currency: code,
      issuer,
      scale: pick(rng, COIN_SCALES),
    });
    const supply = between(rng, 1, 20) * 1_000_000;
    // Reserves well above any supply the coin can reach here (wallets, treasury, pools).
    accounts.push({
      id: `${issuer}/reserve`,
      ledger: 'deposit',
      balances: { [bank.token]: String(supply * 2 + 100_000_000_000) },
    });
    accounts.push({
      id: `${holder}/wallet`,
      ledger: 'stablecoin',
      balances: { [coin]: String(supply) },
    });
    wallets.push({ account: `${holder}/wallet`, asset: coin });
    coins.push({ id: coin, index: bank.currency });
    // The issuer keeps some of its own coin, so it can sign swaps that follow a mint.
    accounts.push({
      id: `${issuer}/treasury`,
      ledger: 'stablecoin',
      balances: { [coin]: String(supply / 4) },
    });
    venues.push({
      id: `${issuer}-ramp`,
      type: 'ramp',
      operator: issuer,
      depositAsset: bank.token,
      stablecoin: coin,
      reserveAccount: `${issuer}/reserve`,
      treasuryAccount: `${issuer}/treasury`,
      feeBps: between(rng, 0, 10),
    });
    venues.push({ id: `${coin}-transfer`, type: 'transfer', operator: issuer, asset: coin });
  }

  // Pools mostly pair two CBDCs; with two or more stablecoins, some pair stablecoins instead.
  for (let p = 0; p < options.pools && cbdcs.length > 1; p++) {
    const operator = `mm${p}`;
    const onStablecoins = coins.length > 1 && rng.intBelow(3) === 0;
    const ledger = onStablecoins ? 'stablecoin' : 'cbdc';
    const listed = onStablecoins ? coins : cbdcs;
    orgs.push({
      id: operator,
      name: `Market maker ${p}`,
      role: 'market-maker',
      jurisdiction: 'INTL',
    });
    members[ledger].push(operator);
    accounts.push({ id: `${operator}/pool`, ledger });
    const a = pick(rng, listed);
    const b = pick(
      rng,
      listed.filter((other) => other.id !== a.id),
    );
    const reserveA = BigInt(reserveOf(a.index));
    const reserveB = (reserveA * mid(a.index, b.index).num) / mid(a.index, b.index).den;
    venues.push({
      id: `${operator}-${a.id}-${b.id}`,
      type: 'amm',
      operator,
      account: `${operator}/pool`,
      reserves: { [a.id]: String(reserveA), [b.id]: String(reserveB > 0n ? reserveB : 1n) },
      feeBps: between(rng, 1, 30),
    });
  }

  const links = banks.flatMap((from) =>
    banks
      .filter((to) => to.currency === from.currency && to.org !== from.org)
      .map((to) => ({ from, to })),
  );
  for (const { from, to } of sample(rng, links, options.interbankLinks)) {
    venues.push({
      id: `${from.org}-to-${to.org}`,
      type: 'interbank',
      operator: from.org,
      cbdcAsset: `${currencyCode(from.currency).toLowerCase()}-cbdc`,
      from: { asset: from.token, treasury: `${from.org}/treasury`, reserve: `${from.org}/reserve` },
      to: { asset: to.token, treasury: `${to.org}/treasury`, reserve: `${to.org}/reserve` },
      feeBps: between(rng, 0, 3),
    });
  }

  const ledgers: ScenarioFileInput['ledgers'] = [
    { id: 'cbdc', kind: 'cbdc', members: members.cbdc },
    { id: 'deposit', kind: 'deposit', members: members.deposit },
  ];
  if (members.stablecoin.length > 0)
    ledgers.push({ id: 'stablecoin', kind: 'stablecoin', members: members.stablecoin });
  // The neutral 2PC coordinator: a member of every ledger that holds no funds on any.
  orgs.push({
    id: COORDINATOR,
    name: 'Clearing House',
    role: 'clearing-house',
    jurisdiction: 'INTL',
  });
  for (const ledger of ledgers) ledger.members.push(COORDINATOR);

  const endpoints = [...corporates, ...wallets];
  const corridors = Array.from({ length: Math.min(8, endpoints.length) }, (_, i) => {
    const from = pick(rng, endpoints);
    const to = pick(
      rng,
      endpoints.filter((other) => other.account !== from.account),
    );
    return {
      name: `corridor-${i}`,
      weight: 1,
      from: { asset: from.asset, accounts: [from.account] },
      to: { asset: to.asset, accounts: [to.account] },
    };
  });

  return {
    name: `generated-${options.seed}`,
    description: `Generated: ${options.currencies} currencies, ${venues.length} venues (seed ${options.seed}).`,
    orgs,
    ledgers,
    assets,
    accounts,
    venues,
    fx,
    workload: {
      defaultProfile: 'mixed',
      profiles: {
        mixed: {
          description: 'Random corporate and wallet corridors.',
          ratePerSecond: 50,
          amounts: {
            kind: 'buckets',
            buckets: [
              { min: '100', max: '100000', weight: 9 },
              { min: '100000', max: '5000000', weight: 1 },
            ],
          },
          corridors,
        },
      },
    },
    settlement: {
      defaultProtocol: 'htlc',
      blockLatencyMs: Object.fromEntries(ledgers.map((ledger, i) => [ledger.id, 500 * (i + 1)])),
      htlc: { expiryMs: 120_000, marginPerHopMs: 20_000 },
      twoPhaseCommit: { deadlineMs: 60_000, coordinator: COORDINATOR },
    },
  };
}

const ONE_VALUE: Rational = { num: 1n, den: 1n };

/** A generated scenario, validated like any file; a problem here is a generator bug. */
export function generateScenario(options: GenerateOptions): ScenarioResult<Scenario> {
  return validateScenario(generateScenarioFile(options), `generated:${options.seed}`);
}
