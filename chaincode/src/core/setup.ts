// Ledger set-up operations: the ledger kind, assets, accounts, and balance compaction.
import { compactBalance } from './balances';
import { fail, ok } from './result';
import {
  accountExists,
  loadAsset,
  loadKind,
  ownerOf,
  requireAccount,
  requireAsset,
  requireOwner,
  saveAccount,
  saveAsset,
  saveKind,
  type Tx,
} from './state';
import type { LedgerKind, LedgerOp, OpResult, Result } from './types';

type Op<T extends LedgerOp['type']> = Extract<LedgerOp, { type: T }>;

const NO_OUTPUTS: OpResult = { amountsOut: [] };

export function init(tx: Tx, op: Op<'init'>): Result<OpResult> {
  const kind = loadKind(tx.store);
  if (kind) return fail('AlreadyInitialized', `kind: this ledger is already a ${kind} ledger`);
  saveKind(tx.store, op.kind);
  return ok(NO_OUTPUTS);
}

export function createAsset(tx: Tx, op: Op<'createAsset'>, kind: LedgerKind): Result<OpResult> {
  const { asset } = op;
  if (asset.issuer !== tx.ctx.invokerOrg) {
    return fail(
      'NotIssuer',
      `asset.issuer: ${tx.ctx.invokerOrg} may not create an asset issued by ${asset.issuer}`,
    );
  }
  if (asset.kind !== kind)
    return fail(
      'WrongLedger',
      `asset.kind: a ${asset.kind} asset does not belong on a ${kind} ledger`,
    );
  if (loadAsset(tx.store, asset.id))
    return fail('AssetExists', `asset.id: ${JSON.stringify(asset.id)} already exists`);
  saveAsset(tx.store, asset);
  return ok(NO_OUTPUTS);
}

export function openAccount(tx: Tx, op: Op<'openAccount'>): Result<OpResult> {
  if (ownerOf(op.account) !== tx.ctx.invokerOrg) {
    return fail(
      'NotOwner',
      `account: ${tx.ctx.invokerOrg} may not open an account of ${ownerOf(op.account)}`,
    );
  }
  if (accountExists(tx.store, op.account)) {
    return fail('AccountExists', `account: ${JSON.stringify(op.account)} is already open`);
  }
  saveAccount(tx.store, op.account);
  return ok(NO_OUTPUTS);
}

export function compact(tx: Tx, op: Op<'compact'>): Result<OpResult> {
  const asset = requireAsset(tx.store, op.asset, 'asset');
  if (!asset.ok) return asset;
  const opened = requireAccount(tx.store, op.account, 'account');
  if (!opened.ok) return opened;
  const owned = requireOwner(tx.ctx, op.account, 'account');
  if (!owned.ok) return owned;
  compactBalance(tx, op.asset, op.account);
  return ok(NO_OUTPUTS);
}
