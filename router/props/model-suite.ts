// The model-based suite: random sequences of every ledger operation, signed by random orgs
// (including ones without the right), run against the embedded ledger and the simple model.
// After EVERY step: the outcome matches the model (success, or a code the model allows);
// a rejected operation left the state bytes unchanged; a replayed id had no second effect;
// conservation per asset holds, nothing is negative, no hold is resolved twice, pools' pending
// inputs are those of their open held swaps; and balances, supplies, holds, pools and quotes
// equal the model's.
import fc from 'fast-check';
import {
  LEDGER_KINDS,
  type HoldStatus,
  type LedgerOp,
  type OrgId,
} from '../../chaincode/src/core/types';
import {
  account,
  anyOrg,
  asset,
  assetPair,
  coherentLegs,
  coordinator,
  describeLeg,
  feeBps,
  holdId,
  holdLegArb,
  legArb,
  naturalSigner,
  naturalSignerOfLegs,
  poolId,
  quoteId,
  signerChoice,
} from './arbitraries';
import {
  conservationProblems,
  holdResolutionProblems,
  holdStatuses,
  modelProblems,
  pendingProblems,
} from './invariants';
import { LedgerModel } from './ledger-model';
import { defineProperty } from './property';
import {
  createWorld,
  HASHLOCKS,
  LEDGER,
  MEMBERS,
  ownerOf,
  SECRETS,
  setupOps,
  START_MS,
  type World,
} from './world';

interface Real {
  world: World;
  /** Operations that succeeded, with their signer: candidates for replay. */
  succeeded: Array<[OrgId, LedgerOp]>;
  statuses: Map<string, HoldStatus>;
  nextId: number;
}

/** What a command needs to build its operation at run time (ids and times are relative). */
interface BuildContext {
  id: string;
  nowMs: number;
  /** Ids of every hold placed so far (model view), for resolutions to aim at. */
  holds: string[];
}

type Build = (context: BuildContext) => [OrgId, LedgerOp];

function fail(message: string): never {
  throw new Error(message);
}

async function checkState(model: LedgerModel, real: Real, step: string): Promise<void> {
  const snapshot = await real.world.client.evaluate(LEDGER, MEMBERS[0]!, { type: 'snapshot' });
  if (!snapshot.ok) fail(`${step}: snapshot failed: ${snapshot.error.message}`);
  const problems = [
    ...conservationProblems(snapshot.value),
    ...pendingProblems(snapshot.value),
    ...holdResolutionProblems(real.statuses, snapshot.value),
    ...modelProblems(snapshot.value, model),
  ];
  if (problems.length > 0) fail(`${step}: ${problems.join('; ')}`);
  real.statuses = holdStatuses(snapshot.value);
}

class SubmitCommand implements fc.AsyncCommand<LedgerModel, Real> {
  constructor(
    private readonly label: string,
    private readonly build: Build,
  ) {}

  check(): boolean {
    return true;
  }

  async run(model: LedgerModel, real: Real): Promise<void> {
    real.nextId += 1;
    const [org, op] = this.build({
      id: `op-${real.nextId}`,
      nowMs: model.nowMs,
      holds: [...model.holds.keys()],
    });
    const { client } = real.world;
    const before = client.stateBytes(LEDGER);
    const expected = model.apply(org, op);
    const actual = await client.submit(LEDGER, org, op);
    const step = `${this.label} (${op.id} by ${org})`;
    if (actual.ok && !expected.ok)
      fail(`${step}: ledger accepted, model expected ${expected.codes.join('|')}`);
    if (!actual.ok) {
      if (expected.ok)
        fail(
          `${step}: ledger rejected with ${actual.error.code} (${actual.error.message}), model accepted`,
        );
      if (!expected.codes.includes(actual.error.code)) {
        fail(
          `${step}: ledger said ${actual.error.code} (${actual.error.message}), model expected ${expected.codes.join('|')}`,
        );
      }
      if (client.stateBytes(LEDGER) !== before)
        fail(`${step}: rejected with ${actual.error.code} but state changed`);
    } else {
      const outs = actual.value.result.amountsOut.join(',');
      if (expected.ok && outs !== expected.amountsOut.join(','))
        fail(`${step}: amountsOut ${outs}, model ${expected.amountsOut.join(',')}`);
      real.succeeded.push([org, op]);
    }
    await checkState(model, real, step);
  }

