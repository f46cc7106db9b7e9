// The Fabric LedgerClient against a real local Fabric network (CORRIDOR_FABRIC_RUNTIME, brought
// up by the Fabric project's global setup). Every test works on assets, accounts and op ids of
// its own (suffixed with a per-run tag), so it does not depend on what else the ledger holds.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LedgerOp, OrgId, Result } from '../../chaincode/src/core/types';
import {
  createFabricLedgerClient,
  type FabricConnectionProfile,
  type FabricLedgerClient,
  loadConnectionProfile,
} from '../../router/ledger/fabric';

const runtime = process.env.CORRIDOR_FABRIC_RUNTIME;
const LEDGER = 'cbdc';
const TAG = randomBytes(4).toString('hex');

/** A member org of `ledger` that runs its own peer there, and another one. */
function twoPeerOrgs(profile: FabricConnectionProfile, ledger: string): [OrgId, OrgId] {
  const own = profile.ledgers[ledger]!.peers.map((peer) => profile.peers[peer]!.org);
  if (own.length < 2) throw new Error(`ledger ${ledger} needs two peer orgs for these tests`);
  return [own[0]!, own[1]!];
}

function expectOk<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

const codeOf = (result: Result<unknown>) => (result.ok ? 'ok' : result.error.code);

describe.skipIf(!runtime)('Fabric ledger client', () => {
  let profile: FabricConnectionProfile;
  let client: FabricLedgerClient;
  let issuer: OrgId;
  let bank: OrgId;
  const asset = `usd-${TAG}`;
  const account = (org: OrgId, name: string) => `${org}/${name}-${TAG}`;

  async function open(org: OrgId, name: string, funds: bigint): Promise<string> {
    const id = account(org, name);
    expectOk(
      await client.submit(LEDGER, org, { type: 'openAccount', id: `open-${id}`, account: id }),
    );
    if (funds > 0n) {
      expectOk(
        await client.submit(LEDGER, issuer, {
          type: 'issue',
          id: `fund-${id}`,
          asset,
          to: id,
          amount: funds,
        }),
      );
    }
    return id;
  }

  const balance = async (of: string) =>
    expectOk(await client.evaluate(LEDGER, issuer, { type: 'balance', asset, account: of }));

  beforeAll(async () => {
    profile = loadConnectionProfile(runtime!);
    client = await createFabricLedgerClient(profile);
    [issuer, bank] = twoPeerOrgs(profile, LEDGER);
    // The network manager may or may not have initialised the channel already.
    const init = await client.submit(LEDGER, issuer, {
      type: 'init',
      id: `init-${TAG}`,
      kind: 'cbdc',
    });
    expect(['ok', 'AlreadyInitialized']).toContain(codeOf(init));
    expectOk(
      await client.submit(LEDGER, issuer, {
        type: 'createAsset',
        id: `asset-${TAG}`,
        asset: { id: asset, ledger: LEDGER, kind: 'cbdc', currency: 'USD', issuer, scale: 2 },
      }),
    );
  });

  afterAll(async () => {
    await client?.close();
  });

  it('submits and evaluates: a receipt with the Fabric tx id, balances as bigints', async () => {
    const from = await open(bank, 'rt-a', 1_000n);
    const to = await open(issuer, 'rt-b', 0n);
    const before = Date.now();
    const receipt = expectOk(
      await client.submit(LEDGER, bank, {
        type: 'transfer',
        id: `rt-${TAG}`,
        asset,
        from,
        to,
        amount: 250n,
      }),
    );
    expect(receipt.txId).toMatch(/^[0-9a-f]{64}$/);
    expect(receipt.committedAtMs).toBeGreaterThanOrEqual(before);
    expect(receipt.committedAtMs).toBeLessThanOrEqual(client.nowMs());
    expect(receipt.result).toEqual({ amountsOut: [] });
    expect(await balance(from)).toBe(750n);
    expect(await balance(to)).toBe(250n);
    expect(expectOk(await client.evaluate(LEDGER, bank, { type: 'supply', asset }))).toBe(1_000n);
    const snapshot = expectOk(await client.evaluate(LEDGER, bank, { type: 'snapshot' }));
    expect(snapshot.kind).toBe('cbdc');
    expect(snapshot.balances[asset]).toMatchObject({ [from]: 750n, [to]: 250n });
    expect(client.backend).toBe('fabric');
    expect(client.ledgers).toEqual(Object.keys(profile.ledgers));
  });

  it('a replayed op id is DuplicateId, with no second effect', async () => {
    const from = await open(bank, 'dup-a', 100n);
    const to = await open(issuer, 'dup-b', 0n);
    const pay: LedgerOp = { type: 'transfer', id: `dup-${TAG}`, asset, from, to, amount: 60n };
    expectOk(await client.submit(LEDGER, bank, pay));
    const replay = await client.submit(LEDGER, bank, pay);
    expect(replay).toEqual({
      ok: false,
      error: {
        code: 'DuplicateId',
        message: `id: operation ${JSON.stringify(pay.id)} was already executed`,
      },
    });
    // Replayed with different contents, the id is still taken.
    const changed = await client.submit(LEDGER, bank, { ...pay, amount: 1n });
    expect(codeOf(changed)).toBe('DuplicateId');
    expect([await balance(from), await balance(to)]).toEqual([40n, 60n]);
  });

  it('answers the op-status query for committed and unknown ids', async () => {
    const from = await open(bank, 'st-a', 10n);
    const to = await open(issuer, 'st-b', 0n);
    const id = `st-${TAG}`;
    const receipt = expectOk(
      await client.submit(LEDGER, bank, { type: 'transfer', id, asset, from, to, amount: 3n }),
    );
    // Any member may read it, through its own gateway peer.
    expect(await client.evaluate(LEDGER, issuer, { type: 'op', id })).toEqual({
      ok: true,
      value: { id, type: 'transfer', txId: receipt.txId, amountsOut: [] },
    });
    const rejected = await client.submit(LEDGER, bank, {
      type: 'transfer',
      id: `st-over-${TAG}`,
      asset,
      from,
      to,
      amount: 1_000n,
    });
    expect(codeOf(rejected)).toBe('InsufficientFunds');
    for (const unknown of [`st-over-${TAG}`, `never-${TAG}`]) {
      expect(await client.evaluate(LEDGER, bank, { type: 'op', id: unknown })).toEqual({
        ok: false,
        error: {
          code: 'UnknownOp',
          message: `id: no operation ${JSON.stringify(unknown)} has been committed on this ledger`,
        },
      });
    }
  });

  it('reports a swap result the same in the receipt and in the op status', async () => {
    const other = `eur-${TAG}`;
    expectOk(
      await client.submit(LEDGER, bank, {
        type: 'createAsset',
        id: `asset-${other}`,
        asset: { id: other, ledger: LEDGER, kind: 'cbdc', currency: 'EUR', issuer: bank, scale: 2 },
      }),
    );
    const lp = await open(bank, 'lp', 5_000n);
    expectOk(
      await client.submit(LEDGER, bank, {
        type: 'issue',
        id: `lp-eur-${TAG}`,
        asset: other,
        to: lp,
        amount: 4_000n,
      }),
    );
    const pool = `pool-${TAG}`;
    expectOk(
      await client.submit(LEDGER, bank, {
        type: 'createPool',
        id: `pool-${TAG}`,
        pool,
        assetA: asset,
        assetB: other,
        feeBps: 30,
        from: lp,
        amountA: 2_000n,
        amountB: 2_000n,
      }),
    );
    const id = `swap-${TAG}`;
    const receipt = expectOk(
      await client.submit(LEDGER, bank, {
        type: 'swap',
        id,
        pool,
        from: lp,
        to: lp,
        assetIn: asset,
        amountIn: 100n,
        minOut: 1n,
      }),
    );
    // 2000 * 100 * 0.997 / (2000 + 99.7), floored: the pool pays 94.
    expect(receipt.result.amountsOut).toEqual([94n]);
    const status = expectOk(await client.evaluate(LEDGER, bank, { type: 'op', id }));
    expect(status).toEqual({ id, type: 'swap', txId: receipt.txId, amountsOut: [94n] });
  });

  it('20 concurrent debits of one account: exactly the successes the balance allows', async () => {
    const payer = await open(bank, 'hot', 500n);
    const payee = await open(issuer, 'hot-in', 0n);
    // Debits of one account serialise (each reads and rewrites its balance): per block one
    // commits and the rest are invalidated by MVCC, so give them enough retries to finish.
    const patient = await createFabricLedgerClient(profile, {
      mvccRetries: 40,
      retryBackoffMs: 20,
    });
    const started = Date.now();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        patient.submit(LEDGER, bank, {
          type: 'transfer',
          id: `hot-${TAG}-${i}`,
          asset,
          from: payer,
          to: payee,
          amount: 100n,
        }),
      ),
    );
    const elapsedMs = Date.now() - started;
    await patient.close();
    const codes = results.map(codeOf);
    expect(codes.filter((code) => code === 'ok')).toHaveLength(5);
    expect(codes.filter((code) => code === 'InsufficientFunds')).toHaveLength(15);
    expect([await balance(payer), await balance(payee)]).toEqual([0n, 500n]);
    // Every success is on the ledger exactly once; every failure left no marker.
    const statuses = await Promise.all(
      results.map((_, i) => client.evaluate(LEDGER, bank, { type: 'op', id: `hot-${TAG}-${i}` })),
    );
    expect(statuses.map(codeOf)).toEqual(codes.map((code) => (code === 'ok' ? 'ok' : 'UnknownOp')));
    console.info(`20 concurrent debits of one account settled in ${elapsedMs} ms`);
  });

  it('with few retries, a hot account gives up with MvccConflict, never a double effect', async () => {
    const payer = await open(bank, 'hot2', 2_000n);
    const payee = await open(issuer, 'hot2-in', 0n);
    const impatient = await createFabricLedgerClient(profile, { mvccRetries: 0 });
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        impatient.submit(LEDGER, bank, {
          type: 'transfer',
          id: `hot2-${TAG}-${i}`,
          asset,
          from: payer,
          to: payee,
          amount: 100n,
        }),
      ),
    );
    await impatient.close();
    const successes = results.filter((result) => result.ok).length;
    const codes = new Set(results.map(codeOf));
    // Conflicts show at commit (MVCC) or, when endorsers simulated at different heights, as
    // mismatched endorsements; neither has any effect.
    const allowed = new Set(['ok', 'MvccConflict', 'EndorsementFailed']);
    expect([...codes].filter((code) => !allowed.has(code))).toEqual([]);
    expect(successes).toBeLessThan(20);
    expect(successes).toBeGreaterThan(0);
    const moved = 100n * BigInt(successes);
    expect([await balance(payer), await balance(payee)]).toEqual([2_000n - moved, moved]);
    const count = (code: string) => results.filter((result) => codeOf(result) === code).length;
    console.info(
      `20 concurrent debits without retries: ${successes} committed, ` +
        `${count('MvccConflict')} MvccConflict, ${count('EndorsementFailed')} mismatched endorsements`,
    );
  });

  it('puts a deadline on every call: a 1 ms evaluate is LedgerUnavailable', async () => {
    const hasty = await createFabricLedgerClient(profile, { callTimeoutMs: 1 });
    // The deadline, not the test's timeout, ended the call: the error says so.
    const read = await hasty.evaluate(LEDGER, bank, { type: 'snapshot' });
    expect(read.ok ? 'ok' : read.error).toMatchObject({
      code: 'LedgerUnavailable',
      message: expect.stringMatching(/DEADLINE_EXCEEDED/) as unknown,
    });
    const submit = await hasty.submit(LEDGER, bank, {
      type: 'openAccount',
      id: `hasty-${TAG}`,
      account: account(bank, 'hasty'),
    });
    expect(codeOf(submit)).toBe('LedgerUnavailable');
    await hasty.close();
    // Endorsement timed out, so nothing was submitted.
    expect(codeOf(await client.evaluate(LEDGER, bank, { type: 'op', id: `hasty-${TAG}` }))).toBe(
      'UnknownOp',
    );
  });

  it('resolves a lost commit status by reading the ledger: one effect, the real tx id', async () => {
    const from = await open(bank, 'lost-a', 100n);
    const to = await open(issuer, 'lost-b', 0n);
    // A commit-status deadline shorter than a block: every status reply is "lost".
    const blind = await createFabricLedgerClient(profile, { commitTimeoutMs: 1 });
    const id = `lost-${TAG}`;
    const receipt = expectOk(
      await blind.submit(LEDGER, bank, { type: 'transfer', id, asset, from, to, amount: 30n }),
    );
    await blind.close();
    const status = expectOk(await client.evaluate(LEDGER, bank, { type: 'op', id }));
    expect(receipt.txId).toBe(status.txId);
    expect(receipt.result).toEqual({ amountsOut: [] });
    expect([await balance(from), await balance(to)]).toEqual([70n, 30n]);
  });

  it('says OutcomeUnknown, not "failed", when it cannot confirm in time', async () => {
    const from = await open(bank, 'unk-a', 100n);
    const to = await open(issuer, 'unk-b', 0n);
    const rushed = await createFabricLedgerClient(profile, {
      commitTimeoutMs: 1,
      resolveTimeoutMs: 0,
    });
    const id = `unk-${TAG}`;
    const result = await rushed.submit(LEDGER, bank, {
      type: 'transfer',
      id,
      asset,
      from,
      to,
      amount: 10n,
    });
    await rushed.close();
    expect(result.ok ? 'ok' : result.error).toMatchObject({
      code: 'OutcomeUnknown',
      message: expect.stringContaining(`query {type: 'op', id} later`) as unknown,
    });
    // It was in fact handed to the orderer: reading back settles it.
    let status = await client.evaluate(LEDGER, bank, { type: 'op', id });
    for (let i = 0; i < 50 && !status.ok; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = await client.evaluate(LEDGER, bank, { type: 'op', id });
    }
    expect(codeOf(status)).toBe('ok');
    expect(await balance(to)).toBe(10n);
  });

  it('a peer that refuses connections is LedgerUnavailable, and nothing is applied', async () => {
    // The same network with every peer endpoint moved to a port nothing listens on.
    const peers = Object.fromEntries(
      Object.entries(profile.peers).map(([name, peer]) => [
        name,
        { ...peer, endpoint: '127.0.0.1:1' },
      ]),
    );
    const cut = await createFabricLedgerClient({ ...profile, peers });
    const id = `cut-${TAG}`;
    const submit = await cut.submit(LEDGER, bank, {
      type: 'openAccount',
      id,
      account: account(bank, 'cut'),
    });
    expect(submit.ok ? 'ok' : submit.error).toMatchObject({
      code: 'LedgerUnavailable',
      message: expect.stringMatching(/UNAVAILABLE/) as unknown,
    });
    expect(codeOf(await cut.evaluate(LEDGER, bank, { type: 'snapshot' }))).toBe(
      'LedgerUnavailable',
    );
    await cut.close();
    expect(codeOf(await client.evaluate(LEDGER, bank, { type: 'op', id }))).toBe('UnknownOp');
  });

  it('refuses use after close()', async () => {
    const once = await createFabricLedgerClient(profile);
    await once.close();
    await expect(once.evaluate(LEDGER, bank, { type: 'snapshot' })).rejects.toThrow(/after close/);
  });
});
