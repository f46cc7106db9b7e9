// The contract over an in-memory fake of the chaincode stub and client identity. There is no
// Fabric network on this machine, so this checks the adapter itself: operations and queries
// round-trip through the transaction functions, failures surface as errors whose message starts
// with the code, and a failing transaction writes nothing. Like a peer, the fake does not let a
// transaction read its own writes and applies them only if the function returns normally.
import type { Context } from 'fabric-contract-api';
import { ChaincodeStub } from 'fabric-shim';
import Long from 'long';
import { describe, expect, it, vi } from 'vitest';
import { decodeOpResult, decodeQueryResult, encodeOp, hashlockOf } from '../core';
import type { LedgerOp } from '../core/types';
import { CorridorContract } from './corridor-contract';
import { MAX_TIMESTAMP_SKEW_MS, submitOp } from './fabric-adapter';
import { OP_TRANSACTIONS } from './transaction-names';

// Before fabric-contract-api loads: its decorators log every registration at info level.
vi.hoisted(() => {
  process.env.CORE_CHAINCODE_LOGGING_LEVEL ??= 'ERROR';
});

const createCompositeKey = ChaincodeStub.prototype.createCompositeKey;

class FakeLedger {
  readonly committed = new Map<string, Uint8Array>();
  writesAttempted = 0;
  private txCount = 0;
  /** The transactions' timestamp: the peer's own clock, since endorsers refuse a skewed one. */
  nowMs = Date.now();

  /** Runs one transaction function as `mspId`; commits its writes only if it returns. */
  async invoke<T>(mspId: string, fn: (ctx: Context) => Promise<T>): Promise<T> {
    this.txCount += 1;
    const pending = new Map<string, Uint8Array | null>();
    const committed = this.committed;
    const stub = {
      getTxID: () => `tx${this.txCount}`,
      getTxTimestamp: () => ({
        seconds: Long.fromNumber(Math.floor(this.nowMs / 1000), true),
        nanos: (this.nowMs % 1000) * 1_000_000,
      }),
      getState: async (key: string) => committed.get(key) ?? new Uint8Array(),
      putState: async (key: string, value: Uint8Array) => {
        this.writesAttempted += 1;
        pending.set(key, value);
      },
      deleteState: async (key: string) => {
        this.writesAttempted += 1;
        pending.set(key, null);
      },
      getStateByPartialCompositeKey(objectType: string, attributes: string[]) {
        const prefix = createCompositeKey.call(undefined, objectType, attributes);
        const entries = [...committed]
          .filter(([key]) => key.startsWith(prefix))
          .sort(([a], [b]) => (a < b ? -1 : 1));
        return (async function* () {
          for (const [key, value] of entries) yield { key, value };
        })();
      },
    };
    const ctx = { stub, clientIdentity: { getMSPID: () => mspId } } as unknown as Context;
    const result = await fn(ctx);
    for (const [key, value] of pending) {
      if (value === null) committed.delete(key);
      else committed.set(key, value);
    }
    return result;
  }

  stateBytes(): string {
    return JSON.stringify(
      [...this.committed]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([key, value]) => [key, Buffer.from(value).toString()]),
    );
  }
}

const contract = new CorridorContract();
type TxName = (typeof OP_TRANSACTIONS)[keyof typeof OP_TRANSACTIONS];

async function submit(ledger: FakeLedger, mspId: string, op: LedgerOp) {
  const name: TxName = OP_TRANSACTIONS[op.type];
  const json = await ledger.invoke(mspId, (ctx) => contract[name](ctx, encodeOp(op)));
  const decoded = decodeOpResult(json);
  if (!decoded.ok) throw new Error(decoded.error.message);
  return decoded.value;
}

