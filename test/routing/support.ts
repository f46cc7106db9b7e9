// Test support for routing: a scenario on a fresh embedded ledger, and executing a plan's steps
// on it the way settlement will (one batch for atomic plans; HTLC holds placed payer → payee
// then claimed payee → payer otherwise), so tests compare plans with what the core really does.
import { createHash } from 'node:crypto';
import type { AccountId, LedgerFailure, LedgerSnapshot } from '../../chaincode/src/core/types';
import { VirtualClock } from '../../router/ledger/clock';
import {
  createEmbeddedLedgerClient,
  type EmbeddedLedgerClient,
} from '../../router/ledger/embedded';
import type { Plan } from '../../router/routing/plan';
import { bootstrapScenario, ledgerMembers } from '../../router/scenario/bootstrap';
import { loadScenario } from '../../router/scenario/load';
import type { Scenario } from '../../router/scenario/types';

export interface Booted {
  scenario: Scenario;
  client: EmbeddedLedgerClient;
}

export async function boot(scenario: Scenario): Promise<Booted> {
  const client = createEmbeddedLedgerClient({
    ledgers: ledgerMembers(scenario),
    clock: new VirtualClock(1_000),
  });
  const booted = await bootstrapScenario(client, scenario);
  if (!booted.ok) throw new Error(`bootstrap failed: ${booted.error.message}`);
  return { scenario, client };
}

export async function loadBundled(name: string): Promise<Scenario> {
  const loaded = await loadScenario(`scenarios/${name}.yaml`);
  if (!loaded.ok) throw new Error(`${name}: ${JSON.stringify(loaded.problems)}`);
  return loaded.value;
}

export async function balanceOf(
  client: EmbeddedLedgerClient,
  scenario: Scenario,
  asset: string,
  account: AccountId,
): Promise<bigint> {
  const ledger = scenario.assets.find((candidate) => candidate.id === asset)?.ledger ?? '';
  const reader = scenario.ledgers.find((candidate) => candidate.id === ledger)?.members[0] ?? '';
  const read = await client.evaluate(ledger, reader, { type: 'balance', asset, account });
  if (!read.ok) throw new Error(read.error.message);
  return read.value;
}

export async function snapshots(booted: Booted): Promise<Record<string, LedgerSnapshot>> {
  const entries = await Promise.all(
    booted.scenario.ledgers.map(async (ledger) => {
      const read = await booted.client.evaluate(ledger.id, ledger.members[0] ?? '', {
        type: 'snapshot',
      });
      if (!read.ok) throw new Error(read.error.message);
      return [ledger.id, read.value] as const;
    }),
  );
  return Object.fromEntries(entries);
}

const SECRET = 'ab'.repeat(32);

/** Runs the plan's steps; returns the first ledger failure, if any. */
export async function executePlan(
  client: EmbeddedLedgerClient,
  plan: Plan,
  tag: string,
): Promise<LedgerFailure | undefined> {
  if (plan.protocol === 'atomic') {
    for (const [i, step] of plan.steps.entries()) {
      const done = await client.submit(step.ledger, step.signer, {
        type: 'batch',
        id: `${tag}:batch:${i}`,
        legs: step.legs,
      });
      if (!done.ok) return done.error;
    }
    return undefined;
  }
  const hashlock = createHash('sha256').update(Buffer.from(SECRET, 'hex')).digest('hex');
  const expiresAtMs = client.nowMs() + 1_000_000;
  for (const [i, step] of plan.steps.entries()) {
    const lock = { kind: 'htlc' as const, hashlock, expiresAtMs: expiresAtMs - i };
    const held = await client.submit(step.ledger, step.signer, {
      type: 'hold',
      id: `${tag}:hold:${i}`,
      hold: `${tag}:${i}`,
      legs: step.legs,
      lock,
    });
    if (!held.ok) return held.error;
  }
  for (let i = plan.steps.length - 1; i >= 0; i--) {
    const step = plan.steps[i];
    if (!step) continue;
    const claimed = await client.submit(step.ledger, step.signer, {
      type: 'claim',
      id: `${tag}:claim:${i}`,
      hold: `${tag}:${i}`,
      secret: SECRET,
    });
    if (!claimed.ok) return claimed.error;
  }
  return undefined;
}
