// Execute–order–validate on the embedded ledger: transactions simulated at submission, cut into
// blocks by time and size, invalidated (with no effect) when an earlier transaction of the same
// or an earlier block changed what they read or scanned — with the code Fabric's client reports.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LedgerOp, Result } from '../../chaincode/src/core/types';
import { FOLD_MARGIN_MS } from '../../chaincode/src/core/balances';
import { compositeKey } from '../../chaincode/src/core/keys';
import { type OrderingOptions, WorldState } from '../../router/ledger/embedded';
import { RecordingView } from '../../router/ledger/embedded/read-set';
import { RecentWrites } from '../../router/ledger/embedded/recent-writes';
import type { Receipt } from '../../router/ledger/ledger-client';
import { createWorld, LEDGER, OPEN_ACCOUNTS, ownerOf } from '../../router/props/world';
import { EventScheduler } from '../../router/simulation/scheduler';
import {
  BATCH_TIMEOUT_MS,
  LATENCY_MS,
  orderedWorld,
  type Submission,
  transfer,
} from './ordered-world';

const codeOf = (result: Result<Receipt>) => (result.ok ? 'ok' : result.error.code);
/** Block order is simulation order, and so tx-number order ("cbdc-12" -> 12). */
const txNumber = (result: Result<Receipt>) =>
  result.ok ? Number(result.value.txId.slice(result.value.txId.lastIndexOf('-') + 1)) : 0;

