// R1's baseline: textbook Dijkstra with a binary heap over a prebuilt adjacency list of
// non-negative float weights. The least work any single-path router must do per request.

export interface WeightedEdge {
  id: string;
  to: number;
  weight: number;
}

export interface DijkstraGraph {
  /** node index → edges leaving it */
  adjacency: WeightedEdge[][];
}

/** Edge ids of a cheapest path from `source` to `target`, or undefined when none exists. */
export function shortestPath(
  graph: DijkstraGraph,
  source: number,
  target: number,
): string[] | undefined {
  const count = graph.adjacency.length;
  const distance = new Float64Array(count).fill(Infinity);
  const via: Array<{ from: number; id: string } | undefined> = new Array(count);
  const heap = new MinHeap();
  distance[source] = 0;
  heap.push(0, source);
  while (heap.size > 0) {
    const [dist, node] = heap.pop();
    if (dist > distance[node]!) continue;
    if (node === target) break;
    for (const edge of graph.adjacency[node]!) {
      const next = dist + edge.weight;
      if (next < distance[edge.to]!) {
        distance[edge.to] = next;
        via[edge.to] = { from: node, id: edge.id };
        heap.push(next, edge.to);
      }
    }
  }
  if (distance[target] === Infinity) return undefined;
  const path: string[] = [];
  for (let node = target; node !== source;) {
    const step = via[node]!;
    path.push(step.id);
    node = step.from;
  }
  return path.reverse();
}

/** A binary min-heap of (priority, node) pairs in parallel arrays. */
class MinHeap {
  private readonly priorities: number[] = [];
  private readonly nodes: number[] = [];

  get size(): number {
    return this.nodes.length;
  }

  push(priority: number, node: number): void {
    const { priorities, nodes } = this;
    let i = nodes.length;
    priorities.push(priority);
    nodes.push(node);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (priorities[parent]! <= priority) break;
      priorities[i] = priorities[parent]!;
      nodes[i] = nodes[parent]!;
      i = parent;
    }
    priorities[i] = priority;
    nodes[i] = node;
  }

  pop(): [number, number] {
    const { priorities, nodes } = this;
    const top: [number, number] = [priorities[0]!, nodes[0]!];
    const lastPriority = priorities.pop()!;
    const lastNode = nodes.pop()!;
    const size = nodes.length;
    if (size === 0) return top;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= size) break;
      const right = left + 1;
      const child = right < size && priorities[right]! < priorities[left]! ? right : left;
      if (priorities[child]! >= lastPriority) break;
      priorities[i] = priorities[child]!;
      nodes[i] = nodes[child]!;
      i = child;
    }
    priorities[i] = lastPriority;
    nodes[i] = lastNode;
    return top;
  }
}
