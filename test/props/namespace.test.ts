// The namespacing wrapper (router/props/namespace.ts) on an embedded ledger shared by many
// cases: every property gives the verdict it gives on fresh ledgers, one operation sequence
// gives the same outcomes, messages and final state as on a fresh ledger, and the wrapper's own
// rules (init, invalid ids, isolation) hold. FC_SEED=<n> replays a printed seed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LedgerOp, OrgId, Result } from '../../chaincode/src/core/types';
import { VirtualClock } from '../../router/ledger/clock';
import { createEmbeddedLedgerClient } from '../../router/ledger/embedded';
import type { LedgerClient, Receipt } from '../../router/ledger/ledger-client';
import {
  initialiseShared,
  openSharedEmbeddedBackend,
  type SharedBackend,
} from '../../router/props/backends';
import { differentialProperty } from '../../router/props/differential';
import { namespaced } from '../../router/props/namespace';
import { assertProperty } from '../../router/props/property';
import { PROPERTIES } from '../../router/props/registry';
import { formatOutcome, runProperties, summarise } from '../../router/props/runner';
import { createWorld, embeddedBackend, LEDGER, MEMBERS } from '../../router/props/world';

/** A realistic start, so locks an hour in the past are still valid times. */
const START_MS = Date.UTC(2026, 0, 1);
const SEED = 20_261_201;

let shared: SharedBackend;
beforeAll(async () => {
  shared = await openSharedEmbeddedBackend(START_MS);
});
afterAll(() => shared.close());

const outcome = (result: Result<Receipt>) =>
  result.ok ? 'ok' : `${result.error.code}: ${result.error.message}`;

describe('properties through namespaces of one shared embedded ledger', () => {
  it('give every property the verdict it has on fresh embedded ledgers', async () => {
    const seed = Number(process.env.FC_SEED ?? SEED);
    const options = { numRuns: 15, seed };
    const fresh = await runProperties(PROPERTIES, { ...options, backend: embeddedBackend });
    const namespacedRuns = await runProperties(PROPERTIES, { ...options, backend: shared });
    const verdict = (outcomes: typeof fresh) =>
      outcomes.map(
        (o) => `${o.name}: ${o.skipped ? 'skipped' : o.passed ? 'pass' : formatOutcome(o)}`,
      );
    expect(verdict(namespacedRuns)).toEqual(
      verdict(fresh).map((line) =>
        // Byte-level determinism reads the embedded store itself: not there in a namespace.
        line.startsWith('embedded-determinism') ? 'embedded-determinism: skipped' : line,
      ),
    );
    expect(verdict(fresh).every((line) => line.endsWith(': pass'))).toBe(true);
  });

  it('give one operation sequence the outcomes, messages and final state of a fresh ledger', () =>
    assertProperty(differentialProperty({ withMessages: true }), { numRuns: 40, backend: shared }));

  it('report what a backend cannot run as skipped, with the reason', async () => {
    const needsStore = PROPERTIES.find((property) => property.name === 'embedded-determinism')!;
    const [skipped] = await runProperties([needsStore], { numRuns: 5, backend: shared });
    expect(formatOutcome(skipped!)).toMatch(
      /^SKIP embedded-determinism\s+embedded-shared cannot: compares the embedded store's raw state bytes$/,
    );
    expect(summarise([skipped!]).line).toBe('0 passed, 0 failed, 1 skipped');
    await expect(assertProperty(needsStore, { numRuns: 5, backend: shared })).rejects.toThrow(
      'did not run',
    );
  });
});

