// Dealer quotes: a standing, on-ledger offer to pay assetOut for assetIn at a rate (mBridge-style
// PvP). Posting one authorises fxSwap legs to debit the dealer's account up to maxIn per fill.
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
import type { LedgerOp, OpResult, Result } from './types';

type PostQuoteOp = Extract<LedgerOp, { type: 'postQuote' }>;
type WithdrawQuoteOp = Extract<LedgerOp, { type: 'withdrawQuote' }>;

export async function postQuote(tx: Tx, op: PostQuoteOp): Promise<Result<OpResult>> {
  if (await loadQuote(tx.store, op.quote))
    return fail('QuoteExists', `quote: ${JSON.stringify(op.quote)} already exists`);
  if (op.assetIn === op.assetOut)
    return fail('InvalidArgument', 'assetOut: must differ from assetIn');
  for (const [field, asset] of [
    ['assetIn', op.assetIn],
    ['assetOut', op.assetOut],
  ] as const) {
    const known = await requireAsset(tx.store, asset, field);
    if (!known.ok) return known;
  }
  const opened = await requireAccount(tx.store, op.dealer, 'dealer');
  if (!opened.ok) return opened;
  const owned = requireOwner(tx.ctx, op.dealer, 'dealer');
  if (!owned.ok) return owned;
  const { quote: id, dealer, assetIn, assetOut, rate, feeBps, maxIn } = op;
  await saveQuote(tx.store, { id, dealer, assetIn, assetOut, rate, feeBps, maxIn, active: true });
  return ok({ amountsOut: [] });
}

export async function withdrawQuote(tx: Tx, op: WithdrawQuoteOp): Promise<Result<OpResult>> {
  const found = await requireActiveQuote(tx.store, op.quote, 'quote');
  if (!found.ok) return found;
  if (ownerOf(found.value.dealer) !== tx.ctx.invokerOrg) {
    return fail('NotOwner', `quote: only ${ownerOf(found.value.dealer)} may withdraw ${op.quote}`);
  }
  await saveQuote(tx.store, { ...found.value, active: false });
  return ok({ amountsOut: [] });
}
