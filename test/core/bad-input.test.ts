// Bad input at the contract boundary: the property suites corrupt fields at random; the table
// below names each semantic case of DESIGN §11 with the code and field it must produce.
import { describe, expect, it } from 'vitest';
import { decodeOp, prepareOp } from '../../chaincode/src/core';
import type { ErrorCode, LedgerOp, OrgId } from '../../chaincode/src/core/types';
import {
  badInputProperty,
  codecRoundTripProperty,
  malformedJsonProperty,
  unknownFieldProperty,
} from '../../router/props/bad-input';
import { expectAccepted, expectRejected } from '../../router/props/expectations';
import { assertProperty } from '../../router/props/property';
import { createWorld, HASHLOCKS, SECRETS } from '../../router/props/world';
import { WorldState } from '../../router/ledger/embedded';

describe('bad input, random', () => {
  it('rejects one broken field with its code, naming it, state unchanged', () =>
    assertProperty(badInputProperty, { numRuns: 300 }));
  it('rejects unknown fields', () => assertProperty(unknownFieldProperty, { numRuns: 100 }));
  it('rejects malformed JSON', () => assertProperty(malformedJsonProperty, { numRuns: 100 }));
  it('round-trips every operation type through the wire codec', () =>
    assertProperty(codecRoundTripProperty, { numRuns: 100 }));
});

const transfer = (
  id: string,
  changes: Partial<Extract<LedgerOp, { type: 'transfer' }>> = {},
): LedgerOp => ({
  type: 'transfer',
  id,
  asset: 'USD',
  from: 'bankA/main',
  to: 'bankB/main',
  amount: 10n,
  ...changes,
});

const htlc = (id: string, expiresAtMs: number): LedgerOp => ({
  type: 'hold',
  id,
  hold: id,
  legs: [{ type: 'transfer', asset: 'USD', from: 'bankA/main', to: 'bankB/main', amount: 10n }],
  lock: { kind: 'htlc', hashlock: HASHLOCKS[0]!, expiresAtMs },
});

interface Case {
  name: string;
  org: OrgId;
  op: LedgerOp;
  code: ErrorCode;
  field: string;
  /** Operations that must succeed first. */
  before?: Array<[OrgId, LedgerOp]>;
  /** Clock advance before the rejected operation. */
  advanceMs?: number;
}

