// `npm run bench [-- --quick] [-- --only E1,R1] [-- --table]`: runs every benchmark, prints each
// row, writes bench/results/<id>.json (quick runs: bench/results/quick/) and, on full runs,
// regenerates the table in BENCHMARKS.md between its markers from the recorded results.
// `--table` only regenerates the table. Benchmarks never fail the build: a missed target is
// reported, not thrown.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { writeResult, type BenchRow, type Benchmark } from './harness';
import { benchmarks } from './registry';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    table: { type: 'boolean', default: false },
  },
});
const only = values.only?.split(',').map((id) => id.trim().toUpperCase());
const options = { quick: values.quick ?? false };
const date = new Date().toISOString().slice(0, 10);

const selected: Benchmark[] = values.table
  ? []
  : benchmarks.filter((b) => !only || only.includes(b.id.toUpperCase()));
if (only && selected.length === 0) {
  console.error(
    `--only: no benchmark named ${only.join(', ')}; known: ${benchmarks.map((b) => b.id).join(', ')}`,
  );
  process.exit(2);
}

const ran: string[] = [];
for (const benchmark of selected) {
  console.log(`\n== ${benchmark.id}${options.quick ? ' (quick)' : ''}`);
  try {
    for (const row of await benchmark.run(options)) {
      writeResult(row, options, date);
      ran.push(row.id);
      console.log(`${row.id.padEnd(5)} ${row.measured}  [target ${row.target}: ${verdict(row)}]`);
    }
  } catch (error) {
    console.log(
      `${benchmark.id}: could not run: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
if (!options.quick) updateBenchmarksTable(ran); // quick runs are not the record

function verdict(row: Pick<BenchRow, 'met'>): string {
  return row.met === null ? 'n/a' : row.met ? 'met' : 'MISSED';
}

interface RecordedRow extends BenchRow {
  machine: string;
  date: string;
}

/** Every recorded full-run result, by row id. */
function recordedRows(): Map<string, RecordedRow> {
  const dir = path.join(import.meta.dirname, 'results');
  const rows = new Map<string, RecordedRow>();
  if (!existsSync(dir)) return rows;
  for (const name of readdirSync(dir).filter((file) => file.endsWith('.json'))) {
    const row = JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as RecordedRow;
    rows.set(row.id, row);
  }
  return rows;
}

/** The table rebuilt from bench/results: rows keep their place, new ones follow in run order. */
function updateBenchmarksTable(newIds: readonly string[]): void {
  const file = path.join(import.meta.dirname, '..', 'BENCHMARKS.md');
  if (!existsSync(file)) return;
  const text = readFileSync(file, 'utf8');
  const begin = '<!-- bench:begin -->';
  const end = '<!-- bench:end -->';
  const start = text.indexOf(begin);
  const stop = text.indexOf(end);
  if (start < 0 || stop < start) return;
  const recorded = recordedRows();
  const order = [...new Set([...tableIds(text.slice(start + begin.length, stop)), ...newIds])];
  for (const id of [...recorded.keys()].sort()) if (!order.includes(id)) order.push(id);
  const cell = (value: string) => value.replaceAll('|', '\\|');
  const body = order
    .flatMap((id) => {
      const row = recorded.get(id);
      if (!row) return [];
      const cells = [row.id, row.figure, row.baseline, row.target, row.measured, verdict(row)];
      return [`| ${[...cells, row.machine, row.date].map(cell).join(' | ')} |`];
    })
    .join('\n');
  const header =
    '| id | figure | baseline | target | measured | target met | machine | date |\n' +
    '|---|---|---|---|---|---|---|---|';
  writeFileSync(
    file,
    `${text.slice(0, start + begin.length)}\n${header}\n${body}\n${text.slice(stop)}`,
  );
}

/** Row ids in the table's current order. */
function tableIds(table: string): string[] {
  return table
    .split('\n')
    .map((line) => line.split('|')[1]?.trim() ?? '')
    .filter((id) => id !== '' && id !== 'id' && !id.startsWith('---'));
}
