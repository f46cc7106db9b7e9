// Puts a scenario onto a ledger backend: ledgers initialised with their kind, assets created by
// their issuers, accounts opened by their owners, opening balances issued, pools funded by their
// operators and dealer quotes posted. Operation ids are deterministic (`boot:...`), so the same
// scenario always produces the same state, and a re-run fails loudly on DuplicateId.
import type { ErrorCode, LedgerOp, OrgId, Rational, Result } from '../../chaincode/src/core/types';
import type { LedgerClient } from '../ledger/ledger-client';
import { multiply, powerOfTen } from './rational';
import type { FxQuoteVenue, Scenario, ScenarioAsset } from './types';

export interface BootOp {
  ledger: string;
  org: OrgId;
  op: LedgerOp;
  /** The scenario element the operation comes from, for error messages. */
  element: string;
}

/** Ledger → members, as the embedded client and the network generator take them. */
export function ledgerMembers(scenario: Scenario): Record<string, { members: OrgId[] }> {
  return Object.fromEntries(
    scenario.ledgers.map((ledger) => [ledger.id, { members: [...ledger.members] }]),
  );
}

/** The on-ledger quote rate: the file's major-unit rate moved to minor units of each asset. */
export function postedQuoteRate(
  venue: FxQuoteVenue,
  assetIn: ScenarioAsset,
  assetOut: ScenarioAsset,
): Rational {
  return multiply(venue.rate, powerOfTen(assetOut.scale - assetIn.scale));
}

/** Every operation that sets the scenario up, in the order they must run. */
export function bootstrapOps(scenario: Scenario): BootOp[] {
  const ops: BootOp[] = [];
  const assets = new Map(scenario.assets.map((asset) => [asset.id, asset]));
  const assetOf = (id: string): ScenarioAsset => {
    const asset = assets.get(id);
    if (!asset)
      throw new Error(`bootstrap: scenario references unknown asset ${id} (validation missed it)`);
    return asset;
  };
  const issue = (asset: ScenarioAsset, to: string, amount: bigint, id: string, element: string) =>
    ops.push({
      ledger: asset.ledger,
      org: asset.issuer,
      op: { type: 'issue', id, asset: asset.id, to, amount },
      element,
    });

  scenario.ledgers.forEach((ledger, index) => {
    const [first] = ledger.members;
    if (first === undefined) throw new Error(`bootstrap: ledger ${ledger.id} has no members`);
    ops.push({
      ledger: ledger.id,
      org: first,
      op: { type: 'init', id: `boot:init:${ledger.id}`, kind: ledger.kind },
      element: `ledgers[${index}] ${ledger.id}`,
    });
  });
  scenario.assets.forEach((asset, index) => {
    const { id, ledger, kind, currency, issuer, scale } = asset;
    ops.push({
      ledger,
      org: issuer,
      op: {
        type: 'createAsset',
        id: `boot:asset:${id}`,
        asset: { id, ledger, kind, currency, issuer, scale },
      },
      element: `assets[${index}] ${id}`,
    });
  });
  scenario.accounts.forEach((account, index) => {
    ops.push({
      ledger: account.ledger,
      org: account.org,
      op: { type: 'openAccount', id: `boot:account:${account.id}`, account: account.id },
      element: `accounts[${index}] ${account.id}`,
    });
  });
  scenario.accounts.forEach((account, index) => {
    for (const [assetId, amount] of Object.entries(account.balances)) {
      issue(
        assetOf(assetId),
        account.id,
        amount,
        `boot:issue:${account.id}:${assetId}`,
        `accounts[${index}].balances.${assetId}`,
      );
    }
  });
  scenario.venues.forEach((venue, index) => {
    const element = `venues[${index}] ${venue.id}`;
    if (venue.type === 'amm') {
      const assetA = assetOf(venue.assetA);
      const assetB = assetOf(venue.assetB);
      // The operator funds the pool: its reserves are issued to the operator first.
      issue(assetA, venue.account, venue.reserveA, `boot:fund:${venue.id}:${assetA.id}`, element);
      issue(assetB, venue.account, venue.reserveB, `boot:fund:${venue.id}:${assetB.id}`, element);
      ops.push({
        ledger: assetA.ledger,
        org: venue.operator,
        op: {
          type: 'createPool',
          id: `boot:pool:${venue.id}`,
          pool: venue.id,
          assetA: assetA.id,
          assetB: assetB.id,
          feeBps: venue.feeBps,
          from: venue.account,
          amountA: venue.reserveA,
          amountB: venue.reserveB,
        },
        element,
      });
    } else if (venue.type === 'fx-quote') {
      const assetIn = assetOf(venue.assetIn);
      ops.push({
        ledger: assetIn.ledger,
        org: venue.operator,
        op: {
          type: 'postQuote',
          id: `boot:quote:${venue.id}`,
          quote: venue.id,
          dealer: venue.account,
          assetIn: assetIn.id,
          assetOut: venue.assetOut,
          rate: postedQuoteRate(venue, assetIn, assetOf(venue.assetOut)),
          feeBps: venue.spreadBps + venue.feeBps,
          maxIn: venue.maxIn,
          // A quote's validity window starts with its dealer's first refresh in a run
          // (simulation/quote-refresh.ts): the ledgers may be set up long before.
          ...(venue.feeFixed === 0n ? {} : { feeFixed: venue.feeFixed }),
        },
        element,
      });
    }
  });
  return ops;
}

