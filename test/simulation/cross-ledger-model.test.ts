// Model-based check of settlement under faults. Random one-, two- and three-ledger payments run
// through the whole simulation (routing replaced by hand-built plans) with a router crash at a
// random protocol step that restarts within the HTLC safety margin, a node down, endorsement
// failures, MVCC conflicts, slow commits, and submits whose outcome the router never hears
// (lost replies of committed transactions, lost submits) at any step, recovery's included. At quiescence (the simulation only ends once every
// deadline has passed and recovery has run) the ledgers must equal a deliberately simple model:
// the opening balances plus, for each payment reported settled, the moves its corridor makes —
// nothing for any other payment. That one comparison covers atomicity (nothing half-done),
// conservation and honest reporting; supplies and stablecoin reserves are checked the same way.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LedgerSnapshot } from '../../chaincode/src/core/types';
import type { Scenario } from '../../router/scenario/types';
import { JOURNAL_ENTRY_TYPES } from '../../router/settlement/journal-entry';
import type { SimulationResult } from '../../router/simulation/engine';
import { parseFaultSpec } from '../../router/simulation/fault-spec';
import type { PaymentRow } from '../../router/simulation/outputs';
import { CHAIN_MOVEMENTS, chainRouter, chainScenario, runOnEmbedded } from './chain-world';
import { fcOptions } from './fc-options';

type Balances = Map<string, bigint>;
const key = (ledger: string, asset: string, account: string): string =>
  `${ledger} ${asset} ${account}`;

/** The model: opening balances and supplies, then each settled payment's moves. */
function expectedState(scenario: Scenario, rows: readonly PaymentRow[]) {
  const balances: Balances = new Map();
  const supplies = new Map<string, bigint>();
  const add = (map: Map<string, bigint>, at: string, amount: bigint) =>
    map.set(at, (map.get(at) ?? 0n) + amount);
  for (const account of scenario.accounts) {
    for (const [asset, amount] of Object.entries(account.balances)) {
      add(balances, key(account.ledger, asset, account.id), amount);
      add(supplies, asset, amount);
    }
  }
  for (const row of rows) {
    if (row.outcome !== 'settled') continue;
    const amount = BigInt(row.amount_in);
    for (const move of CHAIN_MOVEMENTS[row.corridor] ?? []) {
      if (move.from === null) add(supplies, move.asset, amount);
      else add(balances, key(move.ledger, move.asset, move.from), -amount);
      add(balances, key(move.ledger, move.asset, move.to), amount);
    }
  }
  return { balances, supplies };
}

function actualBalances(state: ReadonlyMap<string, LedgerSnapshot>): Balances {
  const balances: Balances = new Map();
  for (const [ledger, snapshot] of state) {
    for (const [asset, accounts] of Object.entries(snapshot.balances)) {
      for (const [account, amount] of Object.entries(accounts))
        balances.set(key(ledger, asset, account), amount);
    }
  }
  return balances;
}

const withoutZeros = (balances: Balances): Balances =>
  new Map([...balances].filter(([, amount]) => amount !== 0n).sort());

function checkAgainstModel(
  scenario: Scenario,
  result: SimulationResult,
  rows: readonly PaymentRow[],
  payments: number,
): void {
  expect(rows).toHaveLength(payments);
  expect(rows.filter((row) => row.outcome === 'mixed')).toEqual([]);
  const model = expectedState(scenario, rows);
  expect(withoutZeros(actualBalances(result.finalState))).toEqual(withoutZeros(model.balances));
  for (const [ledger, snapshot] of result.finalState) {
    for (const asset of Object.keys(snapshot.supplies)) {
      expect(snapshot.supplies[asset], `${ledger}/${asset} supply`).toBe(
        model.supplies.get(asset) ?? 0n,
      );
    }
    expect(Object.values(snapshot.holds).filter((hold) => hold.status === 'open')).toEqual([]);
  }
  // Stablecoin backing, from the model: coin held outside the issuer ≤ deposit tokens in reserve.
  const outstanding = [...model.balances].filter(
    ([at]) => at.startsWith('stablecoin coin ') && !at.endsWith(' issuer/treasury'),
  );
  const circulating = outstanding.reduce((sum, [, amount]) => sum + amount, 0n);
  expect(circulating).toBeLessThanOrEqual(
    model.balances.get(key('deposit', 'tok', 'issuer/reserve')) ?? 0n,
  );
  expect(result.auditor).toMatchObject({
    conservationViolations: 0,
    atomicityViolations: 0,
    reserveShortfalls: 0,
  });
}

