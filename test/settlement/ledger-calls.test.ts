import { describe, expect, it } from 'vitest';
import type { ErrorCode, HoldRecord, LedgerOp, Result } from '../../chaincode/src/core/types';
import type { LedgerClient, Receipt } from '../../router/ledger/ledger-client';
import type { RecoveryDeps } from '../../router/settlement/deps';
import { createMemoryJournal } from '../../router/settlement/journal';
import { resolveHold, submitWithRetry } from '../../router/settlement/ledger-calls';

/** A client that answers submits from a script and holds from a fixed record; time is a counter. */
function scripted(replies: Array<ErrorCode | 'ok'>, record?: Partial<HoldRecord>) {
  const submitted: LedgerOp[] = [];
  let nowMs = 0;
  const client: LedgerClient = {
    backend: 'embedded',
    ledgers: ['l'],
    async submit(_ledger, _org, op) {
      submitted.push(op);
      const reply = replies.shift() ?? 'ok';
      if (reply === 'ok')
        return {
          ok: true,
          value: { txId: 't', committedAtMs: nowMs, result: { amountsOut: [] } },
        } as Result<Receipt>;
      return { ok: false, error: { code: reply, message: reply } };
    },
    async evaluate() {
      return { ok: true, value: { status: 'open', ...record } } as never;
    },
    nowMs: () => nowMs,
    close: async () => {},
  };
  const deps: RecoveryDeps = {
    client,
    journal: createMemoryJournal(),
    time: { nowMs: () => nowMs, sleepUntil: async (atMs) => void (nowMs = Math.max(nowMs, atMs)) },
    timing: {
      defaultProtocol: 'htlc',
      htlcExpiryMs: 1,
      htlcSafetyMarginMs: 1,
      twoPcDeadlineMs: 1,
      retryDelayMs: 100,
      maxAttempts: 3,
      commitGraceMs: 0,
    },
  };
  return { deps, submitted, now: () => nowMs };
}

const BATCH: LedgerOp = {
  type: 'batch',
  id: 'b',
  legs: [{ type: 'issue', asset: 'a', to: 'o/x', amount: 1n }],
};

describe('submitWithRetry', () => {
  it('retries MVCC conflicts a bounded number of times, and nothing else', async () => {
    const twice = scripted(['MvccConflict', 'MvccConflict', 'ok']);
    expect((await submitWithRetry(twice.deps, 'l', 'o', BATCH)).ok).toBe(true);
    expect(twice.submitted).toHaveLength(3);
    expect(twice.now()).toBe(200);

    const always = scripted(['MvccConflict', 'MvccConflict', 'MvccConflict', 'MvccConflict']);
    const gaveUp = await submitWithRetry(always.deps, 'l', 'o', BATCH);
    expect(!gaveUp.ok && gaveUp.error.code).toBe('MvccConflict');
    expect(always.submitted).toHaveLength(3);

    const endorsement = scripted(['EndorsementFailed']);
    expect(await submitWithRetry(endorsement.deps, 'l', 'o', BATCH)).toMatchObject({ ok: false });
    expect(endorsement.submitted).toHaveLength(1);
  });
});

describe('resolveHold', () => {
  it('treats a replayed id as done once the hold record confirms it', async () => {
    const { deps, submitted } = scripted(['DuplicateId'], { status: 'claimed' });
    expect(
      await resolveHold(deps, { ledger: 'l', org: 'o', hold: 'h', action: 'claim', secret: 's' }),
    ).toEqual({ ok: true, value: 'claimed' });
    expect(submitted).toEqual([{ type: 'claim', id: 'h:claim', hold: 'h', secret: 's' }]);
  });

  it('reports the status a hold was resolved to by someone else', async () => {
    const { deps } = scripted(['HoldResolved'], { status: 'refunded' });
    expect(
      await resolveHold(deps, { ledger: 'l', org: 'o', hold: 'h', action: 'claim', secret: 's' }),
    ).toEqual({ ok: true, value: 'refunded' });
  });

  it('waits out transient faults, but not past the give-up instant', async () => {
    const patient = scripted(['LedgerUnavailable', 'EndorsementFailed', 'MvccConflict', 'ok']);
    expect(
      await resolveHold(patient.deps, { ledger: 'l', org: 'o', hold: 'h', action: 'commit' }),
    ).toEqual({ ok: true, value: 'committed' });
    expect(patient.now()).toBe(300);

    const late = scripted(['LedgerUnavailable', 'LedgerUnavailable', 'LedgerUnavailable', 'ok']);
    const result = await resolveHold(late.deps, {
      ledger: 'l',
      org: 'o',
      hold: 'h',
      action: 'refund',
      giveUpAtMs: 250,
    });
    expect(!result.ok && result.error.code).toBe('LedgerUnavailable');
    expect(late.submitted).toHaveLength(3);

    const final = scripted(['Expired']);
    expect(
      await resolveHold(final.deps, {
        ledger: 'l',
        org: 'o',
        hold: 'h',
        action: 'claim',
        secret: 's',
      }),
    ).toMatchObject({ ok: false });
    expect(final.submitted).toHaveLength(1);
  });
});
