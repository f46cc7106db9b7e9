import { ChaincodeStub } from 'fabric-shim';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canonicalJson,
  compositeKey,
  decodeQuery,
  decodeQueryResult,
  encodeQuery,
  encodeQueryResult,
  hashlockOf,
  splitCompositeKey,
} from '../../chaincode/src/core';
import type { LedgerQuery } from '../../chaincode/src/core/types';
import { createWorld, LEDGER } from '../../router/props/world';

describe('canonicalJson', () => {
  it('sorts keys at every depth, writes bigints as strings and skips undefined', () => {
    expect(canonicalJson({ b: 1n, a: [{ d: true, c: null }], e: undefined })).toBe(
      '{"a":[{"c":null,"d":true}],"b":"1"}',
    );
  });

  it('is independent of key insertion order', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string(), fc.oneof(fc.bigInt(), fc.string(), fc.boolean())),
        (record) => {
          const reversed = Object.fromEntries(Object.entries(record).reverse());
          expect(canonicalJson(reversed)).toBe(canonicalJson(record));
        },
      ),
    );
  });

  it('refuses values JSON cannot carry exactly', () => {
    expect(() => canonicalJson(Number.NaN)).toThrow(TypeError);
    expect(() => canonicalJson(() => 1)).toThrow(TypeError);
  });
});

describe('composite keys', () => {
  it("match the Fabric shim's createCompositeKey byte for byte", () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }).filter((s) => !s.includes('\u0000')),
        fc.array(
          fc.string({ minLength: 1 }).filter((s) => !s.includes('\u0000')),
          { maxLength: 4 },
        ),
        (objectType, attributes) => {
          const key = compositeKey(objectType, attributes);
          expect(key).toBe(
            ChaincodeStub.prototype.createCompositeKey.call(undefined, objectType, attributes),
          );
          expect(splitCompositeKey(key)).toEqual({ objectType, attributes });
        },
      ),
    );
  });

  it('refuse empty attributes and NUL characters (a bug if reached: ids are checked on input)', () => {
    expect(() => compositeKey('asset', [''])).toThrow(TypeError);
    expect(() => compositeKey('asset', ['a\u0000b'])).toThrow(TypeError);
  });
});

describe('hashlockOf', () => {
  it('is sha256 over the 32 secret bytes (an Interledger-style condition)', () => {
    // sha256 of 32 zero bytes.
    expect(hashlockOf('00'.repeat(32))).toBe(
      '66687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a591d0d5f2925',
    );
    expect(() => hashlockOf('not hex')).toThrow(TypeError);
  });
});

describe('queries on the wire', () => {
  it('round-trip every query and its result', async () => {
    const world = await createWorld();
    await world.client.submit(LEDGER, 'bankA', {
      type: 'hold',
      id: 'h',
      hold: 'h',
      legs: [{ type: 'transfer', asset: 'USD', from: 'bankA/main', to: 'bankB/main', amount: 5n }],
      lock: { kind: 'escrow', coordinator: 'bankA', deadlineMs: 2_000_000 },
    });
    const queries: LedgerQuery[] = [
      { type: 'balance', asset: 'USD', account: 'bankA/main' },
      { type: 'supply', asset: 'EUR' },
      { type: 'asset', asset: 'USD' },
      { type: 'hold', hold: 'h' },
      { type: 'pool', pool: 'p0' },
      { type: 'quote', quote: 'q0' },
      { type: 'snapshot' },
    ];
    for (const query of queries) {
      expect(decodeQuery(encodeQuery(query))).toEqual({ ok: true, value: query });
      const result = await world.client.evaluate(LEDGER, 'bankA', query);
      if (!result.ok) throw new Error(result.error.message);
      expect(decodeQueryResult(query, encodeQueryResult(query, result.value))).toEqual(result);
    }
  });

  it("carry a pool's pending held-swap inputs as decimal strings, and require them", () => {
    const pool = {
      id: 'amm',
      assetA: 'USD',
      assetB: 'EUR',
      reserveA: '1000',
      reserveB: '667',
      pendingA: '500',
      pendingB: '0',
      feeBps: 0,
      totalShares: '1000',
      shares: { 'bankA/main': '1000' },
    };
    const query = { type: 'pool', pool: 'amm' } as const;
    const decoded = decodeQueryResult(query, JSON.stringify(pool));
    expect(decoded.ok && [decoded.value.pendingA, decoded.value.pendingB]).toEqual([500n, 0n]);
    if (decoded.ok) expect(encodeQueryResult(query, decoded.value)).toBe(canonicalJson(pool));
    expect(decodeQueryResult(query, JSON.stringify({ ...pool, pendingB: undefined }))).toEqual({
      ok: false,
      error: { code: 'InvalidArgument', message: 'result.pendingB: missing' },
    });
  });

  it('rejects a malformed query, naming the field', () => {
    expect(decodeQuery('{"type":"balance","asset":"USD"}')).toEqual({
      ok: false,
      error: { code: 'InvalidArgument', message: 'account: missing' },
    });
  });
});
