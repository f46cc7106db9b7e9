// The fixed little world every property starts from: one CBDC ledger, two issuers, two banks,
// an outsider that is not a member, and a few accounts with opening balances. Small on purpose
// so random operations collide (same holds, same pools, same accounts) and hit the rules.
//
// A world is opened over a LedgerClient plus a time source, by a backend: the embedded one
// gives every case a fresh in-process ledger on a virtual clock; a namespaced one
// (backends.ts) gives every case a namespace of its own in one long-lived shared ledger.
import { createHash } from 'node:crypto';
import type { LedgerOp, OrgId } from '../../chaincode/src/core/types';
import { type Clock, VirtualClock } from '../ledger/clock';
import { createEmbeddedLedgerClient, type EmbeddedLedgerClient } from '../ledger/embedded';
import type { LedgerClient } from '../ledger/ledger-client';

export const LEDGER = 'cbdc';
export const START_MS = 1_000_000;
/** Asset -> issuing org. XAU is never created: an unknown asset. */
export const ISSUERS: Record<string, OrgId> = { USD: 'cb', EUR: 'ecb' };
export const ASSETS = ['USD', 'EUR'] as const;
export const UNKNOWN_ASSET = 'XAU';
export const MEMBERS: OrgId[] = ['cb', 'ecb', 'bankA', 'bankB'];
export const OUTSIDER: OrgId = 'mallory';
export const OPEN_ACCOUNTS = ['cb/main', 'ecb/main', 'bankA/main', 'bankA/ops', 'bankB/main'];
/** Valid ids that are not opened at start (bankB may open its own). */
export const UNOPENED_ACCOUNTS = ['bankB/ghost', 'mallory/main'];
export const OPENING_BALANCE = 10_000n;
/** Two HTLC secrets: holds lock with one, claims try either. */
export const SECRETS = ['11'.repeat(32), '22'.repeat(32)] as const;
/** Far enough ahead that nothing placed with it expires while a case runs, on any backend. */
export const FAR_MS = 10_000_000;

/** What a property may need beyond a ledger; a backend says which it provides. */
export type Need =
  /** Moves the ledger's clock (Fabric stamps transactions with the real time). */
  | 'movable-time'
  /** Reads the embedded store's raw state bytes. */
  | 'embedded-store';

export interface World {
  /** Speaks for ledger LEDGER with the world's constants, whatever the backend calls them. */
  client: LedgerClient;
  /** The backend's clock, the one the ledger stamps transactions with. */
  clock: Clock;
  /** Time at which the world was opened: expiries and deadlines are relative to it. */
  startMs: number;
  /** The world's state as a string, to check that a rejected operation changed nothing. */
  stateBytes(): Promise<string>;
  /** Whether independent set-up steps go at once (see runStages). */
  concurrent: boolean;
}

export interface EmbeddedWorld extends World {
  client: EmbeddedLedgerClient;
  clock: VirtualClock;
}

export interface WorldBackend<W extends World = World> {
  readonly name: string;
  readonly provides: ReadonlySet<Need>;
  /** Upper bound on the length of random operation sequences (cost per transaction). */
  readonly maxSequenceLength: number;
  /** A world of its own for one case, set up and ready. */
  openWorld(): Promise<W>;
}

export type SignedOp = [OrgId, LedgerOp];
/** Operations that must run one after another. */
export type Lane = SignedOp[];

/**
 * The set-up operations with their signers, in stages of lanes: a stage starts when the one
 * before it is done, and its lanes are independent of one another.
 */
