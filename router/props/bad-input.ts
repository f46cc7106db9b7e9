// Bad input at the contract boundary (DESIGN §11): take a valid operation, break ONE field in
// one of the ways callers get it wrong, and require the wire decoder (decodeOp on JSON) and the
// ledger (the in-memory operation, through the backend's client) to reject it with the right
// code and a message naming that field, with the state unchanged.
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { decodeOp, encodeOp } from '../../chaincode/src/core';
import { type ErrorCode, type LedgerOp, MAX_AMOUNT } from '../../chaincode/src/core/types';
import { check, expectRejected } from './expectations';
import { OP_TEMPLATES } from './op-templates';
import { defineProperty } from './property';

type Path = Array<string | number>;
const MISSING = Symbol('missing');
type BadValue = unknown | typeof MISSING;

interface Corruption {
  label: string;
  value: BadValue;
  code: ErrorCode;
}

interface Leaf {
  path: Path;
  key: string;
  value: unknown;
}

function formatPath(path: Path): string {
  return path
    .map((part, index) =>
      typeof part === 'number' ? `[${part}]` : index === 0 ? part : `.${part}`,
    )
    .join('');
}

function leaves(value: unknown, path: Path = []): Leaf[] {
  if (Array.isArray(value))
    return value.flatMap((element, index) => leaves(element, [...path, index]));
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([key, element]) => leaves(element, [...path, key]));
  }
  return [{ path, key: String(path[path.length - 1]), value }];
}

const amountCorruptions: Corruption[] = [
  { label: 'negative', value: '-5', code: 'InvalidAmount' },
  { label: 'fractional', value: '1.5', code: 'InvalidAmount' },
  { label: 'exponent', value: '1e3', code: 'InvalidAmount' },
  { label: 'number-typed', value: 5, code: 'InvalidAmount' },
  { label: 'oversized', value: `1${'0'.repeat(30)}1`, code: 'InvalidAmount' },
  { label: 'hex', value: '0x10', code: 'InvalidAmount' },
  { label: 'leading zero', value: '05', code: 'InvalidAmount' },
  { label: 'padded', value: ' 5', code: 'InvalidAmount' },
  { label: 'empty', value: '', code: 'InvalidAmount' },
  { label: 'null', value: null, code: 'InvalidAmount' },
  { label: 'missing', value: MISSING, code: 'InvalidArgument' },
];
const zeroCorruption: Corruption = { label: 'zero', value: '0', code: 'InvalidAmount' };

const idCorruptions: Corruption[] = [
  { label: 'empty', value: '', code: 'InvalidArgument' },
  { label: 'NUL inside', value: 'a\u0000b', code: 'InvalidArgument' },
  { label: 'number-typed', value: 7, code: 'InvalidArgument' },
  { label: 'null', value: null, code: 'InvalidArgument' },
  { label: 'too long', value: 'x'.repeat(300), code: 'InvalidArgument' },
  { label: 'missing', value: MISSING, code: 'InvalidArgument' },
];
const accountCorruptions: Corruption[] = [
  { label: 'no org', value: '/main', code: 'InvalidArgument' },
  { label: 'no name', value: 'bankA/', code: 'InvalidArgument' },
  { label: 'no slash', value: 'bankA', code: 'InvalidArgument' },
];
const numberCorruptions: Corruption[] = [
  { label: 'negative', value: -1, code: 'InvalidArgument' },
  { label: 'fractional', value: 1.5, code: 'InvalidArgument' },
  { label: 'string-typed', value: '30', code: 'InvalidArgument' },
  { label: 'unsafe', value: 1e20, code: 'InvalidArgument' },
  { label: 'missing', value: MISSING, code: 'InvalidArgument' },
];
const hexCorruptions: Corruption[] = [
  { label: 'short', value: 'abc', code: 'InvalidArgument' },
  { label: 'upper-case', value: 'AB'.repeat(32), code: 'InvalidArgument' },
  { label: 'not hex', value: 'zz'.repeat(32), code: 'InvalidArgument' },
];

const ACCOUNT_FIELDS = new Set(['from', 'to', 'account', 'dealer']);
const HEX_FIELDS = new Set(['hashlock', 'secret']);
/** Fields whose value is a tag choosing the shape; corrupting them is covered separately. */
const TAG_FIELDS = new Set(['type', 'kind']);

function corruptionsFor(leaf: Leaf): Corruption[] {
  if (typeof leaf.value === 'bigint')
    return leaf.key === 'minOut' ? amountCorruptions : [...amountCorruptions, zeroCorruption];
  if (typeof leaf.value === 'number') return numberCorruptions;
  if (TAG_FIELDS.has(leaf.key))
    return [{ label: 'unknown tag', value: 'bogus', code: 'InvalidArgument' }];
  if (HEX_FIELDS.has(leaf.key))
    return [...hexCorruptions, ...idCorruptions.filter((c) => c.label !== 'too long')];
  if (ACCOUNT_FIELDS.has(leaf.key)) return [...idCorruptions, ...accountCorruptions];
  return idCorruptions;
}

