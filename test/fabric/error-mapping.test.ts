// Differential: one script of operations and queries, most of them provoking a ledger error, run
// on the real Fabric network and on the embedded backend. Each step must come back the same on
// both: the same result, or the same error code with the same message (times aside). That is
// the proof that the Fabric client reads every chaincode error back as the core reported it.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashlockOf } from '../../chaincode/src/core';
import type { LedgerOp, LedgerQuery, OrgId, Result } from '../../chaincode/src/core/types';
import { ERROR_CODES, MAX_AMOUNT } from '../../chaincode/src/core/types';
import { SystemClock } from '../../router/ledger/clock';
import { createEmbeddedLedgerClient } from '../../router/ledger/embedded';
import {
  createFabricLedgerClient,
  type FabricConnectionProfile,
  loadConnectionProfile,
} from '../../router/ledger/fabric';
import type { LedgerClient } from '../../router/ledger/ledger-client';

const runtime = process.env.CORRIDOR_FABRIC_RUNTIME;
const LEDGER = 'cbdc';
const TAG = randomBytes(4).toString('hex');
const SECRET = 'ab'.repeat(32);
const WRONG_SECRET = 'cd'.repeat(32);

type Step =
  | { name: string; org: OrgId; op: LedgerOp; expect: string }
  | { name: string; org: OrgId; query: LedgerQuery; expect: string }
  /** A pause in the script, until a wall-clock instant both ledgers stamp after. */
  | { name: string; waitUntilMs: number };

interface Roles {
  /** Runs a peer on the ledger; issues asset A and coordinates escrow holds. */
  cb: OrgId;
  /** Another peer org: issues asset B, owns the trading accounts. */
  bank: OrgId;
  /** A third member. */
  other: OrgId;
  /** An org of the network that is not a member of the ledger. */
  outsider: OrgId;
}

function rolesOf(profile: FabricConnectionProfile): Roles {
  const ledger = profile.ledgers[LEDGER]!;
  const peerOrgs = ledger.peers.map((peer) => profile.peers[peer]!.org);
  const [cb, bank] = peerOrgs;
  const other = ledger.members.find((org) => org !== cb && org !== bank);
  const outsider = Object.keys(profile.orgs).find((org) => !ledger.members.includes(org));
  if (!cb || !bank || !other || !outsider)
    throw new Error(`${LEDGER} needs two peer orgs, a third member and an outsider org`);
  return { cb, bank, other, outsider };
}

