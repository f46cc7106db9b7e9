// Faults on the real network: a peer, the orderer and a chaincode server stopped while
// transactions flow. Whatever a client was told, the ledger must agree with it afterwards:
// every operation is committed exactly once or known not to be, balances add up, and the
// stopped node catches up once it is back.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { LedgerSnapshot, Result } from '../../chaincode/src/core/types';
import type { FabricLedgerClient } from '../../router/ledger/fabric';
import type { Receipt } from '../../router/ledger/ledger-client';
import { conservationProblems } from '../../router/props/invariants';
import { describeFabric, network, openClient } from './support';

const run = randomUUID().slice(0, 8);
let client: FabricLedgerClient;
let sequence = 0;
const opId = (label: string) => `faults-${run}-${label}-${sequence++}`;

async function snapshot(ledger: string, reader: string): Promise<LedgerSnapshot> {
  const read = await client.evaluate(ledger, reader, { type: 'snapshot' });
  if (!read.ok) throw new Error(`snapshot of ${ledger}: ${read.error.code} ${read.error.message}`);
  return read.value;
}

function transfer(from: string, to: string, amount: bigint, label: string) {
  return { type: 'transfer' as const, id: opId(label), asset: 'cash', from, to, amount };
}

/** Whether the ledger holds a committed op with this id (the op-status query). */
async function committed(ledger: string, reader: string, id: string): Promise<boolean> {
  const status = await client.evaluate(ledger, reader, { type: 'op', id });
  if (status.ok) return true;
  if (status.error.code === 'UnknownOp') return false;
  throw new Error(`op status of ${id}: ${status.error.code} ${status.error.message}`);
}

async function heightsAgree(channel: string): Promise<boolean> {
  const net = network();
  const peers = net.topology.peers.filter((peer) => peer.channels.includes(channel));
  const heights = await Promise.all(peers.map((peer) => net.admin.height(peer, channel)));
  return heights.every((height) => height === heights[0]);
}

