// Every test file: fast-check draws from the run's seed (test/fc-seed.ts) instead of a fresh one.
import fc from 'fast-check';
import { fcSeed } from './fc-seed';

const path = process.env.FC_PATH;
fc.configureGlobal({ seed: fcSeed(), ...(path ? { path } : {}) });