async function setUp(): Promise<FakeLedger> {
  const ledger = new FakeLedger();
  await submit(ledger, 'CentralBankMSP', { type: 'init', id: 'init', kind: 'cbdc' });
  await submit(ledger, 'CentralBankMSP', {
    type: 'createAsset',
    id: 'asset',
    asset: {
      id: 'USD',
      ledger: 'cbdc',
      kind: 'cbdc',
      currency: 'USD',
      issuer: 'CentralBank',
      scale: 2,
    },
  });
  await submit(ledger, 'BankAMSP', { type: 'openAccount', id: 'open-a', account: 'BankA/main' });
  await submit(ledger, 'BankBMSP', { type: 'openAccount', id: 'open-b', account: 'BankB/main' });
  await submit(ledger, 'CentralBankMSP', {
    type: 'issue',
    id: 'issue',
    asset: 'USD',
    to: 'BankA/main',
    amount: 1_000n,
  });
  return ledger;
}

describe('CorridorContract over a fake stub', () => {
  it('round-trips operations and queries, with the MSP suffix stripped from the org', async () => {
    const ledger = await setUp();
    await submit(ledger, 'BankAMSP', {
      type: 'transfer',
      id: 't1',
      asset: 'USD',
      from: 'BankA/main',
      to: 'BankB/main',
      amount: 250n,
    });
    const balance = await ledger.invoke('BankBMSP', (ctx) =>
      contract.Balance(ctx, 'USD', 'BankB/main'),
    );
    expect(
      decodeQueryResult({ type: 'balance', asset: 'USD', account: 'BankB/main' }, balance),
    ).toEqual({ ok: true, value: 250n });
    const supply = await ledger.invoke('BankBMSP', (ctx) => contract.Supply(ctx, 'USD'));
    expect(JSON.parse(supply)).toBe('1000');
    const snapshot = decodeQueryResult(
      { type: 'snapshot' },
      await ledger.invoke('BankAMSP', (ctx) => contract.Snapshot(ctx, 'all')),
    );
    expect(snapshot.ok && snapshot.value.balances).toEqual({
      USD: { 'BankA/main': 750n, 'BankB/main': 250n },
    });
  });

  it('takes the time from the transaction timestamp, to the millisecond', async () => {
    const ledger = await setUp();
    const secret = 'ab'.repeat(32);
    const hold = (id: string, expiresAtMs: number): LedgerOp => ({
      type: 'hold',
      id,
      hold: id,
      legs: [{ type: 'transfer', asset: 'USD', from: 'BankA/main', to: 'BankB/main', amount: 10n }],
      lock: { kind: 'htlc', hashlock: hashlockOf(secret), expiresAtMs },
    });
    await expect(submit(ledger, 'BankAMSP', hold('stale', ledger.nowMs))).rejects.toThrow(
      /^Expired: /,
    );
    await submit(ledger, 'BankAMSP', hold('hold-1', ledger.nowMs + 1));
    await expect(
      submit(ledger, 'BankBMSP', { type: 'claim', id: 'c', hold: 'hold-1', secret }),
    ).resolves.toEqual({ amountsOut: [] });
    const record = decodeQueryResult(
      { type: 'hold', hold: 'hold-1' },
      await ledger.invoke('BankBMSP', (ctx) => contract.Hold(ctx, 'hold-1')),
    );
    expect(record.ok && record.value.status).toBe('claimed');
  });

  it('throws failures as "Code: message" and writes nothing', async () => {
    const ledger = await setUp();
    const before = ledger.stateBytes();
    const writes = ledger.writesAttempted;
    const overdraw: LedgerOp = {
      type: 'batch',
      id: 'b',
      legs: [
        { type: 'transfer', asset: 'USD', from: 'BankA/main', to: 'BankB/main', amount: 600n },
        { type: 'transfer', asset: 'USD', from: 'BankA/main', to: 'BankB/main', amount: 600n },
      ],
    };
    await expect(submit(ledger, 'BankAMSP', overdraw)).rejects.toThrow(
      /^InsufficientFunds: legs\[1\]\.amount: /,
    );
    await expect(
      submit(ledger, 'BankBMSP', {
        type: 'transfer',
        id: 't',
        asset: 'USD',
        from: 'BankA/main',
        to: 'BankB/main',
        amount: 1n,
      }),
    ).rejects.toThrow(/^NotOwner: from: /);
    await expect(
      submit(ledger, 'BankAMSP', {
        type: 'issue',
        id: 'i',
        asset: 'USD',
        to: 'BankA/main',
        amount: 1n,
      }),
    ).rejects.toThrow(/^NotIssuer: /);
    await expect(
      submit(ledger, 'CentralBankMSP', {
        type: 'issue',
        id: 'issue',
        asset: 'USD',
        to: 'BankA/main',
        amount: 1n,
      }),
    ).rejects.toThrow(/^DuplicateId: id: /);
    await expect(
      ledger.invoke('BankAMSP', (ctx) => contract.Transfer(ctx, '{"type":"transfer",')),
    ).rejects.toThrow(/^InvalidArgument: op: malformed JSON/);
    await expect(
      ledger.invoke('BankAMSP', (ctx) =>
        contract.Transfer(
          ctx,
          encodeOp({ type: 'burn', id: 'x', asset: 'USD', from: 'BankA/main', amount: 1n }),
        ),
      ),
    ).rejects.toThrow(/^InvalidArgument: type: /);
    await expect(
      ledger.invoke('BankAMSP', (ctx) => contract.Balance(ctx, 'XAU', 'BankA/main')),
    ).rejects.toThrow(/^UnknownAsset: asset: /);
    expect(ledger.writesAttempted).toBe(writes);
    expect(ledger.stateBytes()).toBe(before);
  });

  it('registers one transaction function per operation type and the read-only queries', () => {
    for (const name of Object.values(OP_TRANSACTIONS))
      expect(typeof contract[name]).toBe('function');
    for (const name of [
      'Balance',
      'Supply',
      'Asset',
      'Hold',
      'Pool',
      'Quote',
      'Op',
      'Snapshot',
    ] as const) {
      expect(typeof contract[name]).toBe('function');
    }
  });
});

