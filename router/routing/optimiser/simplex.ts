// A small dense primal simplex for split's continuous relaxation: maximise c·x subject to
// A·x ≤ b, x ≥ 0, with b ≥ 0, so the slack basis is feasible and no phase one is needed.
// Dantzig's rule (largest reduced cost) until a degenerate stall, then Bland's rule, which
// cannot cycle. Floats only: its answer is a starting allocation that the router rounds to
// bigint and re-quotes exactly, never an amount in a plan.

export interface LinearProgram {
  /** Objective coefficient of each column. */
  objective: readonly number[];
  /** Sparse rows: coefficients by column, and the right-hand side (≥ 0). */
  rows: ReadonlyArray<{ coefficients: ReadonlyMap<number, number>; bound: number }>;
}

const EPSILON = 1e-10;
/** Pivots without objective progress before switching to Bland's rule. */
const STALL_LIMIT = 50;

/** The optimal x (columns), or the best found when the iteration limit is hit. */
export function solveLinearProgram(program: LinearProgram): number[] {
  const n = program.objective.length;
  const m = program.rows.length;
  const width = n + m + 1;
  // Row i of the tableau: coefficients of the n columns, then the m slacks, then the rhs.
  const tableau = program.rows.map((row, i) => {
    const line = new Float64Array(width);
    for (const [column, value] of row.coefficients) line[column] = value;
    line[n + i] = 1;
    line[width - 1] = row.bound;
    return line;
  });
  const reduced = new Float64Array(width);
  program.objective.forEach((value, column) => (reduced[column] = value));
  const basis = Array.from({ length: m }, (_, i) => n + i);
  let stalled = 0;
  for (let iteration = 0; iteration < 20 * (n + m) + 100; iteration++) {
    const entering =
      stalled > STALL_LIMIT ? firstPositive(reduced, width - 1) : largest(reduced, width - 1);
    if (entering < 0) break;
    let leaving = -1;
    let ratio = Infinity;
    for (let i = 0; i < m; i++) {
      const a = tableau[i]![entering]!;
      if (a <= EPSILON) continue;
      const r = tableau[i]![width - 1]! / a;
      if (
        r < ratio - EPSILON ||
        (r <= ratio + EPSILON && leaving >= 0 && basis[i]! < basis[leaving]!)
      ) {
        ratio = r;
        leaving = i;
      }
    }
    // Unbounded cannot happen on a well-formed relaxation (the total row bounds every column).
    if (leaving < 0) break;
    stalled = ratio <= EPSILON ? stalled + 1 : 0;
    pivot(tableau, reduced, leaving, entering);
    basis[leaving] = entering;
  }
  const x = new Array<number>(n).fill(0);
  basis.forEach((column, i) => {
    if (column < n) x[column] = Math.max(0, tableau[i]![width - 1]!);
  });
  return x;
}

function largest(reduced: Float64Array, end: number): number {
  let best = -1;
  let value = EPSILON;
  for (let j = 0; j < end; j++) {
    if (reduced[j]! > value) {
      value = reduced[j]!;
      best = j;
    }
  }
  return best;
}

function firstPositive(reduced: Float64Array, end: number): number {
  for (let j = 0; j < end; j++) if (reduced[j]! > EPSILON) return j;
  return -1;
}

function pivot(tableau: Float64Array[], reduced: Float64Array, row: number, column: number): void {
  const line = tableau[row]!;
  const scale = line[column]!;
  for (let j = 0; j < line.length; j++) line[j]! /= scale;
  const eliminate = (target: Float64Array) => {
    const factor = target[column]!;
    if (factor === 0) return;
    for (let j = 0; j < line.length; j++) if (line[j] !== 0) target[j]! -= factor * line[j]!;
  };
  for (const [i, other] of tableau.entries()) if (i !== row) eliminate(other);
  eliminate(reduced);
}
