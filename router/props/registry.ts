// Every property suite, in the order `corridor props` runs and reports them: the ledger's own
// properties, then settlement across ledgers under faults.
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
import { crossLedgerProperty } from './cross-ledger';
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

/** `corridor props --suite`: the ledger properties, cross-ledger settlement, or both. */
export const SUITES = {
  ledger: PROPERTIES,
  'cross-ledger': [crossLedgerProperty],
  all: [...PROPERTIES, crossLedgerProperty],
} as const satisfies Record<string, readonly LedgerProperty[]>;

export type SuiteName = keyof typeof SUITES;
