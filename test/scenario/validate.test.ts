// Scenario validation: each broken fixture is rejected with every problem named by its path in
// the file (and its line); the bundled scenarios and the minimal fixture validate.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { generateScenario, optionsForVenueCount } from '../../router/scenario/generate';
import { loadScenario, parseScenario } from '../../router/scenario/load';
import { formatProblem } from '../../router/scenario/problems';

const fixture = (name: string) => `test/scenario/fixtures/${name}.yaml`;

async function problemsOf(name: string): Promise<string[]> {
  const loaded = await loadScenario(fixture(name));
  if (loaded.ok) throw new Error(`${name} should not validate`);
  return loaded.problems.map(formatProblem);
}

/** Each expected entry must appear (as a prefix "path: message...") among the problems. */
function expectProblems(problems: string[], expected: string[]): void {
  for (const entry of expected) {
    expect(
      problems.some((problem) => problem.startsWith(entry)),
      `missing "${entry}" in\n${problems.join('\n')}`,
    ).toBe(true);
  }
  expect(problems).toHaveLength(expected.length);
}

describe('scenario validation', () => {
  it('accepts the bundled scenarios and the minimal fixture', async () => {
    for (const path of [
      'scenarios/mbridge-lite.yaml',
      'scenarios/micropayments.yaml',
      'scenarios/depeg-stress.yaml',
      fixture('minimal'),
    ]) {
      const loaded = await loadScenario(path);
      expect(loaded.ok ? 'ok' : loaded.problems.map(formatProblem).join('\n'), path).toBe('ok');
    }
  });

  it('requires a neutral 2PC coordinator on every ledger, naming the path of each problem', async () => {
    const text = await readFile('scenarios/mbridge-lite.yaml', 'utf8');
    const problems = (coordinator: string) => {
      const parsed = parseScenario(
        text.replace('coordinator: clearing', `coordinator: ${coordinator}`),
        'coordinator',
      );
      return parsed.ok ? [] : parsed.problems.map(formatProblem);
    };
    expect(problems('{ cbdc: pboc, deposit: clearing, stablecoin: clearing }')).toEqual([]);
    expectProblems(problems('ghost'), [
      'settlement.twoPhaseCommit.coordinator: unknown org "ghost"',
    ]);
    expectProblems(problems('pboc'), [
      'settlement.twoPhaseCommit.coordinator: coordinator "pboc" is not a member of ledger "deposit"',
      'settlement.twoPhaseCommit.coordinator: coordinator "pboc" is not a member of ledger "stablecoin"',
    ]);
    expectProblems(problems('{ cbdc: jadebank, deposit: clearing, moon: clearing }'), [
      'settlement.twoPhaseCommit.coordinator.cbdc: coordinator "jadebank" owns jadebank/',
      'settlement.twoPhaseCommit.coordinator.moon: unknown ledger "moon"',
      'settlement.twoPhaseCommit.coordinator: missing a coordinator for ledger "stablecoin"',
    ]);
  });

  it('defaults the slippage tolerance to 30 bps and rejects one outside 0..1000', async () => {
    const text = (await readFile('scenarios/mbridge-lite.yaml', 'utf8')).replace(
      /^ {2}slippageToleranceBps: .*\n/m,
      '',
    );
    const withTolerance = (value: string) =>
      text.replace(/^settlement:\n/m, `settlement:\n  slippageToleranceBps: ${value}\n`);
    const absent = parseScenario(text, 'absent');
    expect(absent.ok && absent.value.settlement.slippageToleranceBps).toBe(30);
    const zero = parseScenario(withTolerance('0'), 'zero');
    expect(zero.ok && zero.value.settlement.slippageToleranceBps).toBe(0);
    for (const bad of ['1001', '-1', '2.5', '"30"']) {
      const parsed = parseScenario(withTolerance(bad), 'bad');
      expect(parsed.ok, bad).toBe(false);
      if (!parsed.ok)
        expect(parsed.problems.map(formatProblem).join('\n'), bad).toMatch(
          /^settlement\.slippageToleranceBps: /m,
        );
    }
  });

  it('lists missing fields', async () => {
    expectProblems(await problemsOf('missing-fields'), [
      'settlement: required',
      'orgs[5].role: must be one of central-bank, commercial-bank',
      'venues[0].rate: required',
    ]);
  });

  it('lists every unknown reference, by path', async () => {
    expectProblems(await problemsOf('unknown-references'), [
      'assets[1].issuer: unknown org "cbank9"',
      'accounts[3].ledger: unknown ledger "deposits"',
      'venues[0].operator: unknown org "bnkx"',
      'venues[0].account: account "dealer/book" belongs to "dealer"; it must be an account of "bnkx"',
      'venues[1].treasuryAccount: account "bank/vault" is not declared on ledger "deposit"',
      'venues[2].stablecoin: unknown asset "coins"',
      'policies.forbiddenVenues[0].venue: unknown venue "no-such-venue"',
      'workload.profiles.basic.corridors[0].from.accounts[0]: account "acme/ops" is not declared on ledger "deposit" (it is declared on deposits)',
    ]);
  });

  it('rejects negative and non-string amounts', async () => {
    expectProblems(await problemsOf('negative-amounts'), [
      'accounts[0].balances.xaa-cbdc: expected a non-negative decimal',
      'accounts[3].balances.xaa-bank: expected a quoted decimal string such as "1000.00", got the number 25000',
      'venues[0].maxIn: expected a non-negative decimal',
    ]);
  });

  it('rejects amounts finer than their asset', async () => {
    expectProblems(await problemsOf('fractional-amounts'), [
      'accounts[2].balances.xab-cbdc: "500000.5" has 1 decimal places; xab-cbdc has 0',
      'accounts[3].balances.xaa-bank: "25000.001" has 3 decimal places; xaa-bank has 2',
      'workload.profiles.basic.amounts.amount: "10.005" has 3 decimal places; xaa-bank has 2',
    ]);
  });

  it('rejects duplicate ids', async () => {
    expectProblems(await problemsOf('duplicate-ids'), [
      'orgs[6].id: duplicate org id "bank" (first defined at orgs[2].id)',
      'accounts[7].id: duplicate account (ledger and id) "deposit bank/treasury"',
      'venues[2].id: duplicate venue id "bank-tokens"',
    ]);
  });

  it('rejects a venue on a ledger its operator is not a member of', async () => {
    expectProblems(await problemsOf('operator-not-member'), [
      'accounts[2].id: owner "dealer" is not a member of ledger "cbdc"',
      'venues[0].operator: operator "dealer" is not a member of ledger "cbdc"',
    ]);
  });

  it('rejects wrong kinds, unknown fields and venue types, and operators that do not issue', async () => {
    expectProblems(await problemsOf('wrong-kinds'), [
      'assets[1].kind: a deposit asset cannot live on ledger "cbdc" of kind cbdc',
      'assets[1].issuer: a deposit asset is issued by a commercial-bank; "cbank2" is a central-bank',
      'venues[0].type: must be one of "transfer", "fx-quote", "amm", "mint-redeem", "ramp", "interbank"',
      'venues[1].feeBPS: unknown field',
      'venues[2].stablecoin: "coin" is issued by "issuer"; only its issuer can operate this venue',
      'venues[2].reserveAccount: account "issuer/reserve" belongs to "issuer"',
      'venues[2].treasuryAccount: account "issuer/treasury" belongs to "issuer"',
    ]);
  });

  it('reports YAML syntax errors with their line', async () => {
    const loaded = await loadScenario('test/scenario/fixtures/bad-syntax.txt');
    const problems = loaded.ok ? [] : loaded.problems.map(formatProblem);
    expect(problems[0]).toMatch(/^\(file\): invalid YAML: .* \(line \d+\)$/);
  });

  it('points at the line of each problem', async () => {
    const loaded = await loadScenario(fixture('operator-not-member'));
    if (loaded.ok) throw new Error('should not validate');
    const text = await readFile(fixture('operator-not-member'), 'utf8');
    const lines = text.split('\n');
    for (const problem of loaded.problems) {
      expect(lines[(problem.line ?? 0) - 1]).toContain('dealer');
    }
  });

  it('checks that a stablecoin opens fully backed and that every currency has a reference rate', async () => {
    const text = await readFile(fixture('minimal'), 'utf8');
    const underBacked = text.replace(
      "balances: { coin: '100.000000' }",
      "balances: { coin: '5000.000000' }",
    );
    const unlinked = text.replace("fx:\n  XAA/XAB: '1.5'\n", '');
    const first = parseScenario(underBacked, 'under-backed');
    const second = parseScenario(unlinked, 'unlinked');
    expect(first.ok ? [] : first.problems.map(formatProblem)).toEqual([
      expect.stringContaining(
        'assets[3]: stablecoin "coin" opens with a supply of 5000000000 minor units but its reserve accounts hold only 1000000000',
      ),
    ]);
    expect(second.ok ? [] : second.problems.map(formatProblem)).toEqual([
      expect.stringContaining('fx: no reference rate links XAB with XAA'),
    ]);
  });

  it('validates generated scenarios of every size', () => {
    for (const venues of [30, 200, 1_000]) {
      const generated = generateScenario(optionsForVenueCount(venues, venues));
      expect(
        generated.ok ? generated.value.venues.length : generated.problems.map(formatProblem),
      ).toBeGreaterThanOrEqual(venues * 0.9);
    }
  });
});
