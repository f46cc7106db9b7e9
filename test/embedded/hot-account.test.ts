// A hot account on the embedded ledger ordered in blocks: credited in every block while it pays
// out as often, and compacted every 32 credits, as the simulation's compactor does. Its folds
// (the re-spread of a debit whose shard is short, and compaction) read only credit windows that
// closed before the credits still in flight, so they commit instead of being invalidated by
// those credits, and the credits they fold away keep the account's live delta keys bounded.
// (On the layout where folds scanned the whole credit range, nearly every fold was a
// PHANTOM_READ_CONFLICT and every credit stayed a key.) And a debit larger than its shard draws
// on the next few shards, so it commits beside small debits that a re-spread would meet.
import { describe, expect, it } from 'vitest';
import { FOLD_MARGIN_MS } from '../../chaincode/src/core/balances';
import { compositeKey } from '../../chaincode/src/core/keys';
import { LEDGER, OPENING_BALANCE, ownerOf } from '../../router/props/world';
import { orderedWorld, type Submission, transfer } from './ordered-world';

const HOT = 'bankA/main';
const PEERS = ['cb/main', 'ecb/main', 'bankB/main', 'bankA/ops'];
const TICK_MS = 250;
const TICKS = 1_200; // 300 s of virtual time: 60 credit windows
const AMOUNT = 40n;
const COMPACT_EVERY = 32;
const SAMPLE_EVERY = 40;
/** From then on the opening credits are in closed windows (before, a first debit reads them all). */
const WARM_MS = FOLD_MARGIN_MS + 5_000;

describe('a hot account credited in every block while it pays out', () => {
  it('folds: re-spreads and compactions commit, and its live delta keys stay bounded', async () => {
    const { world, client, run } = await orderedWorld();
    const deltaRange = compositeKey('delta', ['USD', HOT]);
    const stateOf = () =>
      new Map(JSON.parse(world.client.stateBytes(LEDGER)) as [string, string][]);

    // One round-robin of peers pays in and is paid out per tick; runs in slices to sample state.
    const submissions: Array<Submission & { kind: 'in' | 'out' | 'compact' }> = [];
    for (let tick = 0; tick < TICKS; tick++) {
      const at = WARM_MS + tick * TICK_MS;
      const payer = PEERS[tick % PEERS.length]!;
      const payee = PEERS[(tick + 1) % PEERS.length]!;
      submissions.push(
        { kind: 'in', at, org: ownerOf(payer), op: transfer(`in-${tick}`, payer, HOT, AMOUNT) },
        { kind: 'out', at: at + 10, org: 'bankA', op: transfer(`out-${tick}`, HOT, payee, AMOUNT) },
      );
      if (tick % COMPACT_EVERY === COMPACT_EVERY - 1)
        submissions.push({
          kind: 'compact',
          at: at + 20,
          org: 'bankA',
          op: { type: 'compact', id: `compact-${tick}`, asset: 'USD', account: HOT },
        });
    }

    const committed = { in: 0, out: 0, compact: 0 };
    let maxDeltas = 0;
    const perSlice = Math.ceil(submissions.length / (TICKS / SAMPLE_EVERY));
    for (let first = 0; first < submissions.length; first += perSlice) {
      const slice = submissions.slice(first, first + perSlice);
      const results = await run(slice);
      results.forEach((result, i) => {
        if (result.ok) committed[slice[i]!.kind] += 1;
      });
      const state = stateOf();
      const deltas = [...state.keys()].filter((key) => key.startsWith(deltaRange)).length;
      maxDeltas = Math.max(maxDeltas, deltas);
    }

    // No fold was invalidated by an incoming credit (a phantom in a range it read); what is left
    // is the odd debit or compaction meeting another on the book or a shard.
    const { invalidated, transactions } = client.blockStats()[LEDGER]!;
    expect(invalidated.PHANTOM_READ_CONFLICT).toBe(0);
    expect(invalidated.MVCC_READ_CONFLICT).toBeLessThanOrEqual(transactions / 100);
    expect(committed.in).toBe(TICKS);
    expect(committed.out).toBeGreaterThanOrEqual(TICKS * 0.99);
    // A compaction in the block of a re-spread meets it on the book; the compactor retries.
    expect(committed.compact).toBeGreaterThanOrEqual(Math.floor(TICKS / COMPACT_EVERY) * 0.9);
    // The opening balance covers a fifth of the payouts: the rest were paid from folded credits
    // (compaction folds them into a shard, which payouts draw on).
    expect(AMOUNT * BigInt(TICKS)).toBeGreaterThan(OPENING_BALANCE * 4n);
    // Live credits: about those of the fold margin, the open window and the time between
    // compactions, or two when one failed (4 a second over 15 + 5 + 16 s), far below the 1,200
    // credits taken.
    expect(maxDeltas).toBeLessThanOrEqual(160);
    // Conservation: the opening balance plus what was paid in, less what was paid out.
    const balance = await world.client.evaluate(LEDGER, 'bankA', {
      type: 'balance',
      asset: 'USD',
      account: HOT,
    });
    expect(balance).toEqual({
      ok: true,
      value: OPENING_BALANCE + AMOUNT * BigInt(committed.in - committed.out),
    });
  });
});

describe('a hot account paying out small and large amounts in the same blocks', () => {
  it('pays a debit larger than its shard from a few shards, without re-spreading', async () => {
    const { world, client, run } = await orderedWorld();
    // A first tiny payout spreads the book over as many shards as it may: each holds ~10 USD.
    const [spread] = await run([
      { at: WARM_MS, org: 'bankA', op: transfer('spread', HOT, PEERS[0]!, 1n) },
    ]);
    expect(spread!.ok).toBe(true);

    // Every tick three payouts of 1 USD, then one of 15 to 45 USD, validated after them.
    const TICKS_RUN = 80;
    const payouts: Array<Submission & { large: boolean }> = [];
    for (let tick = 0; tick < TICKS_RUN; tick++) {
      const at = WARM_MS + 1_000 + tick * TICK_MS;
      for (let j = 0; j < 3; j++)
        payouts.push({
          large: false,
          at: at + j,
          org: 'bankA',
          op: transfer(`small-${tick}-${j}`, HOT, PEERS[j]!, 1n),
        });
      const amount = BigInt(((tick * 7) % 31) + 15);
      payouts.push({
        large: true,
        at: at + 3,
        org: 'bankA',
        op: transfer(`large-${tick}`, HOT, PEERS[3]!, amount),
      });
    }
    const results = await run(payouts);
    let paidOut = 1n;
    let largeCommitted = 0;
    results.forEach((result, i) => {
      const { op, large } = payouts[i]!;
      if (!result.ok || op.type !== 'transfer') return;
      paidOut += op.amount;
      if (large) largeCommitted += 1;
    });

    // A re-spread reads every touched shard, so the small payouts committed just before it
    // invalidate it; drawing on a few shards meets them only when they drew on the same ones.
    expect(largeCommitted).toBeGreaterThanOrEqual(TICKS_RUN * 0.9);
    expect(client.blockStats()[LEDGER]!.invalidated.PHANTOM_READ_CONFLICT).toBe(0);
    const balance = await world.client.evaluate(LEDGER, 'bankA', {
      type: 'balance',
      asset: 'USD',
      account: HOT,
    });
    expect(balance).toEqual({ ok: true, value: OPENING_BALANCE - paidOut });
  });
});
