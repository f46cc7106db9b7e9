// The independent auditor. It trusts nothing the router computed: it works from whole-ledger
// snapshots taken before and after the run (the open holds only: resolved ones reserve nothing),
// the scenario (which assets are stablecoins and where their reserves sit), and two facts from the
// router's journal — which holds each payment planned, and how much the router had issued or
// burned — and recomputes:
//   conservation  per asset: Σ balances + Σ pool reserves + Σ open-hold reservations = supply,
//                 no negative balance, and supply moved only by the recorded issuance and burns;
//   atomicity     per payment: every planned hold paid out, or every one unwound / never placed
//                 (checked from the ledgers as payments end: atomicity-audit.ts);
//   reserves      per stablecoin: outstanding supply (supply less the issuer's own holdings) is
//                 covered by the deposit tokens in the issuer's reserve accounts.
import type { LedgerSnapshot, Rational } from '../../chaincode/src/core/types';
import type { SupplyChanges } from '../settlement/journal';
import type { Scenario } from '../scenario/types';
import type { AtomicityReport } from './atomicity-audit';

export interface AuditInput {
  scenario: Scenario;
  before: ReadonlyMap<string, LedgerSnapshot>;
  after: ReadonlyMap<string, LedgerSnapshot>;
  supplyChanges: SupplyChanges;
  atomicity: AtomicityReport;
}

export interface AuditReport {
  conservationViolations: number;
  atomicityViolations: number;
  reserveShortfalls: number;
  paymentsAudited: number;
  /** The first few findings, worded for a person. */
  findings: string[];
}

export const MAX_FINDINGS = 20;

export function audit(input: AuditInput): AuditReport {
  const findings: string[] = [];
  const note = (finding: string): void => {
    if (findings.length < MAX_FINDINGS) findings.push(finding);
  };
  const conservationViolations = checkConservation(input, note);
  input.atomicity.findings.forEach(note);
  const reserveShortfalls = checkReserves(input, note);
  return {
    conservationViolations,
    atomicityViolations: input.atomicity.violations,
    reserveShortfalls,
    paymentsAudited: input.atomicity.audited,
    findings,
  };
}

function checkConservation(input: AuditInput, note: (finding: string) => void): number {
  let violations = 0;
  for (const [ledger, snapshot] of input.after) {
    const held = new Map<string, bigint>();
    const add = (asset: string, amount: bigint): void => {
      held.set(asset, (held.get(asset) ?? 0n) + amount);
    };
    for (const [asset, accounts] of Object.entries(snapshot.balances)) {
      for (const [account, balance] of Object.entries(accounts)) {
        if (balance < 0n) {
          violations++;
          note(`${ledger}: ${account} holds a negative ${asset} balance ${balance}`);
        }
        add(asset, balance);
      }
    }
    for (const pool of Object.values(snapshot.pools)) {
      add(pool.assetA, pool.reserveA);
      add(pool.assetB, pool.reserveB);
    }
    for (const hold of Object.values(snapshot.holds)) {
      if (hold.status !== 'open') continue;
      for (const [asset, amount] of Object.entries(hold.reserved)) add(asset, amount);
    }
    const before = input.before.get(ledger);
    const recorded = input.supplyChanges.get(ledger);
    for (const asset of Object.keys(snapshot.assets)) {
      const supply = snapshot.supplies[asset] ?? 0n;
      const accounted = held.get(asset) ?? 0n;
      if (accounted !== supply) {
        violations++;
        note(
          `${ledger}/${asset}: balances, pool reserves and open holds add up to ${accounted}, supply is ${supply}`,
        );
      }
      const expected = (before?.supplies[asset] ?? 0n) + (recorded?.get(asset) ?? 0n);
      if (supply !== expected) {
        violations++;
        note(
          `${ledger}/${asset}: supply is ${supply}, but the recorded issuance and burns give ${expected}`,
        );
      }
    }
  }
  return violations;
}

function checkReserves(input: AuditInput, note: (finding: string) => void): number {
  const { scenario, after } = input;
  let shortfalls = 0;
  const assets = new Map(scenario.assets.map((asset) => [asset.id, asset]));
  for (const coin of scenario.assets) {
    if (coin.kind !== 'stablecoin') continue;
    const snapshot = after.get(coin.ledger);
    const supply = snapshot?.supplies[coin.id] ?? 0n;
    const issuerOwn = Object.entries(snapshot?.balances[coin.id] ?? {})
      .filter(([account]) => account.startsWith(`${coin.issuer}/`))
      .reduce((sum, [, balance]) => sum + balance, 0n);
    const outstanding: Rational = { num: supply - issuerOwn, den: 10n ** BigInt(coin.scale) };

    let reserves: Rational = { num: 0n, den: 1n };
    const counted = new Set<string>();
    for (const venue of scenario.venues) {
      if (venue.type !== 'ramp' || venue.stablecoin !== coin.id) continue;
      const key = `${venue.reserveAccount} ${venue.depositAsset}`;
      const deposit = assets.get(venue.depositAsset);
      if (counted.has(key) || !deposit) continue;
      counted.add(key);
      const balance = after.get(deposit.ledger)?.balances[deposit.id]?.[venue.reserveAccount] ?? 0n;
      const rate = fxRate(scenario, deposit.currency, coin.currency);
      if (!rate) {
        shortfalls++;
        note(
          `${coin.id}: no fx rate from ${deposit.currency} to ${coin.currency} to value reserves in ${deposit.id}`,
        );
        continue;
      }
      reserves = add(reserves, multiply({ num: balance, den: 10n ** BigInt(deposit.scale) }, rate));
    }
    if (outstanding.num * reserves.den > reserves.num * outstanding.den) {
      shortfalls++;
      note(
        `${coin.id}: outstanding ${outstanding.num} (minor units) exceeds the reserves backing it`,
      );
    }
  }
  return shortfalls;
}

/** Units of `to` per unit of `from`, from the scenario's mid-market table. */
function fxRate(scenario: Scenario, from: string, to: string): Rational | null {
  if (from === to) return { num: 1n, den: 1n };
  for (const pair of scenario.fx) {
    if (pair.base === from && pair.quote === to) return pair.rate;
    if (pair.base === to && pair.quote === from) return { num: pair.rate.den, den: pair.rate.num };
  }
  return null;
}

function add(a: Rational, b: Rational): Rational {
  return { num: a.num * b.den + b.num * a.den, den: a.den * b.den };
}

function multiply(a: Rational, b: Rational): Rational {
  return { num: a.num * b.num, den: a.den * b.den };
}