/** A deep copy of `value` with the field at `path` replaced (or removed). */
function withField(value: unknown, path: Path, replacement: BadValue): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path as [string | number, ...Path];
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<
    string | number,
    unknown
  >;
  if (rest.length === 0 && replacement === MISSING) delete copy[head];
  else copy[head] = withField(copy[head], rest, replacement);
  return copy;
}

/** JSON with bigints as strings (the wire form), written here rather than by the codec under test. */
function toWireValue(op: LedgerOp): unknown {
  return JSON.parse(
    JSON.stringify(op, (_key, value: unknown) =>
      typeof value === 'bigint' ? value.toString() : value,
    ),
  );
}

const caseArb = fc.record({
  template: fc.nat(OP_TEMPLATES.length - 1),
  leaf: fc.nat(),
  corruption: fc.nat(),
});

export const badInputProperty = defineProperty(
  'bad-input',
  'a valid operation with one field broken is rejected with its code, naming the field, state unchanged',
  (backend) =>
    fc.asyncProperty(caseArb, async ({ template, leaf: leafPick, corruption: corruptionPick }) => {
      const op = OP_TEMPLATES[template]!;
      const candidates = leaves(op);
      const leaf = candidates[leafPick % candidates.length]!;
      const options = corruptionsFor(leaf);
      const corruption = options[corruptionPick % options.length]!;
      const field = formatPath(leaf.path);
      const what = `${op.type}.${field} ${corruption.label}`;

      const wire = JSON.stringify(withField(toWireValue(op), leaf.path, corruption.value));
      const decoded = decodeOp(wire);
      check(!decoded.ok, `${what}: decodeOp accepted ${wire}`);
      check(
        decoded.error.code === corruption.code,
        `${what}: decodeOp said ${decoded.error.code}, expected ${corruption.code}`,
      );
      check(
        decoded.error.message.startsWith(`${field}:`),
        `${what}: "${decoded.error.message}" does not name ${field}`,
      );

      const world = await backend.openWorld();
      const broken = withField(op, leaf.path, corruption.value) as LedgerOp;
      await expectRejected(world, 'bankA', broken, corruption.code, field);
    }),
);

export const unknownFieldProperty = defineProperty(
  'bad-input-unknown-field',
  'an unexpected field anywhere in an operation is rejected, naming it',
  () =>
    fc.asyncProperty(fc.nat(OP_TEMPLATES.length - 1), fc.nat(), async (template, pick) => {
      const op = OP_TEMPLATES[template]!;
      const objects = [[] as Path, ...leaves(op).map((leaf) => leaf.path.slice(0, -1))];
      const parent = objects[pick % objects.length]!;
      const path = [...parent, 'extra'];
      const decoded = decodeOp(JSON.stringify(withField(toWireValue(op), path, 1)));
      check(
        !decoded.ok && decoded.error.code === 'InvalidArgument',
        `${op.type}: extra field at ${formatPath(path)} accepted`,
      );
      check(
        decoded.error.message.startsWith(`${formatPath(path)}:`),
        `message "${decoded.error.message}" does not name ${formatPath(path)}`,
      );
    }),
);

export const malformedJsonProperty = defineProperty(
  'bad-input-json',
  'truncated or non-object JSON is rejected as InvalidArgument',
  () =>
    fc.property(
      fc.nat(OP_TEMPLATES.length - 1),
      fc.oneof(fc.nat(), fc.constantFrom('5', '[]', 'null', '"op"', 'true', '')),
      (template, cut) => {
        const json = typeof cut === 'string' ? cut : encodeOp(OP_TEMPLATES[template]!);
        const text = typeof cut === 'string' ? json : json.slice(0, 1 + (cut % (json.length - 1)));
        const decoded = decodeOp(text);
        check(
          !decoded.ok && decoded.error.code === 'InvalidArgument',
          `accepted ${JSON.stringify(text)}`,
        );
      },
    ),
);

/** The same object with every key order reversed: the encoding must not depend on it. */
function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .reverse()
      .map(([key, element]) => [key, reverseKeys(element)]),
  );
}

export const codecRoundTripProperty = defineProperty(
  'codec-roundtrip',
  'decodeOp(encodeOp(op)) gives back the same operation, and the encoding ignores key order',
  () =>
    fc.property(
      fc.nat(OP_TEMPLATES.length - 1),
      fc.array(fc.bigInt(1n, MAX_AMOUNT), { minLength: 8, maxLength: 8 }),
      (template, amounts) => {
        let op: unknown = OP_TEMPLATES[template]!;
        leaves(op)
          .filter((leaf) => typeof leaf.value === 'bigint')
          .forEach((leaf, index) => {
            op = withField(op, leaf.path, amounts[index % amounts.length]);
          });
        const encoded = encodeOp(op as LedgerOp);
        const decoded = decodeOp(encoded);
        check(decoded.ok, `decodeOp rejected its own encoding ${encoded}`);
        check(isDeepStrictEqual(decoded.value, op), `round trip changed ${encoded}`);
        check(
          encodeOp(reverseKeys(op) as LedgerOp) === encoded,
          `encoding depends on key order: ${encoded}`,
        );
      },
    ),
);
