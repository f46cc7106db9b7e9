// An index of composite keys by their parts, so a partial-key scan touches only the matching
// subtree instead of every key in the world state (a balance read scans one account's deltas).
import { compareKeys } from '../../../chaincode/src/core/canonical-json';
import { splitCompositeKey } from '../../../chaincode/src/core/keys';

interface IndexNode {
  children: Map<string, IndexNode>;
  /** The full key ending at this node, if any. */
  key?: string;
}

const emptyNode = (): IndexNode => ({ children: new Map() });

export class PrefixIndex {
  private readonly root = emptyNode();

  add(key: string): void {
    let node = this.root;
    for (const part of partsOf(key)) {
      let child = node.children.get(part);
      if (!child) {
        child = emptyNode();
        node.children.set(part, child);
      }
      node = child;
    }
    node.key = key;
  }

  remove(key: string): void {
    const path: IndexNode[] = [this.root];
    const parts = partsOf(key);
    for (const part of parts) {
      const child = path[path.length - 1]!.children.get(part);
      if (!child) return;
      path.push(child);
    }
    delete path[path.length - 1]!.key;
    // Prune nodes left empty, deepest first.
    for (let depth = parts.length; depth > 0; depth -= 1) {
      const node = path[depth]!;
      if (node.key !== undefined || node.children.size > 0) break;
      path[depth - 1]!.children.delete(parts[depth - 1]!);
    }
  }

  /** Keys under objectType + leading attributes, sorted. */
  keysWithPrefix(objectType: string, attributes: readonly string[]): string[] {
    let node: IndexNode | undefined = this.root;
    for (const part of [objectType, ...attributes]) {
      node = node.children.get(part);
      if (!node) return [];
    }
    const keys: string[] = [];
    const pending: IndexNode[] = [node];
    for (let next = pending.pop(); next; next = pending.pop()) {
      if (next.key !== undefined) keys.push(next.key);
      pending.push(...next.children.values());
    }
    return keys.sort(compareKeys);
  }
}

function partsOf(key: string): string[] {
  const { objectType, attributes } = splitCompositeKey(key);
  return [objectType, ...attributes];
}
