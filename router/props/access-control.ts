// Access control: every rule that restricts WHO may do something is tried by the wrong party
// (rejected with its code, state unchanged) and by the right party (accepted), so a rule that
// is missing and a rule that is too strict both fail.
import fc from 'fast-check';
import type { LedgerOp, OrgId } from '../../chaincode/src/core/types';
import { expectAccepted, expectRejected } from './expectations';
import { defineProperty } from './property';
import {
  advanceClock,
  ASSETS,
  FAR_MS,
  HASHLOCKS,
  ISSUERS,
  LEDGER,
  MEMBERS,
  OPEN_ACCOUNTS,
  OUTSIDER,
  ownerOf,
  SECRETS,
  type World,
  type WorldBackend,
} from './world';

const member = fc.constantFrom(...MEMBERS);
const openAccount = fc.constantFrom(...OPEN_ACCOUNTS);
const knownAsset = fc.constantFrom(...ASSETS);
const smallAmount = fc.bigInt(1n, 1_000n);
const lifetimeMs = fc.integer({ min: 1, max: 10_000 });
/** Time that passes relative to a lock's lifetime: often right at the boundary. */
const offsetMs = fc.oneof(
  fc.integer({ min: -1, max: 1 }),
  fc.integer({ min: -10_000, max: 10_000 }),
);
const elapsed = (lifetime: number, offset: number) => Math.max(0, lifetime + offset);

/**
 * A lock's lifetime and the time that then passes (lifetime + offset, at least 0). Where time
 * cannot be moved: a lock that outlives the case, and no time passing.
 */
function lockTimes(backend: WorldBackend): [fc.Arbitrary<number>, fc.Arbitrary<number>] {
  if (backend.provides.has('movable-time')) return [lifetimeMs, offsetMs];
  return [fc.constant(FAR_MS), fc.constant(-FAR_MS)];
}

/** Lets `ms` pass; nothing to do when no time is to pass (where time cannot be moved). */
function pass(world: World, ms: number): void {
  if (ms > 0) advanceClock(world, ms);
}

export const mintBurnProperty = defineProperty(
  'access-mint-burn',
  'only the issuer may issue or burn; anyone else gets NotIssuer',
  (backend) =>
    fc.asyncProperty(
      knownAsset,
      member,
      openAccount,
      smallAmount,
      fc.boolean(),
      async (asset, org, account, amount, mint) => {
        const world = await backend.openWorld();
        const issuer = ISSUERS[asset]!;
        const op = (id: string): LedgerOp =>
          mint
            ? { type: 'issue', id, asset, to: account, amount }
            : { type: 'burn', id, asset, from: `${issuer}/main`, amount };
        if (org !== issuer) await expectRejected(world, org, op('attempt'), 'NotIssuer', 'asset');
        await expectAccepted(world, issuer, op('control'));
      },
    ),
);

type DebitBuilder = (
  id: string,
  from: string,
  to: string,
  amount: bigint,
  startMs: number,
) => LedgerOp;

/** Every operation that debits an account, built for a given payer, with the field naming it. */
const debits: Array<{ field: string; build: DebitBuilder }> = [
  {
    field: 'from',
    build: (id, from, to, amount) => ({ type: 'transfer', id, asset: 'USD', from, to, amount }),
  },
  {
    field: 'legs[0].from',
    build: (id, from, to, amount) => ({
      type: 'batch',
      id,
      legs: [{ type: 'transfer', asset: 'EUR', from, to, amount }],
    }),
  },
  {
    field: 'from',
    build: (id, from, to, amount) => ({
      type: 'swap',
      id,
      pool: 'p0',
      from,
      to,
      assetIn: 'USD',
      amountIn: amount,
      minOut: 0n,
    }),
  },
  {
    field: 'from',
    build: (id, from, to, amount) => ({
      type: 'fxSwap',
      id,
      quote: 'q0',
      from,
      to,
      amountIn: amount,
      minOut: 0n,
    }),
  },
  {
    field: 'legs[0].from',
    build: (id, from, to, amount, startMs) => ({
      type: 'hold',
      id,
      hold: `hold-${id}`,
      legs: [{ type: 'transfer', asset: 'USD', from, to, amount }],
      lock: { kind: 'escrow', coordinator: 'bankA', deadlineMs: startMs + FAR_MS },
    }),
  },
  {
    field: 'from',
    build: (id, from, _to, amount) => ({
      type: 'createPool',
      id,
      pool: `pool-${id}`,
      assetA: 'USD',
      assetB: 'EUR',
      feeBps: 30,
      from,
      amountA: amount,
      amountB: amount,
    }),
  },
  {
    field: 'from',
    build: (id, from, _to, amount) => ({
      type: 'addLiquidity',
      id,
      pool: 'p0',
      from,
      amountA: amount,
      amountB: amount,
    }),
  },
  { field: 'account', build: (id, from) => ({ type: 'compact', id, asset: 'USD', account: from }) },
];

