// Dealer quotes: a standing, on-ledger offer to pay assetOut for assetIn at a rate (mBridge-style
// PvP). Posting one authorises fxSwap legs to debit the dealer's account up to maxIn per fill;
// every quote of a dealer account draws on that one book (its balance per asset), so quotes for
// several pairs share their inventory. A quote may carry a validity end (fills refused from
// then on, by the transaction timestamp) that its dealer extends with refreshQuote.
import { fail, ok } from './result';
import {
  loadQuote,
  requireAccount,
  requireActiveQuote,
  requireAsset,
  requireOwner,
  ownerOf,
  saveQuote,
  type Tx,
} from './state';
import type { LedgerOp, OpResult, QuoteRecord, Result } from './types';

type PostQuoteOp = Extract<LedgerOp, { type: 'postQuote' }>;
type WithdrawQuoteOp = Extract<LedgerOp, { type: 'withdrawQuote' }>;
type RefreshQuoteOp = Extract<LedgerOp, { type: 'refreshQuote' }>;

export function postQuote(tx: Tx, op: PostQuoteOp): Result<OpResult> {
  if (loadQuote(tx.store, op.quote))
    return fail('QuoteExists', `quote: ${JSON.stringify(op.quote)} already exists`);
  if (op.assetIn === op.assetOut)
    return fail('InvalidArgument', 'assetOut: must differ from assetIn');
  for (const [field, asset] of [
    ['assetIn', op.assetIn],
    ['assetOut', op.assetOut],
  ] as const) {
    const known = requireAsset(tx.store, asset, field);
    if (!known.ok) return known;
  }
  const opened = requireAccount(tx.store, op.dealer, 'dealer');
  if (!opened.ok) return opened;
  const owned = requireOwner(tx.ctx, op.dealer, 'dealer');
  if (!owned.ok) return owned;
  if (op.validUntilMs !== undefined && op.validUntilMs <= tx.ctx.nowMs) {
    return fail('InvalidArgument', `validUntilMs: ${op.validUntilMs} is not after now`);
  }
  const { quote: id, dealer, assetIn, assetOut, rate, feeBps, maxIn } = op;
  saveQuote(tx.store, {
    id,
    dealer,
    assetIn,
    assetOut,
    rate,
    feeBps,
    maxIn,
    active: true,
    ...(op.validUntilMs === undefined ? {} : { validUntilMs: op.validUntilMs }),
    ...(op.feeFixed === undefined || op.feeFixed === 0n ? {} : { feeFixed: op.feeFixed }),
  });
  return ok({ amountsOut: [] });
}

/** The dealer re-posts its active quote's terms until a later time. */
export function refreshQuote(tx: Tx, op: RefreshQuoteOp): Result<OpResult> {
  const found = ownQuote(tx, op.quote, 'refresh');
  if (!found.ok) return found;
  if (op.validUntilMs <= tx.ctx.nowMs) {
    return fail('InvalidArgument', `validUntilMs: ${op.validUntilMs} is not after now`);
  }
  saveQuote(tx.store, { ...found.value, validUntilMs: op.validUntilMs });
  return ok({ amountsOut: [] });
}

/** The active quote `id`, when the invoking org is its dealer's (only it may `verb` it). */
function ownQuote(tx: Tx, id: string, verb: string): Result<QuoteRecord> {
  const found = requireActiveQuote(tx.store, id, 'quote');
  if (!found.ok || ownerOf(found.value.dealer) === tx.ctx.invokerOrg) return found;
  return fail('NotOwner', `quote: only ${ownerOf(found.value.dealer)} may ${verb} ${id}`);
}

export function withdrawQuote(tx: Tx, op: WithdrawQuoteOp): Result<OpResult> {
  const found = ownQuote(tx, op.quote, 'withdraw');
  if (!found.ok) return found;
  saveQuote(tx.store, { ...found.value, active: false });
  return ok({ amountsOut: [] });
}
