// Scenario values by path, written as the scenario loader reports them (`venues[3].maxIn`,
// `workload.profiles.mixed.ratePerSecond`), plus `[id]` to pick a list entry by its id
// (`venues[orientfx-cny-hkd].maxIn`), which survives edits to the file that reorder lists.
import { isRecord } from '../scenario/sections';

/** A mapping key, a list index, or a list entry picked by its `id`. */
export type PathStep = { key: string } | { index: number } | { id: string };

const STEP = /^([^.[\]]+)|^\.([^.[\]]+)|^\[([^[\]]+)\]/;

/** The steps of `text`, or why it is not a path. */
export function parsePath(text: string): PathStep[] | string {
  const steps: PathStep[] = [];
  let rest = text;
  while (rest !== '') {
    const match = STEP.exec(rest);
    // A bare key only at the start; a key after a step needs its dot.
    const misplaced = steps.length === 0 ? match?.[2] !== undefined : match?.[1] !== undefined;
    if (!match || misplaced) {
      return `expected a path such as workload.profiles.mixed.ratePerSecond or venues[orientfx-cny-hkd].maxIn, at "${rest}"`;
    }
    const key = match[1] ?? match[2];
    const inBrackets = match[3];
    if (key !== undefined) steps.push({ key });
    else if (inBrackets !== undefined && /^(0|[1-9][0-9]*)$/.test(inBrackets))
      steps.push({ index: Number(inBrackets) });
    else if (inBrackets !== undefined) steps.push({ id: inBrackets });
    rest = rest.slice(match[0].length);
  }
  return steps.length === 0 ? 'expected a path, got nothing' : steps;
}

/**
 * `root` with the value at `steps` replaced by `replace(current)` (or, for a mapping key that
 * does not exist yet, added): a new tree sharing the untouched parts; `root` is not changed.
 */
export function setAtPath(
  root: unknown,
  steps: readonly PathStep[],
  replace: (current: unknown) => unknown,
): { ok: true; value: unknown } | { ok: false; error: string } {
  const [step, ...rest] = steps;
  if (step === undefined) return { ok: true, value: replace(root) };
  if ('key' in step) {
    if (!isRecord(root)) return { ok: false, error: `"${step.key}" is not inside a mapping` };
    if (rest.length > 0 && !Object.hasOwn(root, step.key))
      return { ok: false, error: `no field "${step.key}" here` };
    const inner = setAtPath(root[step.key], rest, replace);
    return inner.ok ? { ok: true, value: { ...root, [step.key]: inner.value } } : inner;
  }
  if (!Array.isArray(root)) {
    const which = 'index' in step ? `[${step.index}]` : `[${step.id}]`;
    return { ok: false, error: `${which} is not inside a list` };
  }
  const at =
    'index' in step
      ? step.index < root.length
        ? step.index
        : -1
      : root.findIndex((entry) => isRecord(entry) && entry.id === step.id);
  if (at < 0) {
    return {
      ok: false,
      error:
        'index' in step
          ? `index ${step.index} is past the end of a list of ${root.length}`
          : `no entry with id "${step.id}" in this list`,
    };
  }
  const inner = setAtPath(root[at], rest, replace);
  if (!inner.ok) return inner;
  const copy = [...root];
  copy[at] = inner.value;
  return { ok: true, value: copy };
}