describe('embedded ledger ordered in blocks', () => {
  it('invalidates exactly the later of two transactions that read the same key in one block, with no effect', async () => {
    const { world, client, run } = await orderedWorld();
    const open = (id: string): Submission => ({
      at: 0,
      org: 'bankB',
      op: { type: 'openAccount', id, account: 'bankB/new' },
    });
    // Both read account(bankB/new) as absent; the first creates it.
    const [first, second] = await run([open('open-1'), open('open-2')]);
    expect(codeOf(first!)).toBe('ok');
    expect(codeOf(second!)).toBe('MvccConflict');
    expect(second!.ok || second!.error.message).toMatch(
      /^transaction cbdc-\d+ was invalidated at commit in block \d+ \(MVCC_READ_CONFLICT: account\(bankB\/new\) changed/,
    );
    expect(client.blockStats()[LEDGER]).toEqual({
      blocks: 1,
      transactions: 2,
      invalidated: { MVCC_READ_CONFLICT: 1, PHANTOM_READ_CONFLICT: 0 },
    });
    // Its op id was never used.
    expect(
      await world.client.evaluate(LEDGER, 'bankB', { type: 'op', id: 'open-2' }),
    ).toMatchObject({ ok: false, error: { code: 'UnknownOp' } });
  });

  it('leaves no trace of an invalidated transaction in the state bytes', async () => {
    const { world, run } = await orderedWorld();
    const open = (id: string, account: string): Submission => ({
      at: 0,
      org: 'bankB',
      op: { type: 'openAccount', id, account },
    });
    const results = await run([open('open-1', 'bankB/new'), open('open-2', 'bankB/new')]);
    expect(results.map(codeOf)).toEqual(['ok', 'MvccConflict']);
    // The reference skips the invalidated transaction's number by endorsing a refused one.
    const reference = await createWorld();
    await reference.client.submit(LEDGER, 'bankB', open('open-1', 'bankB/new').op);
    await reference.client.submit(LEDGER, 'bankB', open('open-3', 'bankB/new').op);
    expect(world.client.stateBytes(LEDGER)).toBe(reference.client.stateBytes(LEDGER));
  });

  it('invalidates a debit that must read recent credits when one lands earlier in its block (phantom)', async () => {
    const { client, run } = await orderedWorld();
    // bankA/main has only its opening credit, still in an open window: its first debit reads
    // the whole credit range, and the credit before it in the block adds a key to that range.
    const debit: Submission = {
      at: 0,
      org: 'bankA',
      op: transfer('out', 'bankA/main', 'bankB/main', 1n),
    };
    const [credit, paid] = await run([
      { at: 0, org: 'bankB', op: transfer('in', 'bankB/main', 'bankA/main', 5n) },
      debit,
    ]);
    expect(codeOf(credit!)).toBe('ok');
    expect(paid!.ok || paid!.error).toMatchObject({
      code: 'MvccConflict',
      message: expect.stringMatching(
        /\(PHANTOM_READ_CONFLICT: delta\(USD, bankA\/main, …\) changed after it was simulated\)$/,
      ),
    });
    expect(client.blockStats()[LEDGER]!.invalidated.PHANTOM_READ_CONFLICT).toBe(1);
    // Simulated afresh in a later block, it commits.
    const [retry] = await run([{ ...debit, at: 1_000 }]);
    expect(codeOf(retry!)).toBe('ok');
  });

  it('commits folds in the same block as credits to the account: they read only closed windows', async () => {
    const { world, client, run } = await orderedWorld();
    const later = FOLD_MARGIN_MS + 10_000;
    const credit = (at: number, payer: string): Submission => ({
      at,
      org: ownerOf(payer),
      op: transfer(`in-${payer}`, payer, 'bankA/main', 5n),
    });
    const compact: LedgerOp = { type: 'compact', id: 'fold', asset: 'USD', account: 'bankA/main' };
    const results = await run([
      credit(later, 'cb/main'),
      { at: later, org: 'bankA', op: compact },
      credit(later, 'ecb/main'),
      // In the next block, bankA's first debit: its shard is empty, so it re-spreads the account.
      credit(later + 1_000, 'bankB/main'),
      { at: later + 1_000, org: 'bankA', op: transfer('out', 'bankA/main', 'bankB/main', 1n) },
      credit(later + 1_000, 'bankA/ops'),
    ]);
    expect(results.map(codeOf)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'ok']);
    expect(client.blockStats()[LEDGER]!.blocks).toBe(2);
    const range = compositeKey('delta', ['USD', 'bankA/main']);
    const entries = JSON.parse(world.client.stateBytes(LEDGER)) as Array<[string, string]>;
    const deltas = entries.filter(([key]) => key.startsWith(range));
    // The opening credit was folded; the four fresh credits are left for a later fold.
    expect(deltas.map(([, value]) => value)).toEqual(['"5"', '"5"', '"5"', '"5"']);
  });

  it('never invalidates blind writes: four payers credit one account in one block', async () => {
    const { client, run } = await orderedWorld();
    const payers = OPEN_ACCOUNTS.filter((account) => account !== 'bankB/main');
    const results = await run(
      payers.map((payer, i) => ({
        at: 0,
        org: ownerOf(payer),
        op: transfer(`pay-${i}`, payer, 'bankB/main', 10n),
      })),
    );
    expect(results.map(codeOf)).toEqual(payers.map(() => 'ok'));
    expect(client.blockStats()[LEDGER]).toMatchObject({
      blocks: 1,
      invalidated: { MVCC_READ_CONFLICT: 0, PHANTOM_READ_CONFLICT: 0 },
    });
  });

  it('cuts a block when full or at the batch timeout and stamps receipts with the cut time', async () => {
    const { client, startMs, run } = await orderedWorld({ maxBlockTransactions: 2 });
    const open = (i: number, at: number): Submission => ({
      at,
      org: 'bankB',
      op: { type: 'openAccount', id: `open-${i}`, account: `bankB/a${i}` },
    });
    const results = await run([open(1, 0), open(2, 10), open(3, 10), open(4, 500)]);
    expect(results.map((result) => result.ok && result.value.committedAtMs - startMs)).toEqual([
      10 + LATENCY_MS, // full when the second arrived
      10 + LATENCY_MS,
      10 + LATENCY_MS + BATCH_TIMEOUT_MS, // alone until the timeout
      500 + LATENCY_MS + BATCH_TIMEOUT_MS,
    ]);
    expect(client.blockStats()[LEDGER]).toMatchObject({ blocks: 3, transactions: 4 });
  });

  it('returns endorsement failures at once, before ordering', async () => {
    const { client, startMs, world } = await orderedWorld();
    // Nothing runs the scheduler: a refusal must not wait for a block.
    const refused = await client.submit(
      LEDGER,
      'bankA',
      transfer('big', 'bankA/main', 'bankB/main', 10n ** 12n),
    );
    expect(codeOf(refused)).toBe('InsufficientFunds');
    expect(world.clock.nowMs()).toBe(startMs);
    expect(client.blockStats()[LEDGER]).toMatchObject({ blocks: 0, transactions: 0 });
  });

  // Serialisability, checked against the simplest model there is: the same ledger applying only
  // the transactions that committed, one at a time in commit order, must end with the same
  // balances, and each of them must succeed there too.
  it('commits exactly a serial history: random concurrent transfers, replayed one at a time', async () => {
    const transfers = fc.array(
      fc.record({
        at: fc.integer({ min: 0, max: 400 }),
        from: fc.constantFrom(...OPEN_ACCOUNTS),
        to: fc.constantFrom(...OPEN_ACCOUNTS),
        amount: fc.bigInt({ min: 1n, max: 4_000n }),
      }),
      { minLength: 1, maxLength: 25 },
    );
    await fc.assert(
      fc.asyncProperty(transfers, fc.integer({ min: 1, max: 4 }), async (plan, blockSize) => {
        const { world, run } = await orderedWorld({ maxBlockTransactions: blockSize });
        const submissions = plan.map(({ at, from, to, amount }, i) => ({
          at,
          org: ownerOf(from),
          op: transfer(`t${i}`, from, to, amount),
        }));
        const results = await run(submissions);
        const committed = submissions
          .map((submission, i) => ({ submission, result: results[i]! }))
          .filter(({ result }) => result.ok)
          .sort((a, b) => txNumber(a.result) - txNumber(b.result));
        const replay = await createWorld();
        for (const { submission } of committed) {
          const again = await replay.client.submit(LEDGER, submission.org, submission.op);
          expect(codeOf(again)).toBe('ok');
        }
        for (const account of OPEN_ACCOUNTS) {
          const query = { type: 'balance', asset: 'USD', account } as const;
          expect(await world.client.evaluate(LEDGER, 'cb', query)).toEqual(
            await replay.client.evaluate(LEDGER, 'cb', query),
          );
        }
      }),
      { numRuns: 40 },
    );
  });

  it('is deterministic: the same concurrent submissions give the same verdicts and bytes', async () => {
    const submissions: Submission[] = Array.from({ length: 30 }, (_, i) => {
      const from = OPEN_ACCOUNTS[i % OPEN_ACCOUNTS.length]!;
      const to = OPEN_ACCOUNTS[(i * 3 + 1) % OPEN_ACCOUNTS.length]!;
      return { at: (i * 37) % 250, org: ownerOf(from), op: transfer(`d${i}`, from, to, 100n) };
    });
    const once = async () => {
      const { world, client, run } = await orderedWorld({ maxBlockTransactions: 3 });
      const results = await run(submissions);
      return { results, bytes: world.client.stateBytes(LEDGER), stats: client.blockStats() };
    };
    const first = await once();
    expect(await once()).toEqual(first);
    const invalidated = first.stats[LEDGER]!.invalidated;
    expect(invalidated.MVCC_READ_CONFLICT + invalidated.PHANTOM_READ_CONFLICT).toBeGreaterThan(0);
  });

  it('rejects bad ordering configuration', async () => {
    const world = await createWorld();
    const time = new EventScheduler(world.clock);
    const ordered = (overrides: Partial<OrderingOptions>) => () =>
      world.client.ordered({ time, batchTimeoutMs: 200, maxBlockTransactions: 100, ...overrides });
    expect(ordered({ batchTimeoutMs: 0 })).toThrow(/batchTimeoutMs must be a positive integer/);
    expect(ordered({ batchTimeoutMs: 1.5 })).toThrow(/batchTimeoutMs/);
    expect(ordered({ maxBlockTransactions: 0 })).toThrow(/maxBlockTransactions must be a positive/);
    expect(ordered({ maxBlockTransactions: Number.NaN })).toThrow(/maxBlockTransactions/);
    expect(ordered({ commitLatencyMs: { [LEDGER]: -1 } })).toThrow(/commitLatencyMs\.cbdc/);
    expect(ordered({ commitLatencyMs: { nowhere: 5 } })).toThrow(/unknown ledger "nowhere"/);
    expect(ordered({})).not.toThrow();
  });
});

