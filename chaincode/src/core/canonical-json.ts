// Deterministic JSON: object keys sorted, bigints as decimal strings, no whitespace. Every state
// value is written with it so that every endorsing peer produces identical bytes for the same
// transaction (Fabric rejects a transaction whose endorsements disagree).
//
// It runs for every state write, so it avoids the generic machinery: keys are few, so they are
// insertion-sorted in place; quoted member names are cached; plain strings skip JSON.stringify.

export function canonicalJson(value: unknown): string {
  const json = encode(value);
  // The result was built by concatenation, a tree of fragments in V8; world state keeps values
  // for the whole run, so flatten it now into one string (reading a character does that).
  json.charCodeAt(0);
  return json;
}

function encode(value: unknown): string {
  switch (typeof value) {
    case 'bigint':
      return `"${value.toString()}"`;
    case 'string':
      return quote(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: non-finite number ${value}`);
      return JSON.stringify(value);
    case 'object':
      if (value === null) return 'null';
      if (Array.isArray(value)) return encodeArray(value);
      return encodeObject(value as Record<string, unknown>);
    default:
      throw new TypeError(`canonicalJson: cannot encode a ${typeof value}`);
  }
}

/** Nothing JSON.stringify would escape: no quote, backslash, control character or surrogate. */
// eslint-disable-next-line no-control-regex -- control characters are what JSON must escape
const PLAIN = /^[^"\\\u0000-\u001f\ud800-\udfff]*$/;

function quote(text: string): string {
  return PLAIN.test(text) ? `"${text}"` : JSON.stringify(text);
}

function encodeArray(array: readonly unknown[]): string {
  let json = '[';
  for (let index = 0; index < array.length; index += 1) {
    if (index > 0) json += ',';
    json += encode(array[index]);
  }
  return `${json}]`;
}

function encodeObject(object: Record<string, unknown>): string {
  const keys = sortKeys(Object.keys(object));
  let json = '{';
  for (const key of keys) {
    const member = object[key];
    if (member === undefined) continue;
    if (json.length > 1) json += ',';
    json += memberName(key);
    json += encode(member);
  }
  return `${json}}`;
}

/** Code-unit order (as compareKeys); insertion sort, as objects here have a handful of keys. */
function sortKeys(keys: string[]): string[] {
  for (let index = 1; index < keys.length; index += 1) {
    const key = keys[index]!;
    let before = index - 1;
    for (; before >= 0 && keys[before]! > key; before -= 1) keys[before + 1] = keys[before]!;
    keys[before + 1] = key;
  }
  return keys;
}

// Record field names repeat endlessly; dict keys (ids) are unbounded, so the cache is capped.
const MAX_CACHED_NAMES = 4096;
const memberNames = new Map<string, string>();

function memberName(key: string): string {
  let name = memberNames.get(key);
  if (name === undefined) {
    name = `${quote(key)}:`;
    if (memberNames.size < MAX_CACHED_NAMES) memberNames.set(key, name);
  }
  return name;
}

/** Plain code-unit order, the same order the world state iterates composite keys in. */
export function compareKeys(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