describe('a namespace', () => {
  /** A shared cbdc ledger with one namespace in it, and a fresh ledger to compare with. */
  async function setting() {
    const clock = new VirtualClock(START_MS);
    const members = { members: MEMBERS };
    // Called as a fresh ledger is, so that messages naming the ledger compare equal.
    const sharedClient = createEmbeddedLedgerClient({ ledgers: { [LEDGER]: members }, clock });
    await initialiseShared(sharedClient, LEDGER, 'cb');
    const open = (prefix: string) =>
      namespaced(sharedClient, { ledger: LEDGER, alias: LEDGER, prefix, kind: 'cbdc' });
    const fresh = createEmbeddedLedgerClient({ ledgers: { [LEDGER]: members }, clock });
    return { sharedClient, open, fresh };
  }

  /** The same submissions on both; returns both lists of outcomes. */
  async function both(clients: LedgerClient[], ops: Array<[OrgId, LedgerOp]>) {
    const outcomes: string[][] = clients.map(() => []);
    for (const [org, op] of ops) {
      for (const [index, client] of clients.entries())
        outcomes[index]!.push(outcome(await client.submit(LEDGER, org, op)));
    }
    return outcomes;
  }

  it('inits as a fresh ledger does: first ok, then AlreadyInitialized; a replay is DuplicateId', async () => {
    const { open, fresh } = await setting();
    const space = open('ns1.');
    const inits: Array<[OrgId, LedgerOp]> = [
      ['mallory', { type: 'init', id: 'i0', kind: 'cbdc' }],
      ['bankA', { type: 'init', id: '', kind: 'cbdc' }],
      ['bankA', { type: 'init', id: 'i1', kind: 'cbdc' }],
      ['bankB', { type: 'init', id: 'i2', kind: 'cbdc' }],
      ['bankA', { type: 'init', id: 'i1', kind: 'cbdc' }],
      ['bankB', { type: 'init', id: 'i3', kind: 'deposit' }],
    ];
    const [inNamespace, onFresh] = await both([space, fresh], inits);
    expect(inNamespace).toEqual(onFresh);
    expect(onFresh!.slice(2)).toEqual([
      'ok',
      'AlreadyInitialized: kind: this ledger is already a cbdc ledger',
      'DuplicateId: id: operation "i1" was already executed',
      'AlreadyInitialized: kind: this ledger is already a cbdc ledger',
    ]);
    const view = await space.evaluate(LEDGER, 'cb', { type: 'snapshot' });
    expect(view.ok && view.value).toMatchObject({ kind: 'cbdc', accounts: [] });
  });

  it('refuses to be a ledger of another kind than the shared one, and to be used before init', async () => {
    const { open } = await setting();
    const space = open('ns2.');
    const transfer: LedgerOp = {
      type: 'transfer',
      id: 't',
      asset: 'USD',
      from: 'bankA/main',
      to: 'bankB/main',
      amount: 1n,
    };
    await expect(space.submit(LEDGER, 'bankA', transfer)).rejects.toThrow('before its init');
    await expect(
      space.submit(LEDGER, 'bankA', { type: 'init', id: 'i', kind: 'deposit' }),
    ).rejects.toThrow('cannot be a deposit ledger');
    const view = await space.evaluate(LEDGER, 'cb', { type: 'snapshot' });
    expect(view.ok && view.value.kind).toBeNull();
  });

  it('keeps namespaces apart: each sees its own world, the shared ledger holds both', async () => {
    const { sharedClient, open } = await setting();
    const [first, second] = [open('a.'), open('b.')];
    const setUp = async (client: LedgerClient, amount: bigint) => {
      await both(
        [client],
        [
          ['cb', { type: 'init', id: 'init', kind: 'cbdc' }],
          ['cb', { type: 'createAsset', id: 'usd', asset: usd }],
          ['bankA', { type: 'openAccount', id: 'open', account: 'bankA/main' }],
          ['cb', { type: 'issue', id: 'mint', asset: 'USD', to: 'bankA/main', amount }],
        ],
      );
    };
    const usd = {
      id: 'USD',
      ledger: LEDGER,
      kind: 'cbdc',
      currency: 'USD',
      issuer: 'cb',
      scale: 2,
    } as const;
    await setUp(first, 5n);
    await setUp(second, 7n);
    const balance = (client: LedgerClient) =>
      client.evaluate(LEDGER, 'bankB', { type: 'balance', asset: 'USD', account: 'bankA/main' });
    expect(await balance(first)).toEqual({ ok: true, value: 5n });
    expect(await balance(second)).toEqual({ ok: true, value: 7n });
    const view = await first.evaluate(LEDGER, 'cb', { type: 'snapshot' });
    expect(view.ok && view.value).toMatchObject({
      accounts: ['bankA/main'],
      balances: { USD: { 'bankA/main': 5n } },
      supplies: { USD: 5n },
    });
    const raw = await sharedClient.evaluate(LEDGER, 'cb', { type: 'snapshot' });
    expect(raw.ok && raw.value.balances).toEqual({
      'a.USD': { 'bankA/a.main': 5n },
      'b.USD': { 'bankA/b.main': 7n },
    });
  });

  it("leaves invalid ids invalid, rejected with the fresh ledger's code and message", async () => {
    const { open, fresh } = await setting();
    const space = open('ns3.');
    const init: LedgerOp = { type: 'init', id: 'init', kind: 'cbdc' };
    const broken: Array<[OrgId, LedgerOp]> = [
      ['cb', init],
      ['bankB', { type: 'openAccount', id: 'o1', account: 'bankB/' }],
      ['bankB', { type: 'openAccount', id: 'o2', account: '/main' }],
      ['bankB', { type: 'openAccount', id: '', account: 'bankB/main' }],
      ['bankB', { type: 'openAccount', id: 'x'.repeat(257), account: 'bankB/main' }],
      ['bankB', { type: 'withdrawQuote', id: 'w', quote: '' }],
    ];
    const [inNamespace, onFresh] = await both([space, fresh], broken);
    expect(inNamespace).toEqual(onFresh);
    expect(onFresh!.slice(1).every((line) => line.startsWith('InvalidArgument'))).toBe(true);
    await expect(
      space.submit(LEDGER, 'bankB', {
        type: 'openAccount',
        id: 'x'.repeat(254),
        account: 'bankB/m',
      }),
    ).rejects.toThrow('not once prefixed');
  });

  it('runs a fresh world in a namespace to the same state as a fresh ledger', async () => {
    const world = await shared.openWorld();
    const reference = await createWorld(world.startMs);
    const views = await Promise.all(
      [world, reference].map((w) => w.client.evaluate(LEDGER, 'cb', { type: 'snapshot' })),
    );
    expect(views[0]).toEqual(views[1]);
  });
});
