// Input that used to validate and then break a run (issue 14): each is refused up front, with
// its path, by editing one thing in the minimal fixture. The expectations are the messages an
// author reads, written out by hand.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { parseScenario } from '../../router/scenario/load';
import { formatProblem } from '../../router/scenario/problems';

type Raw = Record<string, unknown> & {
  workload: { profiles: { basic: Record<string, unknown> } };
  venues: Array<Record<string, unknown>>;
};

const minimal = () => parse(readFileSync('test/scenario/fixtures/minimal.yaml', 'utf8')) as Raw;

function problems(raw: unknown): string[] {
  const loaded = parseScenario(stringify(raw), 'edited');
  return loaded.ok
    ? []
    : loaded.problems.map((problem) => formatProblem(problem).replace(/ \(line \d+\)$/, ''));
}

describe('input that would break a run is refused up front', () => {
  it('the fixture itself is valid', () => {
    expect(problems(minimal())).toEqual([]);
  });

  it('a log-normal sigma too wide to sample', () => {
    const raw = minimal();
    raw.workload.profiles.basic.amounts = {
      kind: 'log-normal',
      median: '10.00',
      sigma: '1000000000',
      min: '1.00',
      max: '100.00',
    };
    expect(problems(raw)).toEqual([
      'workload.profiles.basic.amounts.sigma: must be at most 10, got "1000000000"',
    ]);
  });

  it('an arrival rate that underflows or floods', () => {
    for (const ratePerSecond of [1e-9, 1e9]) {
      const raw = minimal();
      raw.workload.profiles.basic.ratePerSecond = ratePerSecond;
      const [problem] = problems(raw);
      expect(problem).toMatch(/^workload\.profiles\.basic\.ratePerSecond: /);
    }
  });

  it('a rate written with more decimals than any quote has', () => {
    const raw = minimal();
    raw.venues[0]!.rate = `1.${'5'.repeat(200)}`;
    expect(problems(raw)).toEqual(['venues[0].rate: at most 18 decimal places, got 200']);
  });

  it('a stablecoin held outside its issuer with no ramp to back it', () => {
    const raw = minimal();
    raw.venues = raw.venues.filter((venue) => venue.type !== 'ramp');
    expect(problems(raw)).toEqual([
      'assets[3]: stablecoin "coin" opens with 100000000 minor units held outside its issuer but no ramp venue names the reserve account backing it: add a ramp',
    ]);
  });

  it('a YAML alias bomb', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (const [name, prev] of [
      ['b', 'a'],
      ['c', 'b'],
      ['d', 'c'],
      ['e', 'd'],
    ])
      levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(', ')}]`);
    const loaded = parseScenario(levels.join('\n'), 'bomb');
    expect(loaded.ok).toBe(false);
    if (!loaded.ok)
      expect(loaded.problems.map(formatProblem)[0]).toMatch(
        /^\(file\): invalid YAML: at most 100 alias expansions/,
      );
  });
});
