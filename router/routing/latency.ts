// Which protocol settles a plan, and how long it is expected to take. The model is deliberately
// simple: every ledger transaction costs that ledger's block latency, and
//   atomic - one batch transaction on one ledger: 1 block;
//   2pc    - prepare on every ledger in parallel, then commit in parallel: 2 × the slowest ledger;
//   htlc   - holds placed one after another towards the payee, then claims one after another
//            back towards the payer: 2 × the sum over steps;
// plus the venues' own processing latency along the slowest path.
import type { SettlementConfig } from '../scenario/types';
import type { Edge } from './graph';
import type { LedgerStep, Protocol, ProtocolChoice } from './plan';

export interface ProtocolDecision {
  ok: boolean;
  protocol: Protocol;
  reason?: string;
}

/** Whether the steps can settle as one batch: a single ledger and a single signer. */
export function isAtomicCapable(steps: readonly { ledger: string; signer: string }[]): boolean {
  return steps.every(
    (step) => step.ledger === steps[0]?.ledger && step.signer === steps[0]?.signer,
  );
}

/** The protocol for steps (routing's estimate, and settlement's own choice before it acts). */
export function chooseProtocol(
  requested: ProtocolChoice,
  steps: readonly { ledger: string; signer: string }[],
  defaultProtocol: SettlementConfig['defaultProtocol'],
): ProtocolDecision {
  return protocolFor(requested, isAtomicCapable(steps), defaultProtocol);
}

/** The protocol for a plan that can (or cannot) settle as one batch. */
export function protocolFor(
  requested: ProtocolChoice,
  atomic: boolean,
  defaultProtocol: SettlementConfig['defaultProtocol'],
): ProtocolDecision {
  if (requested === 'auto') return { ok: true, protocol: atomic ? 'atomic' : defaultProtocol };
  if (requested === 'atomic' && !atomic) {
    return {
      ok: false,
      protocol: 'atomic',
      reason: 'atomic settlement needs one ledger and one signer',
    };
  }
  return { ok: true, protocol: requested };
}

export function blockLatencyOf(settlement: SettlementConfig, ledger: string): number {
  return Object.hasOwn(settlement.blockLatencyMs, ledger)
    ? (settlement.blockLatencyMs[ledger] ?? 0)
    : 0;
}

export function protocolLatencyMs(
  protocol: Protocol,
  steps: readonly LedgerStep[],
  settlement: SettlementConfig,
): number {
  const blocks = steps.map((step) => blockLatencyOf(settlement, step.ledger));
  switch (protocol) {
    case 'atomic':
      return Math.max(0, ...blocks);
    case '2pc':
      return 2 * Math.max(0, ...blocks);
    case 'htlc':
      return 2 * blocks.reduce((sum, block) => sum + block, 0);
  }
}

/** A crossing on its own: the venue's processing plus one block on each ledger it touches. */
export function edgeLatencyMs(edge: Edge, settlement: SettlementConfig): number {
  return edge.ledgers.reduce(
    (sum, ledger) => sum + blockLatencyOf(settlement, ledger),
    edge.latencyMs,
  );
}

export function venueLatencyMs(edges: readonly Edge[]): number {
  return edges.reduce((sum, edge) => sum + edge.latencyMs, 0);
}
