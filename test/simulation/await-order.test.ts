// Results must not depend on how many `await`s the code between two scheduler events takes: the
// virtual-time scheduler resumes one piece of work at a time, in its own order, and lets it run
// until it waits again. The same run is made twice on mbridge-lite, the second with extra awaits
// injected into the settlement path (every transaction a payment submits first waits 0–3 more
// microtask turns, fixed per payment, so payments resumed at the same instant fall out of step),
// and must write the same bytes. (A payment's own parallel legs still interleave among
// themselves as its code awaits; what is fixed is the order across payments.)
import { describe, expect, it } from 'vitest';
import type { LedgerClient } from '../../router/ledger/ledger-client';
import { mbridgeRun } from './mbridge-run';

/** 0–3 extra microtask turns, fixed per payment: op ids start with the payment id ("pay-7.h0"). */
function extraTurns(opId: string): number {
  const payment = /^[^.:]+/.exec(opId)?.[0] ?? opId;
  let sum = 0;
  for (let i = 0; i < payment.length; i++) sum += payment.charCodeAt(i);
  return sum % 4;
}

function withExtraAwaits(inner: LedgerClient): LedgerClient {
  return {
    ...inner,
    async submit(ledger, org, op) {
      for (let turn = extraTurns(op.id); turn > 0; turn--) await Promise.resolve();
      return inner.submit(ledger, org, op);
    },
    evaluate: (ledger, org, query) => inner.evaluate(ledger, org, query),
    nowMs: () => inner.nowMs(),
    close: () => inner.close(),
  };
}

const run = (extraAwaits: boolean) =>
  mbridgeRun({
    payments: 300,
    seed: 11,
    strategies: ['cheapest', 'split'],
    protocols: ['auto', '2pc'],
    ...(extraAwaits
      ? { wrap: (backend) => ({ ...backend, client: withExtraAwaits(backend.client) }) }
      : {}),
  });

describe('scheduler order', () => {
  it('gives the same bytes when the settlement path awaits more', async () => {
    const plain = await run(false);
    const awaited = await run(true);
    expect(awaited.payments).toBe(plain.payments);
    expect(awaited.summary).toBe(plain.summary);
  }, 120_000);
});