describe('the endorser bounds the transaction timestamp', () => {
  const transfer = (id: string) =>
    encodeOp({
      type: 'transfer',
      id,
      asset: 'USD',
      from: 'BankA/main',
      to: 'BankB/main',
      amount: 1n,
    });

  it.each([-MAX_TIMESTAMP_SKEW_MS, 0, MAX_TIMESTAMP_SKEW_MS])(
    'endorses a timestamp %i ms from its clock',
    async (skewMs) => {
      const ledger = await setUp();
      await ledger.invoke('BankAMSP', (ctx) =>
        submitOp(ctx, 'transfer', transfer('t'), () => ledger.nowMs + skewMs),
      );
      const op = await ledger.invoke('BankAMSP', (ctx) => contract.Op(ctx, 't'));
      expect(JSON.parse(op)).toMatchObject({ type: 'transfer' });
    },
  );

  it.each([-MAX_TIMESTAMP_SKEW_MS - 1, MAX_TIMESTAMP_SKEW_MS + 1, 3_600_000])(
    'refuses one %i ms off, writing nothing',
    async (skewMs) => {
      const ledger = await setUp();
      const before = ledger.stateBytes();
      const writes = ledger.writesAttempted;
      await expect(
        ledger.invoke('BankAMSP', (ctx) =>
          submitOp(ctx, 'transfer', transfer('t'), () => ledger.nowMs - skewMs),
        ),
      ).rejects.toThrow(
        new RegExp(`^InvalidArgument: timestamp: ${ledger.nowMs} is ${Math.abs(skewMs)} ms from`),
      );
      expect(ledger.writesAttempted).toBe(writes);
      expect(ledger.stateBytes()).toBe(before);
    },
  );
});
