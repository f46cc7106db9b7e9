// Model-based check of settlement under faults (router/props/cross-ledger.ts, also run by
// `corridor props --suite cross-ledger`): the random property, then a crash right after every
// journal step under every protocol, with lost replies and submits on top.
import { describe, expect, it } from 'vitest';
import { chainScenario } from '../../router/props/chain-world';
import {
  checkAgainstModel,
  crossLedgerProperty,
  simulateChain,
} from '../../router/props/cross-ledger';
import { assertProperty } from '../../router/props/property';
import { JOURNAL_ENTRY_TYPES } from '../../router/settlement/journal-entry';
import { fcOptions } from './fc-options';

describe('cross-ledger settlement under faults (model-based)', () => {
  it('ends every payment settled or reverted, exactly as the model says', async () => {
    await assertProperty(crossLedgerProperty, { numRuns: fcOptions(40).numRuns });
  });

  const protocols = ['htlc', '2pc', 'auto'] as const;
  it.each(
    JOURNAL_ENTRY_TYPES.flatMap((step) => protocols.map((protocol) => [step, protocol] as const)),
  )('recovers from a crash right after %s under %s', async (step, protocol) => {
    const scenario = await chainScenario();
    const faults = `crash:step=${step}:at=0.3:restart=20s,mvcc:p=0.05,lost-reply:p=0.1,lost-submit:p=0.1`;
    const { result, rows } = await simulateChain(scenario, {
      payments: 30,
      seed: 5,
      protocols: [protocol],
      faults,
    });
    // The workload runs out of connector liquidity, so prepares fail too; only 2PC has no secret.
    expect(result.faults.crashes).toBe(step === 'secret' && protocol === '2pc' ? 0 : 1);
    expect(result.faults.lostReply, 'lost replies injected').toBeGreaterThan(0);
    expect(result.faults.lostSubmit, 'lost submits injected').toBeGreaterThan(0);
    checkAgainstModel(scenario, result, rows, 30);
  });
});