describe('read sets and recent writes', () => {
  const key = (type: string, ...attributes: string[]) => compositeKey(type, attributes);

  function simulate(state: WorldState, read: (view: RecordingView) => void): RecordingView {
    const view = new RecordingView(state);
    read(view);
    return view;
  }

  function committed(
    state: WorldState,
    recent: RecentWrites,
    writes: Array<[string, string | null]>,
  ) {
    state.commit(writes);
    recent.record(state.version, writes);
  }

  it('flags a changed read as MVCC, a key added, changed or removed in a scanned range as a phantom, and nothing else', () => {
    const state = new WorldState();
    const recent = new RecentWrites();
    committed(state, recent, [
      [key('delta', 'USD', 'a', '1'), '5'],
      [key('delta', 'USD', 'b', '1'), '5'],
    ]);
    const reader = simulate(state, (view) => {
      view.get(key('balance', 'USD', 'a'));
      view.scan('delta', ['USD', 'a']);
    });
    expect(recent.conflict(reader)).toBeNull();
    // Outside both: another account's range, a key merely prefixed like the scanned one.
    committed(state, recent, [
      [key('delta', 'USD', 'b', '2'), '1'],
      [key('delta', 'USD', 'ab', '1'), '1'],
    ]);
    expect(recent.conflict(reader)).toBeNull();
    for (const change of ['added', 'changed', 'removed'] as const) {
      const fresh = simulate(state, (view) => view.scan('delta', ['USD', 'a']));
      const target = key('delta', 'USD', 'a', change === 'added' ? '2' : '1');
      committed(state, recent, [[target, change === 'removed' ? null : '9']]);
      expect(recent.conflict(fresh)).toEqual({
        reason: 'PHANTOM_READ_CONFLICT',
        key: key('delta', 'USD', 'a'),
      });
    }
    // The read set is checked before the ranges, as Fabric does.
    const both = simulate(state, (view) => {
      view.get(key('balance', 'USD', 'a'));
      view.scan('delta', ['USD', 'a']);
    });
    committed(state, recent, [
      [key('balance', 'USD', 'a'), '3'],
      [key('delta', 'USD', 'a', '3'), '1'],
    ]);
    expect(recent.conflict(both)?.reason).toBe('MVCC_READ_CONFLICT');
  });

  it('treats reading an absent key as a read: its creation conflicts; blind writes never do', () => {
    const state = new WorldState();
    const recent = new RecentWrites();
    const absent = simulate(state, (view) => view.get(key('opid', 'x')));
    const blind = simulate(state, () => {});
    committed(state, recent, [[key('opid', 'x'), '{}']]);
    expect(recent.conflict(absent)).toEqual({
      reason: 'MVCC_READ_CONFLICT',
      key: key('opid', 'x'),
    });
    expect(recent.conflict(blind)).toBeNull();
  });

  it('forgets writes every in-flight transaction has seen, but not later writes of the same key', () => {
    const state = new WorldState();
    const recent = new RecentWrites();
    committed(state, recent, [[key('pool', 'p'), '1']]);
    const early = simulate(state, (view) => view.get(key('pool', 'p')));
    committed(state, recent, [[key('pool', 'p'), '2']]);
    recent.forgetUpTo(early.version);
    expect(recent.conflict(early)?.reason).toBe('MVCC_READ_CONFLICT');
    recent.forgetUpTo(state.version);
    const late = simulate(state, (view) => view.get(key('pool', 'p')));
    expect(recent.conflict(late)).toBeNull();
  });

  it('refuses writes through the recording view', () => {
    const view = new RecordingView(new WorldState());
    expect(() => view.put()).toThrow(/never to the state/);
  });
});