/** The script; `nowMs` places the hold expiries (Fabric stamps from the client's clock). */
function script({ cb, bank, other, outsider }: Roles, nowMs: number): Step[] {
  const A = `a-${TAG}`;
  const B = `b-${TAG}`;
  const acct = (org: OrgId, name: string) => `${org}/${name}-${TAG}`;
  const trader = acct(bank, 'trader');
  const dealer = acct(bank, 'dealer');
  const payee = acct(other, 'payee');
  const id = (name: string) => `${name}-${TAG}`;
  const asset = (assetId: string, issuer: OrgId, kind: 'cbdc' | 'deposit' = 'cbdc') => ({
    id: assetId,
    ledger: LEDGER,
    kind,
    currency: 'XAU',
    issuer,
    scale: 2,
  });
  const pay = (name: string, amount: bigint, over: Partial<Record<string, unknown>> = {}) =>
    ({
      type: 'transfer',
      id: id(name),
      asset: A,
      from: trader,
      to: payee,
      amount,
      ...over,
    }) as LedgerOp;
  const htlc = {
    kind: 'htlc',
    hashlock: hashlockOf(SECRET),
    expiresAtMs: nowMs + 120_000,
  } as const;
  const escrow = { kind: 'escrow', coordinator: cb, deadlineMs: nowMs + 120_000 } as const;
  const leg = { type: 'transfer', asset: A, from: trader, to: payee, amount: 10n } as const;
  const pool = id('pool');
  const quote = id('quote');
  const op = (name: string, org: OrgId, o: LedgerOp, expect = 'ok'): Step => ({
    name,
    org,
    op: o,
    expect,
  });
  const query = (name: string, org: OrgId, q: LedgerQuery, expect: string): Step => ({
    name,
    org,
    query: q,
    expect,
  });
  const createPool: LedgerOp = {
    type: 'createPool',
    id: id('pool'),
    pool,
    assetA: A,
    assetB: B,
    feeBps: 30,
    from: trader,
    amountA: 200n,
    amountB: 200n,
  };
  const postQuote: LedgerOp = {
    type: 'postQuote',
    id: id('quote'),
    quote,
    dealer,
    assetIn: A,
    assetOut: B,
    rate: { num: 1n, den: 1n },
    feeBps: 0,
    maxIn: 500n,
  };
  // Valid long enough to be posted after the set-up; filled after it expired, near the end.
  const shortQuoteUntilMs = nowMs + 30_000;
  const shortQuote: LedgerOp = {
    ...postQuote,
    id: id('quote-short'),
    quote: id('quote-short'),
    validUntilMs: shortQuoteUntilMs,
  };
  const fund: LedgerOp = { type: 'issue', id: id('fund-a'), asset: A, to: trader, amount: 1_000n };
  return [
    // Set-up, every step of which succeeds on both.
    op('create A', cb, { type: 'createAsset', id: id('asset-a'), asset: asset(A, cb) }),
    op('create B', bank, { type: 'createAsset', id: id('asset-b'), asset: asset(B, bank) }),
    op('open trader', bank, { type: 'openAccount', id: id('open-t'), account: trader }),
    op('open dealer', bank, { type: 'openAccount', id: id('open-d'), account: dealer }),
    op('open payee', other, { type: 'openAccount', id: id('open-p'), account: payee }),
    op('fund A', cb, fund),
    op('fund B', bank, { type: 'issue', id: id('fund-b'), asset: B, to: trader, amount: 1_000n }),
    op('fund dealer', bank, { type: 'issue', id: id('fund-d'), asset: B, to: dealer, amount: 50n }),
    op('pool', bank, createPool),
    op('quote', bank, postQuote),
    op('short quote', bank, shortQuote),
    op('htlc hold', bank, { type: 'hold', id: id('h1'), hold: id('h1'), legs: [leg], lock: htlc }),
    op('escrow hold', bank, {
      type: 'hold',
      id: id('h2'),
      hold: id('h2'),
      legs: [leg],
      lock: escrow,
    }),
    op('swap', bank, {
      type: 'swap',
      id: id('swap'),
      pool,
      from: trader,
      to: trader,
      assetIn: A,
      amountIn: 20n,
      minOut: 1n,
    }),
    op('fx swap', bank, {
      type: 'fxSwap',
      id: id('fx'),
      quote,
      from: trader,
      to: trader,
      amountIn: 5n,
      minOut: 5n,
    }),
    op('pay', bank, pay('pay', 7n)),
    op('batch', bank, { type: 'batch', id: id('batch'), legs: [leg, { ...leg, amount: 3n }] }),
    // Every ledger error the core reports, each provoked once.
    op('bad account id', bank, pay('bad-acct', 1n, { from: 'nobody' }), 'InvalidArgument'),
    op('empty op id', bank, pay('x', 1n, { id: '' }), 'InvalidArgument'),
    op('zero amount', bank, pay('zero', 0n), 'InvalidAmount'),
    op('huge amount', bank, pay('huge', MAX_AMOUNT + 1n), 'InvalidAmount'),
    op(
      'init again',
      cb,
      { type: 'init', id: id('init-again'), kind: 'cbdc' },
      'AlreadyInitialized',
    ),
    op(
      'wrong kind',
      cb,
      { type: 'createAsset', id: id('wrong'), asset: asset(id('w'), cb, 'deposit') },
      'WrongLedger',
    ),
    op('unknown asset', bank, pay('no-asset', 1n, { asset: id('nope') }), 'UnknownAsset'),
    op('unknown account', bank, pay('no-acct', 1n, { to: acct(other, 'ghost') }), 'UnknownAccount'),
    op(
      'unknown hold',
      bank,
      { type: 'claim', id: id('c0'), hold: id('nohold'), secret: SECRET },
      'UnknownHold',
    ),
    op(
      'unknown pool',
      bank,
      {
        type: 'swap',
        id: id('s0'),
        pool: id('nopool'),
        from: trader,
        to: trader,
        assetIn: A,
        amountIn: 1n,
        minOut: 0n,
      },
      'UnknownPool',
    ),
    op(
      'unknown quote',
      bank,
      {
        type: 'fxSwap',
        id: id('f0'),
        quote: id('noq'),
        from: trader,
        to: trader,
        amountIn: 1n,
        minOut: 0n,
      },
      'UnknownQuote',
    ),
    op(
      'asset exists',
      cb,
      { type: 'createAsset', id: id('asset-a2'), asset: asset(A, cb) },
      'AssetExists',
    ),
    op(
      'account exists',
      bank,
      { type: 'openAccount', id: id('open-t2'), account: trader },
      'AccountExists',
    ),
    op('pool exists', bank, { ...createPool, id: id('pool2') }, 'PoolExists'),
    op('quote exists', bank, { ...postQuote, id: id('quote2') }, 'QuoteExists'),
    op(
      'hold exists',
      bank,
      { type: 'hold', id: id('h1b'), hold: id('h1'), legs: [leg], lock: htlc },
      'HoldExists',
    ),
    op('replayed id', cb, fund, 'DuplicateId'),
    op(
      'not issuer',
      bank,
      { type: 'issue', id: id('steal'), asset: A, to: trader, amount: 1n },
      'NotIssuer',
    ),
    op('not owner', other, pay('theft', 1n), 'NotOwner'),
    op('outsider', outsider, pay('outsider', 1n), 'NotMember'),
    op('no identity', 'mallory', pay('mallory', 1n), 'NotMember'),
    op(
      'not coordinator',
      bank,
      { type: 'commit', id: id('cm0'), hold: id('h2') },
      'NotCoordinator',
    ),
    op('overdraw', bank, pay('over', 1_000_000n), 'InsufficientFunds'),
    op(
      'dealer short',
      bank,
      { type: 'fxSwap', id: id('f1'), quote, from: trader, to: trader, amountIn: 100n, minOut: 0n },
      'InsufficientLiquidity',
    ),
    op(
      'slippage',
      bank,
      {
        type: 'swap',
        id: id('s1'),
        pool,
        from: trader,
        to: trader,
        assetIn: A,
        amountIn: 10n,
        minOut: 1_000n,
      },
      'SlippageExceeded',
    ),
    op(
      'over quote',
      bank,
      { type: 'fxSwap', id: id('f2'), quote, from: trader, to: trader, amountIn: 600n, minOut: 0n },
      'QuoteLimitExceeded',
    ),
    op('wrong lock', cb, { type: 'commit', id: id('cm1'), hold: id('h1') }, 'WrongLockType'),
    op(
      'wrong secret',
      other,
      { type: 'claim', id: id('c1'), hold: id('h1'), secret: WRONG_SECRET },
      'HashlockMismatch',
    ),
    op('early refund', bank, { type: 'refund', id: id('r1'), hold: id('h1') }, 'NotExpired'),
    op(
      'stale lock',
      bank,
      {
        type: 'hold',
        id: id('h3'),
        hold: id('h3'),
        legs: [leg],
        lock: { ...htlc, expiresAtMs: nowMs - 1_000 },
      },
      'Expired',
    ),
    op('claim', other, { type: 'claim', id: id('c2'), hold: id('h1'), secret: SECRET }),
    op(
      'claim twice',
      other,
      { type: 'claim', id: id('c3'), hold: id('h1'), secret: SECRET },
      'HoldResolved',
    ),
    op('commit escrow', cb, { type: 'commit', id: id('cm2'), hold: id('h2') }),
    { name: 'short quote expires', waitUntilMs: shortQuoteUntilMs + 1_000 },
    op(
      'expired quote',
      bank,
      {
        type: 'fxSwap',
        id: id('f3'),
        quote: id('quote-short'),
        from: trader,
        to: trader,
        amountIn: 10n,
        minOut: 0n,
      },
      'QuoteExpired',
    ),
    // Queries.
    query('balance', bank, { type: 'balance', asset: A, account: trader }, 'ok'),
    query('hold', bank, { type: 'hold', hold: id('h1') }, 'ok'),
    query('pool', bank, { type: 'pool', pool }, 'ok'),
    query('quote', bank, { type: 'quote', quote }, 'ok'),
    query('op status', bank, { type: 'op', id: id('swap') }, 'ok'),
    query('unknown asset', bank, { type: 'supply', asset: id('nope') }, 'UnknownAsset'),
    query(
      'unknown account',
      bank,
      { type: 'balance', asset: A, account: acct(other, 'ghost') },
      'UnknownAccount',
    ),
    query('unknown hold', bank, { type: 'hold', hold: id('nohold') }, 'UnknownHold'),
    query('unknown pool', bank, { type: 'pool', pool: id('nopool') }, 'UnknownPool'),
    query('unknown quote', bank, { type: 'quote', quote: id('noq') }, 'UnknownQuote'),
    query('unknown op', bank, { type: 'op', id: id('over') }, 'UnknownOp'),
    query('bad id', bank, { type: 'hold', hold: '' }, 'InvalidArgument'),
    query('outsider', outsider, { type: 'asset', asset: A }, 'NotMember'),
  ];
}

