import { describe, expect, it } from 'vitest';
import { parseFaultSpec } from '../../router/simulation/fault-spec';

const LEDGERS = ['cbdc', 'deposit', 'stablecoin'];

describe('--faults spec', () => {
  it('parses the documented example', () => {
    const parsed = parseFaultSpec(
      'crash:step=hold-placed:at=0.1:restart=5s,node-down:ledger=deposit:from=10s:for=5s,endorsement:p=0.01,mvcc:p=0.02,delay:ledger=cbdc:p=0.1:ms=500',
      LEDGERS,
    );
    expect(parsed).toEqual({
      ok: true,
      value: [
        {
          kind: 'crash',
          step: 'hold-placed',
          at: { kind: 'fraction', fraction: 0.1 },
          restartMs: 5000,
        },
        { kind: 'node-down', ledger: 'deposit', fromMs: 10_000, forMs: 5000 },
        { kind: 'endorsement', probability: 0.01, ledger: null },
        { kind: 'mvcc', probability: 0.02, ledger: null },
        { kind: 'delay', probability: 0.1, ledger: 'cbdc', delayMs: 500 },
      ],
    });
  });

  it('reads crash times, minutes and bare milliseconds', () => {
    const parsed = parseFaultSpec(
      'crash:step=decision:at=30s:restart=2m,delay:p=1:ms=250',
      LEDGERS,
    );
    expect(parsed.ok && parsed.value).toEqual([
      { kind: 'crash', step: 'decision', at: { kind: 'time', atMs: 30_000 }, restartMs: 120_000 },
      { kind: 'delay', probability: 1, ledger: null, delayMs: 250 },
    ]);
    expect(parseFaultSpec('', LEDGERS)).toEqual({ ok: true, value: [] });
  });

  it('parses lost replies and lost submits, on every ledger or one', () => {
    expect(parseFaultSpec('lost-reply:p=0.05,lost-submit:p=0.2:ledger=cbdc', LEDGERS)).toEqual({
      ok: true,
      value: [
        { kind: 'lost-reply', probability: 0.05, ledger: null },
        { kind: 'lost-submit', probability: 0.2, ledger: 'cbdc' },
      ],
    });
  });

  it.each([
    ['lost-reply', /"lost-reply": missing p=/],
    ['lost-submit:p=0.1:ms=5', /unknown key "ms" for lost-submit/],
    ['lost-reply:p=0.1:ledger=ghost', /ledger: unknown ledger "ghost"/],
    ['explode:p=0.1', /"explode:p=0.1": unknown fault kind "explode"/],
    ['mvcc:q=0.1', /"mvcc:q=0.1": unknown key "q" for mvcc/],
    ['mvcc', /"mvcc": missing p=/],
    ['mvcc:p=1.5', /"mvcc:p=1.5": p: expected a probability from 0 to 1/],
    ['mvcc:p=abc', /p: expected a probability/],
    ['mvcc:p=0.1:p=0.2', /key "p" given twice/],
    ['mvcc:p', /expected key=value, got "p"/],
    [
      'node-down:ledger=ghost:from=1s:for=1s',
      /"node-down:ledger=ghost:from=1s:for=1s": ledger: unknown ledger "ghost" \(known: cbdc, deposit, stablecoin\)/,
    ],
    ['node-down:ledger=cbdc:from=soon:for=1s', /from: expected a duration/],
    ['node-down:ledger=cbdc:from=1s:for=0', /for: must be longer than 0/],
    ['crash:step=teatime:at=0.1:restart=5s', /step: unknown step "teatime"/],
    ['crash:step=decision:at=1.5:restart=5s', /at: expected a fraction/],
    ['crash:step=decision:at=0.5:restart=-1s', /restart: expected a duration/],
    ['delay:p=0.1:ms=fast', /ms: expected a duration/],
    ['mvcc:p=0.1,,endorsement:p=0.1', /"": unknown fault kind ""/],
  ])('rejects %s, naming the bad part', (spec, message) => {
    const parsed = parseFaultSpec(spec, LEDGERS);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.error.message).toMatch(/^--faults: /);
      expect(parsed.error.message).toMatch(message);
    }
  });
});