async function simulateChain(
  scenario: Scenario,
  options: { payments: number; seed: number; protocols: string[]; faults: string },
) {
  const faults = parseFaultSpec(
    options.faults,
    scenario.ledgers.map((ledger) => ledger.id),
  );
  if (!faults.ok) throw new Error(faults.error.message);
  const rows: PaymentRow[] = [];
  const result = await runOnEmbedded({
    scenario,
    profile: scenario.workload.profiles.mixed!,
    payments: options.payments,
    seed: options.seed,
    strategies: ['hand'],
    protocols: options.protocols as never,
    faults: faults.value,
    makeRouter: () => chainRouter(),
    checkPolicy: () => [],
    onRow: (row) => rows.push(row),
  });
  return { result, rows };
}

const margin = 90_000;
const faultSpec = fc
  .record({
    crash: fc.option(
      fc.record({
        step: fc.constantFrom(...JOURNAL_ENTRY_TYPES),
        tenths: fc.integer({ min: 0, max: 9 }),
        // Within the margin, with room for a node outage and slow commits on top.
        restartMs: fc.integer({ min: 0, max: margin / 3 }),
      }),
      { nil: undefined },
    ),
    nodeDown: fc.option(
      fc.record({
        ledger: fc.constantFrom('cbdc', 'deposit', 'stablecoin'),
        fromMs: fc.integer({ min: 0, max: 20_000 }),
        forMs: fc.integer({ min: 1, max: margin / 3 }),
      }),
      { nil: undefined },
    ),
    mvcc: fc.option(fc.constantFrom('0.05', '0.2'), { nil: undefined }),
    endorsement: fc.option(fc.constantFrom('0.05', '0.2'), { nil: undefined }),
    delay: fc.option(
      fc.record({ p: fc.constantFrom('0.1', '0.5'), ms: fc.integer({ min: 1, max: 3000 }) }),
      { nil: undefined },
    ),
    lostReply: fc.option(fc.constantFrom('0.05', '0.2'), { nil: undefined }),
    lostSubmit: fc.option(fc.constantFrom('0.05', '0.2'), { nil: undefined }),
  })
  .map(({ crash, nodeDown, mvcc, endorsement, delay, lostReply, lostSubmit }) =>
    [
      crash && `crash:step=${crash.step}:at=0.${crash.tenths}:restart=${crash.restartMs}ms`,
      nodeDown &&
        `node-down:ledger=${nodeDown.ledger}:from=${nodeDown.fromMs}:for=${nodeDown.forMs}`,
      mvcc && `mvcc:p=${mvcc}`,
      endorsement && `endorsement:p=${endorsement}`,
      delay && `delay:p=${delay.p}:ms=${delay.ms}`,
      lostReply && `lost-reply:p=${lostReply}`,
      lostSubmit && `lost-submit:p=${lostSubmit}`,
    ]
      .filter(Boolean)
      .join(','),
  );

describe('cross-ledger settlement under faults (model-based)', () => {
  it('ends every payment settled or reverted, exactly as the model says', async () => {
    const scenario = await chainScenario();
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.integer({ min: 1, max: 16 }),
        fc.subarray(['auto', 'htlc', '2pc'], { minLength: 1 }),
        faultSpec,
        async (seed, payments, protocols, faults) => {
          const { result, rows } = await simulateChain(scenario, {
            payments,
            seed,
            protocols,
            faults,
          });
          checkAgainstModel(scenario, result, rows, payments);
        },
      ),
      fcOptions(40),
    );
  });

  const protocols = ['htlc', '2pc', 'auto'] as const;
  it.each(
    JOURNAL_ENTRY_TYPES.flatMap((step) => protocols.map((protocol) => [step, protocol] as const)),
  )('recovers from a crash right after %s under %s', async (step, protocol) => {
    const scenario = await chainScenario();
    const faults = `crash:step=${step}:at=0.3:restart=20s,mvcc:p=0.05,lost-reply:p=0.1,lost-submit:p=0.1`;
    const { result, rows } = await simulateChain(scenario, {
      payments: 30,
      seed: 5,
      protocols: [protocol],
      faults,
    });
    // The workload runs out of connector liquidity, so prepares fail too; only 2PC has no secret.
    expect(result.faults.crashes).toBe(step === 'secret' && protocol === '2pc' ? 0 : 1);
    expect(result.faults.lostReply, 'lost replies injected').toBeGreaterThan(0);
    expect(result.faults.lostSubmit, 'lost submits injected').toBeGreaterThan(0);
    checkAgainstModel(scenario, result, rows, 30);
  });
});
