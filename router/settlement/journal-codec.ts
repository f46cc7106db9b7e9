// Journal entries as JSON lines: canonical JSON out (amounts as decimal strings), every field
// checked on the way back in, with the ledger core's own decoders for legs.
import { canonicalJson } from '../../chaincode/src/core/canonical-json';
import { legDecoder } from '../../chaincode/src/core/codec';
import {
  array,
  type Decoder,
  hashHex,
  identifier,
  literal,
  nullable,
  oneOf,
  orgId,
  parseJson,
  quantity,
  record,
  tagged,
  timeMs,
} from '../../chaincode/src/core/decode';
import { ERROR_CODES, type Result } from '../../chaincode/src/core/types';
import { PROTOCOLS } from '../routing/plan';
import { FAILURE_REASONS } from './failure-reason';
import type { JournalEntry, JournalStep } from './journal-entry';

const step: Decoder<JournalStep> = record({
  ledger: identifier,
  signer: orgId,
  legs: array(legDecoder, { minLength: 1, maxLength: 64 }),
  hold: nullable(identifier),
  expiresAtMs: nullable(timeMs),
  coordinator: nullable(orgId),
  deadlineMs: nullable(timeMs),
});

const entryDecoder: Decoder<JournalEntry> = tagged<'type', JournalEntry>('type', {
  accepted: record({
    type: literal('accepted'),
    payment: identifier,
    protocol: oneOf(PROTOCOLS),
    atMs: timeMs,
    steps: array(step, { minLength: 1 }),
  }),
  secret: record({
    type: literal('secret'),
    payment: identifier,
    secret: hashHex,
    hashlock: hashHex,
  }),
  'hold-placed': record({
    type: literal('hold-placed'),
    payment: identifier,
    hold: identifier,
    atMs: timeMs,
  }),
  'hold-failed': record({
    type: literal('hold-failed'),
    payment: identifier,
    hold: identifier,
    code: oneOf(ERROR_CODES),
  }),
  decision: record({
    type: literal('decision'),
    payment: identifier,
    decision: oneOf(['commit', 'abort'] as const),
  }),
  resolved: record({
    type: literal('resolved'),
    payment: identifier,
    hold: identifier,
    action: oneOf(['claim', 'refund', 'commit', 'abort'] as const),
    atMs: timeMs,
  }),
  done: record({
    type: literal('done'),
    payment: identifier,
    outcome: oneOf(['settled', 'reverted', 'mixed'] as const),
    reason: nullable(oneOf(FAILURE_REASONS)),
    requotedAs: nullable(identifier),
    amountsOut: array(array(quantity, { maxLength: 64 }), { maxLength: 64 }),
    atMs: timeMs,
  }),
});

export function encodeJournalEntry(entry: JournalEntry): string {
  return canonicalJson(entry);
}

export function decodeJournalEntry(line: string): Result<JournalEntry> {
  const parsed = parseJson(line, 'entry');
  return parsed.ok ? entryDecoder(parsed.value, 'entry') : parsed;
}
