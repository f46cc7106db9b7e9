// `npm run bench [-- --quick] [-- --only E1,R1]`: runs every benchmark, prints each row, writes
// bench/results/<id>.json and regenerates the table in BENCHMARKS.md between its markers.
// Benchmarks never fail the build: a missed target is reported, not thrown.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { machineDescription, writeResult, type BenchRow, type Benchmark } from './harness';
import { benchmarks } from './registry';

const { values } = parseArgs({
  options: { quick: { type: 'boolean', default: false }, only: { type: 'string' } },
});
const only = values.only?.split(',').map((id) => id.trim().toUpperCase());
const options = { quick: values.quick ?? false };
const date = new Date().toISOString().slice(0, 10);

const selected: Benchmark[] = benchmarks.filter((b) => !only || only.includes(b.id.toUpperCase()));
if (only && selected.length === 0) {
  console.error(`--only: no benchmark named ${only.join(', ')}; known: ${benchmarks.map((b) => b.id).join(', ')}`);
  process.exit(2);
}

const rows: BenchRow[] = [];
for (const benchmark of selected) {
  console.log(`\n== ${benchmark.id}${options.quick ? ' (quick)' : ''}`);
  try {
    for (const row of await benchmark.run(options)) {
      rows.push(row);
      writeResult(row, options, date);
      const verdict = row.met === null ? 'n/a' : row.met ? 'met' : 'MISSED';
      console.log(`${row.id.padEnd(5)} ${row.measured}  [target ${row.target}: ${verdict}]`);
    }
  } catch (error) {
    console.log(`${benchmark.id}: could not run: ${error instanceof Error ? error.message : String(error)}`);
  }
}
updateBenchmarksTable(rows);

function updateBenchmarksTable(newRows: BenchRow[]): void {
  const file = path.join(import.meta.dirname, '..', 'BENCHMARKS.md');
  if (!existsSync(file) || options.quick) return; // quick runs are not the record
  const text = readFileSync(file, 'utf8');
  const begin = '<!-- bench:begin -->';
  const end = '<!-- bench:end -->';
  const start = text.indexOf(begin);
  const stop = text.indexOf(end);
  if (start < 0 || stop < start) return;
  const previous = parseRows(text.slice(start + begin.length, stop));
  for (const row of newRows) {
    previous.set(row.id, [row.id, row.figure, row.baseline, row.target, row.measured, machineDescription(), date]);
  }
  const header = '| id | figure | baseline | target | measured | machine | date |\n|---|---|---|---|---|---|---|';
  const body = [...previous.values()].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
  writeFileSync(file, `${text.slice(0, start + begin.length)}\n${header}\n${body}\n${text.slice(stop)}`);
}

function parseRows(table: string): Map<string, string[]> {
  const rowsById = new Map<string, string[]>();
  for (const line of table.split('\n')) {
    const cells = line.split('|').slice(1, -1).map((cell) => cell.trim());
    if (cells.length === 7 && cells[0] && cells[0] !== 'id' && !cells[0].startsWith('---')) {
      rowsById.set(cells[0], cells);
    }
  }
  return rowsById;
}
