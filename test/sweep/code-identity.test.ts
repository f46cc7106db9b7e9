// A resumed sweep reruns what other code made; the identity must change with any source file
// that can change a result, and only with those.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { codeSha256 } from '../../router/sweep/code-identity';

const roots: string[] = [];
afterAll(() => roots.forEach((root) => fs.rmSync(root, { recursive: true, force: true })));

function tree(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'corridor-code-'));
  roots.push(root);
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  }
  return root;
}

const BASE = {
  'router/routing/a.ts': 'export const a = 1;\n',
  'chaincode/src/core/b.ts': 'export const b = 2;\n',
  'package-lock.json': '{}\n',
  'README.md': '# notes\n',
};

describe('code identity', () => {
  it('changes with a router or chaincode source or the lock file, not with anything else', () => {
    const base = codeSha256(tree(BASE));
    expect(base).toMatch(/^[0-9a-f]{64}$/);
    expect(codeSha256(tree(BASE))).toBe(base);
    expect(codeSha256(tree({ ...BASE, 'README.md': '# other\n' }))).toBe(base);
    expect(codeSha256(tree({ ...BASE, 'router/routing/a.ts': 'export const a = 3;\n' }))).not.toBe(
      base,
    );
    expect(codeSha256(tree({ ...BASE, 'chaincode/src/core/c.ts': '' }))).not.toBe(base);
    expect(codeSha256(tree({ ...BASE, 'package-lock.json': '{"v":2}\n' }))).not.toBe(base);
  });

  it('hashes this checkout', () => {
    expect(codeSha256()).toMatch(/^[0-9a-f]{64}$/);
  });
});
