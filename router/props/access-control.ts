// Access control: every rule that restricts WHO may do something is tried by the wrong party
// (rejected with its code, state unchanged) and by the right party (accepted), so a rule that
// is missing and a rule that is too strict both fail.
import fc from 'fast-check';
import type { LedgerOp, OrgId } from '../../chaincode/src/core/types';
import { expectAccepted, expectRejected } from './expectations';
import { defineProperty } from './property';
import {
  ASSETS,
  createWorld,
  HASHLOCKS,
  ISSUERS,
  MEMBERS,
  OPEN_ACCOUNTS,
  OUTSIDER,
  ownerOf,
  SECRETS,
  type World,
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

export const mintBurnProperty = defineProperty(
  'access-mint-burn',
  'only the issuer may issue or burn; anyone else gets NotIssuer',
  () =>
    fc.asyncProperty(
      knownAsset,
      member,
      openAccount,
      smallAmount,
      fc.boolean(),
      async (asset, org, account, amount, mint) => {
        const world = await createWorld();
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

type DebitBuilder = (id: string, from: string, to: string, amount: bigint) => LedgerOp;

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
    build: (id, from, to, amount) => ({
      type: 'hold',
      id,
      hold: `hold-${id}`,
      legs: [{ type: 'transfer', asset: 'USD', from, to, amount }],
      lock: { kind: 'escrow', coordinator: 'bankA', deadlineMs: 10 ** 12 },
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
  () =>
    fc.asyncProperty(
      fc.nat(debits.length - 1),
      openAccount,
      openAccount,
      member,
      // Large enough that a swap of it yields a non-zero output from the seeded pool.
      fc.bigInt(10n, 1_000n),
      async (which, from, to, org, amount) => {
        const world = await createWorld();
        const { field, build } = debits[which]!;
        if (org !== ownerOf(from))
          await expectRejected(world, org, build('attempt', from, to, amount), 'NotOwner', field);
        await expectAccepted(world, ownerOf(from), build('control', from, to, amount));
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
  () =>
    fc.asyncProperty(
      lifetimeMs,
      offsetMs,
      member,
      fc.boolean(),
      async (lifetime, offset, org, claim) => {
        const world = await createWorld();
        const expiresAtMs = world.clock.nowMs() + lifetime;
        await placeHtlc(world, expiresAtMs);
        world.clock.advance(elapsed(lifetime, offset));
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
  "escrow commit only by the coordinator's org; abort by it, or by anyone after the deadline",
  () =>
    fc.asyncProperty(
      member,
      member,
      lifetimeMs,
      offsetMs,
      fc.boolean(),
      async (coordinator: OrgId, org: OrgId, lifetime, offset, commit) => {
        const world = await createWorld();
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
        world.clock.advance(elapsed(lifetime, offset));
        const op: LedgerOp = commit
          ? { type: 'commit', id: 'resolve', hold: 'h' }
          : { type: 'abort', id: 'resolve', hold: 'h' };
        const allowed = org === coordinator || (!commit && world.clock.nowMs() >= deadlineMs);
        if (allowed) await expectAccepted(world, org, op);
        else {
          await expectRejected(world, org, op, 'NotCoordinator', 'hold');
          await expectAccepted(world, coordinator, { ...op, id: 'control' });
        }
      },
    ),
);

export const membershipProperty = defineProperty(
  'access-membership',
  'an org that is not a member of the ledger can neither submit nor read (NotMember)',
  () =>
    fc.asyncProperty(fc.nat(debits.length - 1), smallAmount, async (which, amount) => {
      const world = await createWorld();
      const op = debits[which]!.build('attempt', `${OUTSIDER}/main`, 'bankB/main', amount);
      await expectRejected(world, OUTSIDER, op, 'NotMember', 'org');
      const read = await world.client.evaluate('cbdc', OUTSIDER, { type: 'snapshot' });
      if (read.ok || read.error.code !== 'NotMember')
        throw new Error('a non-member read the ledger');
    }),
);
