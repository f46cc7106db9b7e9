import { describe, it } from 'vitest';
import {
  debitProperty,
  escrowProperty,
  htlcProperty,
  membershipProperty,
  mintBurnProperty,
} from '../../router/props/access-control';
import { assertProperty } from '../../router/props/property';

describe('access control', () => {
  it('lets only the issuer mint or burn', () => assertProperty(mintBurnProperty, { numRuns: 60 }));
  it("never lets an org debit another org's account", () =>
    assertProperty(debitProperty, { numRuns: 60 }));
  it('claims need the preimage before expiry; refunds wait for expiry', () =>
    assertProperty(htlcProperty, { numRuns: 60 }));
  it('escrow commits only by the coordinator; aborts by it or after the deadline', () =>
    assertProperty(escrowProperty, { numRuns: 60 }));
  it('shuts out orgs that are not members of the ledger', () =>
    assertProperty(membershipProperty, { numRuns: 30 }));
});
