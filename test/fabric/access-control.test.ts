// Access control with real identities: each client signs with its own org's key from the
// generated crypto, and the chaincode sees only the MSP of the signed proposal. One org cannot
// debit another's account, mint another issuer's asset, resolve another coordinator's escrow,
// or reach a ledger whose channel it is not in — and a refused operation changes nothing.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { LedgerOp, LedgerSnapshot } from '../../chaincode/src/core/types';
import type { FabricLedgerClient } from '../../router/ledger/fabric';
import { describeFabric, openClient } from './support';

const run = randomUUID().slice(0, 8);
let client: FabricLedgerClient;
let next = 0;
const id = (label: string) => `acl-${run}-${label}-${next++}`;

async function snapshot(ledger: string, reader: string): Promise<LedgerSnapshot> {
  const read = await client.evaluate(ledger, reader, { type: 'snapshot' });
  if (!read.ok) throw new Error(read.error.message);
  return read.value;
}

async function refused(ledger: string, org: string, op: LedgerOp): Promise<string> {
  const before = await snapshot(ledger, 'bank1');
  const result = await client.submit(ledger, org, op);
  expect(await snapshot(ledger, 'bank1'), `${op.type} by ${org} left the ledger unchanged`).toEqual(
    before,
  );
  return result.ok ? 'ok' : result.error.code;
}

describeFabric('access control on Fabric identities', () => {
  beforeAll(async () => {
    client = await openClient();
  });
  afterAll(async () => {
    await client?.close();
  });

  it("one org's identity cannot debit another org's account", async () => {
    const op: LedgerOp = {
      type: 'transfer',
      id: id('steal'),
      asset: 'cash',
      from: 'bank1/reserve',
      to: 'alice/cash',
      amount: 1n,
    };
    expect(await refused('cbdc', 'alice', op)).toBe('NotOwner');
  });

  it("a bank cannot mint the central bank's CBDC; the central bank can", async () => {
    const op: LedgerOp = {
      type: 'issue',
      id: id('mint'),
      asset: 'cash',
      to: 'bank1/reserve',
      amount: 100n,
    };
    expect(await refused('cbdc', 'bank1', op)).toBe('NotIssuer');
    const minted = await client.submit('cbdc', 'cb', { ...op, id: id('mint') });
    expect(minted.ok).toBe(true);
  });

  it('only the named coordinator commits an escrow hold before its deadline', async () => {
    const hold = id('hold');
    const placed = await client.submit('cbdc', 'alice', {
      type: 'hold',
      id: id('place'),
      hold,
      legs: [
        { type: 'transfer', asset: 'cash', from: 'alice/cash', to: 'bank2/reserve', amount: 50n },
      ],
      lock: { kind: 'escrow', coordinator: 'cb', deadlineMs: Date.now() + 120_000 },
    });
    expect(placed.ok ? 'ok' : placed.error.code).toBe('ok');
    expect(await refused('cbdc', 'bank1', { type: 'commit', id: id('commit'), hold })).toBe(
      'NotCoordinator',
    );
    expect(await refused('cbdc', 'alice', { type: 'abort', id: id('abort'), hold })).toBe(
      'NotCoordinator',
    );
    const committed = await client.submit('cbdc', 'cb', { type: 'commit', id: id('commit'), hold });
    expect(committed.ok ? 'ok' : committed.error.code).toBe('ok');
    const record = await client.evaluate('cbdc', 'cb', { type: 'hold', hold });
    expect(record.ok && record.value.status).toBe('committed');
  });

  it('an org outside a channel can neither write nor read that ledger', async () => {
    // bob holds stablecoin wallets only: the cbdc channel does not know his MSP.
    const op: LedgerOp = {
      type: 'transfer',
      id: id('outsider'),
      asset: 'cash',
      from: 'bob/cash',
      to: 'alice/cash',
      amount: 1n,
    };
    expect(await refused('cbdc', 'bob', op)).toBe('NotMember');
    const read = await client.evaluate('cbdc', 'bob', {
      type: 'balance',
      asset: 'cash',
      account: 'alice/cash',
    });
    expect(read.ok ? 'ok' : read.error.code).toBe('NotMember');
  });
});
