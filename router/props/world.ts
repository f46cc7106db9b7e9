// The fixed little world every property starts from: one CBDC ledger, two issuers, two banks,
// an outsider that is not a member, and a few accounts with opening balances. Small on purpose
// so random operations collide (same holds, same pools, same accounts) and hit the rules.
import { createHash } from 'node:crypto';
import type { LedgerOp, OrgId } from '../../chaincode/src/core/types';
import { VirtualClock } from '../ledger/clock';
import { createEmbeddedLedgerClient, type EmbeddedLedgerClient } from '../ledger/embedded';

export const LEDGER = 'cbdc';
export const START_MS = 1_000_000;
/** Asset -> issuing org. XAU is never created: an unknown asset. */
export const ISSUERS: Record<string, OrgId> = { USD: 'cb', EUR: 'ecb' };
export const ASSETS = ['USD', 'EUR'] as const;
export const UNKNOWN_ASSET = 'XAU';
export const MEMBERS: OrgId[] = ['cb', 'ecb', 'bankA', 'bankB'];
export const OUTSIDER: OrgId = 'mallory';
export const OPEN_ACCOUNTS = ['cb/main', 'ecb/main', 'bankA/main', 'bankA/ops', 'bankB/main'];
/** Valid ids that are not opened at start (bankB may open its own). */
export const UNOPENED_ACCOUNTS = ['bankB/ghost', 'mallory/main'];
export const OPENING_BALANCE = 10_000n;
/** Two HTLC secrets: holds lock with one, claims try either. */
export const SECRETS = ['11'.repeat(32), '22'.repeat(32)] as const;

export interface World {
  client: EmbeddedLedgerClient;
  clock: VirtualClock;
}

/** The set-up operations, each with its signer, in order. */
export function setupOps(): Array<[OrgId, LedgerOp]> {
  const ops: Array<[OrgId, LedgerOp]> = [['cb', { type: 'init', id: 'setup-init', kind: 'cbdc' }]];
  for (const asset of ASSETS) {
    const issuer = ISSUERS[asset]!;
    ops.push([
      issuer,
      {
        type: 'createAsset',
        id: `setup-asset-${asset}`,
        asset: { id: asset, ledger: LEDGER, kind: 'cbdc', currency: asset, issuer, scale: 2 },
      },
    ]);
  }
  for (const account of OPEN_ACCOUNTS) {
    ops.push([ownerOf(account), { type: 'openAccount', id: `setup-open-${account}`, account }]);
  }
  for (const asset of ASSETS) {
    for (const account of OPEN_ACCOUNTS) {
      ops.push([
        ISSUERS[asset]!,
        {
          type: 'issue',
          id: `setup-issue-${asset}-${account}`,
          asset,
          to: account,
          amount: OPENING_BALANCE,
        },
      ]);
    }
  }
  // One pool and one dealer quote from the start, so swaps and fxSwaps run from the first step.
  ops.push([
    'bankA',
    {
      type: 'createPool',
      id: 'setup-pool',
      pool: 'p0',
      assetA: 'USD',
      assetB: 'EUR',
      feeBps: 30,
      from: 'bankA/ops',
      amountA: 5_000n,
      amountB: 4_000n,
    },
  ]);
  ops.push([
    'bankB',
    {
      type: 'postQuote',
      id: 'setup-quote',
      quote: 'q0',
      dealer: 'bankB/main',
      assetIn: 'USD',
      assetOut: 'EUR',
      rate: { num: 9n, den: 10n },
      feeBps: 20,
      maxIn: 3_000n,
    },
  ]);
  return ops;
}

export async function createWorld(): Promise<World> {
  const clock = new VirtualClock(START_MS);
  const client = createEmbeddedLedgerClient({ ledgers: { [LEDGER]: { members: MEMBERS } }, clock });
  for (const [org, op] of setupOps()) {
    const result = await client.submit(LEDGER, org, op);
    if (!result.ok)
      throw new Error(
        `world set-up failed at ${op.id}: ${result.error.code} ${result.error.message}`,
      );
  }
  return { client, clock };
}

export function ownerOf(account: string): OrgId {
  return account.split('/')[0]!;
}

/** sha256 of each secret's 32 bytes, computed here rather than by the core under test. */
export const HASHLOCKS = SECRETS.map((secret) =>
  createHash('sha256').update(Buffer.from(secret, 'hex')).digest('hex'),
);