export const debitProperty = defineProperty(
  'access-debit',
  "an org cannot debit another org's account (NotOwner); the owner can",
  (backend) =>
    fc.asyncProperty(
      fc.nat(debits.length - 1),
      openAccount,
      openAccount,
      member,
      // Large enough that a swap of it yields a non-zero output from the seeded pool.
      fc.bigInt(10n, 1_000n),
      async (which, from, to, org, amount) => {
        const world = await backend.openWorld();
        const { field, build } = debits[which]!;
        const op = (id: string) => build(id, from, to, amount, world.startMs);
        if (org !== ownerOf(from))
          await expectRejected(world, org, op('attempt'), 'NotOwner', field);
        await expectAccepted(world, ownerOf(from), op('control'));
      },
    ),
);

async function placeHtlc(world: World, expiresAtMs: number): Promise<void> {
  await expectAccepted(world, 'bankA', {
    type: 'hold',
    id: 'place',
    hold: 'h',
    legs: [{ type: 'transfer', asset: 'USD', from: 'bankA/main', to: 'bankB/main', amount: 100n }],
    lock: { kind: 'htlc', hashlock: HASHLOCKS[0]!, expiresAtMs },
  });
}

export const htlcProperty = defineProperty(
  'access-htlc',
  'a claim needs the right preimage before expiry; a refund only at or after expiry',
  (backend) =>
    fc.asyncProperty(
      ...lockTimes(backend),
      member,
      fc.boolean(),
      async (lifetime, offset, org, claim) => {
        const world = await backend.openWorld();
        const expiresAtMs = world.clock.nowMs() + lifetime;
        await placeHtlc(world, expiresAtMs);
        pass(world, elapsed(lifetime, offset));
        const expired = world.clock.nowMs() >= expiresAtMs;
        if (claim) {
          await expectRejected(
            world,
            org,
            { type: 'claim', id: 'wrong', hold: 'h', secret: SECRETS[1] },
            expired ? 'Expired' : 'HashlockMismatch',
            expired ? 'hold' : 'secret',
          );
          const right: LedgerOp = { type: 'claim', id: 'right', hold: 'h', secret: SECRETS[0] };
          if (expired) await expectRejected(world, org, right, 'Expired', 'hold');
          else await expectAccepted(world, org, right);
        } else {
          const refund: LedgerOp = { type: 'refund', id: 'refund', hold: 'h' };
          if (expired) await expectAccepted(world, org, refund);
          else await expectRejected(world, org, refund, 'NotExpired', 'hold');
        }
      },
    ),
);

export const escrowProperty = defineProperty(
  'access-escrow',
  "escrow commit only by the coordinator's org before the deadline; abort by it, or by anyone after the deadline",
  (backend) =>
    fc.asyncProperty(
      member,
      member,
      ...lockTimes(backend),
      fc.boolean(),
      async (coordinator: OrgId, org: OrgId, lifetime, offset, commit) => {
        const world = await backend.openWorld();
        const deadlineMs = world.clock.nowMs() + lifetime;
        await expectAccepted(world, 'bankA', {
          type: 'hold',
          id: 'place',
          hold: 'h',
          legs: [
            { type: 'transfer', asset: 'USD', from: 'bankA/main', to: 'bankB/main', amount: 100n },
          ],
          lock: { kind: 'escrow', coordinator, deadlineMs },
        });
        pass(world, elapsed(lifetime, offset));
        const op: LedgerOp = commit
          ? { type: 'commit', id: 'resolve', hold: 'h' }
          : { type: 'abort', id: 'resolve', hold: 'h' };
        const late = world.clock.nowMs() >= deadlineMs;
        const allowed = commit ? org === coordinator && !late : org === coordinator || late;
        if (allowed) await expectAccepted(world, org, op);
        else {
          const code = org === coordinator ? 'Expired' : 'NotCoordinator';
          await expectRejected(world, org, op, code, 'hold');
          // Still open: the coordinator may always abort it.
          await expectAccepted(world, coordinator, { type: 'abort', id: 'control', hold: 'h' });
        }
      },
    ),
);

export const membershipProperty = defineProperty(
  'access-membership',
  'an org that is not a member of the ledger can neither submit nor read (NotMember)',
  (backend) =>
    fc.asyncProperty(fc.nat(debits.length - 1), smallAmount, async (which, amount) => {
      const world = await backend.openWorld();
      const op = debits[which]!.build(
        'attempt',
        `${OUTSIDER}/main`,
        'bankB/main',
        amount,
        world.startMs,
      );
      await expectRejected(world, OUTSIDER, op, 'NotMember', 'org');
      const read = await world.client.evaluate(LEDGER, OUTSIDER, { type: 'snapshot' });
      if (read.ok || read.error.code !== 'NotMember')
        throw new Error('a non-member read the ledger');
    }),
);
