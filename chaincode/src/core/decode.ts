// Small decoder combinators for input checked at the boundary: each decoder takes an unknown
// value and the path of the field it sits at, and returns the typed value or an error naming
// that path (`legs[1].amount: ...`). Unknown fields are rejected too, so a typo never passes
// silently. Amounts go through parseAmount (InvalidAmount); everything else is InvalidArgument.
// Composite decoders pass their children an empty path and, only when a child fails, decode it
// again under its real path: decoders are pure, so the error is the same, and the common
// (valid) case builds no path strings at all.
import { parseAmount, parseNonNegativeAmount } from './amount';
import { fail, fieldPath, ok } from './result';
import type { Result } from './types';

export type Decoder<T> = (value: unknown, path: string) => Result<T>;
type Shape = Record<string, Decoder<unknown>>;
type Decoded<S extends Shape> = { [K in keyof S]: S[K] extends Decoder<infer T> ? T : never };

const MAX_ID_LENGTH = 256;
const MAX_TIME_MS = Number.MAX_SAFE_INTEGER;
const UNPAIRED_SURROGATE = /\p{Cs}/u;
/** 32 bytes as 64 lower-case hex characters (an HTLC secret or hashlock). */
export const HASH_HEX = /^[0-9a-f]{64}$/;
const DECIMAL_DIGITS = /^(0|[1-9][0-9]*)$/;
/** Every unusable id contains a NUL or a surrogate code unit: one cheap test rules most out. */
// eslint-disable-next-line no-control-regex -- NUL is the composite-key separator
const SUSPECT_IN_KEY = /[\u0000\uD800-\uDFFF]/;

/**
 * "\u0000" separates composite-key parts; U+10FFFF is Fabric's end-of-range marker; unpaired
 * surrogates are not valid UTF-8, and Fabric rejects keys that are not.
 */
function unusableInKey(id: string): boolean {
  if (!SUSPECT_IN_KEY.test(id)) return false;
  return id.includes('\u0000') || id.includes('\u{10FFFF}') || UNPAIRED_SURROGATE.test(id);
}

function invalid<T>(path: string, reason: string): Result<T> {
  return fail('InvalidArgument', `${path}: ${reason}`);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
  if (typeof value === 'number') return `the number ${value}`;
  return `a ${typeof value}`;
}

export const text: Decoder<string> = (value, path) =>
  typeof value === 'string' && value.length > 0 && value.length <= 1024
    ? ok(value)
    : invalid(
        path,
        `expected a non-empty string of at most 1024 characters, got ${describe(value)}`,
      );

/** An id used as a composite-key attribute. */
export const identifier: Decoder<string> = (value, path) => {
  if (typeof value !== 'string' || value.length === 0) {
    return invalid(path, `expected a non-empty string id, got ${describe(value)}`);
  }
  if (value.length > MAX_ID_LENGTH) return invalid(path, `longer than ${MAX_ID_LENGTH} characters`);
  if (unusableInKey(value)) {
    return invalid(path, 'contains a NUL character, U+10FFFF or an unpaired surrogate');
  }
  return ok(value);
};

/** An org id: an identifier without "/". */
export const orgId: Decoder<string> = (value, path) => {
  const id = identifier(value, path);
  if (id.ok && id.value.includes('/'))
    return invalid(path, `org ids contain no "/", got ${JSON.stringify(id.value)}`);
  return id;
};

/** `org/name`, both parts non-empty. */
export const accountId: Decoder<string> = (value, path) => {
  const id = identifier(value, path);
  if (!id.ok) return id;
  const slash = id.value.indexOf('/');
  if (slash <= 0 || slash === id.value.length - 1) {
    return invalid(path, `expected an account id "org/name", got ${JSON.stringify(id.value)}`);
  }
  return id;
};

/** 32 bytes as 64 lower-case hex characters: an HTLC secret or its sha256 hashlock. */
export const hashHex: Decoder<string> = (value, path) =>
  typeof value === 'string' && HASH_HEX.test(value)
    ? ok(value)
    : invalid(path, `expected 64 lower-case hex characters (32 bytes), got ${describe(value)}`);

export function literal<L extends string>(expected: L): Decoder<L> {
  return (value, path) =>
    value === expected
      ? ok(expected)
      : invalid(path, `expected ${JSON.stringify(expected)}, got ${describe(value)}`);
}

export function oneOf<L extends string>(values: readonly L[]): Decoder<L> {
  return (value, path) =>
    typeof value === 'string' && (values as readonly string[]).includes(value)
      ? ok(value as L)
      : invalid(path, `expected one of ${values.join(', ')}, got ${describe(value)}`);
}

export function integer(min: number, max: number): Decoder<number> {
  return (value, path) =>
    typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max
      ? ok(value)
      : invalid(path, `expected an integer from ${min} to ${max}, got ${describe(value)}`);
}

export const timeMs = integer(0, MAX_TIME_MS);

export const boolean: Decoder<boolean> = (value, path) =>
  typeof value === 'boolean'
    ? ok(value)
    : invalid(path, `expected true or false, got ${describe(value)}`);

/** A strictly positive amount of at most MAX_AMOUNT (InvalidAmount otherwise). */
export const amount: Decoder<bigint> = (value, path) => parseAmount(value, path);

