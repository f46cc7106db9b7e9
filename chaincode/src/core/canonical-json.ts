// Deterministic JSON: object keys sorted, bigints as decimal strings, no whitespace. Every state
// value is written with it so that every endorsing peer produces identical bytes for the same
// transaction (Fabric rejects a transaction whose endorsements disagree).

export function canonicalJson(value: unknown): string {
  switch (typeof value) {
    case 'bigint':
      return `"${value.toString()}"`;
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: non-finite number ${value}`);
      return JSON.stringify(value);
    case 'object':
      if (value === null) return 'null';
      if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
      return canonicalObject(value as Record<string, unknown>);
    default:
      throw new TypeError(`canonicalJson: cannot encode a ${typeof value}`);
  }
}

function canonicalObject(object: Record<string, unknown>): string {
  const members = Object.keys(object)
    .filter((key) => object[key] !== undefined)
    .sort(compareKeys)
    .map((key) => `${JSON.stringify(key)}:${canonicalJson(object[key])}`);
  return `{${members.join(',')}}`;
}

/** Plain code-unit order, the same order the world state iterates composite keys in. */
export function compareKeys(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
