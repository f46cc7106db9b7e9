// Assertions shared by the property suites: an operation is accepted, or rejected with the
// expected code, naming the expected field, with the ledger state byte-for-byte unchanged.
import type { ErrorCode, LedgerOp, OpResult, OrgId } from '../../chaincode/src/core/types';
import { LEDGER, type World } from './world';

export async function expectAccepted(world: World, org: OrgId, op: LedgerOp): Promise<OpResult> {
  const result = await world.client.submit(LEDGER, org, op);
  if (!result.ok)
    throw new Error(
      `${op.type} ${op.id} by ${org} rejected: ${result.error.code}: ${result.error.message}`,
    );
  return result.value.result;
}

export async function expectRejected(
  world: World,
  org: OrgId,
  op: LedgerOp,
  code: ErrorCode,
  field?: string,
): Promise<void> {
  const before = await world.stateBytes();
  const result = await world.client.submit(LEDGER, org, op);
  const what = `${op.type} ${op.id} by ${org}`;
  if (result.ok) throw new Error(`${what}: accepted, expected ${code}`);
  if (result.error.code !== code)
    throw new Error(`${what}: ${result.error.code} (${result.error.message}), expected ${code}`);
  if (field !== undefined && !result.error.message.startsWith(`${field}:`)) {
    throw new Error(
      `${what}: message ${JSON.stringify(result.error.message)} does not name ${field}`,
    );
  }
  if ((await world.stateBytes()) !== before)
    throw new Error(`${what}: rejected with ${code} but the state changed`);
}

/** Fails the property with a message (fast-check reports it with the counterexample). */
export function check(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(message);
}