/** Zero or a positive amount of at most MAX_AMOUNT. */
export const nonNegativeAmount: Decoder<bigint> = (value, path) =>
  parseNonNegativeAmount(value, path);

/**
 * A non-negative quantity the ledger computed itself (balances, supplies, reserves, shares):
 * sums of bounded amounts may legitimately exceed MAX_AMOUNT, so there is no upper bound.
 */
export const quantity: Decoder<bigint> = (value, path) => {
  if (typeof value === 'bigint' && value >= 0n) return ok(value);
  if (typeof value === 'string' && DECIMAL_DIGITS.test(value)) return ok(BigInt(value));
  return fail(
    'InvalidAmount',
    `${path}: expected a non-negative decimal string, got ${describe(value)}`,
  );
};

export function nullable<T>(decoder: Decoder<T>): Decoder<T | null> {
  return (value, path) => (value === null ? ok(null) : decoder(value, path));
}

export function array<T>(item: Decoder<T>, { minLength = 0, maxLength = 1000 } = {}): Decoder<T[]> {
  return (value, path) => {
    if (!Array.isArray(value)) return invalid(path, `expected an array, got ${describe(value)}`);
    if (value.length < minLength || value.length > maxLength) {
      return invalid(path, `expected ${minLength} to ${maxLength} items, got ${value.length}`);
    }
    const items: T[] = [];
    for (let index = 0; index < value.length; index += 1) {
      const decoded = item(value[index], '');
      if (!decoded.ok) return item(value[index], `${path}[${index}]`) as Result<never>;
      items.push(decoded.value);
    }
    return ok(items);
  };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A string-keyed map; the result is built with fromEntries so a "__proto__" key stays data. */
export function dict<T>(key: Decoder<string>, entry: Decoder<T>): Decoder<Record<string, T>> {
  return (value, path) => {
    if (!isPlainObject(value)) return invalid(path, `expected an object, got ${describe(value)}`);
    const entries: Array<[string, T]> = [];
    for (const [name, element] of Object.entries(value)) {
      const elementPath = () => `${path}[${JSON.stringify(name)}]`;
      if (!key(name, '').ok) return key(name, elementPath()) as Result<never>;
      const decoded = entry(element, '');
      if (!decoded.ok) return entry(element, elementPath()) as Result<never>;
      entries.push([name, decoded.value]);
    }
    return ok(Object.fromEntries(entries));
  };
}

/**
 * An object with exactly these fields (unknown fields rejected): every field of `shape` is
 * required; those of `optional` may be absent (and stay absent, so records written before a
 * field existed decode, and encode, as they did).
 */
export function record<S extends Shape, O extends Shape = Record<never, never>>(
  shape: S,
  optional?: O,
): Decoder<Decoded<S> & Partial<Decoded<O>>> {
  const known = new Set([...Object.keys(shape), ...Object.keys(optional ?? {})]);
  const fields = Object.entries(shape);
  const optionalFields = Object.entries(optional ?? {});
  return (value, path) => {
    if (!isPlainObject(value))
      return invalid(path || 'value', `expected an object, got ${describe(value)}`);
    for (const name of Object.keys(value)) {
      if (!known.has(name)) return invalid(fieldPath(path, name), 'unknown field');
    }
    // Field names come from the shape (never "__proto__"), so plain assignment is safe.
    const decodedRecord: Record<string, unknown> = {};
    for (const [name, decoder] of fields) {
      const element = value[name];
      if (element === undefined) return invalid(fieldPath(path, name), 'missing');
      const decoded = decoder(element, '');
      if (!decoded.ok) return decoder(element, fieldPath(path, name)) as Result<never>;
      decodedRecord[name] = decoded.value;
    }
    for (const [name, decoder] of optionalFields) {
      const element = value[name];
      if (element === undefined) continue;
      const decoded = decoder(element, '');
      if (!decoded.ok) return decoder(element, fieldPath(path, name)) as Result<never>;
      decodedRecord[name] = decoded.value;
    }
    return ok(decodedRecord as Decoded<S> & Partial<Decoded<O>>);
  };
}

/** A union discriminated by `tag`: dispatches to the decoder registered for the tag's value. */
export function tagged<F extends string, T extends Record<F, string>>(
  tag: F,
  variants: { [K in T[F]]: Decoder<Extract<T, Record<F, K>>> },
): Decoder<T> {
  const names = Object.keys(variants);
  return (value, path) => {
    if (!isPlainObject(value))
      return invalid(path || 'value', `expected an object, got ${describe(value)}`);
    const name = value[tag];
    if (typeof name !== 'string' || !Object.hasOwn(variants, name)) {
      return invalid(
        fieldPath(path, tag),
        `expected one of ${names.join(', ')}, got ${describe(name)}`,
      );
    }
    return (variants as Record<string, Decoder<T>>)[name]!(value, path);
  };
}

/** Parses JSON text; malformed text is an InvalidArgument, not an exception. */
export function parseJson(json: unknown, what: string): Result<unknown> {
  if (typeof json !== 'string')
    return invalid(what, `expected a JSON string, got ${describe(json)}`);
  try {
    return ok(JSON.parse(json));
  } catch (error) {
    return invalid(
      what,
      `malformed JSON (${error instanceof Error ? error.message : String(error)})`,
    );
  }
}