  toString(): string {
    return this.label;
  }
}

class ReplayCommand implements fc.AsyncCommand<LedgerModel, Real> {
  constructor(private readonly pick: number) {}

  check(): boolean {
    return true;
  }

  async run(model: LedgerModel, real: Real): Promise<void> {
    if (real.succeeded.length === 0) return;
    const [org, op] = real.succeeded[this.pick % real.succeeded.length]!;
    const { client } = real.world;
    const before = client.stateBytes(LEDGER);
    const expected = model.apply(org, op);
    const actual = await client.submit(LEDGER, org, op);
    const step = `replay ${op.id} (${op.type})`;
    if (expected.ok || actual.ok || actual.error.code !== 'DuplicateId') {
      fail(`${step}: expected DuplicateId, got ${actual.ok ? 'success' : actual.error.code}`);
    }
    if (client.stateBytes(LEDGER) !== before) fail(`${step}: replay changed the state`);
    await checkState(model, real, step);
  }

  toString(): string {
    return `replay #${this.pick}`;
  }
}

class AdvanceClockCommand implements fc.AsyncCommand<LedgerModel, Real> {
  constructor(private readonly ms: number) {}

  check(): boolean {
    return true;
  }

  async run(model: LedgerModel, real: Real): Promise<void> {
    real.world.clock.advance(this.ms);
    model.nowMs += this.ms;
  }

  toString(): string {
    return `advance ${this.ms}ms`;
  }
}

/** Moves the clock to just before or exactly onto an open hold's expiry: the boundary case. */
class AdvanceToExpiryCommand implements fc.AsyncCommand<LedgerModel, Real> {
  constructor(
    private readonly pick: number,
    private readonly beforeMs: 0 | 1,
  ) {}

  check(): boolean {
    return true;
  }

  async run(model: LedgerModel, real: Real): Promise<void> {
    const expiries = [...model.holds.values()]
      .filter((hold) => hold.status === 'open')
      .map((hold) => (hold.lock.kind === 'htlc' ? hold.lock.expiresAtMs : hold.lock.deadlineMs))
      .filter((expiryMs) => expiryMs - this.beforeMs > model.nowMs);
    const target = expiries[this.pick % Math.max(expiries.length, 1)];
    if (target === undefined) return;
    real.world.clock.set(target - this.beforeMs);
    model.nowMs = target - this.beforeMs;
  }

  toString(): string {
    return `advance to ${this.beforeMs}ms before the expiry of open hold #${this.pick}`;
  }
}

const submit = (label: string, build: Build) => new SubmitCommand(label, build);
const signer = (choice: OrgId | null, natural: OrgId) => choice ?? natural;

const legCommand = fc.tuple(legArb, signerChoice).map(([leg, choice]) => {
  const org = signer(choice, naturalSigner(leg));
  return submit(`${describeLeg(leg)} as ${org}`, ({ id }) => [org, { id, ...leg } as LedgerOp]);
});

const batchCommand = fc.tuple(coherentLegs(legArb, 4), signerChoice).map(([legs, choice]) => {
  const org = signer(choice, naturalSignerOfLegs(legs));
  return submit(`batch [${legs.map(describeLeg).join('; ')}] as ${org}`, ({ id }) => [
    org,
    { type: 'batch', id, legs },
  ]);
});

/** A lock's lifetime from placement: often at the boundary (already expired, or by 1 ms). */
const lockLifetimeMs = fc.oneof(fc.constantFrom(-1, 0, 1), fc.integer({ min: -200, max: 3_000 }));

const lockArb = fc.oneof(
  fc.record({
    kind: fc.constant('htlc' as const),
    secret: fc.constantFrom(0, 1),
    inMs: lockLifetimeMs,
  }),
  fc.record({
    kind: fc.constant('escrow' as const),
    coordinator,
    inMs: lockLifetimeMs,
  }),
);

