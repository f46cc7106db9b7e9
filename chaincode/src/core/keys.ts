// Fabric composite keys: "\u0000" + objectType + "\u0000" + (attribute + "\u0000")*, byte-for-byte
// what the shim's createCompositeKey builds, so StateStore.scan maps directly onto
// getStateByPartialCompositeKey. Attributes are validated ids (see decode.ts), never empty and
// never containing "\u0000", so the encoding is unambiguous.

const SEPARATOR = '\u0000';

export function compositeKey(objectType: string, attributes: readonly string[]): string {
  for (const attribute of attributes) {
    if (attribute === '' || attribute.includes(SEPARATOR)) {
      throw new TypeError(`compositeKey: invalid attribute ${JSON.stringify(attribute)}`);
    }
  }
  return SEPARATOR + objectType + SEPARATOR + attributes.map((a) => a + SEPARATOR).join('');
}

export function splitCompositeKey(key: string): { objectType: string; attributes: string[] } {
  if (!key.startsWith(SEPARATOR) || !key.endsWith(SEPARATOR)) {
    throw new TypeError(`splitCompositeKey: not a composite key ${JSON.stringify(key)}`);
  }
  const [objectType = '', ...attributes] = key.slice(1, -1).split(SEPARATOR);
  return { objectType, attributes };
}
