// Fabric composite keys: "\u0000" + objectType + "\u0000" + (attribute + "\u0000")*, byte-for-byte
// what the shim's createCompositeKey builds, so StateStore.scan maps directly onto
// getStateByPartialCompositeKey. Attributes are validated ids (see decode.ts), never empty and
// never containing "\u0000", so the encoding is unambiguous.

const SEPARATOR = '\u0000';

export function compositeKey(objectType: string, attributes: readonly string[]): string {
  let key = SEPARATOR + objectType + SEPARATOR;
  for (const attribute of attributes) key = appendAttribute(key, attribute);
  return flat(key);
}

/** compositeKey(t, [...attributes, attribute]) from compositeKey(t, attributes), which it extends. */
export function extendKey(partialKey: string, attribute: string): string {
  return flat(appendAttribute(partialKey, attribute));
}

function appendAttribute(key: string, attribute: string): string {
  if (attribute === '' || attribute.includes(SEPARATOR)) {
    throw new TypeError(`compositeKey: invalid attribute ${JSON.stringify(attribute)}`);
  }
  return key + attribute + SEPARATOR;
}

/**
 * Concatenation builds a tree of fragments in V8; reading a character flattens it into one
 * string. World state keeps keys for the whole run (a fragment tree costs twice the memory),
 * and a flat key hashes faster on every lookup.
 */
function flat(key: string): string {
  key.charCodeAt(0);
  return key;
}

export function splitCompositeKey(key: string): { objectType: string; attributes: string[] } {
  if (!key.startsWith(SEPARATOR) || !key.endsWith(SEPARATOR)) {
    throw new TypeError(`splitCompositeKey: not a composite key ${JSON.stringify(key)}`);
  }
  const [objectType = '', ...attributes] = key.slice(1, -1).split(SEPARATOR);
  return { objectType, attributes };
}
