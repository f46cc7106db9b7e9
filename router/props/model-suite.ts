// The model-based suite: random sequences of every ledger operation, signed by random orgs
// (including ones without the right), run against a backend's ledger and the simple model.
// After EVERY step: the outcome matches the model (success, or a code the model allows);
// a rejected operation left the state bytes unchanged; a replayed id had no second effect;
// conservation per asset holds, nothing is negative, no hold is resolved twice, pools' pending
// inputs are those of their open held swaps; and balances, supplies, holds, pools and quotes
// equal the model's.
import fc from 'fast-check';
import type { HoldStatus, LedgerOp, OrgId } from '../../chaincode/src/core/types';
import {
  conservationProblems,
  holdResolutionProblems,
  holdStatuses,
  modelProblems,
  pendingProblems,
} from './invariants';
import { LedgerModel } from './ledger-model';
import { operationArbs, type OpSpec } from './operations';
import { defineProperty } from './property';
import {
  advanceClock,
  embeddedBackend,
  LEDGER,
  MEMBERS,
  setClock,
  setupOps,
  type World,
  type WorldBackend,
} from './world';

interface Real {
  world: World;
  /** Operations that succeeded, with their signer: candidates for replay. */
  succeeded: Array<[OrgId, LedgerOp]>;
  statuses: Map<string, HoldStatus>;
  nextId: number;
}

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
  constructor(private readonly op: OpSpec) {}

  check(): boolean {
    return true;
  }

  async run(model: LedgerModel, real: Real): Promise<void> {
    real.nextId += 1;
    const [org, op] = this.op.build({
      id: `op-${real.nextId}`,
      nowMs: model.nowMs,
      holds: [...model.holds.keys()],
    });
    const { client } = real.world;
    const before = await real.world.stateBytes();
    const expected = model.apply(org, op);
    const actual = await client.submit(LEDGER, org, op);
    const step = `${this.op.label} (${op.id} by ${org})`;
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
      if ((await real.world.stateBytes()) !== before)
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
    return this.op.label;
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
    const before = await real.world.stateBytes();
    const expected = model.apply(org, op);
    const actual = await real.world.client.submit(LEDGER, org, op);
    const step = `replay ${op.id} (${op.type})`;
    if (expected.ok || actual.ok || actual.error.code !== 'DuplicateId') {
      fail(`${step}: expected DuplicateId, got ${actual.ok ? 'success' : actual.error.code}`);
    }
    if ((await real.world.stateBytes()) !== before) fail(`${step}: replay changed the state`);
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
    advanceClock(real.world, this.ms);
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
    setClock(real.world, target - this.beforeMs);
    model.nowMs = target - this.beforeMs;
  }

  toString(): string {
    return `advance to ${this.beforeMs}ms before the expiry of open hold #${this.pick}`;
  }
}

/**
 * The suite's commands: every operation, replays, and (where time moves) clock moves. Without a
 * movable clock, locks are clearly expired at placement or last the whole case.
 */
export function ledgerModelCommands(
  movableTime: boolean,
): Array<fc.Arbitrary<fc.AsyncCommand<LedgerModel, Real>>> {
  const commands = [
    ...operationArbs(movableTime).map((op) => op.map((spec) => new SubmitCommand(spec))),
    fc.integer({ min: 0, max: 1_000 }).map((pick) => new ReplayCommand(pick)),
  ];
  if (!movableTime) return commands;
  return [
    ...commands,
    fc.integer({ min: 1, max: 4_000 }).map((ms) => new AdvanceClockCommand(ms)),
    fc
      .tuple(fc.nat(10), fc.constantFrom<0 | 1>(0, 1))
      .map(([pick, beforeMs]) => new AdvanceToExpiryCommand(pick, beforeMs)),
  ];
}

/** The embedded suite's commands (also benchmark P1's). */
export const commandArbs = ledgerModelCommands(true);

/** The suite's start state: the fixed world on a backend and the model fed the same set-up. */
export async function freshRun(
  backend: WorldBackend = embeddedBackend,
): Promise<{ model: LedgerModel; real: Real }> {
  const world = await backend.openWorld();
  const model = new LedgerModel(MEMBERS, world.startMs);
  for (const [org, op] of setupOps()) {
    if (!model.apply(org, op).ok) throw new Error(`model rejected set-up operation ${op.id}`);
  }
  return { model, real: { world, succeeded: [], statuses: new Map(), nextId: 0 } };
}

export const ledgerModelProperty = defineProperty(
  'ledger-model',
  'random operation sequences match a simple model; invariants hold after every step',
  (backend) =>
    fc.asyncProperty(
      fc.commands(ledgerModelCommands(backend.provides.has('movable-time')), {
        maxCommands: backend.maxSequenceLength,
        size: 'large',
      }),
      async (commands) => {
        const { model, real } = await freshRun(backend);
        await checkState(model, real, 'after set-up');
        await fc.asyncModelRun(() => ({ model, real }), commands);
      },
    ),
);
