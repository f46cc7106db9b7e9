#!/usr/bin/env node
// Entry point for the `corridor` bin: runs the TypeScript CLI through tsx.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
// V8 sizes its heap from the machine's memory (about 4 GiB here) and lets garbage grow towards
// it; a long simulation's live heap stays in the low hundreds of MiB, so a lower ceiling makes V8
// collect sooner and keeps peak RSS near what is live. NODE_OPTIONS may still set another.
const heapCeiling = /--max-old-space-size/.test(process.env.NODE_OPTIONS ?? '')
  ? []
  : ['--max-old-space-size=1536'];
const result = spawnSync(
  process.execPath,
  [
    ...heapCeiling,
    '--import',
    'tsx',
    path.join(root, 'router/cli/main.ts'),
    ...process.argv.slice(2),
  ],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
