// The market fields of a scenario (dealer books, quote validity, fixed fees, daily limits,
// venue hours, the run's start) are each rejected, naming their path, when malformed.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { validateScenario } from '../../router/scenario/load';
import { formatProblem } from '../../router/scenario/problems';

const base = parse(await readFile('scenarios/mbridge-lite.yaml', 'utf8')) as {
  venues: Array<Record<string, unknown>>;
  policies: Record<string, unknown>;
  simulation?: Record<string, unknown>;
};

function venueIndex(id: string): number {
  return base.venues.findIndex((venue) => venue.id === id);
}

/** The problems of mbridge-lite with one venue's fields changed (or other sections). */
function problemsWith(change: (file: typeof base) => void): string[] {
  const file = structuredClone(base);
  change(file);
  const result = validateScenario(file, 'market-fields');
  return result.ok ? [] : result.problems.map(formatProblem);
}

const setVenue = (id: string, fields: Record<string, unknown>) => (file: typeof base) => {
  Object.assign(file.venues[venueIndex(id)] ?? {}, fields);
};

describe('market fields: bad input names the field', () => {
  const siam = venueIndex('siambank-tokens');
  const gulf = venueIndex('gulffx-cny-aed');
  const hours = { open: '08:30', close: '16:30', days: ['mon'], utcOffset: '+07:00' };
  const cases: Array<[string, (file: typeof base) => void, string]> = [
    [
      'close before open',
      setVenue('siambank-tokens', { hours: { ...hours, close: '08:00' } }),
      `venues[${siam}].hours.close: must be after open (08:30)`,
    ],
    [
      'a time of day out of range',
      setVenue('siambank-tokens', { hours: { ...hours, open: '24:00' } }),
      `venues[${siam}].hours.open: expected a time "HH:MM"`,
    ],
    [
      'an offset beyond ±14:00',
      setVenue('siambank-tokens', { hours: { ...hours, utcOffset: '+15:00' } }),
      `venues[${siam}].hours.utcOffset: expected an offset`,
    ],
    [
      'a day named twice',
      setVenue('siambank-tokens', { hours: { ...hours, days: ['mon', 'mon'] } }),
      `venues[${siam}].hours.days: names a day twice`,
    ],
    [
      'a refresh not below the validity',
      setVenue('gulffx-cny-aed', { refreshEveryMs: 60000 }),
      `venues[${gulf}].refreshEveryMs: must be below validForMs (60000)`,
    ],
    [
      'a refresh without a validity',
      setVenue('gulffx-cny-aed', { validForMs: undefined }),
      `venues[${gulf}].refreshEveryMs: needs validForMs`,
    ],
    [
      'a fixed fee finer than the asset',
      setVenue('gulffx-cny-aed', { feeFixed: '0.001' }),
      `venues[${gulf}].feeFixed:`,
    ],
    [
      'a daily limit on an unknown org',
      (file) => {
        file.policies.dailyLimits = [{ org: 'nobody', asset: 'hkdx', maxAmount: '1.00' }];
      },
      'policies.dailyLimits[0].org:',
    ],
    [
      'a daily limit on an unknown asset',
      (file) => {
        file.policies.dailyLimits = [{ org: 'kowloonretail', asset: 'xau', maxAmount: '1.00' }];
      },
      'policies.dailyLimits[0].asset:',
    ],
    [
      'a start that is not a UTC time',
      (file) => {
        file.simulation = { startAt: '2026-03-02 08:00' };
      },
      'simulation.startAt: expected an ISO 8601 UTC time',
    ],
  ];
  for (const [name, change, expected] of cases) {
    it(name, () => {
      const problems = problemsWith(change);
      expect(
        problems.some((problem) => problem.startsWith(expected)),
        `missing "${expected}" in\n${problems.join('\n')}`,
      ).toBe(true);
    });
  }

  it('the bundled scenario itself validates, with every market field in use', () => {
    expect(problemsWith(() => undefined)).toEqual([]);
  });
});
