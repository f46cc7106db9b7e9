// Bootstrap: a scenario becomes ledger state through deterministic operations, and a failure
// names the scenario element it came from.
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../router/ledger/clock';
import { createEmbeddedLedgerClient } from '../../router/ledger/embedded';
import { bootstrapOps, bootstrapScenario, ledgerMembers } from '../../router/scenario/bootstrap';
import { loadScenario } from '../../router/scenario/load';
import type { Scenario } from '../../router/scenario/types';

async function minimal(): Promise<Scenario> {
  const loaded = await loadScenario('test/scenario/fixtures/minimal.yaml');
  if (!loaded.ok) throw new Error('minimal fixture should validate');
  return loaded.value;
}

describe('bootstrap', () => {
  it('creates assets, accounts, balances and quotes as the scenario says', async () => {
    const scenario = await minimal();
    const client = createEmbeddedLedgerClient({
      ledgers: ledgerMembers(scenario),
      clock: new VirtualClock(0),
    });
    const booted = await bootstrapScenario(client, scenario);
    expect(booted.ok).toBe(true);
    const balance = await client.evaluate('deposit', 'bank', {
      type: 'balance',
      asset: 'xaa-bank',
      account: 'acme/ops',
    });
    expect(balance).toEqual({ ok: true, value: 2_500_000n });
    const coin = await client.evaluate('stablecoin', 'issuer', {
      type: 'balance',
      asset: 'coin',
      account: 'acme/wallet',
    });
    expect(coin).toEqual({ ok: true, value: 100_000_000n });
    // "1.5" XAB (scale 0) per XAA (scale 2) is 3 minor units per 200; spread and fee are posted together.
    const quote = await client.evaluate('cbdc', 'dealer', {
      type: 'quote',
      quote: 'dealer-xaa-xab',
    });
    expect(
      quote.ok && { rate: quote.value.rate, feeBps: quote.value.feeBps, maxIn: quote.value.maxIn },
    ).toEqual({
      rate: { num: 3n, den: 200n },
      feeBps: 10,
      maxIn: 1_000_000n,
    });
  });

  it('uses deterministic operation ids in dependency order', async () => {
    const scenario = await minimal();
    const ops = bootstrapOps(scenario);
    expect(ops.map(({ op }) => op.id)).toEqual(bootstrapOps(scenario).map(({ op }) => op.id));
    const order = ops.map(({ op }) => op.type);
    expect(order.lastIndexOf('init')).toBeLessThan(order.indexOf('createAsset'));
    expect(order.lastIndexOf('createAsset')).toBeLessThan(order.indexOf('openAccount'));
    expect(order.lastIndexOf('openAccount')).toBeLessThan(order.indexOf('issue'));
    expect(ops.every(({ op }) => op.id.startsWith('boot:'))).toBe(true);
  });

  it('stops at the first ledger failure and names the scenario element', async () => {
    const scenario = await minimal();
    const client = createEmbeddedLedgerClient({
      ledgers: ledgerMembers(scenario),
      clock: new VirtualClock(0),
    });
    expect((await bootstrapScenario(client, scenario)).ok).toBe(true);
    const again = await bootstrapScenario(client, scenario);
    expect(again.ok ? 'ok' : `${again.error.code} ${again.error.message}`).toMatch(
      /^DuplicateId ledgers\[0\] cbdc: init on ledger cbdc/,
    );

    const members = ledgerMembers(scenario);
    members.stablecoin = { members: ['acme'] };
    const partial = createEmbeddedLedgerClient({ ledgers: members, clock: new VirtualClock(0) });
    const failed = await bootstrapScenario(partial, scenario);
    expect(failed.ok ? 'ok' : `${failed.error.code} ${failed.error.message}`).toMatch(
      /^NotMember ledgers\[2\] stablecoin: init on ledger stablecoin by issuer/,
    );
  });
});
