// A problem found in a scenario file: where (a path into the document, plus the line once the
// YAML source is known) and what. Scenario loading returns all of them at once.
import type { core } from 'zod';

export type PathSegment = string | number;

export interface Problem {
  path: PathSegment[];
  message: string;
  /** 1-based line in the source, when known. */
  line?: number;
}

export type ScenarioResult<T> = { ok: true; value: T } | { ok: false; problems: Problem[] };

/** `venues[3].operator` for ['venues', 3, 'operator']. */
export function formatPath(path: readonly PathSegment[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += text === '' ? segment : `.${segment}`;
  }
  return text === '' ? '(file)' : text;
}

export function formatProblem(problem: Problem): string {
  const where = problem.line === undefined ? '' : ` (line ${problem.line})`;
  return `${formatPath(problem.path)}: ${problem.message}${where}`;
}

/** zod's issues in our vocabulary: one problem per unknown key, nested key errors unwrapped. */
export function problemsFromZod(
  issues: readonly core.$ZodIssue[],
  prefix: PathSegment[] = [],
): Problem[] {
  const problems: Problem[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path.map(toSegment)];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys)
        problems.push({ path: [...path, key], message: 'unknown field' });
    } else if (issue.code === 'invalid_union' && issue.discriminator !== undefined) {
      const allowed = 'options' in issue ? (issue.options ?? []) : [];
      const options = allowed.map((option) => JSON.stringify(option)).join(', ');
      problems.push({ path, message: `must be one of ${options}` });
    } else if (issue.code === 'invalid_union') {
      problems.push({ path, message: unionMessage(issue) });
    } else if (issue.code === 'invalid_key') {
      const reasons = issue.issues.map((inner) => inner.message).join('; ');
      problems.push({ path, message: `invalid key: ${reasons}` });
    } else {
      problems.push({ path, message: issue.message });
    }
  }
  return problems;
}

function toSegment(key: PropertyKey): PathSegment {
  return typeof key === 'number' ? key : String(key);
}

/** For a plain union, the alternatives' own complaints say more than "invalid input". */
function unionMessage(issue: core.$ZodIssueInvalidUnion): string {
  const alternatives = issue.errors
    .map((branch) =>
      branch
        .map((inner) => `${formatPath(inner.path.map(toSegment))}: ${inner.message}`)
        .join(', '),
    )
    .filter((text) => text !== '');
  return alternatives.length === 0
    ? 'does not match any allowed form'
    : `does not match any allowed form (${alternatives.join(' | ')})`;
}
