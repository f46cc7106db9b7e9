// An asset's supply as blind deltas. Every issue and burn used to read-modify-write one supply
// key per asset, so concurrent mints or redemptions of an asset (a connector's mint-redeem leg
// on every payment) invalidated one another on Fabric. Nothing on the transaction path needs
// the total: issue and burn are authorised by the issuer and a burn is bounded by the burnt
// balance, so supply can never go negative. Each issue or burn therefore only writes
//
//   supply <asset> <txId> <n>   the signed change (issue > 0, burn < 0), never read by the writer
//
// and the supply is their sum, read by queries and audits alone: a fold, which a store that keeps
// folds (the embedded world state) answers without reading the deltas again.
import { canonicalJson } from './canonical-json';
import { compositeKey } from './keys';
import type { Tx } from './state';
import { foldRange, type StateStore } from './store';
import { quantitySum } from './stored';

const supplyDeltas = quantitySum('supply');

export function readSupply(store: StateStore, asset: string): bigint {
  return foldRange(store, supplyDeltas, [asset]).sum;
}

export function addSupply(tx: Tx, asset: string, change: bigint): void {
  const key = compositeKey('supply', [asset, tx.ctx.txId, tx.nextDeltaSequence()]);
  tx.store.put(key, canonicalJson(change));
}
