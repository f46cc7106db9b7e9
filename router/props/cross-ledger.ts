// Cross-ledger atomicity under faults, model-based. Random one-, two- and three-ledger payments
// run through the whole simulation (routing replaced by the chain world's hand-built plans) with
// a router crash at a random protocol step that restarts within the HTLC safety margin, a node
// down, endorsement failures, MVCC conflicts, slow commits, and submits whose outcome the router
// never hears (lost replies of committed transactions, lost submits) at any step, recovery's
// included. At quiescence (the simulation ends only once every deadline has passed and recovery
// has run) the ledgers must equal a deliberately simple model: the opening balances plus, for
// each payment reported settled, the moves its corridor makes — nothing for any other payment.
// That one comparison covers atomicity (nothing half-done), conservation and honest reporting;
// supplies and stablecoin reserves are checked the same way.
import fc from 'fast-check';
import type { LedgerSnapshot } from '../../chaincode/src/core/types';
import { PROTOCOL_CHOICES, type ProtocolChoice } from '../routing/plan';
import type { Scenario } from '../scenario/types';
import { JOURNAL_ENTRY_TYPES } from '../settlement/journal-entry';
import type { SimulationResult } from '../simulation/engine';
import { parseFaultSpec } from '../simulation/fault-spec';
import type { PaymentRow } from '../simulation/outputs';
import { CHAIN_MOVEMENTS, chainRouter, chainScenario, runOnEmbedded } from './chain-world';
import { check } from './expectations';
import { defineProperty } from './property';

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

/** Non-zero entries as sorted text, so two states compare (and print) as one string each. */
function describe(balances: Balances): string {
  return [...balances]
    .filter(([, amount]) => amount !== 0n)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([at, amount]) => `${at}=${amount}`)
    .join('; ');
}

/** Throws, naming the first difference, unless the run ended exactly as the model says. */
export function checkAgainstModel(
  scenario: Scenario,
  result: SimulationResult,
  rows: readonly PaymentRow[],
  payments: number,
): void {
  check(rows.length === payments, `${rows.length} rows for ${payments} payments`);
  const mixed = rows.filter((row) => row.outcome === 'mixed').map((row) => row.id);
  check(mixed.length === 0, `payments ended mixed: ${mixed.join(', ')}`);
  const model = expectedState(scenario, rows);
  const actual = describe(actualBalances(result.finalState));
  const expected = describe(model.balances);
  check(
    actual === expected,
    `balances differ from the model:\n  ledger ${actual}\n  model  ${expected}`,
  );
  for (const [ledger, snapshot] of result.finalState) {
    for (const [asset, supply] of Object.entries(snapshot.supplies)) {
      const modelled = model.supplies.get(asset) ?? 0n;
      check(supply === modelled, `${ledger}/${asset} supply ${supply}, model ${modelled}`);
    }
    const open = Object.values(snapshot.holds).filter((hold) => hold.status === 'open');
    check(
      open.length === 0,
      `${ledger}: holds left open: ${open.map((hold) => hold.id).join(', ')}`,
    );
  }
  // Stablecoin backing, from the model: coin held outside the issuer ≤ deposit tokens in reserve.
  const circulating = [...model.balances]
    .filter(([at]) => at.startsWith('stablecoin coin ') && !at.endsWith(' issuer/treasury'))
    .reduce((sum, [, amount]) => sum + amount, 0n);
  const reserve = model.balances.get(key('deposit', 'tok', 'issuer/reserve')) ?? 0n;
  check(
    circulating <= reserve,
    `stablecoin ${circulating} outstanding over a reserve of ${reserve}`,
  );
  const { conservationViolations, atomicityViolations, reserveShortfalls } = result.auditor;
  check(
    conservationViolations + atomicityViolations + reserveShortfalls === 0,
    `auditor: ${conservationViolations} conservation, ${atomicityViolations} atomicity, ${reserveShortfalls} reserve findings`,
  );
}

export interface ChainRun {
  payments: number;
  seed: number;
  protocols: readonly ProtocolChoice[];
  /** A fault spec as `simulate --faults` takes it. */
  faults: string;
}

/** Simulates the chain world's payments under the faults, collecting every payment row. */
export async function simulateChain(scenario: Scenario, run: ChainRun) {
  const faults = parseFaultSpec(
    run.faults,
    scenario.ledgers.map((ledger) => ledger.id),
  );
  if (!faults.ok) throw new Error(faults.error.message);
  const rows: PaymentRow[] = [];
  const result = await runOnEmbedded({
    scenario,
    profile: scenario.workload.profiles.mixed!,
    payments: run.payments,
    seed: run.seed,
    strategies: ['hand'],
    protocols: run.protocols,
    faults: faults.value,
    makeRouter: () => chainRouter(),
    checkPolicy: () => [],
    onRow: (row) => rows.push(row),
  });
  return { result, rows };
}

/** The chain world's HTLC safety margin: crashes and outages stay well inside it. */
const MARGIN_MS = 90_000;

/** Any mix of the simulator's faults, as a fault spec. */
export const faultSpecArbitrary = fc
  .record({
    crash: fc.option(
      fc.record({
        step: fc.constantFrom(...JOURNAL_ENTRY_TYPES),
        tenths: fc.integer({ min: 0, max: 9 }),
        // Within the margin, with room for a node outage and slow commits on top.
        restartMs: fc.integer({ min: 0, max: MARGIN_MS / 3 }),
      }),
      { nil: undefined },
    ),
    nodeDown: fc.option(
      fc.record({
        ledger: fc.constantFrom('cbdc', 'deposit', 'stablecoin'),
        fromMs: fc.integer({ min: 0, max: 20_000 }),
        forMs: fc.integer({ min: 1, max: MARGIN_MS / 3 }),
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

export const crossLedgerProperty = defineProperty(
  'cross-ledger-faults',
  'under crashes, outages, conflicts and lost replies, every payment ends settled or reverted, exactly as a simple model of its corridor says',
  () => {
    // Read and validated once per check, not once per case.
    const loading = chainScenario();
    return fc.asyncProperty(
      fc.integer({ min: 0, max: 2 ** 31 - 1 }),
      fc.integer({ min: 1, max: 16 }),
      fc.subarray([...PROTOCOL_CHOICES], { minLength: 1 }),
      faultSpecArbitrary,
      async (seed, payments, protocols, faults) => {
        const scenario = await loading;
        const { result, rows } = await simulateChain(scenario, {
          payments,
          seed,
          protocols,
          faults,
        });
        checkAgainstModel(scenario, result, rows, payments);
      },
    );
  },
  // The whole simulation runs in virtual time on its own embedded ledgers.
  ['movable-time'],
);