async function eventually(what: string, probe: () => Promise<boolean>, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`${what}: not true after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describeFabric('faults on the Fabric network', () => {
  beforeAll(async () => {
    client = await openClient();
  });
  afterAll(async () => {
    await client?.close();
    // Leave every node running for the next file, whatever happened here.
    const net = network();
    for (const node of net.nodes()) if (!net.isRunning(node.name)) await net.start(node.name);
  });

  it('a stopped peer fails its own org clearly, the others proceed; restarted, it catches up', async () => {
    const net = network();
    const before = await snapshot('cbdc', 'cb');
    await net.stop('peer0.bank2');
    // bank2's gateway peer is down: not applied, and said so.
    const own = await client.submit(
      'cbdc',
      'bank2',
      transfer('bank2/reserve', 'bank1/reserve', 100n, 'b2'),
    );
    expect(own.ok).toBe(false);
    if (!own.ok) expect(['LedgerUnavailable', 'EndorsementFailed']).toContain(own.error.code);
    // alice goes through cb's peer; 2 of cb, bank1, bank2 endorse: the ledger goes on.
    const moved: Array<Result<Receipt>> = [];
    for (let i = 0; i < 5; i++)
      moved.push(
        await client.submit(
          'cbdc',
          'alice',
          transfer('alice/cash', 'bank1/reserve', 1_000n, 'alice'),
        ),
      );
    expect(moved.map((result) => (result.ok ? 'ok' : result.error.code))).toEqual(
      Array(5).fill('ok'),
    );
    await net.start('peer0.bank2');
    await eventually('peer0.bank2 caught up on cbdc', () => heightsAgree('cbdc'));
    // Back: bank2's own operations work again once gossip sees the peer.
    await eventually('bank2 submits again', async () => {
      const again = await client.submit(
        'cbdc',
        'bank2',
        transfer('bank2/reserve', 'bank1/reserve', 100n, 'b2'),
      );
      return again.ok;
    });
    const after = await snapshot('cbdc', 'bank2');
    expect(conservationProblems(after)).toEqual([]);
    expect(after.balances.cash!['alice/cash']).toBe(before.balances.cash!['alice/cash']! - 5_000n);
    // bank2 read its own ledger copy after the restart: the same state as cb's peer.
    expect(after).toEqual(await snapshot('cbdc', 'cb'));
  });

  it('the orderer stopped with transactions in flight: each is committed once or known not to be', async () => {
    const net = network();
    // One payer account per transaction, so they do not invalidate each other (MVCC).
    const payers = Array.from({ length: 16 }, (_, i) => `alice/inflight-${run}-${i}`);
    const opened = await Promise.all(
      payers.map((account) =>
        client.submit('cbdc', 'alice', { type: 'openAccount', id: opId('open'), account }),
      ),
    );
    expect(opened.every((result) => result.ok)).toBe(true);
    const funded = await client.submit('cbdc', 'alice', {
      type: 'batch',
      id: opId('fund'),
      legs: payers.map((to) => ({
        type: 'transfer' as const,
        asset: 'cash',
        from: 'alice/cash',
        to,
        amount: 100n,
      })),
    });
    expect(funded.ok).toBe(true);
    const before = await snapshot('cbdc', 'cb');
    const ops = payers.map((payer) => transfer(payer, 'bank1/reserve', 10n, 'inflight'));
    // Staggered, so the kill lands with some committed, some at the orderer, some endorsing.
    const results = ops.map(async (op, index) => {
      await new Promise((resolve) => setTimeout(resolve, index * 25));
      return client.submit('cbdc', 'alice', op);
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    await net.stop('orderer0', { kill: true });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await net.start('orderer0');
    const outcomes = await Promise.all(results);
    await eventually('the orderer orders again', async () => {
      const probe = await client.submit(
        'cbdc',
        'alice',
        transfer('alice/cash', 'bank1/reserve', 1n, 'probe'),
      );
      return probe.ok;
    });
    await eventually('cbdc peers agree after the orderer restart', () => heightsAgree('cbdc'));
    let landed = 0;
    for (const [index, outcome] of outcomes.entries()) {
      const onLedger = await committed('cbdc', 'cb', ops[index]!.id);
      if (outcome.ok) expect(onLedger, `${ops[index]!.id} reported committed`).toBe(true);
      else if (outcome.error.code !== 'OutcomeUnknown')
        expect(onLedger, `${ops[index]!.id} reported ${outcome.error.code}`).toBe(false);
      if (onLedger) landed++;
      // A resubmission of the same op can never take effect twice.
      const replay = await client.submit('cbdc', 'alice', ops[index]!);
      if (onLedger) expect(replay.ok ? 'ok' : replay.error.code).toBe('DuplicateId');
      else if (replay.ok) landed++;
    }
    const after = await snapshot('cbdc', 'cb');
    expect(conservationProblems(after)).toEqual([]);
    const paid = (state: LedgerSnapshot) =>
      payers.reduce((sum, payer) => sum + (state.balances.cash?.[payer] ?? 0n), 0n);
    expect(paid(after)).toBe(paid(before) - 10n * BigInt(landed));
    expect(landed).toBe(16);
    const told = outcomes.map((outcome) => (outcome.ok ? 'ok' : outcome.error.code));
    console.log(`orderer kill: client outcomes ${JSON.stringify(countBy(told))}`);
  });

  it('a chaincode server restart: invokes fail clearly while it is down, then work again', async () => {
    const net = network();
    await net.stop('chaincode.cbdc');
    const down = await client.submit(
      'cbdc',
      'alice',
      transfer('alice/cash', 'bank1/reserve', 1n, 'cc'),
    );
    expect(down.ok).toBe(false);
    if (!down.ok) expect(['LedgerUnavailable', 'EndorsementFailed']).toContain(down.error.code);
    await net.start('chaincode.cbdc');
    await eventually('cbdc chaincode answers again', async () => {
      const up = await client.submit(
        'cbdc',
        'alice',
        transfer('alice/cash', 'bank1/reserve', 1n, 'cc'),
      );
      return up.ok;
    });
    expect(conservationProblems(await snapshot('cbdc', 'cb'))).toEqual([]);
  });
});

function countBy(values: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}
