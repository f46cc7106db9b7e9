// The HTLC condition, as in Interledger: the secret is 32 bytes written as 64 lower-case hex
// characters, and the hashlock is the lower-case hex sha256 of those 32 bytes. Settlement uses
// this same function to derive a hashlock from the secret it generates.
import { hash } from 'node:crypto';
import { HASH_HEX } from './decode';

export function hashlockOf(secretHex: string): string {
  // Buffer.from(..., 'hex') silently drops bad characters; a malformed secret here is a bug.
  if (!HASH_HEX.test(secretHex))
    throw new TypeError('hashlockOf: the secret must be 64 lower-case hex characters');
  // One-shot hashing: no Hash object for each claim checked and each hashlock derived.
  return hash('sha256', Buffer.from(secretHex, 'hex'), 'hex');
}
