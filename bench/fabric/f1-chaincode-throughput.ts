// F1: Corridor chaincode transfers on Fabric against a minimal get/put transfer chaincode in
// the same language, on the same network, channel, endorsement policy, identity and load —
// timed round-robin, medians of the rounds. The Corridor transfer also checks the asset, both
// accounts and the op id, records the op, and writes the credit as a delta key.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { encodeOp } from '../../chaincode/src/core/codec';
import { PROJECT_ROOT } from '../../network/src/binaries';
import { addChaincode } from '../../network/src/network';
import { createFabricLedgerClient } from '../../router/ledger/fabric';
import type { BenchRow, Benchmark } from '../harness';
import { median } from '../harness';
import { withBenchNetwork } from './bench-network';
import { gatewayLoad, type LoadResult } from './gateway-load';

const LEDGER = 'cbdc';
const ORG = 'cb';
const MINIMAL_DIR = path.join(PROJECT_ROOT, 'bench', 'fabric', 'minimal-chaincode');

export const f1: Benchmark = {
  id: 'F1',
  async run({ quick }): Promise<BenchRow[]> {
    const workers = 20;
    const perWorker = quick ? 4 : 15;
    const rounds = quick ? 1 : 3;
    // The baseline is TypeScript too: compile it as the network compiles the Corridor chaincode.
    await promisify(execFile)(
      process.execPath,
      [
        path.join(PROJECT_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'),
        '-p',
        path.join(MINIMAL_DIR, 'tsconfig.json'),
      ],
      { cwd: PROJECT_ROOT },
    );
    return withBenchNetwork(async ({ runtimeDir, profile, scenario }) => {
      const channel = profile.ledgers[LEDGER]!;
      const basePort = Number(profile.peers[channel.peers[0]!]!.endpoint.split(':')[1]) - 100;
      await addChaincode(runtimeDir, {
        name: 'minimal',
        channel: LEDGER,
        port: basePort + 420,
        moduleDir: MINIMAL_DIR,
      });
      const funding = 1_000_000n;
      const client = await createFabricLedgerClient(profile);
      try {
        await Promise.all(
          Array.from({ length: workers }, async (_, w) => {
            for (const account of [`cb/f1-src-${w}`, `cb/f1-dst-${w}`]) {
              const done = await client.submit(LEDGER, ORG, {
                type: 'openAccount',
                id: `f1-open-${account}`,
                account,
              });
              if (!done.ok)
                throw new Error(`F1 set-up ${account}: ${done.error.code} ${done.error.message}`);
            }
          }),
        );
        // One batch: concurrent issues of one asset would conflict on its supply key.
        const funded = await client.submit(LEDGER, ORG, {
          type: 'batch',
          id: 'f1-fund',
          legs: Array.from({ length: workers }, (_, w) => ({
            type: 'issue' as const,
            asset: 'cash',
            to: `cb/f1-src-${w}`,
            amount: funding,
          })),
        });
        if (!funded.ok)
          throw new Error(`F1 set-up funding: ${funded.error.code} ${funded.error.message}`);
      } finally {
        await client.close();
      }
      const target = (chaincode: string) => ({ ledger: LEDGER, org: ORG, chaincode });
      const minted = await gatewayLoad(
        profile,
        target('minimal'),
        (w) => ({ fn: 'Mint', args: [`src-${w}`, String(funding)] }),
        workers,
        1,
      );
      if (minted.committed !== workers)
        throw new Error(`F1 set-up: ${minted.invalid} minimal Mint(s) failed`);
      const corridorRounds: LoadResult[] = [];
      const minimalRounds: LoadResult[] = [];
      for (let round = 0; round < rounds; round++) {
        corridorRounds.push(
          await gatewayLoad(
            profile,
            target('corridor'),
            (w, n) => ({
              fn: 'Transfer',
              args: [
                encodeOp({
                  type: 'transfer',
                  id: `f1-${round}-${w}-${n}`,
                  asset: 'cash',
                  from: `cb/f1-src-${w}`,
                  to: `cb/f1-dst-${w}`,
                  amount: 1n,
                }),
              ],
            }),
            workers,
            perWorker,
          ),
        );
        minimalRounds.push(
          await gatewayLoad(
            profile,
            target('minimal'),
            (w) => ({
              fn: 'Transfer',
              args: [`src-${w}`, `dst-${w}`, '1'],
            }),
            workers,
            perWorker,
          ),
        );
      }
      for (const [name, results] of [
        ['corridor', corridorRounds],
        ['minimal', minimalRounds],
      ] as const) {
        const dead = results.find((result) => result.committed === 0);
        if (dead)
          throw new Error(
            `every ${name} transfer of a round failed (${dead.invalid} invalid or refused)`,
          );
      }
      const med = (results: LoadResult[], key: keyof LoadResult) =>
        median(results.map((result) => result[key]));
      const tps = med(corridorRounds, 'perSecond');
      const baseTps = med(minimalRounds, 'perSecond');
      const p50 = med(corridorRounds, 'p50Ms');
      const baseP50 = med(minimalRounds, 'p50Ms');
      const tpsRatio = tps / baseTps;
      const p50Ratio = p50 / baseP50;
      const invalid = corridorRounds.reduce((sum, result) => sum + result.invalid, 0);
      return [
        {
          id: 'F1',
          figure: 'Fabric transfers/s and p50/p99 latency',
          baseline: 'a minimal get/put transfer chaincode in the same language on the same network',
          target: '≥ 0.7× TPS, p50 ≤ 1.2×',
          measured: `${tps.toFixed(0)} tx/s (${tpsRatio.toFixed(2)}× the minimal chaincode's ${baseTps.toFixed(0)}), p50 ${p50.toFixed(0)} ms (${p50Ratio.toFixed(2)}×), p99 ${med(corridorRounds, 'p99Ms').toFixed(0)} ms; ${workers} in flight, ${channel.endorsementPolicy} endorsement on ${scenario.name}/${LEDGER}`,
          met: tpsRatio >= 0.7 && p50Ratio <= 1.2,
          details: {
            tps,
            baseTps,
            tpsRatio,
            p50Ms: p50,
            baseP50Ms: baseP50,
            p50Ratio,
            p99Ms: med(corridorRounds, 'p99Ms'),
            baseP99Ms: med(minimalRounds, 'p99Ms'),
            inFlight: workers,
            transactionsPerRound: workers * perWorker,
            rounds,
            corridorInvalid: invalid,
            endorsement: channel.endorsementPolicy,
          },
        },
      ];
    });
  },
};
