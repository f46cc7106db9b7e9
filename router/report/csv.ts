// Reading the run's CSV files back: streamed line by line (payments.csv of a million-payment run
// is never held whole), fields unquoted as outputs.ts quotes them.
import fs from 'node:fs';
import readline from 'node:readline';

/** Calls `onRow` with each row as a record of the header's columns; fails naming the file. */
export async function readCsv(
  file: string,
  onRow: (row: Record<string, string>) => void,
): Promise<void> {
  const lines = readline.createInterface({
    input: fs.createReadStream(file, 'utf8'),
    crlfDelay: Infinity,
  });
  let header: string[] | null = null;
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber++;
    if (line === '') continue;
    const fields = splitCsvLine(line);
    if (header === null) {
      header = fields;
      continue;
    }
    if (fields.length !== header.length) {
      throw new Error(
        `${file}:${lineNumber}: expected ${header.length} fields, found ${fields.length}`,
      );
    }
    const row: Record<string, string> = {};
    header.forEach((column, index) => (row[column] = fields[index] ?? ''));
    onRow(row);
  }
}

/** All rows of a small CSV file. */
export async function readCsvRows(file: string): Promise<Record<string, string>[]> {
  const rows: Record<string, string>[] = [];
  await readCsv(file, (row) => rows.push(row));
  return rows;
}

/** One line's fields; a field in double quotes may hold commas and doubled quotes. */
export function splitCsvLine(line: string): string[] {
  const fields: string[] = [];
  let index = 0;
  while (index <= line.length) {
    if (line[index] === '"') {
      let value = '';
      index++;
      while (index < line.length) {
        if (line[index] === '"' && line[index + 1] === '"') {
          value += '"';
          index += 2;
        } else if (line[index] === '"') {
          index++;
          break;
        } else value += line[index++];
      }
      fields.push(value);
      index++; // the comma
    } else {
      const end = line.indexOf(',', index);
      const stop = end < 0 ? line.length : end;
      fields.push(line.slice(index, stop));
      index = stop + 1;
    }
  }
  return fields;
}
