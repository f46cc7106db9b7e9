// Every benchmark, in the order `npm run bench` runs them (the order of issue 6's table).
import { e1 } from './e1-ledger-throughput';
import { e2 } from './e2-batch-cost';
import { f3 } from './f3-contention';
import { f1 } from './fabric/f1-chaincode-throughput';
import { f2 } from './fabric/f2-cross-ledger-latency';
import type { Benchmark } from './harness';
import { o1 } from './o1-split-optimality';
import { p1 } from './p1-property-rate';
import { r1 } from './r1-route-latency';
import { r1s } from './r1s-split-latency';
import { r2 } from './r2-split-success';
import { s1Memory } from './s1-memory';
import { s1 } from './s1-simulation-throughput';

export const benchmarks: Benchmark[] = [e1, e2, r1, r1s, r2, o1, s1, s1Memory, p1, f1, f2, f3];
