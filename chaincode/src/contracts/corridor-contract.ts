// The Corridor chaincode: one contract for every ledger kind (the kind is set by Init). Each
// transaction function takes one JSON-encoded operation (amounts as decimal strings) and
// returns the JSON result; every rule lives in the core, this class only maps names to it.
import { Context, Contract, Info, Returns, Transaction } from 'fabric-contract-api';
import { evaluate, submitOp } from './fabric-adapter';

@Info({
  title: 'CorridorContract',
  description: 'Corridor money ledger: assets, holds, AMM pools, dealer quotes',
})
export class CorridorContract extends Contract {
  constructor() {
    super('corridor');
  }

  @Transaction()
  @Returns('string')
  async Init(ctx: Context, opJson: string): Promise<string> {
    return submitOp(ctx, 'init', opJson);
  }

  @Transaction()
  @Returns('string')
  async CreateAsset(ctx: Context, opJson: string): Promise<string> {
    return submitOp(ctx, 'createAsset', opJson);
  }

  @Transaction()
  @Returns('string')
  async OpenAccount(ctx: Context, opJson: string): Promise<string> {
    return submitOp(ctx, 'openAccount', opJson);
  }

  @Transaction()
  @Returns('string')
  async Transfer(ctx: Context, opJson: string): Promise<string> {
    return submitOp(ctx, 'transfer', opJson);
  }

  @Transaction()
  @Returns('string')
  async Issue(ctx: Context, opJson: string): Promise<string> {
    return submitOp(ctx, 'issue', opJson);
  }

  @Transaction()
  @Returns('string')
  async Burn(ctx: Context, opJson: string): Promise<string> {
    return submitOp(ctx, 'burn', opJson);
  }

  @Transaction()
  @Returns('string')
  async Swap(ctx: Context, opJson: string): Promise<string> {
    return submitOp(ctx, 'swap', opJson);
  }

  @Transaction()
  @Returns('string')
  async FxSwap(ctx: Context, opJson: string): Promise<string> {
    return submitOp(ctx, 'fxSwap', opJson);
  }

  @Transaction()
  @Returns('string')
  async Batch(ctx: Context, opJson: string): Promise<string> {
    return submitOp(ctx, 'batch', opJson);
  }

  @Transaction()
  @Returns('string')
  async PlaceHold(ctx: Context, opJson: string): Promise<string> {
    return submitOp(ctx, 'hold', opJson);
  }

  @Transaction()
  @Returns('string')
  async Claim(ctx: Context, opJson: string): Promise<string> {
    return submitOp(ctx, 'claim', opJson);
  }

  @Transaction()
  @Returns('string')
  async Refund(ctx: Context, opJson: string): Promise<string> {
    return submitOp(ctx, 'refund', opJson);
  }

  @Transaction()
  @Returns('string')
  async Commit(ctx: Context, opJson: string): Promise<string> {
    return submitOp(ctx, 'commit', opJson);
  }

  @Transaction()
  @Returns('string')
  async Abort(ctx: Context, opJson: string): Promise<string> {
    return submitOp(ctx, 'abort', opJson);
  }

  @Transaction()
  @Returns('string')
  async CreatePool(ctx: Context, opJson: string): Promise<string> {
    return submitOp(ctx, 'createPool', opJson);
  }

  @Transaction()
  @Returns('string')
  async AddLiquidity(ctx: Context, opJson: string): Promise<string> {
    return submitOp(ctx, 'addLiquidity', opJson);
  }

  @Transaction()
  @Returns('string')
  async RemoveLiquidity(ctx: Context, opJson: string): Promise<string> {
    return submitOp(ctx, 'removeLiquidity', opJson);
  }

  @Transaction()
  @Returns('string')
  async PostQuote(ctx: Context, opJson: string): Promise<string> {
    return submitOp(ctx, 'postQuote', opJson);
  }

  @Transaction()
  @Returns('string')
  async RefreshQuote(ctx: Context, opJson: string): Promise<string> {
    return submitOp(ctx, 'refreshQuote', opJson);
  }

  @Transaction()
  @Returns('string')
  async WithdrawQuote(ctx: Context, opJson: string): Promise<string> {
    return submitOp(ctx, 'withdrawQuote', opJson);
  }

  @Transaction()
  @Returns('string')
  async Compact(ctx: Context, opJson: string): Promise<string> {
    return submitOp(ctx, 'compact', opJson);
  }

  @Transaction(false)
  @Returns('string')
  async Balance(ctx: Context, asset: string, account: string): Promise<string> {
    return evaluate(ctx, { type: 'balance', asset, account });
  }

  @Transaction(false)
  @Returns('string')
  async Supply(ctx: Context, asset: string): Promise<string> {
    return evaluate(ctx, { type: 'supply', asset });
  }

  @Transaction(false)
  @Returns('string')
  async Asset(ctx: Context, asset: string): Promise<string> {
    return evaluate(ctx, { type: 'asset', asset });
  }

  @Transaction(false)
  @Returns('string')
  async Hold(ctx: Context, hold: string): Promise<string> {
    return evaluate(ctx, { type: 'hold', hold });
  }

  @Transaction(false)
  @Returns('string')
  async Pool(ctx: Context, pool: string): Promise<string> {
    return evaluate(ctx, { type: 'pool', pool });
  }

  @Transaction(false)
  @Returns('string')
  async Quote(ctx: Context, quote: string): Promise<string> {
    return evaluate(ctx, { type: 'quote', quote });
  }

  /** How operation `id` was committed, or UnknownOp: resolves a submit whose reply was lost. */
  @Transaction(false)
  @Returns('string')
  async Op(ctx: Context, id: string): Promise<string> {
    return evaluate(ctx, { type: 'op', id });
  }

  @Transaction(false)
  @Returns('string')
  /** `holds`: "all", or "open" to leave out resolved holds. */
  async Snapshot(ctx: Context, holds: string): Promise<string> {
    return evaluate(ctx, { type: 'snapshot', holds: holds as 'all' | 'open' });
  }
}
