// Amounts in messages: major units with the asset, as every input is given.
import { formatAmount } from '../../chaincode/src/core/amount';
import type { ScenarioAsset } from '../scenario/types';

/** e.g. "60,000,000.00 cny-jade". */
export function describeAmount(
  assets: ReadonlyMap<string, ScenarioAsset>,
  asset: string,
  amount: bigint,
): string {
  const scale = assets.get(asset)?.scale ?? 0;
  const [whole = '', fraction] = formatAmount(amount, scale).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${fraction === undefined ? grouped : `${grouped}.${fraction}`} ${asset}`;
}