export function setupStages(): Lane[][] {
  const assets = ASSETS.map((asset): Lane => {
    const issuer = ISSUERS[asset]!;
    return [
      [
        issuer,
        {
          type: 'createAsset',
          id: `setup-asset-${asset}`,
          asset: { id: asset, ledger: LEDGER, kind: 'cbdc', currency: asset, issuer, scale: 2 },
        },
      ],
    ];
  });
  const accounts = OPEN_ACCOUNTS.map((account): Lane => [
    [ownerOf(account), { type: 'openAccount', id: `setup-open-${account}`, account }],
  ]);
  // One lane per asset: an issue rewrites its asset's supply, so two at once conflict on Fabric.
  const issues = ASSETS.map((asset): Lane =>
    OPEN_ACCOUNTS.map((account) => [
      ISSUERS[asset]!,
      {
        type: 'issue',
        id: `setup-issue-${asset}-${account}`,
        asset,
        to: account,
        amount: OPENING_BALANCE,
      },
    ]),
  );
  // One pool and one dealer quote from the start, so swaps and fxSwaps run from the first step.
  const pool: SignedOp = [
    'bankA',
    {
      type: 'createPool',
      id: 'setup-pool',
      pool: 'p0',
      assetA: 'USD',
      assetB: 'EUR',
      feeBps: 30,
      from: 'bankA/ops',
      amountA: 5_000n,
      amountB: 4_000n,
    },
  ];
  const quote: SignedOp = [
    'bankB',
    {
      type: 'postQuote',
      id: 'setup-quote',
      quote: 'q0',
      dealer: 'bankB/main',
      assetIn: 'USD',
      assetOut: 'EUR',
      rate: { num: 9n, den: 10n },
      feeBps: 20,
      maxIn: 3_000n,
    },
  ];
  return [
    [[['cb', { type: 'init', id: 'setup-init', kind: 'cbdc' }]]],
    [...assets, ...accounts],
    issues,
    [[pool], [quote]],
  ];
}

/** The set-up operations, each with its signer, in order. */
export function setupOps(): SignedOp[] {
  return setupStages().flat(2);
}

export async function submitOrThrow(client: LedgerClient, [org, op]: SignedOp): Promise<void> {
  const result = await client.submit(LEDGER, org, op);
  if (!result.ok) {
    throw new Error(
      `world set-up failed at ${op.id}: ${result.error.code} ${result.error.message}`,
    );
  }
}

/**
 * Runs stages of lanes: one operation at a time in order, or (where a transaction takes a
 * while) every lane of a stage at once. The embedded ledger goes one at a time, so its
 * transaction ids, which its state keys contain, follow the listed order.
 */
export async function runStages(
  client: LedgerClient,
  stages: Lane[][],
  concurrent: boolean,
): Promise<void> {
  for (const stage of stages) {
    const runLane = async (lane: Lane) => {
      for (const step of lane) await submitOrThrow(client, step);
    };
    if (concurrent) await Promise.all(stage.map(runLane));
    else for (const lane of stage) await runLane(lane);
  }
}

export interface OpenWorldOptions {
  client: LedgerClient;
  clock: Clock;
  stateBytes: () => Promise<string>;
  /** Set up by stages with their lanes at once (see runStages). */
  concurrent: boolean;
}

/** Sets the fixed world up on a client (a fresh ledger, or a fresh namespace of a shared one). */
export async function openWorld(options: OpenWorldOptions): Promise<World> {
  const { client, clock, stateBytes, concurrent } = options;
  const startMs = clock.nowMs();
  await runStages(client, setupStages(), concurrent);
  return { client, clock, startMs, stateBytes, concurrent };
}

/** A fresh embedded world; its virtual clock starts at `startMs`. */
export async function createWorld(startMs = START_MS): Promise<EmbeddedWorld> {
  const clock = new VirtualClock(startMs);
  const client = createEmbeddedLedgerClient({ ledgers: { [LEDGER]: { members: MEMBERS } }, clock });
  const stateBytes = async () => client.stateBytes(LEDGER);
  const world = await openWorld({ client, clock, stateBytes, concurrent: false });
  return { ...world, client, clock };
}

export const embeddedBackend: WorldBackend<EmbeddedWorld> = {
  name: 'embedded',
  provides: new Set<Need>(['movable-time', 'embedded-store']),
  maxSequenceLength: 80,
  openWorld: () => createWorld(),
};

/** Moves a world's time forward; only a virtual clock can be moved. */
export function advanceClock(world: World, ms: number): void {
  movableClock(world).advance(ms);
}

export function setClock(world: World, ms: number): void {
  movableClock(world).set(ms);
}

function movableClock(world: World): VirtualClock {
  if (!(world.clock instanceof VirtualClock))
    throw new Error("this world's time cannot be moved: its ledger stamps transactions itself");
  return world.clock;
}

export function ownerOf(account: string): OrgId {
  return account.split('/')[0]!;
}

/** sha256 of each secret's 32 bytes, computed here rather than by the core under test. */
export const HASHLOCKS = SECRETS.map((secret) =>
  createHash('sha256').update(Buffer.from(secret, 'hex')).digest('hex'),
);