const holdCommand = fc
  .tuple(holdId, coherentLegs(holdLegArb, 2), lockArb, signerChoice)
  .map(([hold, legs, lock, choice]) => {
    const org = signer(choice, naturalSignerOfLegs(legs));
    const lockText =
      lock.kind === 'htlc'
        ? `htlc#${lock.secret} +${lock.inMs}ms`
        : `escrow by ${lock.coordinator} +${lock.inMs}ms`;
    return submit(
      `hold ${hold} [${legs.map(describeLeg).join('; ')}] ${lockText} as ${org}`,
      ({ id, nowMs }) => [
        org,
        {
          type: 'hold',
          id,
          hold,
          legs,
          lock:
            lock.kind === 'htlc'
              ? { kind: 'htlc', hashlock: HASHLOCKS[lock.secret]!, expiresAtMs: nowMs + lock.inMs }
              : { kind: 'escrow', coordinator: lock.coordinator, deadlineMs: nowMs + lock.inMs },
        },
      ],
    );
  });

/** A hold id, or (mostly) "the n-th hold placed so far", resolved when the command runs. */
const holdTarget = fc.oneof({ weight: 1, arbitrary: holdId }, { weight: 4, arbitrary: fc.nat(20) });
const pickHold = (target: string | number, holds: string[]) =>
  typeof target === 'string' ? target : (holds[target % Math.max(holds.length, 1)] ?? 'h0');
const describeTarget = (target: string | number) =>
  typeof target === 'string' ? target : `placed hold #${target}`;

const resolveCommand = fc.oneof(
  fc
    .record({ target: holdTarget, secret: fc.constantFrom(0, 1), org: coordinator })
    .map(({ target, secret, org }) =>
      submit(`claim ${describeTarget(target)} with secret#${secret} as ${org}`, ({ id, holds }) => [
        org,
        { type: 'claim', id, hold: pickHold(target, holds), secret: SECRETS[secret]! },
      ]),
    ),
  fc
    .record({
      target: holdTarget,
      type: fc.constantFrom('refund' as const, 'commit' as const, 'abort' as const),
      org: coordinator,
    })
    .map(({ target, type, org }) =>
      submit(`${type} ${describeTarget(target)} as ${org}`, ({ id, holds }) => [
        org,
        { type, id, hold: pickHold(target, holds) },
      ]),
    ),
);

const poolAmount = fc.bigInt(1n, 5_000n);

const poolCommand = fc.oneof(
  fc
    .record({
      pool: poolId,
      pair: assetPair,
      feeBps,
      from: account,
      amountA: poolAmount,
      amountB: poolAmount,
      choice: signerChoice,
    })
    .map(({ pool, pair: [assetA, assetB], feeBps, from, amountA, amountB, choice }) => {
      const org = signer(choice, ownerOf(from));
      return submit(
        `createPool ${pool} ${amountA} ${assetA}/${amountB} ${assetB} fee ${feeBps} from ${from} as ${org}`,
        ({ id }) => [
          org,
          { type: 'createPool', id, pool, assetA, assetB, feeBps, from, amountA, amountB },
        ],
      );
    }),
  fc
    .record({
      pool: poolId,
      from: account,
      amountA: poolAmount,
      amountB: poolAmount,
      choice: signerChoice,
    })
    .map(({ pool, from, amountA, amountB, choice }) => {
      const org = signer(choice, ownerOf(from));
      return submit(
        `addLiquidity ${pool} ${amountA}/${amountB} from ${from} as ${org}`,
        ({ id }) => [org, { type: 'addLiquidity', id, pool, from, amountA, amountB }],
      );
    }),
  fc
    .record({ pool: poolId, to: account, shares: poolAmount, choice: signerChoice })
    .map(({ pool, to, shares, choice }) => {
      const org = signer(choice, ownerOf(to));
      return submit(`removeLiquidity ${pool} ${shares} shares to ${to} as ${org}`, ({ id }) => [
        org,
        { type: 'removeLiquidity', id, pool, to, shares },
      ]);
    }),
);

