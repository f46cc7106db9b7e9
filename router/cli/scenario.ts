// `corridor scenario validate F`: checks a scenario file and lists every problem with its path
// (exit 0 valid, 2 invalid or unreadable).
import type { Command } from 'commander';
import { loadScenario } from '../scenario/load';
import { formatPath, formatProblem } from '../scenario/problems';
import { summarizeScenario, summaryLine } from '../scenario/summary';
import { EXIT } from './exit-codes';

export function register(program: Command): void {
  const scenario = program.command('scenario').description('Work with scenario files');
  scenario
    .command('validate')
    .description('Validate a scenario file: "ok" and a summary, or every problem with its path')
    .argument('<file>', 'scenario YAML file')
    .option('--json', 'machine-readable output')
    .action(async (file: string, options: { json?: boolean }) => {
      const loaded = await loadScenario(file);
      if (loaded.ok) {
        const summary = summarizeScenario(loaded.value);
        console.log(
          options.json
            ? JSON.stringify({ ok: true, summary }, null, 2)
            : `ok\n${summaryLine(summary)}`,
        );
        return;
      }
      if (options.json) {
        const problems = loaded.problems.map((problem) => ({
          path: formatPath(problem.path),
          message: problem.message,
          ...(problem.line === undefined ? {} : { line: problem.line }),
        }));
        console.log(JSON.stringify({ ok: false, problems }, null, 2));
      } else {
        const count = loaded.problems.length;
        console.error(`${file}: ${count} problem${count === 1 ? '' : 's'}`);
        for (const problem of loaded.problems) console.error(`  ${formatProblem(problem)}`);
      }
      // An invalid file is bad input (exit 2), as it is for every command that reads one.
      process.exitCode = EXIT.badInput;
    });
}
