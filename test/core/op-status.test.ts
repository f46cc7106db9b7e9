// The op-status query: how a client that lost a submit's reply learns, from the ledger itself,
// whether the operation was committed and with what result.
import { describe, expect, it } from 'vitest';
import {
  decodeQuery,
  decodeQueryResult,
  encodeQuery,
  encodeQueryResult,
} from '../../chaincode/src/core';
import type { LedgerOp } from '../../chaincode/src/core/types';
import { createWorld, LEDGER, OUTSIDER } from '../../router/props/world';

const swap: LedgerOp = {
  type: 'swap',
  id: 'swap-1',
  pool: 'p0',
  from: 'bankA/main',
  to: 'bankA/main',
  assetIn: 'USD',
  amountIn: 100n,
  minOut: 1n,
};

describe('op-status query', () => {
  it("returns a committed op's type, committing tx id and result amounts", async () => {
    const { client } = await createWorld();
    const receipt = await client.submit(LEDGER, 'bankA', swap);
    if (!receipt.ok) throw new Error(receipt.error.message);
    expect(receipt.value.result.amountsOut).toHaveLength(1);
    // Any member may read it, not only the submitter.
    const status = await client.evaluate(LEDGER, 'bankB', { type: 'op', id: 'swap-1' });
    expect(status).toEqual({
      ok: true,
      value: {
        id: 'swap-1',
        type: 'swap',
        txId: receipt.value.txId,
        amountsOut: receipt.value.result.amountsOut,
      },
    });
    const setUp = await client.evaluate(LEDGER, 'cb', { type: 'op', id: 'setup-init' });
    expect(setUp.ok && setUp.value).toMatchObject({ type: 'init', amountsOut: [] });
  });

  it('says UnknownOp for an id never committed, also after a rejected attempt', async () => {
    const { client } = await createWorld();
    const overdraw: LedgerOp = {
      type: 'transfer',
      id: 'too-much',
      asset: 'USD',
      from: 'bankA/main',
      to: 'bankB/main',
      amount: 10n ** 12n,
    };
    const rejected = await client.submit(LEDGER, 'bankA', overdraw);
    expect(rejected.ok ? 'accepted' : rejected.error.code).toBe('InsufficientFunds');
    for (const id of ['too-much', 'never-sent']) {
      const status = await client.evaluate(LEDGER, 'bankA', { type: 'op', id });
      expect(status).toEqual({
        ok: false,
        error: {
          code: 'UnknownOp',
          message: `id: no operation ${JSON.stringify(id)} has been committed on this ledger`,
        },
      });
    }
  });

  it('keeps one marker per id: a replay is DuplicateId and leaves the first status', async () => {
    const { client } = await createWorld();
    const first = await client.submit(LEDGER, 'bankA', swap);
    if (!first.ok) throw new Error(first.error.message);
    const before = client.stateBytes(LEDGER);
    const replay = await client.submit(LEDGER, 'bankA', swap);
    expect(replay.ok ? 'accepted' : replay.error.code).toBe('DuplicateId');
    expect(client.stateBytes(LEDGER)).toBe(before);
    const status = await client.evaluate(LEDGER, 'bankA', { type: 'op', id: swap.id });
    expect(status.ok && status.value.txId).toBe(first.value.txId);
  });

  it('rejects bad ids and non-members like every other query', async () => {
    const { client } = await createWorld();
    const empty = await client.evaluate(LEDGER, 'bankA', { type: 'op', id: '' });
    expect(empty.ok ? 'accepted' : empty.error).toMatchObject({
      code: 'InvalidArgument',
      message: expect.stringMatching(/^id: /) as unknown,
    });
    const outsider = await client.evaluate(LEDGER, OUTSIDER, { type: 'op', id: 'setup-init' });
    expect(outsider.ok ? 'accepted' : outsider.error.code).toBe('NotMember');
  });

  it('round-trips on the wire with amounts as decimal strings', () => {
    const query = { type: 'op', id: 'swap-1' } as const;
    expect(decodeQuery(encodeQuery(query))).toEqual({ ok: true, value: query });
    const value = { id: 'swap-1', type: 'swap', txId: 'tx9', amountsOut: [79n] } as const;
    const json = encodeQueryResult(query, { ...value, amountsOut: [...value.amountsOut] });
    expect(json).toBe('{"amountsOut":["79"],"id":"swap-1","txId":"tx9","type":"swap"}');
    expect(decodeQueryResult(query, json)).toEqual({ ok: true, value });
    const badType = decodeQueryResult(query, json.replace('"swap"}', '"mint"}'));
    expect(badType.ok ? 'accepted' : badType.error.code).toBe('InvalidArgument');
  });
});
