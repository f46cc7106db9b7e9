// Every property suite, in the order `corridor props` runs and reports them.
import {
  debitProperty,
  escrowProperty,
  htlcProperty,
  membershipProperty,
  mintBurnProperty,
} from './access-control';
import { dealerRoundingProperty, productProperty, quoteProperty, roundingProperty } from './amm';
import {
  badInputProperty,
  codecRoundTripProperty,
  malformedJsonProperty,
  unknownFieldProperty,
} from './bad-input';
import { determinismProperty } from './determinism';
import { heldClaimProperty, heldRefundProperty } from './held-swaps';
import { ledgerModelProperty } from './model-suite';
import type { LedgerProperty } from './property';

export const PROPERTIES: readonly LedgerProperty[] = [
  ledgerModelProperty,
  mintBurnProperty,
  debitProperty,
  htlcProperty,
  escrowProperty,
  membershipProperty,
  productProperty,
  quoteProperty,
  roundingProperty,
  heldClaimProperty,
  heldRefundProperty,
  dealerRoundingProperty,
  badInputProperty,
  unknownFieldProperty,
  malformedJsonProperty,
  codecRoundTripProperty,
  determinismProperty,
];
