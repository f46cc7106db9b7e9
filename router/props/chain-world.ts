// A world for settlement properties: the chain.yaml scenario and hand-built plans over it, so a
// property (or a test) decides exactly which steps a payment has; the router is not under test.
//   one-ledger    bob/wallet --coin--> carol/wallet                       (stablecoin)
//   two-ledger    alice/cash --cash--> bank1/cash; bank1/tok --tok--> carol/tok
//   three-ledger  alice/cash --cash--> bank1/cash; bank1/tok --tok--> issuer/reserve;
//                 issuer issues coin to bob/wallet (a stablecoin on-ramp)
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LegOp } from '../../chaincode/src/core/types';
import type { LedgerStep, Plan } from '../routing/plan';
import { loadScenario } from '../scenario/load';
import type { Scenario } from '../scenario/types';
import { openBackend } from '../simulation/backend';
import {
  type RoutePayment,
  runSimulation,
  type SimulationOptions,
  type SimulationResult,
} from '../simulation/engine';
import type { GeneratedPayment } from '../simulation/workload';

export const CHAIN_SCENARIO = path.join(path.dirname(fileURLToPath(import.meta.url)), 'chain.yaml');

export async function chainScenario(): Promise<Scenario> {
  const loaded = await loadScenario(CHAIN_SCENARIO);
  if (!loaded.ok) throw new Error(`chain.yaml: ${JSON.stringify(loaded.problems)}`);
  return loaded.value;
}

/** Balance changes a settled payment must cause, written out by hand per corridor. */
export interface Movement {
  ledger: string;
  asset: string;
  from: string | null;
  to: string;
}

export const CHAIN_MOVEMENTS: Record<string, Movement[]> = {
  'one-ledger': [{ ledger: 'stablecoin', asset: 'coin', from: 'bob/wallet', to: 'carol/wallet' }],
  'two-ledger': [
    { ledger: 'cbdc', asset: 'cash', from: 'alice/cash', to: 'bank1/cash' },
    { ledger: 'deposit', asset: 'tok', from: 'bank1/tok', to: 'carol/tok' },
  ],
  'three-ledger': [
    { ledger: 'cbdc', asset: 'cash', from: 'alice/cash', to: 'bank1/cash' },
    { ledger: 'deposit', asset: 'tok', from: 'bank1/tok', to: 'issuer/reserve' },
    { ledger: 'stablecoin', asset: 'coin', from: null, to: 'bob/wallet' },
  ],
};

export function chainPlan(payment: GeneratedPayment): Plan {
  const movements = CHAIN_MOVEMENTS[payment.corridor];
  if (!movements) throw new Error(`no chain plan for corridor ${payment.corridor}`);
  const amount = payment.amount;
  const steps: LedgerStep[] = movements.map((move) => {
    const leg: LegOp =
      move.from === null
        ? { type: 'issue', asset: move.asset, to: move.to, amount }
        : { type: 'transfer', asset: move.asset, from: move.from, to: move.to, amount };
    const signer = move.from === null ? 'issuer' : move.from.split('/')[0]!;
    return { ledger: move.ledger, signer, legs: [leg] };
  });
  const first = movements[0]!;
  const last = movements[movements.length - 1]!;
  return {
    strategy: payment.strategy,
    payer: first.from ?? '',
    payerAsset: first.asset,
    payee: last.to,
    payeeAsset: last.asset,
    paths: [],
    steps,
    amountIn: amount,
    amountOut: amount,
    costBps: 0,
    ledgers: movements.map((move) => move.ledger),
    protocol: steps.length === 1 ? 'atomic' : 'htlc',
    expectedLatencyMs: 0,
  };
}

/** A router that ignores the ledgers and returns the corridor's hand-built plan. */
export function chainRouter(): RoutePayment {
  return async (payment) => ({ ok: true, plan: chainPlan(payment) });
}

/** Runs the engine on a fresh embedded backend, in virtual or wall-clock time, and closes it. */
export async function runOnEmbedded(
  options: Omit<SimulationOptions, 'backend'>,
  time: 'virtual' | 'wall' = 'virtual',
): Promise<SimulationResult> {
  const opened = await openBackend({ name: 'embedded', time }, options.scenario, options.seed);
  if (!opened.ok) throw new Error(opened.error.message);
  try {
    return await runSimulation({ ...options, backend: opened.backend });
  } finally {
    await opened.backend.close();
  }
}
