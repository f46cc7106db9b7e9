// A single embedded ledger with many funded accounts, the common ground of E1 and E2: one asset,
// `orgs` member orgs each owning `accounts / orgs` accounts, every account opened and funded by
// the issuer through the real core, as a scenario bootstrap would do it.
import type { AccountId, LedgerOp, OrgId } from '../../chaincode/src/core/types';
import { VirtualClock } from '../../router/ledger/clock';
import {
  createEmbeddedLedgerClient,
  type EmbeddedLedgerClient,
} from '../../router/ledger/embedded';

export const LEDGER = 'cbdc';
export const ASSET = 'USD';
const ISSUER: OrgId = 'issuer';
/** Large enough that no benchmark transfer ever runs out of funds. */
export const OPENING_BALANCE = 10n ** 15n;

export interface FundedLedger {
  client: EmbeddedLedgerClient;
  accounts: AccountId[];
}

export function accountNames(count: number, orgs: number): AccountId[] {
  return Array.from({ length: count }, (_, i) => `org${i % orgs}/acct${Math.floor(i / orgs)}`);
}

export function ownerOf(account: AccountId): OrgId {
  return account.slice(0, account.indexOf('/'));
}

export async function createFundedLedger(accounts: number, orgs = 100): Promise<FundedLedger> {
  const names = accountNames(accounts, orgs);
  const members = [ISSUER, ...Array.from({ length: orgs }, (_, i) => `org${i}`)];
  const client = createEmbeddedLedgerClient({
    ledgers: { [LEDGER]: { members } },
    clock: new VirtualClock(0),
  });
  const setup: Array<[OrgId, LedgerOp]> = [
    [ISSUER, { type: 'init', id: 'setup-init', kind: 'cbdc' }],
    [
      ISSUER,
      {
        type: 'createAsset',
        id: 'setup-asset',
        asset: {
          id: ASSET,
          ledger: LEDGER,
          kind: 'cbdc',
          currency: ASSET,
          issuer: ISSUER,
          scale: 2,
        },
      },
    ],
  ];
  for (const account of names) {
    setup.push([ownerOf(account), { type: 'openAccount', id: `setup-open-${account}`, account }]);
    setup.push([
      ISSUER,
      {
        type: 'issue',
        id: `setup-fund-${account}`,
        asset: ASSET,
        to: account,
        amount: OPENING_BALANCE,
      },
    ]);
  }
  for (const [org, op] of setup) {
    const result = await client.submit(LEDGER, org, op);
    if (!result.ok)
      throw new Error(`funded ledger set-up failed at ${op.id}: ${result.error.message}`);
  }
  return { client, accounts: names };
}
