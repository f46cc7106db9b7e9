// Scenario values by path: the loader's spelling (`venues[3].maxIn`) plus `[id]`, a new tree
// with the value replaced, and a clear reason when the path leads nowhere.
import { describe, expect, it } from 'vitest';
import { parsePath, setAtPath } from '../../router/sweep/scenario-path';

const data = {
  workload: { profiles: { mixed: { ratePerSecond: 20 } } },
  venues: [
    { id: 'a', maxIn: '10.00' },
    { id: 'b', maxIn: '20.00' },
  ],
};

const put = (path: string, value: unknown) => {
  const steps = parsePath(path);
  if (typeof steps === 'string') throw new Error(steps);
  return setAtPath(data, steps, () => value);
};

describe('scenario paths', () => {
  it('parses keys, indices and ids', () => {
    expect(parsePath('venues[3].maxIn')).toEqual([
      { key: 'venues' },
      { index: 3 },
      { key: 'maxIn' },
    ]);
    expect(parsePath('venues[orientfx-cny-hkd].maxIn')).toEqual([
      { key: 'venues' },
      { id: 'orientfx-cny-hkd' },
      { key: 'maxIn' },
    ]);
  });

  it('refuses what is not a path', () => {
    for (const path of ['', '.a', 'a..b', 'a[]', 'a[0]b', 'a.'])
      expect(typeof parsePath(path), path).toBe('string');
  });

  it('replaces a value by key, index or id without touching the input', () => {
    const byKey = put('workload.profiles.mixed.ratePerSecond', 5);
    expect(byKey).toEqual({
      ok: true,
      value: { ...data, workload: { profiles: { mixed: { ratePerSecond: 5 } } } },
    });
    const byId = put('venues[b].maxIn', '1.00');
    const byIndex = put('venues[1].maxIn', '1.00');
    expect(byId).toEqual(byIndex);
    expect(byId.ok && (byId.value as typeof data).venues).toEqual([
      { id: 'a', maxIn: '10.00' },
      { id: 'b', maxIn: '1.00' },
    ]);
    expect(data.venues[1]!.maxIn).toBe('20.00');
    expect(data.workload.profiles.mixed.ratePerSecond).toBe(20);
  });

  it('adds a missing last key (validation judges it), but no missing parent', () => {
    expect(put('workload.profiles.fast', { ratePerSecond: 1 }).ok).toBe(true);
    expect(put('workload.nosuch.ratePerSecond', 1)).toEqual({
      ok: false,
      error: 'no field "nosuch" here',
    });
    expect(put('venues[c].maxIn', '1')).toEqual({
      ok: false,
      error: 'no entry with id "c" in this list',
    });
    expect(put('venues[2].maxIn', '1')).toEqual({
      ok: false,
      error: 'index 2 is past the end of a list of 2',
    });
    expect(put('workload[0]', 1)).toEqual({ ok: false, error: '[0] is not inside a list' });
  });
});