const quoteCommand = fc.oneof(
  fc
    .record({
      quote: quoteId,
      dealer: account,
      pair: assetPair,
      num: fc.bigInt(1n, 20n),
      den: fc.bigInt(1n, 20n),
      feeBps: fc.integer({ min: 0, max: 500 }),
      maxIn: fc.bigInt(1n, 5_000n),
      choice: signerChoice,
    })
    .map(({ quote, dealer, pair: [assetIn, assetOut], num, den, feeBps, maxIn, choice }) => {
      const org = signer(choice, ownerOf(dealer));
      return submit(
        `postQuote ${quote} ${assetIn}->${assetOut} ${num}/${den} fee ${feeBps} max ${maxIn} by ${dealer} as ${org}`,
        ({ id }) => [
          org,
          {
            type: 'postQuote',
            id,
            quote,
            dealer,
            assetIn,
            assetOut,
            rate: { num, den },
            feeBps,
            maxIn,
          },
        ],
      );
    }),
  fc
    .record({ quote: quoteId, org: anyOrg })
    .map(({ quote, org }) =>
      submit(`withdrawQuote ${quote} as ${org}`, ({ id }) => [
        org,
        { type: 'withdrawQuote', id, quote },
      ]),
    ),
);

const adminCommand = fc.oneof(
  fc.record({ asset, account, choice: signerChoice }).map(({ asset, account, choice }) => {
    const org = signer(choice, ownerOf(account));
    return submit(`compact ${asset} ${account} as ${org}`, ({ id }) => [
      org,
      { type: 'compact', id, asset, account },
    ]);
  }),
  fc.record({ account, choice: signerChoice }).map(({ account, choice }) => {
    const org = signer(choice, ownerOf(account));
    return submit(`openAccount ${account} as ${org}`, ({ id }) => [
      org,
      { type: 'openAccount', id, account },
    ]);
  }),
  fc
    .record({
      asset: fc.constantFrom('USD', 'GBP'),
      issuer: anyOrg,
      kind: fc.constantFrom(...LEDGER_KINDS),
      org: anyOrg,
    })
    .map(({ asset, issuer, kind, org }) =>
      submit(`createAsset ${asset} (${kind}, issuer ${issuer}) as ${org}`, ({ id }) => [
        org,
        {
          type: 'createAsset',
          id,
          asset: { id: asset, ledger: LEDGER, kind, currency: asset, issuer, scale: 2 },
        },
      ]),
    ),
  anyOrg.map((org) =>
    submit(`init as ${org}`, ({ id }) => [org, { type: 'init', id, kind: 'cbdc' }]),
  ),
);

export const commandArbs: Array<fc.Arbitrary<fc.AsyncCommand<LedgerModel, Real>>> = [
  legCommand,
  legCommand,
  batchCommand,
  holdCommand,
  holdCommand,
  resolveCommand,
  resolveCommand,
  poolCommand,
  poolCommand,
  quoteCommand,
  adminCommand,
  fc.integer({ min: 0, max: 1_000 }).map((pick) => new ReplayCommand(pick)),
  fc.integer({ min: 1, max: 4_000 }).map((ms) => new AdvanceClockCommand(ms)),
  fc
    .tuple(fc.nat(10), fc.constantFrom<0 | 1>(0, 1))
    .map(([pick, beforeMs]) => new AdvanceToExpiryCommand(pick, beforeMs)),
];

/** The suite's start state: the fixed world on the embedded ledger and the model fed the same set-up. */
export async function freshRun(): Promise<{ model: LedgerModel; real: Real }> {
  const world = await createWorld();
  const model = new LedgerModel(MEMBERS, START_MS);
  for (const [org, op] of setupOps()) {
    if (!model.apply(org, op).ok) throw new Error(`model rejected set-up operation ${op.id}`);
  }
  return { model, real: { world, succeeded: [], statuses: new Map(), nextId: 0 } };
}

export const ledgerModelProperty = defineProperty(
  'ledger-model',
  'random operation sequences match a simple model; invariants hold after every step',
  () =>
    fc.asyncProperty(
      fc.commands(commandArbs, { maxCommands: 80, size: 'large' }),
      async (commands) => {
        const { model, real } = await freshRun();
        await checkState(model, real, 'after set-up');
        await fc.asyncModelRun(() => ({ model, real }), commands);
      },
    ),
);