/** Receipts and op statuses name their transaction and time: those differ between backends. */
function comparable(result: Result<unknown>): unknown {
  if (!result.ok) {
    // Hold expiries and transaction times are wall-clock ms: they differ between the two runs.
    return { code: result.error.code, message: result.error.message.replace(/\d{13}/g, '<ms>') };
  }
  const value = result.value as Record<string, unknown>;
  if (typeof value === 'object' && value !== null && 'txId' in value) {
    return Object.fromEntries(
      Object.entries(value).filter(([key]) => key !== 'txId' && key !== 'committedAtMs'),
    );
  }
  return value;
}

async function run(
  client: LedgerClient,
  step: Exclude<Step, { waitUntilMs: number }>,
): Promise<Result<unknown>> {
  return 'op' in step
    ? client.submit(LEDGER, step.org, step.op)
    : client.evaluate(LEDGER, step.org, step.query);
}

describe.skipIf(!runtime)('Fabric errors read back as the embedded backend reports them', () => {
  let profile: FabricConnectionProfile;
  let fabric: LedgerClient;
  let embedded: LedgerClient;

  beforeAll(async () => {
    profile = loadConnectionProfile(runtime!);
    fabric = await createFabricLedgerClient(profile);
    embedded = createEmbeddedLedgerClient({
      ledgers: { [LEDGER]: { members: profile.ledgers[LEDGER]!.members } },
      clock: new SystemClock(),
    });
    const { cb } = rolesOf(profile);
    const init: LedgerOp = { type: 'init', id: `init-${TAG}`, kind: 'cbdc' };
    const onFabric = await fabric.submit(LEDGER, cb, init);
    expect(onFabric.ok || onFabric.error.code === 'AlreadyInitialized').toBe(true);
    expect((await embedded.submit(LEDGER, cb, init)).ok).toBe(true);
  });

  afterAll(async () => {
    await Promise.all([fabric?.close(), embedded?.close()]);
  });

  it('gives the same result or the same code and message for every step', async () => {
    const steps = script(rolesOf(profile), Date.now());
    const provoked = new Set<string>();
    for (const step of steps) {
      if ('waitUntilMs' in step) {
        await new Promise((resolve) =>
          setTimeout(resolve, Math.max(0, step.waitUntilMs - Date.now())),
        );
        continue;
      }
      const [onFabric, onEmbedded] = [await run(fabric, step), await run(embedded, step)];
      const got = onFabric.ok ? 'ok' : onFabric.error.code;
      expect({ step: step.name, got }).toEqual({ step: step.name, got: step.expect });
      expect({ step: step.name, fabric: comparable(onFabric) }).toEqual({
        step: step.name,
        fabric: comparable(onEmbedded),
      });
      provoked.add(got);
    }
    // Every code the core can report on an initialised ledger was provoked.
    const clientOnly = ['LedgerUnavailable', 'EndorsementFailed', 'MvccConflict', 'OutcomeUnknown'];
    const unprovokable = ['NotInitialized'];
    const missing = ERROR_CODES.filter(
      (code) => !provoked.has(code) && !clientOnly.includes(code) && !unprovokable.includes(code),
    );
    expect(missing).toEqual([]);
  });
});
