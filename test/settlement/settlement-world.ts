// The chain scenario on an embedded ledger under virtual time, wired the way the simulation
// wires settlement, plus a log of every submit and journal append in the order they happened.
import { expect } from 'vitest';
import type { LedgerSnapshot } from '../../chaincode/src/core/types';
import { VirtualClock } from '../../router/ledger/clock';
import {
  createEmbeddedLedgerClient,
  type EmbeddedLedgerClient,
} from '../../router/ledger/embedded';
import type { LedgerClient } from '../../router/ledger/ledger-client';
import type { ProtocolChoice } from '../../router/routing/plan';
import { bootstrapScenario, ledgerMembers } from '../../router/scenario/bootstrap';
import type { Scenario } from '../../router/scenario/types';
import type { SettlementDeps } from '../../router/settlement/deps';
import { createMemoryJournal, type Journal } from '../../router/settlement/journal';
import { snapshots } from '../../router/simulation/engine';
import { coordinatorPolicy, settlementTiming } from '../../router/simulation/settlement-config';
import { withBlockLatency } from '../../router/simulation/latency-client';
import { createRng } from '../../router/scenario/rng';
import { EventScheduler } from '../../router/simulation/scheduler';
import type { GeneratedPayment } from '../../router/simulation/workload';
import { chainScenario } from '../../router/props/chain-world';

export interface SettlementWorld {
  scenario: Scenario;
  ledger: EmbeddedLedgerClient;
  clock: VirtualClock;
  scheduler: EventScheduler;
  client: LedgerClient;
  /** Submits (`submit <type> <id>`) and journal appends (`journal <type> [hold]`), in order. */
  log: string[];
  deps(journal?: Journal): SettlementDeps;
  /** Runs virtual time until `work` and everything it started has finished. */
  run<T>(work: Promise<T>): Promise<T>;
  balances(): Promise<Map<string, LedgerSnapshot['balances']>>;
}

export async function settlementWorld(): Promise<SettlementWorld> {
  const scenario = await chainScenario();
  const clock = new VirtualClock(0);
  const ledger = createEmbeddedLedgerClient({ ledgers: ledgerMembers(scenario), clock });
  const booted = await bootstrapScenario(ledger, scenario);
  expect(booted.ok).toBe(true);
  const scheduler = new EventScheduler(clock);
  const timed = withBlockLatency(
    ledger,
    scheduler,
    (name) => scenario.settlement.blockLatencyMs[name] ?? 0,
  );
  const log: string[] = [];
  const client: LedgerClient = {
    ...timed,
    submit: (name, org, op) => {
      log.push(`submit ${op.type} ${op.id}`);
      return timed.submit(name, org, op);
    },
  };
  const secrets = createRng(11, 'secrets');
  return {
    scenario,
    ledger,
    clock,
    scheduler,
    client,
    log,
    deps(journal = createMemoryJournal()) {
      const logged: Journal = {
        ...journal,
        append: (entry) => {
          log.push(`journal ${entry.type}${'hold' in entry ? ` ${entry.hold}` : ''}`);
          return journal.append(entry);
        },
      };
      return {
        client,
        journal: logged,
        time: scheduler,
        timing: settlementTiming(scenario),
        randomSecret: () => secrets.bytes(32),
        coordinatorFor: coordinatorPolicy(scenario),
        checkPolicy: () => [],
      };
    },
    async run<T>(work: Promise<T>): Promise<T> {
      let result: { ok: true; value: T } | { ok: false; error: unknown } | undefined;
      work.then(
        (value) => (result = { ok: true, value }),
        (error: unknown) => (result = { ok: false, error }),
      );
      await scheduler.run();
      if (!result) throw new Error('work did not finish once virtual time ran out');
      if (!result.ok) throw result.error;
      return result.value;
    },
    async balances() {
      const state = await snapshots(ledger, scenario);
      return new Map([...state].map(([name, snapshot]) => [name, snapshot.balances]));
    },
  };
}

export function payment(
  corridor: string,
  amount: bigint,
  protocol: ProtocolChoice = 'auto',
): GeneratedPayment {
  return {
    index: 0,
    id: `pay-${corridor}-${amount}`,
    arrivalMs: 0,
    corridor,
    payer: '',
    payerAsset: '',
    payee: '',
    payeeAsset: '',
    amount,
    amountIs: 'send',
    maxCostBps: null,
    strategy: 'hand',
    protocol,
  };
}
