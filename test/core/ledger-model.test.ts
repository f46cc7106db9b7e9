// The model-based suite (router/props/model-suite.ts) with a small number of runs; the CLI
// (`corridor props`) runs it at scale. FC_SEED=<n> replays a printed seed.
import { describe, it } from 'vitest';
import { ledgerModelProperty } from '../../router/props/model-suite';
import { assertProperty } from '../../router/props/property';

describe('ledger against the simple model', () => {
  it('keeps every invariant and matches the model after every step', async () => {
    await assertProperty(ledgerModelProperty, { numRuns: 60 });
  });
});