const NOW = 1_000_000;
const cases: Case[] = [
  {
    name: 'unknown asset',
    org: 'bankA',
    op: transfer('x', { asset: 'XAU' }),
    code: 'UnknownAsset',
    field: 'asset',
  },
  {
    name: 'unopened payee',
    org: 'bankA',
    op: transfer('x', { to: 'bankB/ghost' }),
    code: 'UnknownAccount',
    field: 'to',
  },
  {
    name: 'unknown pool',
    org: 'bankA',
    op: {
      type: 'swap',
      id: 'x',
      pool: 'nope',
      from: 'bankA/main',
      to: 'bankA/main',
      assetIn: 'USD',
      amountIn: 5n,
      minOut: 0n,
    },
    code: 'UnknownPool',
    field: 'pool',
  },
  {
    name: 'unknown quote',
    org: 'bankA',
    op: {
      type: 'fxSwap',
      id: 'x',
      quote: 'nope',
      from: 'bankA/main',
      to: 'bankA/main',
      amountIn: 5n,
      minOut: 0n,
    },
    code: 'UnknownQuote',
    field: 'quote',
  },
  {
    name: 'unknown hold',
    org: 'bankB',
    op: { type: 'claim', id: 'x', hold: 'nope', secret: SECRETS[0] },
    code: 'UnknownHold',
    field: 'hold',
  },
  { name: 'wrong identity', org: 'bankB', op: transfer('x'), code: 'NotOwner', field: 'from' },
  {
    name: 'replayed id',
    org: 'bankA',
    op: transfer('once'),
    code: 'DuplicateId',
    field: 'id',
    before: [['bankA', transfer('once')]],
  },
  {
    name: 'expired hold',
    org: 'bankB',
    op: { type: 'claim', id: 'x', hold: 'h', secret: SECRETS[0] },
    code: 'Expired',
    field: 'hold',
    before: [['bankA', htlc('h', NOW + 100)]],
    advanceMs: 100,
  },
  {
    name: 'wrong preimage',
    org: 'bankB',
    op: { type: 'claim', id: 'x', hold: 'h', secret: SECRETS[1] },
    code: 'HashlockMismatch',
    field: 'secret',
    before: [['bankA', htlc('h', NOW + 100)]],
  },
  {
    name: 'hold already expired when placed',
    org: 'bankA',
    op: htlc('h', NOW),
    code: 'Expired',
    field: 'lock',
  },
  {
    name: 'second leg overdraws',
    org: 'bankA',
    op: {
      type: 'batch',
      id: 'x',
      legs: [
        { type: 'transfer', asset: 'USD', from: 'bankA/main', to: 'bankB/main', amount: 6_000n },
        { type: 'transfer', asset: 'USD', from: 'bankA/main', to: 'bankB/main', amount: 6_000n },
      ],
    },
    code: 'InsufficientFunds',
    field: 'legs[1].amount',
  },
  {
    name: 'asset not in the pool',
    org: 'bankA',
    op: {
      type: 'swap',
      id: 'x',
      pool: 'p0',
      from: 'bankA/main',
      to: 'bankA/main',
      assetIn: 'XAU',
      amountIn: 5n,
      minOut: 0n,
    },
    code: 'InvalidArgument',
    field: 'assetIn',
  },
  {
    name: 'pool of one asset',
    org: 'bankA',
    op: {
      type: 'createPool',
      id: 'x',
      pool: 'p5',
      assetA: 'USD',
      assetB: 'USD',
      feeBps: 0,
      from: 'bankA/main',
      amountA: 5n,
      amountB: 5n,
    },
    code: 'InvalidArgument',
    field: 'assetB',
  },
  {
    name: 'fill above the quote size',
    org: 'bankA',
    op: {
      type: 'fxSwap',
      id: 'x',
      quote: 'q0',
      from: 'bankA/main',
      to: 'bankA/main',
      amountIn: 3_001n,
      minOut: 0n,
    },
    code: 'QuoteLimitExceeded',
    field: 'amountIn',
  },
  {
    name: 'second init',
    org: 'cb',
    op: { type: 'init', id: 'x', kind: 'deposit' },
    code: 'AlreadyInitialized',
    field: 'kind',
  },
  {
    name: 'asset of another ledger kind',
    org: 'cb',
    op: {
      type: 'createAsset',
      id: 'x',
      asset: { id: 'DT', ledger: 'cbdc', kind: 'deposit', currency: 'USD', issuer: 'cb', scale: 2 },
    },
    code: 'WrongLedger',
    field: 'asset.kind',
  },
  {
    name: 'commit of an HTLC hold',
    org: 'bankA',
    op: { type: 'commit', id: 'x', hold: 'h' },
    code: 'WrongLockType',
    field: 'hold',
    before: [['bankA', htlc('h', NOW + 100)]],
  },
  {
    name: 'claim of a claimed hold',
    org: 'bankB',
    op: { type: 'claim', id: 'x', hold: 'h', secret: SECRETS[0] },
    code: 'HoldResolved',
    field: 'hold',
    before: [
      ['bankA', htlc('h', NOW + 100)],
      ['bankB', { type: 'claim', id: 'first', hold: 'h', secret: SECRETS[0] }],
    ],
  },
];

describe('bad input, by case', () => {
  it.each(cases)(
    '$name → $code naming $field, state unchanged',
    async ({ org, op, code, field, before = [], advanceMs = 0 }) => {
      const world = await createWorld();
      for (const [signer, setup] of before) await expectAccepted(world, signer, setup);
      world.clock.advance(advanceMs);
      await expectRejected(world, org, op, code, field);
    },
  );

  it('rejects operations before the ledger is initialised', async () => {
    const result = await prepareOp(
      new WorldState(),
      { invokerOrg: 'cb', txId: 't', nowMs: 0 },
      transfer('x'),
    );
    expect(result.ok ? 'accepted' : result.error.code).toBe('NotInitialized');
  });

  it('rejects a malformed transaction context, naming the field', async () => {
    const result = await prepareOp(
      new WorldState(),
      { invokerOrg: 'cb', txId: 'a\u0000b', nowMs: 0 },
      transfer('x'),
    );
    expect(result.ok ? 'accepted' : result.error.message).toMatch(/^ctx\.txId: /);
  });

  it('explains a number-typed amount', () => {
    const decoded = decodeOp(
      '{"type":"transfer","id":"x","asset":"USD","from":"a/b","to":"c/d","amount":5}',
    );
    expect(decoded).toEqual({
      ok: false,
      error: {
        code: 'InvalidAmount',
        message:
          'amount: expected a decimal string of minor units, got the number 5 (send a string)',
      },
    });
  });
});
