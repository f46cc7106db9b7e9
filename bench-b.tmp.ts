import { generateScenario, optionsForVenueCount } from './router/scenario/generate';
import { bootstrapScenario, ledgerMembers } from './router/scenario/bootstrap';
import { loadScenario } from './router/scenario/load';
import { createEmbeddedLedgerClient } from './router/ledger/embedded';
import { VirtualClock } from './router/ledger/clock';
import { createRouter, preparePayment, choosePlan, createRoutingContext } from './router/routing/router';
import { readMarket } from './router/routing/market';
import { normalizeRequest } from './router/routing/request';
import type { Scenario } from './router/scenario/types';
import { createRng } from './router/simulation/rng';
type Req = { payer: string; payerAsset: string; payee: string; payeeAsset: string; amount: bigint; maxHops?: number };
async function client(s: Scenario) { const c = createEmbeddedLedgerClient({ ledgers: ledgerMembers(s), clock: new VirtualClock(0) }); await bootstrapScenario(c, s); return c; }
const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
async function endToEnd(label: string, s: Scenario, reqs: Req[], strategy: string) {
  const c = await client(s); const rates: number[] = [];
  for (let run = 0; run < 4; run++) {
    const router = createRouter({ scenario: s, client: c, detectArbitrage: false });
    const t = performance.now();
    for (const r of reqs) await router.route({ ...r, strategy });
    if (run > 0) rates.push(reqs.length / (performance.now() - t) * 1000);
  }
  console.log(`${label.padEnd(52)} ${strategy.padEnd(9)} median ${median(rates).toFixed(0).padStart(6)} plans/s`);
}
async function computeOnly(label: string, s: Scenario, reqs: Req[], strategy: string) {
  const c = await client(s); const context = createRoutingContext(s, { detectArbitrage: false }); const prepared = [];
  for (const r of reqs) { const p = preparePayment(context, normalizeRequest({ ...r, strategy })); if (!p.ok) continue; const m = await readMarket(c, context.graph.readers, p.value.needs); if (m.ok) prepared.push({ p: p.value, m: m.value }); }
  const rates: number[] = [];
  for (let run = 0; run < 4; run++) { const t = performance.now(); for (const { p, m } of prepared) choosePlan(context, p, m); if (run > 0) rates.push(prepared.length / (performance.now() - t) * 1000); }
  console.log(`${label.padEnd(52)} ${strategy.padEnd(9)} median ${median(rates).toFixed(0).padStart(6)} plans/s`);
}
const rng = createRng(42, 'bench');
const mb = await loadScenario('scenarios/mbridge-lite.yaml'); if (!mb.ok) throw 1;
const corridors = mb.value.workload.profiles.mixed!.corridors; const mbReqs: Req[] = [];
while (mbReqs.length < 2000) { const c = corridors[rng.intBelow(corridors.length)]!; const payer = c.payers[rng.intBelow(c.payers.length)]!; const payee = c.payees[rng.intBelow(c.payees.length)]!; if (payee !== payer) mbReqs.push({ payer, payerAsset: c.payerAsset, payee, payeeAsset: c.payeeAsset, amount: BigInt(1000 + rng.intBelow(5_000_000)) * 100n }); }
for (const st of ['cheapest', 'split']) { await endToEnd('mbridge-lite, 26 venues, end to end (reads included)', mb.value, mbReqs, st); await computeOnly('mbridge-lite, 26 venues, routing compute only', mb.value, mbReqs, st); }
const g = generateScenario(optionsForVenueCount(1000, 7)); if (!g.ok) throw 2;
const corps = g.value.accounts.filter((a) => a.id.endsWith('/ops')); const gReqs: Req[] = [];
while (gReqs.length < 100) { const a = corps[rng.intBelow(corps.length)]!, c = corps[rng.intBelow(corps.length)]!; if (a !== c) gReqs.push({ payer: a.id, payerAsset: Object.keys(a.balances)[0]!, payee: c.id, payeeAsset: Object.keys(c.balances)[0]!, amount: BigInt(100 + rng.intBelow(100000)) * 100n }); }
console.log(`generated: ${g.value.venues.length} venues, ${g.value.assets.length} assets`);
for (const hops of [4, 5]) {
  const rs = gReqs.map((r) => ({ ...r, maxHops: hops }));
  await endToEnd(`1,000 venues, maxHops ${hops}, end to end`, g.value, rs, 'cheapest');
  await computeOnly(`1,000 venues, maxHops ${hops}, routing compute only`, g.value, rs, 'cheapest');
}
await endToEnd(`1,000 venues, maxHops 5, end to end`, g.value, gReqs.slice(0, 40), 'split');
