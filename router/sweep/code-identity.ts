// Which code a sweep's runs were made by: a hash of every source file that can change a result
// (router/, chaincode/src/, the locked dependencies). A resumed sweep skips a finished run only if
// the same code made it, so results from before an edit or a pull are never mixed with newer ones.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SOURCES = ['router', 'chaincode/src'];
const FILES = ['package-lock.json'];

const memo = new Map<string, string>();

/** sha256 over each source file's path and bytes, in path order; computed once per process. */
export function codeSha256(root = ROOT): string {
  const known = memo.get(root);
  if (known !== undefined) return known;
  const files = [...SOURCES.flatMap((dir) => sourceFiles(path.join(root, dir))), ...FILES]
    .map((file) => path.relative(root, path.resolve(root, file)))
    .filter((file) => fs.existsSync(path.join(root, file)))
    .sort();
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(`${file}\u0000`);
    hash.update(fs.readFileSync(path.join(root, file)));
    hash.update('\u0000');
  }
  const digest = hash.digest('hex');
  memo.set(root, digest);
  return digest;
}

function sourceFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.(ts|ya?ml|json)$/.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name));
}
