// Reading a scenario file: YAML → schema check → cross-reference checks → Scenario. Every
// problem is collected with its path and line; a scenario with any problem is not returned.
import { readFile } from 'node:fs/promises';
import type { core } from 'zod';
import { isMap, isPair, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import { resolveScenario } from './cross-check';
import { problemsFromZod, type PathSegment, type Problem, type ScenarioResult } from './problems';
import { scenarioFileSchema } from './schema';
import { isRecord, parseSections } from './sections';
import type { Scenario } from './types';

/** Enough for any hand-written file's anchors; an alias bomb needs millions. */
const MAX_ALIAS_COUNT = 100;

export async function loadScenario(path: string): Promise<ScenarioResult<Scenario>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, problems: [{ path: [], message: `cannot read scenario file: ${reason}` }] };
  }
  return parseScenario(text, path);
}

export function parseScenario(text: string, sourceName: string): ScenarioResult<Scenario> {
  const lines = new LineCounter();
  const document = parseDocument(text, {
    lineCounter: lines,
    prettyErrors: false,
    uniqueKeys: true,
  });
  if (document.errors.length > 0) {
    return {
      ok: false,
      problems: document.errors.map((error) => ({
        path: [],
        message: `invalid YAML: ${error.message.split('\n')[0] ?? ''}`,
        line: lines.linePos(error.pos[0]).line,
      })),
    };
  }
  let raw: unknown;
  try {
    raw = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    // The yaml library refuses alias expansions past the count (a "billion laughs" file).
    const reason = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      problems: [
        {
          path: [],
          message: `invalid YAML: at most ${MAX_ALIAS_COUNT} alias expansions (*name) are allowed (${reason})`,
        },
      ],
    };
  }
  const validated = validateScenario(raw, sourceName);
  if (validated.ok) return validated;
  const located = validated.problems.map((problem) => ({
    ...problem,
    ...lineOf(document, lines, problem.path),
  }));
  located.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return { ok: false, problems: located };
}

/** A scenario already read into plain data (e.g. generated): schema and cross-checks. */
export function validateScenario(raw: unknown, sourceName: string): ScenarioResult<Scenario> {
  if (!isRecord(raw)) {
    return {
      ok: false,
      problems: [{ path: [], message: 'expected a mapping of scenario sections' }],
    };
  }
  const shape = scenarioFileSchema.safeParse(raw, { error: plainMessages });
  const problems = shape.success ? [] : problemsFromZod(shape.error.issues);
  const resolved = resolveScenario(parseSections(raw), sourceName);
  problems.push(...resolved.problems);
  if (problems.length > 0 || !resolved.scenario) return { ok: false, problems: dedupe(problems) };
  return { ok: true, value: resolved.scenario };
}

/** zod's defaults, reworded for scenario authors (schema-specific messages take precedence). */
function plainMessages(issue: core.$ZodRawIssue): string | undefined {
  if (issue.code === 'invalid_type' && issue.input === undefined) return 'required';
  if (issue.code === 'invalid_value')
    return `must be one of ${issue.values.map(String).join(', ')}`;
  return undefined;
}

/** The line of the deepest node along `path` that exists in the document. */
function lineOf(document: Document, lines: LineCounter, path: PathSegment[]): { line?: number } {
  for (let depth = path.length; depth >= 0; depth--) {
    const prefix = path.slice(0, depth);
    const node = depth === 0 ? document.contents : document.getIn(prefix, true);
    // For a key the value node is found; an unknown key is best shown at the key itself.
    const keyNode = depth > 0 ? keyOf(document, prefix) : undefined;
    const range = (keyNode ?? node) as { range?: [number, number, number] } | undefined;
    if (range?.range) return { line: lines.linePos(range.range[0]).line };
  }
  return {};
}

function keyOf(document: Document, path: PathSegment[]): unknown {
  const parent = path.length === 1 ? document.contents : document.getIn(path.slice(0, -1), true);
  const last = path[path.length - 1];
  if (!isMap(parent)) return undefined;
  const pair = parent.items.find(
    (item) => isPair(item) && isScalar(item.key) && item.key.value === last,
  );
  return pair && isPair(pair) ? pair.key : undefined;
}

function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const key = `${problem.path.join('\u0000')}\u0001${problem.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