export interface BootstrapReport {
  operations: number;
}

/** Runs bootstrapOps in order; the first failure stops it, naming the scenario element. */
export async function bootstrapScenario(
  client: LedgerClient,
  scenario: Scenario,
): Promise<Result<BootstrapReport>> {
  const ops = bootstrapOps(scenario);
  for (const bootOp of ops) {
    const failed = await submitBootOp(client, bootOp);
    if (failed) return failed;
  }
  return { ok: true, value: { operations: ops.length } };
}

/** The state key an operation read-modify-writes, so two sharing it must not run at once. */
function conflictKey({ ledger, op }: BootOp): string {
  switch (op.type) {
    case 'issue':
      return `${ledger} supply ${op.asset}`;
    case 'createPool':
      return `${ledger} account ${op.from}`;
    case 'postQuote':
      return `${ledger} account ${op.dealer}`;
    default:
      return `${ledger} ${op.id}`;
  }
}

/**
 * bootstrapScenario for a real ledger, where a transaction costs a block: consecutive
 * operations of one type run concurrently, except those sharing a read-modify-written key,
 * which keep their order. Later types still wait for earlier ones, as in bootstrapOps.
 */
export async function bootstrapConcurrently(
  client: LedgerClient,
  scenario: Scenario,
): Promise<Result<BootstrapReport>> {
  const ops = bootstrapOps(scenario);
  for (let start = 0; start < ops.length;) {
    let end = start;
    while (end < ops.length && ops[end]!.op.type === ops[start]!.op.type) end++;
    const chains = new Map<string, BootOp[]>();
    for (const bootOp of ops.slice(start, end)) {
      const key = conflictKey(bootOp);
      chains.set(key, [...(chains.get(key) ?? []), bootOp]);
    }
    const failures = await Promise.all(
      [...chains.values()].map(async (chain) => {
        for (const bootOp of chain) {
          const failed = await submitBootOp(client, bootOp);
          if (failed) return failed;
        }
        return null;
      }),
    );
    const failure = failures.find((failed) => failed !== null);
    if (failure) return failure;
    start = end;
  }
  return { ok: true, value: { operations: ops.length } };
}

async function submitBootOp(
  client: LedgerClient,
  { ledger, org, op, element }: BootOp,
): Promise<{ ok: false; error: { code: ErrorCode; message: string } } | null> {
  const receipt = await client.submit(ledger, org, op);
  if (receipt.ok) return null;
  return {
    ok: false,
    error: {
      code: receipt.error.code,
      message: `${element}: ${op.type} on ledger ${ledger} by ${org} failed: ${receipt.error.message}`,
    },
  };
}
