// Execute–order–validate on the embedded ledger: transactions simulated at submission, cut into
// blocks by time and size, invalidated (with no effect) when an earlier transaction of the same
// or an earlier block changed what they read or scanned — with the code Fabric's client reports.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LedgerOp, OrgId, Result } from '../../chaincode/src/core/types';
import { compositeKey } from '../../chaincode/src/core/keys';
import { type OrderingOptions, WorldState } from '../../router/ledger/embedded';
import { RecordingView } from '../../router/ledger/embedded/read-set';
import { RecentWrites } from '../../router/ledger/embedded/recent-writes';
import type { Receipt } from '../../router/ledger/ledger-client';
import { createWorld, LEDGER, OPEN_ACCOUNTS, ownerOf } from '../../router/props/world';
import { EventScheduler } from '../../router/simulation/scheduler';

const BATCH_TIMEOUT_MS = 100;
const LATENCY_MS = 50;

const transfer = (id: string, from: string, to: string, amount: bigint): LedgerOp => ({
  type: 'transfer',
  id,
  asset: 'USD',
  from,
  to,
  amount,
});

type Submission = { at: number; org: OrgId; op: LedgerOp };

/** A fresh world ordered in blocks; runs the submissions at their offsets in virtual time. */
async function orderedWorld(ordering: Partial<Omit<OrderingOptions, 'time'>> = {}) {
  const world = await createWorld();
  const scheduler = new EventScheduler(world.clock);
  const client = world.client.ordered({
    time: scheduler,
    batchTimeoutMs: BATCH_TIMEOUT_MS,
    maxBlockTransactions: 10,
    commitLatencyMs: { [LEDGER]: LATENCY_MS },
    ...ordering,
  });
  const startMs = world.clock.nowMs();
  const run = async (submissions: Submission[]): Promise<Array<Result<Receipt>>> => {
    const results = submissions.map(
      ({ at, org, op }) =>
        new Promise<Result<Receipt>>((resolve) =>
          scheduler.at(startMs + at, () => resolve(client.submit(LEDGER, org, op))),
        ),
    );
    const all = Promise.all(results);
    scheduler.track(all);
    await scheduler.run();
    return all;
  };
  return { world, client, startMs, run };
}

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

  it('invalidates a compaction whose scanned credit range gained a key earlier in its block (phantom)', async () => {
    const { client, run } = await orderedWorld();
    // Folding bankA/main's credits scans their range; the credit before it in the block adds one.
    const compact: Submission = {
      at: 0,
      org: 'bankA',
      op: { type: 'compact', id: 'fold', asset: 'USD', account: 'bankA/main' },
    };
    const [credit, folded] = await run([
      { at: 0, org: 'bankB', op: transfer('in', 'bankB/main', 'bankA/main', 5n) },
      compact,
    ]);
    expect(codeOf(credit!)).toBe('ok');
    expect(folded!.ok || folded!.error).toMatchObject({
      code: 'MvccConflict',
      message: expect.stringMatching(
        /\(PHANTOM_READ_CONFLICT: delta\(USD, bankA\/main, …\) changed after it was simulated\)$/,
      ),
    });
    expect(client.blockStats()[LEDGER]!.invalidated.PHANTOM_READ_CONFLICT).toBe(1);
    // Simulated afresh in a later block, it commits.
    const [retry] = await run([{ ...compact, at: 1_000 }]);
    expect(codeOf(retry!)).toBe('ok');
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
      view.read(key('balance', 'USD', 'a'));
      view.scanSync('delta', ['USD', 'a']);
    });
    expect(recent.conflict(reader)).toBeNull();
    // Outside both: another account's range, a key merely prefixed like the scanned one.
    committed(state, recent, [
      [key('delta', 'USD', 'b', '2'), '1'],
      [key('delta', 'USD', 'ab', '1'), '1'],
    ]);
    expect(recent.conflict(reader)).toBeNull();
    for (const change of ['added', 'changed', 'removed'] as const) {
      const fresh = simulate(state, (view) => view.scanSync('delta', ['USD', 'a']));
      const target = key('delta', 'USD', 'a', change === 'added' ? '2' : '1');
      committed(state, recent, [[target, change === 'removed' ? null : '9']]);
      expect(recent.conflict(fresh)).toEqual({
        reason: 'PHANTOM_READ_CONFLICT',
        key: key('delta', 'USD', 'a'),
      });
    }
    // The read set is checked before the ranges, as Fabric does.
    const both = simulate(state, (view) => {
      view.read(key('balance', 'USD', 'a'));
      view.scanSync('delta', ['USD', 'a']);
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
    const absent = simulate(state, (view) => view.read(key('opid', 'x')));
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
    const early = simulate(state, (view) => view.read(key('pool', 'p')));
    committed(state, recent, [[key('pool', 'p'), '2']]);
    recent.forgetUpTo(early.version);
    expect(recent.conflict(early)?.reason).toBe('MVCC_READ_CONFLICT');
    recent.forgetUpTo(state.version);
    const late = simulate(state, (view) => view.read(key('pool', 'p')));
    expect(recent.conflict(late)).toBeNull();
  });

  it('refuses writes through the recording view', () => {
    const view = new RecordingView(new WorldState());
    expect(() => view.put()).toThrow(/never to the state/);
  });
});
