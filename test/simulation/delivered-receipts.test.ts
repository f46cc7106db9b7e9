// payments.csv against the ledger itself: for every account a payment touched, the change in its
// balance between the bootstrapped and the final ledger state must equal what the settled rows
// say it received (amount_out as payee) minus what they say it paid (amount_in as payer). On a
// scenario whose corridors end in AMM pools, a row that reported the plan's guaranteed minimum
// instead of the pool's actual output would break the equality by the difference.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { LedgerSnapshot } from '../../chaincode/src/core/types';
import { loadScenario } from '../../router/scenario/load';
import type { Scenario } from '../../router/scenario/types';
import { openBackend } from '../../router/simulation/backend';
import { snapshots } from '../../router/simulation/engine';
import { PAYMENTS_FILE, simulate } from '../../router/simulation/simulate';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

function parseCsv(text: string): Record<string, string>[] {
  const [header, ...lines] = text.trim().split('\n');
  const columns = (header ?? '').split(',');
  return lines.map((line) => {
    const cells = line.split(',');
    return Object.fromEntries(columns.map((column, i) => [column, cells[i] ?? '']));
  });
}

function balanceOf(
  states: Map<string, LedgerSnapshot>,
  scenario: Scenario,
  asset: string,
  account: string,
): bigint {
  const ledger = scenario.assets.find((candidate) => candidate.id === asset)?.ledger;
  if (ledger === undefined) throw new Error(`unknown asset ${asset}`);
  return states.get(ledger)?.balances[asset]?.[account] ?? 0n;
}

async function checkRun(scenarioFile: string, seed: number): Promise<number> {
  const loaded = await loadScenario(path.join(ROOT, scenarioFile));
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  const scenario = loaded.value;
  const opened = await openBackend({ name: 'embedded', time: 'virtual' }, scenario, seed);
  if (!opened.ok) throw new Error(opened.error.message);
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'corridor-receipts-'));
  dirs.push(outDir);
  try {
    const before = await snapshots(opened.backend.client, scenario);
    await simulate({
      scenario,
      profile: scenario.workload.profiles[scenario.workload.defaultProfile]!,
      payments: 150,
      seed,
      strategies: ['cheapest', 'split'],
      protocols: ['auto', 'htlc', '2pc'],
      faultSpec: '',
      faults: [],
      outDir,
      backend: opened.backend,
    });
    const after = await snapshots(opened.backend.client, scenario);
    const rows = parseCsv(fs.readFileSync(path.join(outDir, PAYMENTS_FILE), 'utf8'));
    const expected = new Map<string, bigint>();
    const add = (account: string, asset: string, amount: bigint) => {
      const key = `${asset} ${account}`;
      expected.set(key, (expected.get(key) ?? 0n) + amount);
    };
    for (const row of rows) {
      add(row.payer!, row.payer_asset!, 0n);
      add(row.payee!, row.payee_asset!, 0n);
      if (row.outcome !== 'settled') continue;
      add(row.payer!, row.payer_asset!, -BigInt(row.amount_in!));
      add(row.payee!, row.payee_asset!, BigInt(row.amount_out!));
    }
    // Venue accounts (reserves, treasuries, dealers' and pools' books) also move for other
    // payments' legs; every other account moves only as a payer or payee of its own payments.
    const venueAccounts = new Set(
      JSON.stringify(scenario.venues, (_key, value: unknown) =>
        typeof value === 'bigint' ? String(value) : value,
      ).match(/[\w-]+\/[\w.-]+/g),
    );
    let checked = 0;
    for (const [key, change] of expected) {
      const [asset, account] = key.split(' ') as [string, string];
      if (venueAccounts.has(account)) continue;
      checked++;
      const moved =
        balanceOf(after, scenario, asset, account) - balanceOf(before, scenario, asset, account);
      expect(moved, `${account} in ${asset} (seed ${seed})`).toBe(change);
    }
    expect(checked).toBeGreaterThan(3);
    return rows.filter((row) => row.outcome === 'settled').length;
  } finally {
    await opened.backend.close();
  }
}

describe('payments.csv reports what the ledger did', () => {
  it.each([
    ['scenarios/depeg-stress.yaml', 11],
    ['scenarios/mbridge-lite.yaml', 12],
  ])('%s: balance changes match the settled rows, account by account', async (file, seed) => {
    const settled = await checkRun(file, seed);
    expect(settled).toBeGreaterThan(50);
  });
});
